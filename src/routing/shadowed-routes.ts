/**
 * Shadowed routes: a route every one of whose match blocks is covered by a block of an earlier
 * route can never be reached (first match wins). Used as an error at synth (validate-routing) and
 * as a warning by `check` (Istio's webhook itself only warns for duplicate matches and for a
 * few URI-prefix overlaps).
 *
 * Conservative by design: a coverage is reported only when it is certain under the evaluator's
 * semantics (evaluate.ts). Regexes cover another condition only when they are identical, match
 * every value (`.*`, `(?s).*`, and `.+` over conditions that never match the empty string), or
 * fully match the one value of an exact condition. Several earlier blocks that only together
 * cover a later one are not combined.
 */
import { MatchBlock, StringMatchSpec } from './route-table';
import { re2FullMatch } from '../util/re2';
import { stableJson } from '../util/stable-json';

/** What the analysis needs of a route: its name and its ORed match blocks (empty: catch-all). */
export interface ShadowCandidate {
  readonly name?: string;
  readonly matches: readonly MatchBlock[];
}

/** One block of a shadowed route and the earlier block that always catches its requests first. */
export interface CoveredBlock {
  /** Index of the block in the shadowed route (`match[i]`); -1 for a route without blocks. */
  readonly block: number;
  readonly byRoute: number;
  readonly byBlock: number;
  /** The two blocks are the same conditions (Istio's webhook warns about these itself). */
  readonly identical: boolean;
}

/** A route that can never match. */
export interface ShadowedRoute {
  readonly index: number;
  readonly covered: readonly CoveredBlock[];
}

/**
 * Every route that earlier routes always catch first. Earlier routes without blocks (catch-alls)
 * are not used as coverers: "a catch-all must be last" is its own rule. `undefined` entries
 * (unreadable routes) are skipped.
 */
export function findShadowedRoutes(routes: ReadonlyArray<ShadowCandidate | undefined>): ShadowedRoute[] {
  const out: ShadowedRoute[] = [];
  routes.forEach((route, index) => {
    if (!route) return;
    const blocks = route.matches.length === 0 ? [{}] : route.matches;
    const covered: CoveredBlock[] = [];
    for (const [i, block] of blocks.entries()) {
      const by = firstCovering(routes, index, block);
      if (!by) return;
      covered.push({ block: route.matches.length === 0 ? -1 : i, ...by });
    }
    out.push({ index, covered });
  });
  return out;
}

function firstCovering(routes: ReadonlyArray<ShadowCandidate | undefined>, before: number,
  block: MatchBlock): Omit<CoveredBlock, 'block'> | undefined {
  for (let r = 0; r < before; r++) {
    const earlier = routes[r];
    if (!earlier) continue;
    for (const [b, candidate] of earlier.matches.entries()) {
      if (blockCovers(candidate, block)) {
        return { byRoute: r, byBlock: b, identical: stableJson(candidate) === stableJson(block) };
      }
    }
  }
  return undefined;
}

/** Does every request that matches `later` also match `earlier`? */
export function blockCovers(earlier: MatchBlock, later: MatchBlock): boolean {
  return sourceCovers(earlier, later)
    && (earlier.port === undefined || earlier.port === later.port)
    && uriCovers(earlier, later)
    && pseudoCovers(earlier.method, later.method)
    && pseudoCovers(earlier.authority, later.authority)
    && pseudoCovers(earlier.scheme, later.scheme)
    && mapCovers(earlier.headers, later.headers, 'header')
    && mapCovers(earlier.queryParams, later.queryParams, 'query')
    && withoutHeadersCovered(earlier, later);
}

/** Istio `sourceMatchHTTP`: with `gateways` a block ignores sourceLabels and sourceNamespace. */
function sourceCovers(a: MatchBlock, b: MatchBlock): boolean {
  const aGateways = a.gateways ?? [];
  const bGateways = b.gateways ?? [];
  if (aGateways.length > 0) return bGateways.length > 0 && bGateways.every(g => aGateways.includes(g));
  const aLabels = Object.entries(a.sourceLabels ?? {});
  const aNamespace = a.sourceNamespace || undefined;
  if (aLabels.length === 0 && aNamespace === undefined) return true;
  if (bGateways.length > 0) return false; // b ignores the caller's labels; a does not.
  return aLabels.every(([k, v]) => b.sourceLabels?.[k] === v)
    && (aNamespace === undefined || aNamespace === b.sourceNamespace);
}

/** Where a value comes from decides which strings are possible. */
type Context = 'header' | 'query' | 'uri';

/** A condition with its case handling (`ignoreUriCase` folds exact and prefix URI matches). */
interface Condition {
  readonly spec: StringMatchSpec;
  readonly fold: boolean;
}

function uriCovers(a: MatchBlock, b: MatchBlock): boolean {
  if (!a.uri) return true;
  const cond = (m: MatchBlock): Condition | undefined =>
    m.uri && { spec: m.uri, fold: m.ignoreUriCase === true && m.uri.kind !== 'regex' };
  const later = cond(b);
  // The path is always there: a condition matching every path needs nothing from `b`.
  if (!later) return matchesEveryValue(a.uri, 'uri');
  return conditionCovers(cond(a)!, later, 'uri');
}

