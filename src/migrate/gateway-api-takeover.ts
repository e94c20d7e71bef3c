/**
 * What taking a Gateway API-routed Service over with a ModelService changes beyond routing, said in
 * the program's header: the routes it replaces (one route per model, named after it), the ports of
 * multi-port Services it drops, the Gateways whose routes call the model (let in), and DestinationRules
 * on the parent Service (GAMMA routes send to the version Services, so they are not imported).
 */
import { findService } from './istio-services';
import { versionServiceName } from '../render/gateway-api/render-service';
import { GatewayApiRouteObject } from '../routing/from-gateway-api';
import { isIstioRoutingObject } from '../routing/from-istio';
import { ServiceRouting } from '../routing/route-table';
import { toFqdn } from '../util/hosts';
import { ManifestDocument } from '../util/manifest-document';

export interface TakeOverNotes {
  /** Namespaces of Gateways whose routes send to the model (the program lets them call it). */
  readonly callerNamespaces: readonly string[];
  /** What is not imported, one line each. */
  readonly refusals: readonly string[];
  /** What the program changes, given the port its Services keep. */
  assumptions(port: number | undefined): string[];
}

export function takeOverNotes(docs: readonly ManifestDocument[], routes: readonly GatewayApiRouteObject[], attached: readonly GatewayApiRouteObject[],
  s: ServiceRouting, versions: readonly string[]): TakeOverNotes {
  const namespace = s.namespace ?? 'default';
  const callerNamespaces = gatewayCallers(routes, s.name, namespace, versions);
  const refusals = parentDestinationRules(docs, s.host).map(dr => `DestinationRule ${dr} is not imported: its host is the parent Service, while the routes send `
    + 'to the version Services (give each version Service its DestinationRule; a version\'s policy is its circuitBreaker, connectionPool, loadBalancer)');
  return {
    callerNamespaces,
    refusals,
    assumptions: port => [
      ...routeNameAssumptions(s, attached),
      ...[s.name, ...versions.map(v => versionServiceName(s.name, v))].flatMap(n => droppedPorts(findService(docs, n, namespace), port)),
      ...callerNamespaces.length ? [`routes bound to a Gateway send to it: the program lets namespace${callerNamespaces.length > 1 ? 's' : ''} `
        + `${callerNamespaces.join(', ')} call it (where the Gateway's proxy runs; narrow it with Caller.serviceAccount)`] : [],
    ],
  };
}

/** Namespaces of the Gateways whose routes send to the model's Service or a version's (they must be let in). */
function gatewayCallers(routes: readonly GatewayApiRouteObject[], model: string, namespace: string, versions: readonly string[]): string[] {
  const ours = new Set([model, ...versions.map(v => versionServiceName(model, v))]);
  const out = new Set<string>();
  for (const r of routes) {
    const routeNs = r.metadata.namespace ?? 'default';
    const gateways = (r.spec.parentRefs ?? []).filter(p => (p.kind ?? 'Gateway') === 'Gateway');
    const sends = (r.spec.rules ?? []).some(rule => (rule.backendRefs ?? []).some(b => ours.has(b.name) && (b.namespace ?? routeNs) === namespace));
    if (sends) gateways.forEach(p => out.add(p.namespace ?? routeNs));
  }
  out.delete(namespace);
  return [...out].sort();
}

/** DestinationRules (`namespace/name`) whose host is the model's own Service: GAMMA routes send to the version Services instead. */
function parentDestinationRules(docs: readonly ManifestDocument[], host: string): string[] {
  return docs.map(d => d.object).filter(o => isIstioRoutingObject(o) && o.kind === 'DestinationRule' && typeof o.spec?.host === 'string'
    && toFqdn(o.spec.host, o.metadata?.namespace ?? 'default') === host).map(o => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`);
}

/** A Service of the input with ports besides the one the program's Service keeps. */
function droppedPorts(svc: any, kept: number | undefined): string[] {
  const ports: unknown[] = (Array.isArray(svc?.spec?.ports) ? svc.spec.ports : []).map((p: any) => p?.port);
  if (ports.length < 2) return [];
  return [`Service ${svc.metadata?.namespace ?? 'default'}/${svc.metadata?.name} has ports ${ports.join(', ')}; the program's has port ${kept ?? ports[0]} only, `
    + 'so applying it drops the others (keep the Service as YAML if anything else uses them)'];
}

/** The program's route is `<kind>/<model>`: routes of other names stay in the cluster until deleted. */
function routeNameAssumptions(s: ServiceRouting, routes: readonly GatewayApiRouteObject[]): string[] {
  const others = routes.filter(r => r.metadata.name !== s.name);
  if (others.length === 0) return [];
  return [`the program's ${routes[0].kind} is ${s.namespace ?? 'default'}/${s.name} (one route per model, named after it); delete ${others.map(label).join(', ')} when applying it, `
    + 'or every route attached to the Service keeps applying, merged by precedence'];
}

export const label = (r: GatewayApiRouteObject) => `${r.kind} ${r.metadata.namespace ?? 'default'}/${r.metadata.name}`;
