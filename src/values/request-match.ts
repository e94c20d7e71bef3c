import { MatchBlock, StringMatchKind, StringMatchSpec } from '../routing/route-table';
import { checkHeaderName, checkInstance, checkString, factory, fail, show, Where } from '../util/checks';
import { re2Error } from '../util/re2';

/**
 * Which requests a route applies to. Build conditions with the static factories, AND them with
 * `RequestMatch.all(...)` and OR them with `RequestMatch.any(...)`.
 *
 * @example
 * RequestMatch.all(RequestMatch.header('x-user-segment', 'premium'), RequestMatch.uriPrefix('/v2/'))
 */
export class RequestMatch {
  /**
   * Header equals `value`. Header names are case-insensitive: they are stored in lower case, as
   * Envoy compares them and Istio's API asks (`X-User` matches the header `x-user`).
   */
  public static header(name: string, value: string): RequestMatch {
    return RequestMatch.onHeader('RequestMatch.header', name, { kind: 'exact', value: matchValue('RequestMatch.header', value) });
  }

  /** Header starts with `prefix` (must not be empty). */
  public static headerPrefix(name: string, prefix: string): RequestMatch {
    return RequestMatch.onHeader('RequestMatch.headerPrefix', name, { kind: 'prefix', value: matchValue('RequestMatch.headerPrefix', prefix, 'prefix') });
  }

  /**
   * Header fully matches the RE2 regular expression `regex` (Envoy matches the whole value).
   * RE2 has no look-around and no backreferences; an invalid regex fails where the match is used.
   */
  public static headerRegex(name: string, regex: string): RequestMatch {
    const where = factory('RequestMatch.headerRegex', 'regex');
    if (typeof regex !== 'string') fail(where, `${show(regex)} is not a string`, RE2_RULE);
    const header = checkHeaderName(name, factory('RequestMatch.headerRegex', 'name'));
    return RequestMatch.onHeader('RequestMatch.headerRegex', header, { kind: 'regex', value: regex }, regexProblems(regex, `header "${header}"`));
  }

  /** Path starts with `prefix`, which starts with "/". */
  public static uriPrefix(prefix: string): RequestMatch {
    return new RequestMatch([{ uri: { kind: 'prefix', value: checkedPath('RequestMatch.uriPrefix', 'prefix', prefix) } }]);
  }

  /** Path equals `path`, which starts with "/". */
  public static uriExact(path: string): RequestMatch {
    return new RequestMatch([{ uri: { kind: 'exact', value: checkedPath('RequestMatch.uriExact', 'path', path) } }]);
  }

  /** Path fully matches the RE2 regular expression `regex`. */
  public static uriRegex(regex: string): RequestMatch {
    if (typeof regex !== 'string') fail(factory('RequestMatch.uriRegex', 'regex'), `${show(regex)} is not a string`, RE2_RULE);
    return new RequestMatch([{ uri: { kind: 'regex', value: regex } }], regexProblems(regex, 'uri'));
  }

  /** HTTP method equals `method` (upper case, e.g. `POST`: methods are case-sensitive). */
  public static method(method: string): RequestMatch {
    checkString(method, factory('RequestMatch.method', 'method'), 'an upper-case HTTP method such as GET, POST, PUT, DELETE', /^[A-Z]+$/, 64, 'an upper-case HTTP method');
    return new RequestMatch([{ method: { kind: 'exact', value: method } }]);
  }

  /** Query parameter equals `value`. */
  public static queryParam(name: string, value: string): RequestMatch {
    checkString(name, factory('RequestMatch.queryParam', 'name'), 'a non-empty query parameter name without control characters', undefined, 256);
    const v = matchValue('RequestMatch.queryParam', value);
    return new RequestMatch([{ queryParams: { [name]: { kind: 'exact', value: v } } }]);
  }

  /** Every condition must hold (AND). Conditions on the same field must not contradict. */
  public static all(...matches: RequestMatch[]): RequestMatch {
    checkMatches('RequestMatch.all', matches);
    // AND distributes over OR: (a|b) & (c|d) = ac | ad | bc | bd.
    let blocks: MatchBlock[] = [{}];
    for (const m of matches) {
      blocks = blocks.flatMap(left => m.blocks.map(right => mergeBlocks(left, right)));
    }
    return new RequestMatch(blocks, matches.flatMap(m => m.problems));
  }

  /** At least one match must hold (OR). */
  public static any(...matches: RequestMatch[]): RequestMatch {
    checkMatches('RequestMatch.any', matches);
    return new RequestMatch(matches.flatMap(m => m.blocks), matches.flatMap(m => m.problems));
  }