/** :method, :authority and :scheme are always present on a request. */
function pseudoCovers(a: StringMatchSpec | undefined, b: StringMatchSpec | undefined): boolean {
  if (!a) return true;
  if (isPresence(a)) return true;
  if (!b) return matchesEveryValue(a, 'header');
  return conditionCovers({ spec: a, fold: false }, { spec: b, fold: false }, 'header');
}

/** Headers and query parameters: `a`'s conditions need the value present, so `b` must ask for it too. */
function mapCovers(a: Readonly<Record<string, StringMatchSpec>> | undefined,
  b: Readonly<Record<string, StringMatchSpec>> | undefined, context: Context): boolean {
  return Object.entries(a ?? {}).every(([name, spec]) => {
    const other = b?.[name];
    if (!other) return false;
    if (isPresence(spec)) return true;
    if (isPresence(other)) return matchesEveryValue(spec, context);
    return conditionCovers({ spec, fold: false }, { spec: other, fold: false }, context);
  });
}

/**
 * `withoutHeaders` of `a` must hold whenever `b` matches: `b` excludes at least as much
 * (`b`'s own excluded set covers `a`'s), or `b` requires a value `a` does not exclude.
 */
function withoutHeadersCovered(a: MatchBlock, b: MatchBlock): boolean {
  return Object.entries(a.withoutHeaders ?? {}).every(([name, spec]) => {
    const excluded = b.withoutHeaders?.[name];
    const required = b.headers?.[name];
    if (isPresence(spec)) return excluded !== undefined && isPresence(excluded);
    if (required?.kind === 'exact' && safeFullMatch(spec, required.value) === false) return true;
    if (!excluded || isPresence(excluded)) return false;
    // Missing headers count as empty on both sides, so plain set inclusion decides.
    return conditionCovers({ spec: excluded, fold: false }, { spec, fold: false }, 'header');
  });
}

/** Istio's presence match (an empty StringMatch, spelled regex `*` in the route table). */
function isPresence(spec: StringMatchSpec): boolean {
  return spec.kind === 'regex' && spec.value === '*';
}

const DOT_ALL_ANY = new Set(['(?s).*', '(?s:.*)', '(?s)(.*)', '(?s)(?:.*)']);
const ANY = new Set(['.*', '(.*)', '(?:.*)', '^.*$']);
const NON_EMPTY = new Set(['.+', '(.+)', '(?:.+)', '^.+$', '(?s).+', '(?s:.+)']);

/**
 * Whether `spec` matches every string that can occur. Header values and paths cannot contain
 * CR/LF (HTTP forbids them), so `.*` matches all of them; decoded query values can, so there
 * only dot-all forms count.
 */
function matchesEveryValue(spec: StringMatchSpec, context: Context): boolean {
  if (spec.kind === 'prefix') return spec.value === '';
  if (spec.kind !== 'regex') return false;
  return DOT_ALL_ANY.has(spec.value) || (context !== 'query' && ANY.has(spec.value));
}

/** Whether the set of values `b` accepts is inside the set `a` accepts. */
function conditionCovers(a: Condition, b: Condition, context: Context): boolean {
  if (matchesEveryValue(a.spec, context)) return true;
  if (a.spec.kind === 'regex') return regexCovers(a.spec.value, b, context);
  if (b.spec.kind === 'regex') return false;
  if (!asciiOnly(a, b)) return false;
  // A case-folding `b` accepts case variants that a case-sensitive `a` may not.
  if (b.fold && !a.fold && hasLetters(b.spec.value)) return false;
  const norm = (s: string) => (a.fold ? s.toLowerCase() : s);
  const av = norm(a.spec.value);
  const bv = norm(b.spec.value);
  if (a.spec.kind === 'exact') return b.spec.kind === 'exact' && av === bv;
  return bv.startsWith(av); // Istio prefixes are plain string prefixes: "/api" covers "/apiv2".
}

function regexCovers(pattern: string, b: Condition, context: Context): boolean {
  if (b.spec.kind === 'regex' && b.spec.value === pattern) return true;
  if (NON_EMPTY.has(pattern) && (context !== 'query' || pattern.includes('(?s'))) return neverEmpty(b);
  if (b.spec.kind !== 'exact' || (b.fold && hasLetters(b.spec.value))) return false;
  return safeFullMatch({ kind: 'regex', value: pattern }, b.spec.value) === true;
}

/** `b` never accepts the empty string. */
function neverEmpty(b: Condition): boolean {
  if (b.spec.kind === 'regex') return !isPresence(b.spec) && safeFullMatch(b.spec, '') === false;
  return b.spec.value !== '';
}

/** Whether `spec` matches `value`; undefined when that is unknown (a presence match, or not RE2). */
function safeFullMatch(spec: StringMatchSpec, value: string): boolean | undefined {
  if (isPresence(spec)) return undefined;
  switch (spec.kind) {
    case 'exact': return spec.value === value;
    case 'prefix': return value.startsWith(spec.value);
    case 'regex':
      try {
        return re2FullMatch(spec.value, value);
      } catch {
        return undefined; // Not RE2: Istio rejects it; never claim anything from it.
      }
  }
}

function hasLetters(s: string): boolean {
  return s.toLowerCase() !== s.toUpperCase();
}

/** Case folding is only reasoned about for ASCII (Envoy folds ASCII only). */
function asciiOnly(a: Condition, b: Condition): boolean {
  if (!a.fold && !b.fold) return true;
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(a.spec.value + b.spec.value);
}
