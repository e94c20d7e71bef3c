/**
 * A model service's routing (the route table's ServiceRouting) → Gateway API objects for the mesh
 * (GAMMA): one HTTPRoute (or GRPCRoute) whose parentRef is the model's Service, one Service per
 * version (HTTPRoute has no subsets; Istio: "version based traffic splitting in HTTPRoute requires
 * separate Services per version", ambient/migrate/migrate-policies), optional InferencePools, and,
 * where the profile keeps it (Istio), a DestinationRule per version Service for traffic policy.
 *
 * Rendering is refused (problems, never partial output) when a route needs a feature the profile does
 * not support, or when Gateway API's match precedence would pick a different rule than the table's
 * first match for some request.
 */
import { FeatureLedger, USE_ISTIO } from './features';
import { GatewayApiProfile } from './profile';
import { renderGrpcRule } from './render-grpc';
import { BackendResolver, renderRule } from './render-rule';
import { orderConflicts } from '../../routing/gateway-api-precedence';
import { InferencePoolTarget, ServiceRouting, TrafficPolicySpec, VersionTarget } from '../../routing/route-table';
import { Problem } from '../../util/errors';
import { serviceHost, serviceOfHost } from '../../util/hosts';
import { GATEWAY_API_V1, INFERENCE_POOL_V1, ISTIO_NETWORKING_V1 } from '../../wire/api-versions';
import { GRPCRouteSpec, GRPCRouteSpecRulesMatches, HTTPRouteSpec, HTTPRouteSpecParentRefs, HTTPRouteSpecRulesBackendRefs, HTTPRouteSpecRulesMatches } from '../../wire/generated/gateway-api';
import { InferencePoolSpec } from '../../wire/generated/inference-pool';
import { DestinationRuleSpec } from '../../wire/generated/istio-networking';
import { renderTrafficPolicy } from '../istio/render-istio';


export interface GatewayApiRenderInput {
  readonly service: ServiceRouting;
  readonly profile: GatewayApiProfile;
  /** Construct path, for problems. */
  readonly path: string;
  /** gRPC models get a GRPCRoute. @default 'http' */
  readonly protocol?: 'http' | 'grpc';
  /** The pods' port behind the service port. @default the service port */
  readonly targetPort?: number;
  /**
   * Whether a Gateway (ModelIngress) routes the model: under a profile without mesh routes the model then
   * renders its version Services (and pools) only, for the Gateway's routes.
   * @default false
   */
  readonly exposedByGateway?: boolean;
}

/** One object to emit: apiVersion, kind, metadata and spec exactly as written. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec: unknown;
}

export interface GatewayApiRendering {
  readonly objects: RenderedObject[];
  readonly problems: Problem[];
  /** Every Gateway API feature name the objects rely on (for the portability report). */
  readonly features: string[];
  /** What was left out without changing routing (e.g. rule names the profile does not support). */
  readonly notes: string[];
}

/** The name of a version's own Service (and InferencePool): `<model>-<version>`. */
export function versionServiceName(model: string, version: string): string {
  return `${model}-${version}`;
}

export function renderMeshRouting(input: GatewayApiRenderInput): GatewayApiRendering {
  const { service: s, profile, path } = input;
  const ledger = new FeatureLedger(profile, 'mesh', path);
  const grpc = input.protocol === 'grpc';
  const services = s.versions.map(v => versionService(s, v.name, v.labels, input.targetPort, grpc));
  const policies = [...destinationRules(s, ledger), ...poolObjects(s, ledger)];
  // Without mesh routes, a model behind a Gateway still needs its version Services (the Gateway's backends).
  if (!profile.supports('Mesh') && input.exposedByGateway) return done(ledger, [...services, ...policies]);
  ledger.need('Mesh', 'routing', 'a mesh (GAMMA) route attached to the model\'s Service', 'a Gateway (ModelIngress) in front of the model, or another profile');
  ledger.need(grpc ? 'GRPCRoute' : 'HTTPRoute', 'routing', grpc ? 'a GRPCRoute' : 'an HTTPRoute', USE_ISTIO);
  const backend = backendResolver(s, ledger);
  const meta = { name: s.name, namespace: s.namespace };
  const parentRefs: HTTPRouteSpecParentRefs[] = [{ group: '', kind: 'Service', name: s.name, port: s.port }];
  let route: { kind: string; spec: HTTPRouteSpec | GRPCRouteSpec };
  if (grpc) {
    const rules = s.routes.map((r, i) => renderGrpcRule(r, ledger, backend, `routes[${i}]`));
    orderProblems(s, ledger, rules.map(r => (r.matches ?? []).map(grpcAsHttpMatch)));
    route = { kind: 'GRPCRoute', spec: { parentRefs, rules } };
  } else {
    const rules = s.routes.map((r, i) => renderRule(r, ledger, backend, `routes[${i}]`));
    orderProblems(s, ledger, rules.map(r => r.matches ?? []));
    route = { kind: 'HTTPRoute', spec: { parentRefs, rules } };
  }
  return done(ledger, [...services, { apiVersion: GATEWAY_API_V1, kind: route.kind, metadata: meta, spec: route.spec }, ...policies]);
}

