/**
 * What `import` does not turn into a program, and why, said before anything is generated:
 * hosts that are not Services of the cluster (egress, `*`), VirtualServices that route TCP or TLS
 * (the library routes HTTP), delegate VirtualServices (no `spec.hosts`), and gateway-bound
 * VirtualServices (a ModelIngress owns its Gateway and routes by path prefix to ModelServices;
 * write it by hand after the mesh routing is imported), and Gateway API routes that are not mesh
 * routing of a Service (bound to a Gateway, or TCP/TLS/UDP). KServe's Knative-mode hosts are a note:
 * KServe routes them itself, so leaving them out is no difference.
 */
import { GatewayApiRouteObject, isGatewayApiRoute } from '../routing/from-gateway-api';
import { ImportedRouting, isIstioRoutingObject } from '../routing/from-istio';
import { ServiceRouting } from '../routing/route-table';
import { serviceHost, serviceOfHost, toFqdn } from '../util/hosts';
import { ManifestDocument } from '../util/manifest-document';
import { GATEWAY_API_V1 } from '../wire/api-versions';

export interface Refusals {
  /** One line each: what was not imported and why. */
  readonly lines: string[];
  /** Hosts not generated. */
  readonly hosts: ReadonlySet<string>;
  /** Hosts left out on purpose that are no difference (KServe routes them itself). */
  readonly notes: string[];
}

export function findRefusals(docs: readonly ManifestDocument[], imported: ImportedRouting): Refusals {
  const lines: string[] = [];
  const hosts = new Set<string>();
  const notes: string[] = [];
  const streamTargets = new Set<string>();
  for (const doc of docs) {
    const o = doc.object;
    if (!isIstioRoutingObject(o) || o.kind !== 'VirtualService') continue;
    const ns = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default';
    const name = `VirtualService ${ns}/${o.metadata?.name ?? '(unnamed)'} (${doc.file}#${doc.index})`;
    const spec = o.spec ?? {};
    const own = (Array.isArray(spec.hosts) ? spec.hosts : []).filter((h: unknown): h is string => typeof h === 'string').map((h: string) => toFqdn(h, ns));
    if (own.length === 0) {
      lines.push(`${name}: a delegate (no spec.hosts), used only through a root VirtualService's \`delegate\`; the library has no delegation, so it is not imported (write its routes on the root's ModelService)`);
      continue;
    }
    const stream = ['tcp', 'tls'].filter(k => Array.isArray(spec[k]) && spec[k].length > 0);
    if (stream.length === 0) continue;
    const http = Array.isArray(spec.http) && spec.http.length > 0;
    lines.push(`${name}: its ${stream.join(' and ').toUpperCase()} routes (spec.${stream.join(', spec.')}) are not expressible: `
      + `the library routes HTTP only; keep ${http ? 'those routes' : 'this VirtualService'} as YAML`);
    if (!http) own.forEach((h: string) => hosts.add(h));
    // The hosts the stream routes forward to carry TCP/TLS: an HTTP ModelService would change them.
    for (const route of stream.flatMap(k => spec[k])) {
      for (const d of Array.isArray(route?.route) ? route.route : []) {
        if (typeof d?.destination?.host === 'string') streamTargets.add(toFqdn(d.destination.host, ns));
      }
    }
  }
  for (const n of imported.notApplied) {
    lines.push(`${n.source}: ${n.host} is bound to gateway ${n.gateways.join(', ')}: not imported as mesh routing; `
      + 'expose the imported ModelService through a ModelIngress (new ModelIngress(chart, id, { hosts }).expose(service, { pathPrefix })) and check it with `explain --gateway`');
  }
  lines.push(...gatewayApiRouteRefusals(docs, new Set(imported.table.services.filter(s => s.readFrom === 'gateway-api').map(s => s.host))));
  for (const s of imported.table.services) {
    // Gateway API hosts are imported under the Gateway API target (gateway-api-services.ts).
    if (s.readFrom === 'gateway-api') continue;
    if (s.readFrom === 'knative') {
      notes.push(`${s.host} is not generated: ${s.routedBy}; keep its InferenceService as it is`);
      hosts.add(s.host);
      continue;
    }
    const why = streamTargets.has(s.host) ? 'a TCP/TLS route forwards to it; the library routes HTTP only, so it is not imported' : hostRefusal(s);
    if (why && !hosts.has(s.host)) {
      lines.push(`${s.host}: ${why}`);
      hosts.add(s.host);
    }
  }
  return { lines, hosts, notes };
}