  private static onHeader(fn: string, name: string, spec: StringMatchSpec, problems: string[] = []): RequestMatch {
    const header = checkHeaderName(name, factory(fn, 'name'));
    return new RequestMatch([{ headers: { [header]: spec } }], problems);
  }

  /** Problems found when built, reported with the construct path where the match is used. */
  private readonly problems: string[];

  private constructor(private readonly blocks: MatchBlock[], problems: string[] = []) {
    this.problems = problems;
  }

  /** Human-readable form, e.g. `header x-user-segment = "premium"`. */
  public toString(): string {
    return this.blocks.map(describeBlock).join(' OR ');
  }

  /** @internal the Istio `match[]` blocks (ORed) */
  public _blocks(): MatchBlock[] {
    return this.blocks;
  }

  /** @internal throw the first problem, naming where the match was used */
  public _check(where: Where): void {
    if (this.problems.length) fail(where, this.problems[0], RE2_RULE);
  }
}

/** Istio's value rules: no empty prefix (and, since Envoy compares header values, no control characters). */
function matchValue(fn: string, value: string, field = 'value'): string {
  const where = factory(fn, field);
  if (typeof value !== 'string') fail(where, `${show(value)} is not a string`, 'a string without control characters');
  if (field === 'prefix' && value === '') fail(where, 'must not be empty (Istio rejects empty prefix matches)', 'a non-empty prefix');
  if (value !== '') checkString(value, where, 'a string without control characters', undefined, 8192);
  return value;
}

function checkedPath(fn: string, field: string, path: string): string {
  return checkString(path, factory(fn, field), 'a path starting with "/", without control characters', /^\//, 8192, 'a path starting with "/"');
}

function checkMatches(fn: string, matches: RequestMatch[]): void {
  const allowed = 'one or more RequestMatch values, e.g. RequestMatch.header(...), RequestMatch.uriPrefix(...)';
  if (matches.length === 0) fail(factory(fn, 'matches'), 'no match given', allowed);
  matches.forEach((m, i) => checkInstance(m, factory(fn, `matches[${i}]`), RequestMatch, allowed));
}

const RE2_RULE = 'RE2 syntax (no look-around, no backreferences), at most 1024 characters';

function regexProblems(regex: string, what: string): string[] {
  const problem = re2Error(regex);
  return problem ? [`regex for ${what} ${JSON.stringify(regex)} is not valid RE2: ${problem}`] : [];
}

type MapKey = 'headers' | 'withoutHeaders' | 'queryParams';
type ScalarKey = 'uri' | 'method';

function mergeBlocks(a: MatchBlock, b: MatchBlock): MatchBlock {
  const out: Record<string, unknown> = { ...a };
  for (const key of ['headers', 'withoutHeaders', 'queryParams'] as MapKey[]) {
    const left = a[key] ?? {};
    const right = b[key] ?? {};
    for (const k of Object.keys(right)) {
      if (k in left && !sameSpec(left[k], right[k])) {
        fail(factory('RequestMatch.all', 'matches'), `two different conditions on ${key} "${k}" can never both hold`, 'conditions on different fields, or RequestMatch.any(...) for alternatives');
      }
    }
    if (a[key] || b[key]) out[key] = { ...left, ...right };
  }
  for (const key of ['uri', 'method'] as ScalarKey[]) {
    if (a[key] && b[key] && !sameSpec(a[key]!, b[key]!)) {
      fail(factory('RequestMatch.all', 'matches'), `a request has one ${key}; two different ${key} conditions can never both hold`, 'conditions on different fields, or RequestMatch.any(...) for alternatives');
    }
    if (b[key]) out[key] = b[key];
  }
  return out as MatchBlock;
}

function sameSpec(a: StringMatchSpec, b: StringMatchSpec): boolean {
  return a.kind === b.kind && a.value === b.value;
}

const VERB: Record<StringMatchKind, string> = { exact: '=', prefix: 'starts with', regex: '~' };

/** Words for one AND block; shared with reports. */
export function describeBlock(block: MatchBlock): string {
  const parts: string[] = [];
  const spec = (s: StringMatchSpec) => `${VERB[s.kind]} ${JSON.stringify(s.value)}`;
  for (const [k, s] of Object.entries(block.headers ?? {})) parts.push(`header ${k} ${spec(s)}`);
  for (const [k, s] of Object.entries(block.withoutHeaders ?? {})) parts.push(`not header ${k} ${spec(s)}`);
  if (block.uri) parts.push(`uri ${spec(block.uri)}`);
  if (block.method) parts.push(`method ${spec(block.method)}`);
  for (const [k, s] of Object.entries(block.queryParams ?? {})) parts.push(`query ${k} ${spec(s)}`);
  return parts.length ? parts.join(' AND ') : 'any request';
}