/** The rendering: every object, or none when anything was refused. */
export function done(ledger: FeatureLedger, objects: RenderedObject[]): GatewayApiRendering {
  return { objects: ledger.problems.length ? [] : objects, problems: ledger.problems, features: [...ledger.used].sort(), notes: [...ledger.notes] };
}

/**
 * An InferencePool per pool-served version. Gateways weight pools against each other, so a model's versions
 * are all pools or none.
 */
function poolObjects(s: ServiceRouting, ledger: FeatureLedger): RenderedObject[] {
  const pooled = s.versions.filter(v => v.inferencePool);
  if (!pooled.length) return [];
  const at = `versions["${pooled[0].name}"].backend`;
  if (!ledger.profile.inferencePool) {
    ledger.fail(at, `profile ${ledger.profile.name} does not route to InferencePool backends`, 'a Service-backed version, or a profile with the Inference Extension (Istio, GKE)');
  }
  const plain = s.versions.find(v => !v.inferencePool);
  if (plain) {
    ledger.fail(`versions["${plain.name}"].backend`, `version "${plain.name}" is not served by an InferencePool while "${pooled[0].name}" is; a Gateway's split would weight a pool's endpoint picker against plain Service endpoints`,
      'every version of the model through ModelBackend.inferencePool(...), or none');
  }
  return pooled.map(v => inferencePool(s, v, v.inferencePool!));
}

function orderProblems(s: ServiceRouting, ledger: FeatureLedger, rules: ReadonlyArray<readonly HTTPRouteSpecRulesMatches[]>): void {
  // A match that could not be rendered would be ranked as a catch-all: judge the order only of a complete rendering.
  if (ledger.problems.length) return;
  for (const c of orderConflicts(rules)) {
    ledger.fail(`routes[${c.later}]`, `Gateway API would send some requests of route ${routeName(s, c.first)} to route ${routeName(s, c.later)}: ${c.reason} (routes are ranked by match precedence, not by order)`,
      'give the earlier route the more specific match (an exact path, a method, more headers), or make the two routes\' conditions exclusive');
  }
}

/**
 * GRPCRoute ranks a matching method over a matching service only, then header count
 * (grpcroute_types.go@v1.6.1); as paths, `/svc/Method` (Exact) over `/svc` (PathPrefix) ranks the same.
 */
function grpcAsHttpMatch(m: GRPCRouteSpecRulesMatches): HTTPRouteSpecRulesMatches {
  const svc = m.method?.service;
  const path = svc === undefined ? undefined
    : m.method?.method !== undefined ? { type: 'Exact' as const, value: `/${svc}/${m.method.method}` } : { type: 'PathPrefix' as const, value: `/${svc}` };
  return { path, headers: m.headers };
}

function routeName(s: ServiceRouting, index: number): string {
  return s.routes[index]?.name ? `"${s.routes[index].name}"` : `#${index}`;
}