/** `gateway.networking.k8s.io/`: every Gateway API route kind and version. */
const GATEWAY_API_GROUP = `${GATEWAY_API_V1.split('/')[0]}/`;

/**
 * Gateway API routes that are not mesh routing of a Service: routes bound to a Gateway (ingress; the
 * team's Gateway and routes stay as they are and send to the imported model's Service), TCP/TLS/UDP
 * routes, and route versions the reader does not read.
 */
function gatewayApiRouteRefusals(docs: readonly ManifestDocument[], gammaHosts: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const doc of docs) {
    const o = doc.object;
    if (typeof o?.apiVersion !== 'string' || !o.apiVersion.startsWith(GATEWAY_API_GROUP) || typeof o.kind !== 'string' || !o.kind.endsWith('Route')) continue;
    const name = `${o.kind} ${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? '(unnamed)'} (${doc.file}#${doc.index})`;
    if (o.kind !== 'HTTPRoute' && o.kind !== 'GRPCRoute') {
      lines.push(`${name}: the library routes HTTP and gRPC only; keep this ${o.kind} as YAML`);
    } else if (!isGatewayApiRoute(o)) {
      lines.push(`${name}: ${o.apiVersion} is not read (import reads ${GATEWAY_API_V1}, as served since Gateway API v1.0/v1.1); not imported`);
    } else {
      lines.push(...parentRefusals(o, name, gammaHosts));
    }
  }
  return lines;
}

/** A route's parents that are not a Service read as Gateway API mesh routing (`gammaHosts`), each said. */
function parentRefusals(o: GatewayApiRouteObject, name: string, gammaHosts: ReadonlySet<string>): string[] {
  const refs = o.spec.parentRefs ?? [];
  if (refs.length === 0) return [`${name}: no parentRefs, so it is attached to nothing and routes nothing; not imported`];
  const lines: string[] = [];
  const routeNs = o.metadata.namespace ?? 'default';
  const others = refs.filter(p => p?.kind !== 'Service' || (p.group ?? '') !== '');
  if (others.length) {
    const mesh = others.length < refs.length ? ' (its Service parents are imported as mesh routing)' : '';
    lines.push(`${name}: bound to ${others.map(p => `${p?.kind ?? 'Gateway'} ${p?.namespace ?? routeNs}/${p?.name}`).join(', ')}: `
      + `not mesh routing of a Service (GAMMA), so not imported${mesh}; keep it as YAML with its backendRefs on the imported model's Services, `
      + 'or write it as a ModelIngress (under the Gateway API target a Gateway and HTTPRoutes)');
  }
  // The reader shows a VirtualService over HTTPRoutes for one host (mixing both is undefined in Istio).
  const shadowed = refs.filter(p => p?.kind === 'Service' && (p.group ?? '') === '' && typeof p.name === 'string').map(p => serviceHost(p.name, p.namespace ?? routeNs)).filter(h => !gammaHosts.has(h));
  if (shadowed.length) {
    lines.push(`${name}: ${shadowed.join(', ')} ${shadowed.length > 1 ? 'are' : 'is'} also routed by a VirtualService (both APIs on one workload are undefined in Istio); `
      + 'the VirtualService is imported, this route is not');
  }
  return lines;
}

function hostRefusal(s: ServiceRouting): string | undefined {
  if (s.host.startsWith('*')) return 'a wildcard host is not a Service; a ModelService serves one Kubernetes Service, so it is not imported';
  if (serviceOfHost(s.host).namespace === undefined) {
    return 'not a Service of the cluster (<name>.<namespace>.svc.cluster.local), e.g. an external host reached through egress; a ModelService serves one Kubernetes Service, so it is not imported (keep this VirtualService as YAML)';
  }
  return undefined;
}
