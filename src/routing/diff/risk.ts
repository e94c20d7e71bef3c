/**
 * The short review-risk line of a host's diff: what a reviewer should weigh first. The champion
 * is the version with the largest share of default traffic (the first catch-all route) before.
 */
import { Clause } from './clause';
import { RoutingChangeKind } from './diff-types';
import { sharesOf } from './route-facts';
import { defaultRouteOf } from '../describe/traffic-shares';
import { ServiceRouting } from '../route-table';

const WHO_SERVES: readonly RoutingChangeKind[] = [
  RoutingChangeKind.SHARE, RoutingChangeKind.ROUTE_ADDED, RoutingChangeKind.ROUTE_REMOVED,
  RoutingChangeKind.MATCH, RoutingChangeKind.ACTION, RoutingChangeKind.VERSION_LABELS,
];

export function riskLine(before: ServiceRouting | undefined, after: ServiceRouting | undefined, clauses: readonly Clause[]): string {
  if (!after) return 'host removed: callers lose its routes and versions';
  if (!before) return 'new host';
  const items = [...defaultShareRisks(before, after)];
  const kinds = new Set(clauses.filter(c => c.change).map(c => c.kind));
  if (kinds.has(RoutingChangeKind.ROUTE_REORDERED)) items.push('route order changes who serves some requests');
  for (const c of clauses) {
    if (c.kind === RoutingChangeKind.VERSION_RETIRED) items.push(`${c.change!.subject} retired`);
    if (c.kind === RoutingChangeKind.FAULT && c.change!.after !== 'none') items.push('fault injection on');
    if (c.kind === RoutingChangeKind.MIRROR && c.change!.before === undefined) items.push(`new shadow load on ${c.change!.subject.replace(/^mirror to /, '')}`);
  }
  if (items.length === 0 && WHO_SERVES.some(k => kinds.has(k))) items.push('who serves some requests changes');
  const unique = [...new Set(items)];
  return unique.length > 0 ? unique.join(', ') : 'no change to who serves live traffic';
}

function defaultShareRisks(before: ServiceRouting, after: ServiceRouting): string[] {
  const [a, b] = [defaultRouteOf(before), defaultRouteOf(after)];
  if (!a || !b) return [];
  const [sa, sb] = [sharesOf(before, a.route), sharesOf(after, b.route)];
  if (sa.size === 0 || sb.size === 0) return [];
  const championOf = (m: Map<string, number>) => [...m].reduce((best, e) => (e[1] > best[1] ? e : best))[0];
  const champion = championOf(sa);
  const out: string[] = [];
  const next = championOf(sb);
  if (next !== champion && (sb.get(next) ?? 0) > (sb.get(champion) ?? 0)) out.push(`champion ${champion} → ${next}`);
  const challengers = (m: Map<string, number>) => [...m].filter(([n]) => n !== champion).reduce((sum, [, p]) => sum + p, 0);
  const delta = Number((challengers(sb) - challengers(sa)).toFixed(2));
  if (delta !== 0) out.push(`challenger share ${delta > 0 ? 'up' : 'down'} ${Math.abs(delta)} point${Math.abs(delta) === 1 ? '' : 's'}`);
  return out;
}