/** Route-table destinations of this model name a subset; other hosts (another model) go to that host's Service. */
function backendResolver(s: ServiceRouting, ledger: FeatureLedger): BackendResolver {
  const known = new Set(s.versions.map(v => v.name));
  return (target, field) => {
    const other = serviceOfHost(target.host);
    const sameHost = target.host === s.host || (other.name === s.name && (other.namespace ?? s.namespace) === s.namespace);
    const port = target.port ?? s.port;
    if (sameHost && target.subset !== undefined) {
      if (!known.has(target.subset)) ledger.fail(field, `subset "${target.subset}" is not a version of ${s.name}`, [...known].join(', '));
      return { group: '', kind: 'Service', name: versionServiceName(s.name, target.subset), port } as HTTPRouteSpecRulesBackendRefs;
    }
    if (target.subset !== undefined) {
      ledger.fail(`${field}.subset`, `subset "${target.subset}" of another host (${target.host}) has no Gateway API equivalent: HTTPRoute has no subsets`, `route to that model's version Service ${versionServiceName(other.name, target.subset)} by host`);
    }
    const namespace = other.namespace && other.namespace !== s.namespace ? other.namespace : undefined;
    if (namespace) ledger.fail(field, `a backend in namespace ${namespace} needs a ReferenceGrant there, which this rendering does not create`, 'a backend in the route\'s namespace');
    return { group: '', kind: 'Service', name: other.name, port } as HTTPRouteSpecRulesBackendRefs;
  };
}

/** A Service selecting one version's pods, so HTTPRoute can weight versions (it has no subsets). */
function versionService(s: ServiceRouting, version: string, labels: Readonly<Record<string, string>>, targetPort: number | undefined,
  grpc: boolean): RenderedObject {
  const port = s.port ?? 80;
  // Like the stable Service: the proxy picks the HTTP/2 codec for gRPC from appProtocol.
  const protocol = grpc ? { name: 'grpc', appProtocol: 'grpc' } : { name: 'http' };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: versionServiceName(s.name, version), namespace: s.namespace, labels: { ...labels } },
    spec: { selector: { ...labels }, ports: [{ ...protocol, port, targetPort: targetPort ?? port, protocol: 'TCP' }] },
  };
}

/**
 * Istio keeps applying DestinationRule traffic policy to Gateway API traffic (sidecars and waypoints),
 * so outlier detection, connection pools and load balancing stay a DestinationRule, now one per version
 * Service (its host), with the version's policy over the service-wide one. Other profiles: a problem.
 */
function destinationRules(s: ServiceRouting, ledger: FeatureLedger): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const v of s.versions) {
    // The client side of mTLS (ISTIO_MUTUAL) stays with the rest of the policy, as in the Istio rendering.
    const spec = renderTrafficPolicy(mergePolicy(s.trafficPolicy, v.trafficPolicy));
    if (!spec) continue;
    if (!ledger.profile.destinationRuleTrafficPolicy) {
      ledger.fail(`versions["${v.name}"].trafficPolicy`, `outlier detection, connection pool and load balancer settings have no Gateway API equivalent, and profile ${ledger.profile.name} applies no DestinationRule`,
        `the implementation's own backend policy (e.g. Envoy Gateway BackendTrafficPolicy), or ${USE_ISTIO}`);
      continue;
    }
    const name = versionServiceName(s.name, v.name);
    const drSpec: Omit<DestinationRuleSpec, 'subsets'> = { host: serviceHost(name, s.namespace), trafficPolicy: spec };
    out.push({ apiVersion: ISTIO_NETWORKING_V1, kind: 'DestinationRule', metadata: { name, namespace: s.namespace }, spec: drSpec });
  }
  return out;
}

function mergePolicy(base: TrafficPolicySpec | undefined, own: TrafficPolicySpec | undefined): TrafficPolicySpec | undefined {
  if (!base) return own;
  if (!own) return base;
  return {
    outlierDetection: own.outlierDetection ?? base.outlierDetection,
    connectionPool: own.connectionPool ?? base.connectionPool,
    loadBalancer: own.loadBalancer ?? base.loadBalancer,
    tls: own.tls ?? base.tls,
  };
}

/** An InferencePool for a version: its pods by label, its ports, and the endpoint picker. */
function inferencePool(s: ServiceRouting, version: VersionTarget, spec: InferencePoolTarget): RenderedObject {
  const epp = spec.endpointPicker;
  const pool: InferencePoolSpec = {
    selector: { matchLabels: { ...version.labels } },
    targetPorts: spec.targetPorts.map(number => ({ number })),
    endpointPickerRef: { group: '', kind: 'Service', name: epp.service, port: { number: epp.port }, failureMode: epp.failureMode },
  };
  return { apiVersion: INFERENCE_POOL_V1, kind: 'InferencePool', metadata: { name: versionServiceName(s.name, version.name), namespace: s.namespace }, spec: pool };
}
