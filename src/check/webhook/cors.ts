/** validateCORSPolicy: origins, methods, header names and maxAge. */
import { checkDuration } from './duration';
import { goQuote } from './go-format';
import { field, index } from './paths';
import { Report } from './report';
import { checkStringMatchRegexOnly } from './string-match';
import { arr, obj, str } from './values';
import { isHttpToken } from '../../util/dns';

const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);

function corsHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name === '*' || isHttpToken(name)) return undefined;
  return `header name ${name} is not a valid header name`;
}

export function checkCors(r: Report, path: string, policy: unknown): void {
  const p = obj(policy);
  if (!p) return;
  arr(p.allowOrigins).forEach((origin, i) => {
    const at = index(field(path, 'allowOrigins'), i);
    const o = obj(origin) ?? {};
    const value = str(o.exact) || str(o.prefix) || str(o.regex);
    if (value === '') {
      r.error(at, 'cors', `'${value}' is not a valid match type for CORS allow origins`);
      return;
    }
    checkStringMatchRegexOnly(r, at, o, 'corsPolicy.allowOrigins');
  });
  arr(p.allowMethods).forEach((method, i) => {
    if (!CORS_METHODS.has(str(method))) r.error(index(field(path, 'allowMethods'), i), 'cors', `${goQuote(str(method))} is not a supported HTTP method`);
  });
  for (const list of ['allowHeaders', 'exposeHeaders'] as const) {
    arr(p[list]).forEach((name, i) => {
      const problem = corsHeaderNameError(str(name));
      if (problem) r.error(index(field(path, list), i), 'cors', problem);
    });
  }
  const ns = checkDuration(r, field(path, 'maxAge'), p.maxAge);
  if (ns !== undefined && ns > 0 && ns % 1e9 !== 0) {
    r.error(field(path, 'maxAge'), 'cors', 'max_age duration is accurate only to seconds precision');
  }
}
