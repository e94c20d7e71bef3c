/**
 * Whether one request could match two routes. Swapping two routes only changes outcomes for
 * requests matching both, so a reorder of routes that can never both match is cosmetic.
 * Conservative: "may overlap" unless some condition provably excludes the other (two different
 * regexes on one field are assumed to overlap).
 */
import { re2FullMatch } from '../../util/re2';
import { HttpRouteRule, MatchBlock, StringMatchSpec } from '../route-table';

export function routesMayOverlap(a: HttpRouteRule, b: HttpRouteRule): boolean {
  const blocksA = a.matches.length > 0 ? a.matches : [{}];
  const blocksB = b.matches.length > 0 ? b.matches : [{}];
  return blocksA.some(x => blocksB.some(y => !blocksDisjoint(x, y)));
}

function blocksDisjoint(x: MatchBlock, y: MatchBlock): boolean {
  if (x.port !== undefined && y.port !== undefined && x.port !== y.port) return true;
  if (x.sourceNamespace && y.sourceNamespace && x.sourceNamespace !== y.sourceNamespace) return true;
  if (x.gateways?.length && y.gateways?.length && !x.gateways.some(g => y.gateways!.includes(g))) return true;
  if (mapsDisjoint(x.sourceLabels, y.sourceLabels, (a, b) => a !== b)) return true;
  const ignoreCase = x.ignoreUriCase === true || y.ignoreUriCase === true;
  if (x.uri && y.uri && specsDisjoint(x.uri, y.uri, ignoreCase)) return true;
  for (const field of ['method', 'authority', 'scheme'] as const) {
    const a = x[field];
    const b = y[field];
    if (a && b && specsDisjoint(a, b, false)) return true;
  }
  const lower = (m?: Readonly<Record<string, StringMatchSpec>>) =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (mapsDisjoint(lower(x.headers), lower(y.headers), (a, b) => specsDisjoint(a, b, false))) return true;
  return mapsDisjoint(x.queryParams, y.queryParams, (a, b) => specsDisjoint(a, b, false));
}

function mapsDisjoint<T>(a: Readonly<Record<string, T>> | undefined, b: Readonly<Record<string, T>> | undefined,
  disjoint: (x: T, y: T) => boolean): boolean {
  if (!a || !b) return false;
  return Object.entries(a).some(([key, value]) => key in b && disjoint(value, b[key]));
}

/** True only when no string satisfies both conditions. */
function specsDisjoint(a: StringMatchSpec, b: StringMatchSpec, ignoreCase: boolean): boolean {
  if (isPresence(a) || isPresence(b)) return false;
  const norm = (s: StringMatchSpec) => (ignoreCase && s.kind !== 'regex' ? { kind: s.kind, value: s.value.toLowerCase() } : s);
  const [x, y] = [norm(a), norm(b)].sort((p, q) => ORDER[p.kind] - ORDER[q.kind]);
  if (x.kind === 'exact') {
    if (y.kind === 'exact') return x.value !== y.value;
    if (y.kind === 'prefix') return !x.value.startsWith(y.value);
    return !ignoreCase && !re2FullMatch(y.value, x.value);
  }
  if (x.kind === 'prefix' && y.kind === 'prefix') return !x.value.startsWith(y.value) && !y.value.startsWith(x.value);
  return false;
}

const ORDER = { exact: 0, prefix: 1, regex: 2 } as const;

function isPresence(spec: StringMatchSpec): boolean {
  return spec.kind === 'regex' && spec.value === '*';
}
