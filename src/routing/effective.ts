import { routingFromDocuments } from './from-istio';
import { HttpRouteRule, ServiceRouting, VersionTarget } from './route-table';
import { stableJson } from '../util/stable-json';

/** One object as written to disk, named by the construct path that produced it. */
export interface WrittenObject {
  readonly path: string;
  readonly json: unknown;
}

/**
 * The routing a service's written objects really configure. The route table a ModelService builds
 * (`intended`) is what we render; an escape-hatch patch can change the written VirtualService or
 * DestinationRule after that. So the objects as written are read back with the same readers
 * `explain` and `diff` use on YAML: when they configure exactly the intended routing, the intended
 * table is returned (it knows which construct asked for each route); otherwise the read-back
 * table, with what only the constructs know (backends, identities, alerts) carried over by
 * version name. Report, `ModelService.explain()` and the CLI on `dist/` then always agree.
 */
export function effectiveRouting(intended: ServiceRouting, written: readonly WrittenObject[]): ServiceRouting {
  const docs = written.map((o, index) => ({ file: o.path, index, object: o.json }));
  const read = routingFromDocuments(docs, { defaultNamespace: intended.namespace }).table.services.find(s => s.host === intended.host);
  if (!read || sameRouting(intended, read)) return intended;
  const versions = new Map(intended.versions.map(v => [v.name, v]));
  return {
    ...intended,
    routes: read.routes,
    trafficPolicy: read.trafficPolicy,
    canary: read.canary ?? intended.canary,
    versions: read.versions.map(v => ({ ...versions.get(v.name), ...v })),
  };
}

/** Whether two tables route alike: every route field but where it came from, subsets and policies. */
export function sameRouting(a: ServiceRouting, b: ServiceRouting): boolean {
  return stableJson(projection(a)) === stableJson(projection(b));
}

function projection(s: ServiceRouting) {
  return {
    host: s.host,
    trafficPolicy: s.trafficPolicy,
    routes: s.routes.map(({ origin, source, ...route }: HttpRouteRule) => route),
    versions: s.versions.map((v: VersionTarget) => ({ name: v.name, labels: v.labels, trafficPolicy: v.trafficPolicy })),
  };
}
