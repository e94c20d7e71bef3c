/**
 * Diff two route tables host by host. Hosts pair by FQDN; a host that disappears while another
 * appears is a rename when both have the same versions (subset names) in the same namespace.
 */
import { clause, Clause, sortClauses } from './clause';
import { diffDestinationRule } from './diff-policy';
import { diffRoutes } from './diff-routes';
import { diffStreamRoutes } from './diff-stream';
import { HostChangeKind, HostDiff, RoutingChangeKind, RoutingDiff, ShareChange } from './diff-types';
import { riskLine } from './risk';
import { outcomeText } from './route-facts';
import { serviceOfHost } from '../../util/hosts';
import { defaultRouteOf } from '../describe/traffic-shares';
import { RouteTable, ServiceRouting } from '../route-table';

export function diffRouteTables(before: RouteTable, after: RouteTable): RoutingDiff {
  const name = hostNamer([...before.services, ...after.services]);
  const old = new Map(before.services.map(s => [s.host, s]));
  const added = after.services.filter(s => !old.has(s.host));
  const removed = before.services.filter(s => !after.services.some(a => a.host === s.host));
  const renamedFrom = pairRenames(removed, added);
  const hosts: HostDiff[] = [];
  for (const service of after.services) {
    const prev = old.get(service.host) ?? renamedFrom.get(service);
    const diff = prev ? changedHost(prev, service, name) : addedHost(service, name);
    if (diff) hosts.push(diff);
  }
  const renamed = new Set(renamedFrom.values());
  for (const service of removed.filter(s => !renamed.has(s))) hosts.push(removedHost(service, name));
  return { changed: hosts.length > 0, hosts };
}

type Namer = (service: ServiceRouting) => string;

/** The Service name, or `name.namespace` when two namespaces share the name. */
function hostNamer(services: readonly ServiceRouting[]): Namer {
  return service => {
    const { name, namespace } = serviceOfHost(service.host);
    const clash = services.some(s => s.host !== service.host && serviceOfHost(s.host).name === name);
    return clash && namespace ? `${name}.${namespace}` : name;
  };
}

/** Removed → added pairs with the same namespace and the same non-empty set of version names. */
function pairRenames(removed: readonly ServiceRouting[], added: readonly ServiceRouting[]): Map<ServiceRouting, ServiceRouting> {
  const key = (s: ServiceRouting) => `${serviceOfHost(s.host).namespace ?? ''}|${s.versions.map(v => v.name).sort().join(',')}`;
  const pairs = new Map<ServiceRouting, ServiceRouting>();
  const free = [...removed];
  for (const a of added) {
    if (a.versions.length === 0) continue;
    const match = free.find(r => key(r) === key(a));
    if (!match) continue;
    pairs.set(a, match);
    free.splice(free.indexOf(match), 1);
  }
  return pairs;
}

function changedHost(before: ServiceRouting, after: ServiceRouting, name: Namer): HostDiff | undefined {
  const routes = diffRoutes(before, after);
  const stream = diffStreamRoutes(before, after);
  const clauses = [...routes.clauses, ...stream.clauses, ...diffDestinationRule(before, after)];
  const renamed = before.host !== after.host;
  if (renamed) {
    clauses.unshift(clause({ kind: RoutingChangeKind.HOST_RENAMED, subject: 'host', before: before.host, after: after.host },
      `host renamed from ${before.host} to ${after.host}`));
  }
  if (!clauses.some(c => c.change)) return undefined;
  const label = renamed ? `${name(before)} → ${name(after)}` : name(after);
  return hostDiff(label, after.host, renamed ? HostChangeKind.RENAMED : HostChangeKind.CHANGED, clauses, [...routes.shares, ...stream.shares],
    riskLine(before, after, clauses), renamed ? before.host : undefined);
}

function addedHost(service: ServiceRouting, name: Namer): HostDiff {
  const text = `new host ${service.host}: ${describeService(service)}`;
  const c = clause({ kind: RoutingChangeKind.HOST_ADDED, subject: 'host', after: describeService(service) }, text);
  return hostDiff(name(service), service.host, HostChangeKind.ADDED, [c], [], riskLine(undefined, service, [c]));
}

function removedHost(service: ServiceRouting, name: Namer): HostDiff {
  const text = `host ${service.host} removed (had ${describeService(service)})`;
  const c = clause({ kind: RoutingChangeKind.HOST_REMOVED, subject: 'host', before: describeService(service) }, text);
  return hostDiff(name(service), service.host, HostChangeKind.REMOVED, [c], [], riskLine(service, undefined, [c]));
}

/** `4 routes, default traffic v45 85%, v47 10%, v43 5%; versions v45, v47, v43`. */
function describeService(service: ServiceRouting): string {
  const n = service.routes.length;
  const parts = [`${n} route${n === 1 ? '' : 's'}`];
  const streams = service.streamRoutes?.length ?? 0;
  if (streams > 0) parts.push(`${streams} TCP/TLS route${streams === 1 ? '' : 's'}`);
  const def = defaultRouteOf(service);
  if (def) parts[0] += `, default traffic ${outcomeText(service, def.route)}`;
  if (service.versions.length > 0) parts.push(`versions ${service.versions.map(v => v.name).join(', ')}`);
  return parts.join('; ');
}

function hostDiff(name: string, host: string, kind: HostChangeKind, clauses: Clause[], shares: ShareChange[],
  risk: string, previousHost?: string): HostDiff {
  const sorted = sortClauses(clauses);
  return {
    name,
    host,
    ...(previousHost ? { previousHost } : {}),
    kind,
    summary: sorted.map(c => c.text).filter(t => t !== '').join('; '),
    risk,
    changes: sorted.flatMap(c => (c.change ? [c.change] : [])).map(compactChange),
    shares,
  };
}

/** Drop undefined fields so JSON output and `toEqual` see only what is set. */
function compactChange<T extends object>(change: T): T {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as T;
}
