/**
 * Read VirtualService and DestinationRule objects (networking.istio.io v1, v1beta1, v1alpha3;
 * plain objects as parsed from YAML) into the route table, one `ServiceRouting` per host, so
 * hand-written or third-party manifests can be explained and reported like our own.
 *
 * What Istio does and this mirrors: short hosts are Services in the object's namespace; a
 * VirtualService applies to the mesh unless `gateways` says otherwise; for one host only one
 * mesh VirtualService is used (IST0109: several are undefined behaviour — we take the first and
 * warn); DestinationRules for the same host are merged (first traffic policy wins, subsets
 * appended), and a wildcard DestinationRule host covers a Service when no more specific one does.
 */
import { readRolloutClaims } from './from-argo-rollouts';
import { gatewayApiServices, readGatewayApiObjects } from './from-gateway-api';
import { gatewayViewFromGatewayApi } from './from-gateway-api-gateways';
import { ImportedDestinationRule, readDestinationRuleSpec } from './from-istio-dr';
import { asArray, ImportNotes, isObject } from './from-istio-fields';
import { hostMatchScore, normaliseGateway } from './from-istio-hosts';
import { readHttpRoutes, readStreamRoutes } from './from-istio-vs';
import { isInferenceService, readKnativeInferenceService } from './from-kserve';
import { CanarySplit, HttpRouteRule, RouteTable, ServiceRouting, StreamRouteRule } from './route-table';
import { serviceOfHost, toFqdn } from '../util/hosts';
import { ManifestDocument } from '../util/manifest-document';

export interface FromIstioOptions {
  /** Namespace of objects without `metadata.namespace` (kubectl's default). Default `default`. */
  readonly defaultNamespace?: string;
  /** Whose view to build: `mesh` (sidecars, the default) or a gateway as `namespace/name`. */
  readonly gateway?: string;
}

export interface ImportedRouting {
  readonly table: RouteTable;
  /** Things read leniently or skipped, each naming the document and field (each once). */
  readonly warnings: readonly string[];
  /** Hosts whose VirtualService is malformed (routing unknowable) → the problems. */
  readonly malformed: ReadonlyMap<string, readonly string[]>;
  /** Hosts of VirtualServices left out because they do not apply to the view's gateway. */
  readonly notApplied: readonly NotAppliedHost[];
}

/** A VirtualService host that is not part of this view (e.g. gateway-only, viewed as mesh traffic). */
export interface NotAppliedHost {
  readonly host: string;
  /** The VirtualService's gateways, normalised. */
  readonly gateways: readonly string[];
  /** The view's gateway (`mesh` or `namespace/name`). */
  readonly view: string;
  /** `file#doc` of the VirtualService. */
  readonly source: string;
}

/** The gateways of KServe's Knative-mode VirtualService (inferenceservice-config `ingress` defaults). */
const KSERVE_GATEWAYS = ['mesh', 'knative-serving/knative-local-gateway', 'knative-serving/knative-ingress-gateway'];

const ISTIO_NETWORKING_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'];

/** Whether `object` is a VirtualService or DestinationRule this importer reads. */
export function isIstioRoutingObject(object: unknown): boolean {
  return isObject(object) && ISTIO_NETWORKING_VERSIONS.includes(object.apiVersion)
    && (object.kind === 'VirtualService' || object.kind === 'DestinationRule');
}

/** Plain objects (e.g. `Testing.synth(chart)` output) named `<input>#i` in warnings and sources. */
export function routingFromObjects(objects: readonly unknown[], options: FromIstioOptions = {}): ImportedRouting {
  return routingFromDocuments(objects.map((object, index) => ({ file: '<input>', index, object })), options);
}

