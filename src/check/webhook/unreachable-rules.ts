/**
 * Warnings for rules that can never match (analyzeUnreachableHTTPRules / TCP / TLS; istioctl
 * analyze reports them as IST0130 and IST0131): a catch-all that is not last, rules after a
 * catch-all, matches repeated from an earlier rule, and URI prefixes hidden by a shorter earlier
 * prefix with otherwise identical or covering conditions.
 */
import { goQuote } from './go-format';
import { field, index } from './paths';
import { Report } from './report';
import { arr, entries, num, obj, str } from './values';

const UNREACHABLE = 'unreachable-rule';
const INEFFECTIVE = 'ineffective-match';

/** Go's json.Marshal of the match with `name` cleared: omitempty drops zero values; map keys sort. */
function canonical(value: unknown): string {
  return JSON.stringify(normalise(value)) ?? '';
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? value.map(normalise) : undefined;
  const o = obj(value);
  if (o) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      const v = normalise(o[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return value === '' || value === 0 || value === false || value === null ? undefined : value;
}

function ruleName(route: Record<string, unknown> | undefined, n: number, http: boolean): string {
  const name = http ? str(route?.name) : '';
  return name ? goQuote(name) : `#${n}`;
}

function matchName(match: unknown, n: number, http: boolean): string {
  const name = http ? str(obj(match)?.name) : '';
  return name ? goQuote(name) : `#${n}`;
}

interface PrefixMatch {
  readonly routeStr: string;
  readonly matchStr: string;
  readonly path: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: Map<string, string>;
  readonly queryParams: Map<string, string>;
  readonly withoutHeaders: Map<string, string>;
}

function exactOrPrefix(value: unknown): string {
  const sm = obj(value);
  const exact = str(sm?.exact);
  if (exact) return `exact:${exact}`;
  const prefix = str(sm?.prefix);
  return prefix ? `prefix:${prefix}` : '';
}

function stringMap(value: unknown): Map<string, string> {
  return new Map(entries(value).map(([k, v]) => [k, exactOrPrefix(v)]));
}

function prefixMatch(routeStr: string, matchStr: string, path: string, m: Record<string, unknown>): PrefixMatch | undefined {
  const prefix = str(obj(m.uri)?.prefix);
  if (prefix === '') return undefined;
  return {
    routeStr,
    matchStr,
    path,
    prefix,
    port: num(m.port),
    method: exactOrPrefix(m.method) || 'exact:GET',
    authority: exactOrPrefix(m.authority),
    headers: stringMap(m.headers),
    queryParams: stringMap(m.queryParams),
    withoutHeaders: stringMap(m.withoutHeaders),
  };
}

function covers(a: string, b: string): boolean {
  return a === b || a.startsWith(b);
}

function mapCovered(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const other = b.get(k);
    if (other === undefined || !covers(v, other)) return false;
  }
  return true;
}

/** coveredValidation: does earlier match `a` hide later match `b`? */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  return b.prefix.startsWith(a.prefix) && a.port === b.port && covers(a.method, b.method) && covers(a.authority, b.authority)
    && mapCovered(a.headers, b.headers) && mapCovered(a.queryParams, b.queryParams) && mapCovered(a.withoutHeaders, b.withoutHeaders);
}

/** `kind` is `http`, `tcp` or `tls`; only HTTP rules have names and URI-prefix overlap analysis. */
export function checkUnreachableRules(r: Report, path: string, routes: unknown, kind: 'http' | 'tcp' | 'tls'): void {
  const http = kind === 'http';
  const list = arr(routes);
  const seen = new Map<string, number>();
  let catchAll = -1;
  const prefixes: PrefixMatch[] = [];
  list.forEach((entry, n) => {
    const route = obj(entry);
    if (!route) return;
    const at = index(path, n);
    const name = ruleName(route, n, http);
    const matches = arr(route.match);
    if (matches.length === 0) {
      if (catchAll >= 0) r.warning(at, UNREACHABLE, `virtualService rule ${name} not used (only the last rule can have no matches)`);
      catchAll = n;
      return;
    }
    let duplicates = 0;
    matches.forEach((match, m) => {
      const matchAt = index(field(at, 'match'), m);
      if (catchAll >= 0) {
        r.warning(matchAt, UNREACHABLE, `virtualService rule ${name} not used (route without matches defined before)`);
        return;
      }
      const json = canonical(http ? { ...obj(match), name: undefined } : match);
      const dup = seen.get(json);
      if (dup !== undefined) {
        const dupName = ruleName(obj(list[dup]), dup, http);
        r.warning(matchAt, INEFFECTIVE, `virtualService rule ${name} match ${matchName(match, m, http)} is not used (duplicate/overlapping match in rule ${dupName})`);
        duplicates++;
        return;
      }
      seen.set(json, n);
      const pm = http && obj(match) ? prefixMatch(name, matchName(match, m, http), matchAt, obj(match)!) : undefined;
      if (pm) prefixes.push(pm);
    });
    if (duplicates === matches.length) r.warning(at, UNREACHABLE, `virtualService rule ${name} not used (all matches used by prior rules)`);
  });
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = i + 1; j < prefixes.length; j++) {
      const a = prefixes[i];
      const b = prefixes[j];
      if (a.prefix === b.prefix || !covered(a, b)) continue;
      r.warning(b.path, INEFFECTIVE, `virtualService rule ${b.routeStr} match ${b.matchStr} of prefix ${b.prefix} is not used (duplicate/overlapping match in rule ${a.matchStr} of prefix ${a.prefix} on ${a.routeStr})`);
    }
  }
}
