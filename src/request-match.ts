import { MatchBlock, StringMatchKind, StringMatchSpec } from './routing/route-table';
import { fail, Where } from './util/checks';
import { isHttpToken } from './util/dns';
import { re2Error } from './util/re2';

/**
 * Which requests a route applies to. Build conditions with the static factories, AND them with
 * `RequestMatch.all(...)` and OR them with `RequestMatch.any(...)`.
 *
 * @example
 * RequestMatch.all(RequestMatch.header('x-user-segment', 'premium'), RequestMatch.uriPrefix('/v2/'))
 */
export class RequestMatch {
  /** Header equals `value`. Header names are lower case, as Istio requires. */
  public static header(name: string, value: string): RequestMatch {
    return RequestMatch.onHeader(name, { kind: 'exact', value });
  }

  /** Header starts with `prefix` (must not be empty). */
  public static headerPrefix(name: string, prefix: string): RequestMatch {
    if (prefix === '') throw new Error(`RequestMatch.headerPrefix: prefix for header "${name}" must not be empty (Istio rejects empty prefix matches)`);
    return RequestMatch.onHeader(name, { kind: 'prefix', value: prefix });
  }

  /**
   * Header fully matches the RE2 regular expression `regex` (Envoy matches the whole value).
   * RE2 has no look-around and no backreferences; an invalid regex fails where the match is used.
   */
  public static headerRegex(name: string, regex: string): RequestMatch {
    return RequestMatch.onHeader(name, { kind: 'regex', value: regex }, regexProblems(regex, `header "${name}"`));
  }

  /** Path starts with `prefix`. */
  public static uriPrefix(prefix: string): RequestMatch {
    return new RequestMatch([{ uri: { kind: 'prefix', value: checkedPath(prefix) } }]);
  }

  /** Path equals `path`. */
  public static uriExact(path: string): RequestMatch {
    return new RequestMatch([{ uri: { kind: 'exact', value: checkedPath(path) } }]);
  }

  /** Path fully matches the RE2 regular expression `regex`. */
  public static uriRegex(regex: string): RequestMatch {
    return new RequestMatch([{ uri: { kind: 'regex', value: regex } }], regexProblems(regex, 'uri'));
  }

  /** HTTP method equals `method` (upper case, e.g. `POST`). */
  public static method(method: string): RequestMatch {
    if (!/^[A-Z]+$/.test(method)) throw new Error(`RequestMatch.method: "${method}" is not an upper-case HTTP method such as GET or POST`);
    return new RequestMatch([{ method: { kind: 'exact', value: method } }]);
  }

  /** Query parameter equals `value`. */
  public static queryParam(name: string, value: string): RequestMatch {
    if (name === '') throw new Error('RequestMatch.queryParam: name must not be empty');
    return new RequestMatch([{ queryParams: { [name]: { kind: 'exact', value } } }]);
  }

  /** Every condition must hold (AND). Conditions on the same field must not contradict. */
  public static all(...matches: RequestMatch[]): RequestMatch {
    if (matches.length === 0) throw new Error('RequestMatch.all: give at least one match');
    // AND distributes over OR: (a|b) & (c|d) = ac | ad | bc | bd.
    let blocks: MatchBlock[] = [{}];
    for (const m of matches) {
      blocks = blocks.flatMap(left => m.blocks.map(right => mergeBlocks(left, right)));
    }
    return new RequestMatch(blocks, matches.flatMap(m => m.problems));
  }

  /** At least one match must hold (OR). */
  public static any(...matches: RequestMatch[]): RequestMatch {
    if (matches.length === 0) throw new Error('RequestMatch.any: give at least one match');
    return new RequestMatch(matches.flatMap(m => m.blocks), matches.flatMap(m => m.problems));
  }

  private static onHeader(name: string, spec: StringMatchSpec, problems: string[] = []): RequestMatch {
    checkHeaderName(name);
    return new RequestMatch([{ headers: { [name]: spec } }], problems);
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

function checkHeaderName(name: string): void {
  if (!isHttpToken(name) || name !== name.toLowerCase()) {
    throw new Error(`RequestMatch: header name "${name}" must be a lower-case HTTP token (letters, digits and !#$%&'*+-.^_\`|~), as Istio requires`);
  }
}

function checkedPath(path: string): string {
  if (!path.startsWith('/')) throw new Error(`RequestMatch: URI "${path}" must start with "/"`);
  return path;
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
        throw new Error(`RequestMatch.all: two different conditions on ${key} "${k}" can never both hold`);
      }
    }
    if (a[key] || b[key]) out[key] = { ...left, ...right };
  }
  for (const key of ['uri', 'method'] as ScalarKey[]) {
    if (a[key] && b[key] && !sameSpec(a[key]!, b[key]!)) {
      throw new Error(`RequestMatch.all: a request has one ${key}; two different ${key} conditions can never both hold`);
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