export function routingFromDocuments(docs: readonly ManifestDocument[], options: FromIstioOptions = {}): ImportedRouting {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const gateway = options.gateway ?? 'mesh';
  const warnings: string[] = [];
  const routesByHost = new Map<string, { routes: HttpRouteRule[]; streamRoutes: StreamRouteRule[]; source: string; vs: string }>();
  const drs: ImportedDestinationRule[] = [];
  const malformed = new Map<string, string[]>();
  const notApplied: NotAppliedHost[] = [];

  const knative: ServiceRouting[] = [];
  for (const doc of docs) {
    const o = doc.object;
    if (!isIstioRoutingObject(o) && !isInferenceService(o)) continue;
    const namespace = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : defaultNamespace;
    const source = `${doc.file}#${doc.index}`;
    const notes = new ImportNotes(`${source} ${o.kind} ${namespace}/${o.metadata?.name ?? '(unnamed)'}`, warnings);
    if (isInferenceService(o)) {
      const routing = readKnativeInferenceService(o, namespace, source, notes);
      if (routing) knative.push(routing);
      continue;
    }
    const spec = isObject(o.spec) ? o.spec : {};
    if (o.kind === 'DestinationRule') {
      if (typeof spec.host !== 'string' || spec.host === '') notes.warn('spec.host', 'a DestinationRule needs a host; skipped');
      else drs.push(readDestinationRuleSpec(spec, toFqdn(spec.host, namespace), notes));
      continue;
    }
    const hosts = asArray(spec.hosts).filter((h): h is string => typeof h === 'string').map(h => toFqdn(h, namespace));
    if (hosts.length === 0) continue; // A delegate VirtualService: only reachable through its root.
    const gateways = asArray(spec.gateways).filter((g): g is string => typeof g === 'string').map(g => normaliseGateway(g, namespace));
    const routes = readHttpRoutes(spec, { namespace, gateways, source }, notes);
    const streamRoutes = readStreamRoutes(spec, { namespace, gateways, source }, notes);
    if (!appliesTo(gateway, gateways, routes, streamRoutes)) {
      notes.warn('spec.gateways', `bound to ${(gateways.length ? gateways : ['mesh']).join(', ')}, not to "${gateway}"; not part of this view`);
      notApplied.push(...hosts.map(host => ({ host, gateways, view: gateway, source })));
      continue;
    }
    for (const host of hosts) {
      if (notes.malformations.length > 0 && !routesByHost.has(host)) malformed.set(host, notes.malformations);
      const existing = routesByHost.get(host);
      if (existing) {
        notes.warn('spec.hosts', `host ${host} already has VirtualService routes from ${existing.source}; several VirtualServices for one host are undefined behaviour in Istio (IST0109); this one is ignored`);
      } else {
        routesByHost.set(host, { routes, streamRoutes, source, vs: `${namespace}/${o.metadata?.name}` });
      }
    }
  }

  // Argo Rollouts that move the weights of a VirtualService's routes.
  const claims = new Map(readRolloutClaims(docs, defaultNamespace).map(c => [c.virtualService, c.canary]));
  const services: ServiceRouting[] = [...routesByHost.entries()].map(([host, { routes, streamRoutes, source, vs }]) =>
    serviceRouting(host, routes, source, destinationRuleFor(host, drs), claims.get(vs), streamRoutes));
  for (const k of knative) {
    // KServe's VirtualService owns the host; one of ours for the same host would fight it.
    if (routesByHost.has(k.host)) warnings.push(`${k.source}: host ${k.host} is routed by KServe (Knative mode) and also by the VirtualService in ${routesByHost.get(k.host)!.source}; the two conflict (IST0109); the VirtualService is shown`);
    else if (KSERVE_GATEWAYS.includes(gateway)) services.push(k);
    else notApplied.push({ host: k.host, gateways: KSERVE_GATEWAYS, view: gateway, source: k.source! });
  }
  // Gateway API mesh routes (GAMMA), or the routes of the view's Gateway. Istio: mixing VirtualService and
  // HTTPRoute for one workload is undefined.
  const gatewayApi = readGatewayApiObjects(docs.map(d => ({ object: d.object, source: `${d.file}#${d.index}` })), defaultNamespace, warnings);
  const gamma = gateway === 'mesh' ? gatewayApiServices(gatewayApi, defaultNamespace, warnings) : gatewayViewFromGatewayApi(gateway, gatewayApi, defaultNamespace);
  for (const g of gamma) {
    if (routesByHost.has(g.host)) warnings.push(`${g.source}: host ${g.host} has HTTPRoutes and the VirtualService in ${routesByHost.get(g.host)!.source}; mixing both APIs for one workload is undefined in Istio; the VirtualService is shown`);
    else services.push(g);
  }
  for (const dr of mergeByHost(drs)) {
    if (!services.some(s => s.host === dr.host) && !dr.host.startsWith('*')) services.push(serviceRouting(dr.host, [], undefined, dr));
  }
  // Knative "subsets" are revisions and Gateway API "subsets" per-version Services, not DestinationRule subsets.
  warnings.push(...missingSubsets(services.filter(svc => !knative.includes(svc) && !gamma.includes(svc)), drs));
  // A VirtualService with several hosts is read once but checked per host: say each thing once.
  return { table: { services }, warnings: [...new Set(warnings)], malformed, notApplied };
}

