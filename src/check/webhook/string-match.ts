/** validateStringMatch / validateStringRegexp: StringMatch values in matches, CORS origins and rewrites. */
import { goQuote } from './go-format';
import { field } from './paths';
import { Report } from './report';
import { obj } from './values';
import { re2Error } from '../../util/re2';

const regexVerdicts = new Map<string, string | undefined>();

/** Why `re` is rejected (RE2, non-empty, at most 1024 characters), memoised: fleets repeat patterns. */
export function regexProblem(re: string): string | undefined {
  if (!regexVerdicts.has(re)) regexVerdicts.set(re, re2Error(re));
  return regexVerdicts.get(re);
}

/** validateStringRegexp: `where` is Istio's label for the field, quoted into the message. */
export function checkRegex(r: Report, path: string, re: string, where: string): void {
  const problem = regexProblem(re);
  if (problem) r.error(path, 'string-match', `${goQuote(where)}: ${problem}`);
}

/** validateStringMatch: no empty prefix; a regex must be valid RE2. */
export function checkStringMatch(r: Report, path: string, value: unknown, where: string): void {
  const sm = obj(value);
  if (!sm) return;
  if (typeof sm.prefix === 'string' && sm.prefix === '') {
    r.error(field(path, 'prefix'), 'string-match', `${goQuote(where)}: prefix string match should not be empty`);
  }
  if (typeof sm.regex === 'string') checkRegex(r, field(path, 'regex'), sm.regex, where);
}

/** validateStringMatchRegexp: only the regex is checked (`uri` allows an empty prefix). */
export function checkStringMatchRegexOnly(r: Report, path: string, value: unknown, where: string): void {
  const sm = obj(value);
  if (sm && typeof sm.regex === 'string') checkRegex(r, field(path, 'regex'), sm.regex, where);
}
