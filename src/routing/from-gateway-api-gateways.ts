/**
 * Gateway API routes attached to a Gateway (an ingress), read into the route table for one gateway view
 * (`explain --gateway <namespace>/<name>`, the report, diff): one ServiceRouting per hostname of the
 * routes attached to the Gateway, its rules in Gateway API precedence across every such route (they share
 * the Gateway's listeners). A backend `<model>-<version>` (Service or InferencePool) reads as that model's
 * version when Services `<model>` and `<model>-<version>` are both among the objects (the renderer's one
 * Service per version); anything else is its own host.
 */
import { GatewayApiObjects, GatewayApiRouteObject, rankedCandidates, tableRoute, VersionResolver } from './from-gateway-api';
import { ServiceRouting } from './route-table';
import { serviceHost } from '../util/hosts';

/** The routing of traffic entering through Gateway `gateway` (`namespace/name`), per hostname. */
export function gatewayViewFromGatewayApi(gateway: string, { routes, services, sources }: GatewayApiObjects, defaultNs: string): ServiceRouting[] {
  const [gwNs, gwName] = gateway.split('/');
  const attached = routes.filter(r => r.kind === 'HTTPRoute' && (r.spec.parentRefs ?? []).some(p => p?.kind === 'Gateway'
    && (p.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io' && p.name === gwName && (p.namespace ?? r.metadata.namespace ?? defaultNs) === gwNs));
  const hostnames = [...new Set(attached.flatMap(r => hostnamesOf(r)))];
  const resolve = versionResolver(services);
  return hostnames.map(hostname => {
    // A route without hostnames serves every hostname of the Gateway's listeners.
    const serving = attached.filter(r => hostnamesOf(r).length === 0 || hostnamesOf(r).includes(hostname));
    const source = serving.map(r => sources.get(r)).filter(Boolean).join(', ');
    const by = serving.map(r => `HTTPRoute ${r.metadata.namespace ?? defaultNs}/${r.metadata.name}`).join(', ');
    return {
      name: hostname,
      host: hostname,
      versions: [],
      routes: rankedCandidates(serving, defaultNs).map(c => tableRoute(c, { resolve, defaultNs }, sources.get(c.route))),
      source,
      routedBy: `Gateway API (${by} on Gateway ${gateway}): routes ranked by match precedence`,
    };
  });
}

function hostnamesOf(r: GatewayApiRouteObject): string[] {
  return ((r.spec as { hostnames?: unknown }).hostnames as string[] | undefined) ?? [];
}

/** `<model>-<version>` → the model's host and version, the longest `<model>` first (`a-b` before `a`). */
function versionResolver(services: ReadonlyMap<string, unknown>): VersionResolver {
  return (name, namespace) => {
    if (!services.has(`${namespace}/${name}`)) return undefined;
    for (let i = name.lastIndexOf('-'); i > 0; i = name.lastIndexOf('-', i - 1)) {
      const model = name.slice(0, i);
      if (services.has(`${namespace}/${model}`)) return { host: serviceHost(model, namespace), subset: name.slice(i + 1) };
    }
    return undefined;
  };
}