function appliesTo(gateway: string, vsGateways: readonly string[], routes: readonly HttpRouteRule[],
  streamRoutes: readonly StreamRouteRule[]): boolean {
  const own = vsGateways.length === 0 ? ['mesh'] : vsGateways;
  return own.includes(gateway) || [...routes, ...streamRoutes].some(r => r.matches.some(m => m.gateways?.includes(gateway)));
}

function serviceRouting(host: string, routes: HttpRouteRule[], source: string | undefined,
  dr: ImportedDestinationRule | undefined, canary?: CanarySplit, streamRoutes?: StreamRouteRule[]): ServiceRouting {
  const { name, namespace } = serviceOfHost(host);
  const routing: ServiceRouting = {
    name,
    namespace,
    host,
    versions: dr?.versions ?? [],
    routes,
    streamRoutes: streamRoutes?.length ? streamRoutes : undefined,
    trafficPolicy: dr?.trafficPolicy,
    canary,
    source,
  };
  return Object.fromEntries(Object.entries(routing).filter(([, v]) => v !== undefined)) as unknown as ServiceRouting;
}

/** DestinationRules of one host merged as Istio merges them: first traffic policy, all subsets (first of a name wins). */
function mergeByHost(drs: readonly ImportedDestinationRule[]): ImportedDestinationRule[] {
  const merged = new Map<string, ImportedDestinationRule>();
  for (const dr of drs) {
    const prev = merged.get(dr.host);
    if (!prev) {
      merged.set(dr.host, dr);
      continue;
    }
    const names = new Set(prev.versions.map(v => v.name));
    merged.set(dr.host, {
      host: dr.host,
      trafficPolicy: prev.trafficPolicy ?? dr.trafficPolicy,
      versions: [...prev.versions, ...dr.versions.filter(v => !names.has(v.name))],
    });
  }
  return [...merged.values()];
}

/** The DestinationRule that applies to `host`: an exact host, else the most specific wildcard. */
function destinationRuleFor(host: string, drs: readonly ImportedDestinationRule[]): ImportedDestinationRule | undefined {
  let best: { dr: ImportedDestinationRule; score: number } | undefined;
  for (const dr of mergeByHost(drs)) {
    const score = hostMatchScore(dr.host, host);
    if (score !== undefined && (!best || score > best.score)) best = { dr, score };
  }
  return best?.dr;
}

/** IST0101: a route or mirror names a subset no DestinationRule defines for its host. */
function missingSubsets(services: readonly ServiceRouting[], drs: readonly ImportedDestinationRule[]): string[] {
  const out: string[] = [];
  for (const service of services) {
    for (const route of service.routes) {
      for (const target of [...route.destinations, ...route.mirrors]) {
        if (!target.subset) continue;
        const dr = destinationRuleFor(target.host, drs);
        if (!dr?.versions.some(v => v.name === target.subset)) {
          out.push(`${route.source ?? service.host}: Referenced host+subset in destinationrule not found: "${target.host}+${target.subset}" (IST0101)`);
        }
      }
    }
  }
  return out;
}
