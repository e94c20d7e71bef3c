/**
 * Gateway API's match precedence (apis/v1/httproute_types.go@v1.6.1, HTTPRouteRule.Matches): across
 * all rules of all routes of a parent, the match with an Exact path wins, then the longest PathPrefix,
 * then one with a method, then the most header matches, then the most query matches; then the oldest
 * route, then `{namespace}/{name}` alphabetically, then the first rule in list order. It is NOT
 * Istio's first match, so a route table in Istio order renders faithfully only when no later rule
 * outranks an earlier one on a request both match (`orderConflicts`).
 */
import { HTTPRouteSpecRulesMatches, HTTPRouteSpecRulesMatchesHeaders } from '../wire/generated/gateway-api';

/** A match's path with the CRD's defaults filled in (no path, or no value, is PathPrefix `/`). */
export function pathOf(m: HTTPRouteSpecRulesMatches): { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string } {
  return { type: m.path?.type ?? 'PathPrefix', value: m.path?.value ?? '/' };
}

/** Comparable precedence of one match: larger is stronger, compared position by position. */
export function precedenceKey(m: HTTPRouteSpecRulesMatches): number[] {
  const path = pathOf(m);
  return [
    path.type === 'Exact' ? 1 : 0,
    path.type === 'PathPrefix' ? normalizedPrefix(path.value).length : 0,
    m.method ? 1 : 0,
    m.headers?.length ?? 0,
    m.queryParams?.length ?? 0,
  ];
}

/** Positive when `a` outranks `b`, negative when `b` outranks `a`, 0 on a tie. */
export function comparePrecedence(a: HTTPRouteSpecRulesMatches, b: HTTPRouteSpecRulesMatches): number {
  const ka = precedenceKey(a);
  const kb = precedenceKey(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return 0;
}

/** Trailing slashes are ignored: `/abc/` is the same prefix as `/abc` (PathMatchPathPrefix). */
export function normalizedPrefix(value: string): string {
  const trimmed = value.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Whether `path` matches PathPrefix `prefix` element-wise: `/abc` matches `/abc` and `/abc/x`, not `/abcd`. */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  const p = normalizedPrefix(prefix);
  return p === '/' || path === p || path.startsWith(`${p}/`);
}

/** A regex path has implementation-specific precedence, so it may not be ordered against an overlapping match. */
export function hasRegexPath(m: HTTPRouteSpecRulesMatches): boolean {
  return m.path?.type === 'RegularExpression';
}

/**
 * Whether no request can satisfy both matches, judged conservatively (false means "may overlap"):
 * different exact paths, an exact path outside a prefix, disjoint prefixes, different methods, or the
 * same header/query parameter required with two different exact values.
 */
export function provablyDisjoint(a: HTTPRouteSpecRulesMatches, b: HTTPRouteSpecRulesMatches): boolean {
  if (a.method && b.method && a.method !== b.method) return true;
  if (pathsDisjoint(a, b)) return true;
  return valuesDisjoint(a.headers, b.headers, true) || valuesDisjoint(a.queryParams, b.queryParams, false);
}

function pathsDisjoint(a: HTTPRouteSpecRulesMatches, b: HTTPRouteSpecRulesMatches): boolean {
  const pa = pathOf(a);
  const pb = pathOf(b);
  if (pa.type === 'RegularExpression' || pb.type === 'RegularExpression') return false;
  if (pa.type === 'Exact' && pb.type === 'Exact') return pa.value !== pb.value;
  if (pa.type === 'Exact') return !pathPrefixMatches(pb.value, pa.value);
  if (pb.type === 'Exact') return !pathPrefixMatches(pa.value, pb.value);
  return !pathPrefixMatches(pa.value, normalizedPrefix(pb.value)) && !pathPrefixMatches(pb.value, normalizedPrefix(pa.value));
}

type Conditions = readonly HTTPRouteSpecRulesMatchesHeaders[] | undefined;

function valuesDisjoint(a: Conditions, b: Conditions, caseInsensitive: boolean): boolean {
  const key = (n: string) => (caseInsensitive ? n.toLowerCase() : n);
  const exact = new Map((a ?? []).filter(m => (m.type ?? 'Exact') === 'Exact').map(m => [key(m.name), m.value]));
  return (b ?? []).some(m => (m.type ?? 'Exact') === 'Exact' && exact.has(key(m.name)) && exact.get(key(m.name)) !== m.value);
}

/** A place where Gateway API's precedence would pick a later rule than Istio's first match. */
export interface OrderConflict {
  /** The earlier rule (Istio picks it). */
  readonly first: number;
  /** The later rule Gateway API picks instead. */
  readonly later: number;
  readonly reason: string;
}

/**
 * Rules (each a list of matches; empty means the catch-all PathPrefix `/`) in Istio order: every pair
 * where a later rule's match outranks, or cannot be ranked against, an earlier rule's match that it may
 * overlap. Without conflicts, Gateway API routes every request to the rule Istio's first match picks:
 * for the first matching rule i, any later matching rule overlaps it, so ranks at most equal, and ties
 * go to list order.
 */
export function orderConflicts(rules: ReadonlyArray<readonly HTTPRouteSpecRulesMatches[]>): OrderConflict[] {
  const conflicts: OrderConflict[] = [];
  const matchesOf = (r: readonly HTTPRouteSpecRulesMatches[]) => (r.length ? r : [{}]);
  rules.forEach((earlier, i) => {
    for (let j = i + 1; j < rules.length; j++) {
      const reason = pairConflict(matchesOf(earlier), matchesOf(rules[j]));
      if (reason) conflicts.push({ first: i, later: j, reason });
    }
  });
  return conflicts;
}

function pairConflict(earlier: readonly HTTPRouteSpecRulesMatches[], later: readonly HTTPRouteSpecRulesMatches[]): string | undefined {
  for (const a of earlier) {
    for (const b of later) {
      if (provablyDisjoint(a, b)) continue;
      if (hasRegexPath(a) || hasRegexPath(b)) return 'a RegularExpression path has implementation-specific precedence';
      if (comparePrecedence(b, a) > 0) return `its match ${describeKey(b)} outranks ${describeKey(a)}`;
    }
  }
  return undefined;
}

function describeKey(m: HTTPRouteSpecRulesMatches): string {
  const path = pathOf(m);
  const parts = [`${path.type} ${path.value}`];
  if (m.method) parts.push(`method ${m.method}`);
  if (m.headers?.length) parts.push(`${m.headers.length} header${m.headers.length > 1 ? 's' : ''}`);
  if (m.queryParams?.length) parts.push(`${m.queryParams.length} query parameter${m.queryParams.length > 1 ? 's' : ''}`);
  return `(${parts.join(', ')})`;
}
