/**
 * Each version's share of a service's default traffic (requests no earlier route claims) and of
 * its mirrored copies, computed with the evaluator's own rules so the report cannot disagree
 * with `explain`.
 */
import { targetName } from './format';
import { destinationShares, envoyPercent } from '../evaluate';
import { HttpRouteRule, isForwarding, ServiceRouting, VersionTarget } from '../route-table';

export interface VersionShare {
  /** Subset name, or host (/subset) for targets on another host. */
  readonly name: string;
  /** The version as declared (absent for targets that are not subsets of this service). */
  readonly version?: VersionTarget;
  /** Share of default traffic, 0..100; undefined when the service has no default route. */
  readonly defaultPercent?: number;
  /** Share of default traffic copied to this target, 0..100. */
  readonly mirrorPercent: number;
}

/** The route that takes whatever no earlier route matched: Istio stops at the first catch-all. */
export function defaultRouteOf(service: ServiceRouting): { index: number; route: HttpRouteRule } | undefined {
  const index = service.routes.findIndex(r => r.matches.length === 0);
  return index < 0 ? undefined : { index, route: service.routes[index] };
}

export function versionShares(service: ServiceRouting): VersionShare[] {
  const found = defaultRouteOf(service);
  // A host without routes gets Istio's implicit default route: all of it, no subset.
  const hasDefault = service.routes.length === 0 || (found !== undefined && isForwarding(found.route));
  const traffic = new Map<string, number>();
  const mirrored = new Map<string, number>();
  if (service.routes.length === 0) {
    traffic.set(targetName(service.host, { host: service.host }), 100);
  } else if (found && hasDefault) {
    for (const d of destinationShares(found.route.destinations)) add(traffic, targetName(service.host, d), d.percent);
    for (const m of found.route.mirrors) add(mirrored, targetName(service.host, m), envoyPercent(m.percent));
  }
  const names = [...service.versions.map(v => v.name), ...traffic.keys(), ...mirrored.keys()];
  return [...new Set(names)].map(name => ({
    name,
    version: service.versions.find(v => v.name === name),
    defaultPercent: hasDefault ? traffic.get(name) ?? 0 : undefined,
    mirrorPercent: mirrored.get(name) ?? 0,
  }));
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
