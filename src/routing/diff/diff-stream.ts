/**
 * TCP and TLS routes of a host (`spec.tcp`, `spec.tls`): routes pair by protocol and conditions
 * (port, SNI hosts, gateways), then by position; each destination's share is compared with the
 * evaluator's weight rules, as for HTTP routes.
 */
import { clause, Clause } from './clause';
import { RoutingChangeKind, ShareChange } from './diff-types';
import { stableJson } from '../../util/stable-json';
import { formatPercent, targetName } from '../describe/format';
import { destinationShares } from '../evaluate';
import { ServiceRouting, StreamRouteRule } from '../route-table';

export function diffStreamRoutes(before: ServiceRouting, after: ServiceRouting): { clauses: Clause[]; shares: ShareChange[] } {
  const left = [...before.streamRoutes ?? []];
  const right = [...after.streamRoutes ?? []];
  const clauses: Clause[] = [];
  const shares: ShareChange[] = [];
  const pairs: Array<[StreamRouteRule, StreamRouteRule]> = [];
  for (const same of [(a: StreamRouteRule, b: StreamRouteRule) => a.protocol === b.protocol && stableJson(a.matches) === stableJson(b.matches),
    (a: StreamRouteRule, b: StreamRouteRule) => a.protocol === b.protocol]) {
    for (const b of [...right]) {
      const a = left.find(x => same(x, b));
      if (!a) continue;
      pairs.push([a, b]);
      left.splice(left.indexOf(a), 1);
      right.splice(right.indexOf(b), 1);
    }
  }
  for (const [a, b] of pairs) {
    const label = streamLabel(b);
    if (stableJson(a.matches) !== stableJson(b.matches)) {
      const [from, to] = [conditionsText(a), conditionsText(b)];
      clauses.push(clause({ kind: RoutingChangeKind.STREAM_ROUTE, route: label, subject: `${label} conditions`, before: from, after: to }, `${label} conditions ${from} → ${to}`));
    }
    const [sa, sb] = [sharesOf(before, a), sharesOf(after, b)];
    const changed = [...new Set([...sa.keys(), ...sb.keys()])]
      .map(destination => ({ route: label, destination, beforePercent: sa.get(destination) ?? 0, afterPercent: sb.get(destination) ?? 0 }))
      .filter(s => s.beforePercent !== s.afterPercent);
    if (changed.length === 0) continue;
    shares.push(...changed);
    const [from, to] = [splitText(sa), splitText(sb)];
    clauses.push(clause({ kind: RoutingChangeKind.STREAM_ROUTE, route: label, subject: `${label} split`, before: from, after: to }, `${label} (${conditionsText(b)}): ${from} → ${to}`));
  }
  for (const r of right) {
    const label = streamLabel(r);
    clauses.push(clause({ kind: RoutingChangeKind.STREAM_ROUTE, route: label, subject: label, after: describe(after, r) }, `new ${label} (${describe(after, r)})`));
  }
  for (const r of left) {
    const label = streamLabel(r);
    clauses.push(clause({ kind: RoutingChangeKind.STREAM_ROUTE, route: label, subject: label, before: describe(before, r) }, `${label} removed (was ${describe(before, r)})`));
  }
  return { clauses, shares };
}

const streamLabel = (r: StreamRouteRule) => `${r.protocol.toUpperCase()} route`;

function sharesOf(service: ServiceRouting, r: StreamRouteRule): Map<string, number> {
  const shares = new Map<string, number>();
  for (const d of destinationShares(r.destinations)) {
    const name = targetName(service.host, d);
    shares.set(name, (shares.get(name) ?? 0) + d.percent);
  }
  return shares;
}

function splitText(shares: ReadonlyMap<string, number>): string {
  return [...shares].map(([name, percent]) => `${name} ${formatPercent(percent)}`).join(', ') || 'nowhere';
}

function conditionsText(r: StreamRouteRule): string {
  const blocks = r.matches.map(m => [
    m.port !== undefined ? `port ${m.port}` : undefined,
    m.sniHosts ? `SNI ${m.sniHosts.join(', ')}` : undefined,
    m.gateways ? `through ${m.gateways.join(', ')}` : undefined,
  ].filter(Boolean).join(' and ') || 'every connection');
  return blocks.join(' or ') || 'every connection';
}

function describe(service: ServiceRouting, r: StreamRouteRule): string {
  return `${conditionsText(r)} → ${splitText(sharesOf(service, r))}`;
}
