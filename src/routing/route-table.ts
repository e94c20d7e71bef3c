/**
 * The route table: one plain data model of every routing decision for the model services in an
 * app. Constructs (ModelService, CanaryRollout, ShadowMirror, AbExperiment, ...) contribute to
 * it; it is validated as a whole, rendered to Istio objects, evaluated by `explain`, and drawn in
 * the routing report. It can also be read back from any VirtualService/DestinationRule YAML.
 *
 * Internal: plain TypeScript (unions allowed), never part of the jsii API. Durations are whole
 * milliseconds; percents are numbers in 0..100; weights are Istio's relative integer weights.
 */

/** How a string is compared; Istio's StringMatch `oneOf`. Regexes are RE2, full match. */
export type StringMatchKind = 'exact' | 'prefix' | 'regex';

export interface StringMatchSpec {
  readonly kind: StringMatchKind;
  readonly value: string;
}

/** One Istio `HTTPMatchRequest`: every condition must hold (AND). */
export interface MatchBlock {
  /** Header name (lower case) → condition. */
  readonly headers?: Readonly<Record<string, StringMatchSpec>>;
  /** Header names that must be absent (`withoutHeaders`), name → condition. */
  readonly withoutHeaders?: Readonly<Record<string, StringMatchSpec>>;
  readonly uri?: StringMatchSpec;
  readonly method?: StringMatchSpec;
  readonly authority?: StringMatchSpec;
  readonly scheme?: StringMatchSpec;
  readonly queryParams?: Readonly<Record<string, StringMatchSpec>>;
  readonly port?: number;
  readonly sourceLabels?: Readonly<Record<string, string>>;
  readonly sourceNamespace?: string;
  readonly gateways?: readonly string[];
  /** `ignoreUriCase` of Istio. */
  readonly ignoreUriCase?: boolean;
}

/** Istio `HeaderOperations`: applied in the order set, add, remove. Names as given. */
export interface HeaderOpsSpec {
  readonly set?: Readonly<Record<string, string>>;
  readonly add?: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}

/** Istio `Headers`: operations on the request (before forwarding) and the response. */
export interface HeadersSpec {
  readonly request?: HeaderOpsSpec;
  readonly response?: HeaderOpsSpec;
}

/** A destination of a route: a host, usually a subset (model version), and a relative weight. */
export interface WeightedDestination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** Istio relative weight; a destination's share is weight / sum of weights. */
  readonly weight: number;
  /** Header operations applied only when this destination is chosen (`route[].headers`). */
  readonly headers?: HeadersSpec;
}

/** Istio `HTTPRewrite`: what the proxy changes before forwarding. */
export interface RewriteSpec {
  /** Replaces the matched prefix (Envoy `prefix_rewrite`). */
  readonly uri?: string;
  /** RE2 substitution over the path (Envoy `regex_rewrite`); never together with `uri`. */
  readonly uriRegex?: { readonly match: string; readonly rewrite: string };
  readonly authority?: string;
}

/** Istio `CorsPolicy`: which browser origins may call the route (the proxy answers preflights). */
export interface CorsSpec {
  readonly allowOrigins: readonly StringMatchSpec[];
  readonly allowMethods?: readonly string[];
  readonly allowHeaders?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  /** Whole seconds, in milliseconds. */
  readonly maxAgeMs?: number;
  readonly allowCredentials?: boolean;
}

/** Istio `HTTPRedirect`: the proxy answers with a redirect instead of forwarding. */
export interface RedirectSpec {
  /** 3xx status; Istio's default is 301. */
  readonly code: number;
  readonly uri?: string;
  readonly authority?: string;
  readonly scheme?: string;
  readonly port?: number;
}

/** Istio `HTTPDirectResponse`: the proxy answers itself (e.g. maintenance). */
export interface DirectResponseSpec {
  readonly status: number;
  readonly body?: string;
}

/** Istio `Delegate`: the route is continued by another VirtualService. */
export interface DelegateSpec {
  readonly name: string;
  readonly namespace?: string;
}

/** A mirror (shadow) target. Mirrored responses are discarded by the proxy. */
export interface MirrorTarget {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** Share of the route's requests that is mirrored, 0..100. */
  readonly percent: number;
}

export interface RetryPolicySpec {
  readonly attempts: number;
  readonly perTryTimeoutMs?: number;
  /** Istio `retryOn` items (joined with commas when rendered). */
  readonly retryOn?: readonly string[];
}

export interface FaultSpec {
  readonly delay?: { readonly fixedDelayMs: number; readonly percent: number };
  readonly abort?: { readonly httpStatus: number; readonly percent: number };
}

/** Where a piece of routing intent came from, for error messages, reports and explanations. */
export type RouteOrigin = 'match' | 'experiment' | 'default' | 'imported';

/** Whether a route answers or delegates instead of forwarding to its destinations. */
export function isForwarding(route: HttpRouteRule): boolean {
  return !route.redirect && !route.directResponse && !route.delegate;
}

/** The route's non-forwarding action (for comparisons), or undefined when it forwards. */
export function nonForwardingAction(route: HttpRouteRule): Pick<HttpRouteRule, 'redirect' | 'directResponse' | 'delegate'> | undefined {
  if (isForwarding(route)) return undefined;
  const { redirect, directResponse, delegate } = route;
  return { redirect, directResponse, delegate };
}

/** One Istio `HTTPRoute`, in the order Istio evaluates them (first match wins). */
export interface HttpRouteRule {
  /** Stable route name (`http[].name`), e.g. `premium`, `ab-ranking-q4-v45`, `default`. */
  readonly name?: string;
  /** Blocks are ORed; an empty list is a catch-all. */
  readonly matches: readonly MatchBlock[];
  readonly destinations: readonly WeightedDestination[];
  readonly mirrors: readonly MirrorTarget[];
  readonly timeoutMs?: number;
  readonly retries?: RetryPolicySpec;
  readonly fault?: FaultSpec;
  /** Header operations of the route (`http[].headers`). */
  readonly headers?: HeadersSpec;
  /** Path/authority rewrite before forwarding. */
  readonly rewrite?: RewriteSpec;
  /** CORS policy (`http[].corsPolicy`). */
  readonly cors?: CorsSpec;
  /**
   * Non-forwarding actions: at most one is set, and then `destinations` is empty (Istio rejects
   * a route with both `route` and `redirect`/`directResponse`, or `delegate` with `route`).
   */
  readonly redirect?: RedirectSpec;
  readonly directResponse?: DirectResponseSpec;
  readonly delegate?: DelegateSpec;
  /** Which kind of intent produced the route. */
  readonly origin: RouteOrigin;
  /** Construct path (or `file#doc`) that asked for this route. */
  readonly source?: string;
}

export interface OutlierDetectionSpec {
  readonly consecutive5xxErrors?: number;
  readonly consecutiveGatewayErrors?: number;
  readonly intervalMs?: number;
  readonly baseEjectionTimeMs?: number;
  readonly maxEjectionPercent?: number;
  readonly minHealthPercent?: number;
}

export interface ConnectionPoolSpec {
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
  readonly http1MaxPendingRequests?: number;
  readonly http2MaxRequests?: number;
  readonly maxRequestsPerConnection?: number;
  readonly maxRetries?: number;
  readonly idleTimeoutMs?: number;
  readonly h2UpgradePolicy?: 'DEFAULT' | 'DO_NOT_UPGRADE' | 'UPGRADE';
}

export type SimpleLoadBalancer = 'LEAST_CONN' | 'RANDOM' | 'PASSTHROUGH' | 'ROUND_ROBIN' | 'LEAST_REQUEST';

export interface LoadBalancerSpec {
  readonly simple?: SimpleLoadBalancer;
  /** Consistent hashing on a request header (sticky sessions per user). */
  readonly consistentHashHeader?: string;
}

/** Client-side TLS of a DestinationRule (`trafficPolicy.tls.mode`). */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export interface ClientTlsSpec {
  readonly mode: ClientTlsMode;
}

/** A DestinationRule `trafficPolicy`, service-wide or per subset. */
export interface TrafficPolicySpec {
  readonly outlierDetection?: OutlierDetectionSpec;
  readonly connectionPool?: ConnectionPoolSpec;
  readonly loadBalancer?: LoadBalancerSpec;
  /** `ISTIO_MUTUAL` on everything we render: the sidecars' mTLS with workload identities. */
  readonly tls?: ClientTlsSpec;
}

/** One model version: an Istio subset and what serves it. */
export interface VersionTarget {
  /** Subset name: the version id, a DNS-1123 label. */
  readonly name: string;
  /** Pod labels that select the version's workload. */
  readonly labels: Readonly<Record<string, string>>;
  readonly trafficPolicy?: TrafficPolicySpec;
  /** Serving backend, for reports (`deployment`, `kserve-standard`, `kserve-knative`). */
  readonly backend?: string;
  readonly replicas?: number;
  readonly gpus?: number;
  /** What the version serves, for reports: its container image, or its KServe storage URI. */
  readonly artifact?: string;
  /** The Kubernetes ServiceAccount the version's pods run under (its mesh identity). */
  readonly serviceAccount?: string;
  /** Whether the version's compute resources were declared, defaulted by us, or waived (with the reason). */
  readonly resources?: ResourcesOrigin;
  /** An adopted version's workload name (Istio's `destination_workload`), when declared. */
  readonly workload?: string;
  /** How Gateways reach the version when an InferencePool serves it (LLM serving): Gateway routes name the pool. */
  readonly inferencePool?: InferencePoolTarget;
}

/**
 * A version served through an InferencePool (Gateway API Inference Extension, `inference.networking.k8s.io/v1`):
 * its pods by the version's labels, the ports they serve on, and the endpoint picker that chooses the pod per request.
 */
export interface InferencePoolTarget {
  /** Pod ports the pool's endpoints serve on (1 to 8, unique). */
  readonly targetPorts: readonly number[];
  /** The endpoint picker's Service (in the pool's namespace) and port. */
  readonly endpointPicker: { readonly service: string; readonly port: number; readonly failureMode: 'FailOpen' | 'FailClose' };
}

export interface ResourcesOrigin {
  readonly origin: 'declared' | 'defaulted' | 'waived';
  /** The waiver's reason. */
  readonly reason?: string;
}

/** Server-side mTLS of a namespace (PeerAuthentication `mtls.mode`). */
export type PeerMtlsMode = 'STRICT' | 'PERMISSIVE';

/** Who may call a workload: one Istio AuthorizationPolicy `source`. */
export interface CallerSpec {
  /** For reports: e.g. `service account frontend/recsys-api`, `ModelService content-ranking`. */
  readonly description: string;
  /** SPIFFE-style principals `cluster.local/ns/<ns>/sa/<sa>`. */
  readonly principals?: readonly string[];
  /** Namespaces of the callers' identities. */
  readonly namespaces?: readonly string[];
}

/** A model service's access control: an ALLOW AuthorizationPolicy over its pods. */
export interface ServiceAccessSpec {
  /**
   * The port (the pods' target port) the rule allows: Istio authorizes after the Service's port
   * mapping. Undefined in Knative mode, where requests reach the pods through the queue-proxy.
   */
  readonly port?: number;
  /** Pod labels the policy selects. */
  readonly selector: Readonly<Record<string, string>>;
  /** Allowed callers; empty means nobody may call (an ALLOW policy without rules denies everything). */
  readonly callers: readonly CallerSpec[];
  /** Server-side mTLS of the service's namespace. */
  readonly mtls?: PeerMtlsMode;
}

/**
 * The default route's split as a CanaryRollout declared it: which version is the champion and which
 * are challengers (the weights are the default route's). Alerts, gates and reports need the roles.
 */
export interface CanarySplit {
  readonly champion: string;
  readonly challengers: readonly string[];
  /** Construct path of the CanaryRollout. */
  readonly source?: string;
  /**
   * Who moves the weights: `static` (they live in code, reviewed and applied by GitOps) or
   * `argo-rollouts` (an Argo Rollout steps the first challenger through `stages`).
   */
  readonly delivery: 'static' | 'argo-rollouts';
  /** The stage plan, when one was given (always in progressive mode). */
  readonly stages?: readonly CanaryStageSpec[];
  /** Metric gates checked after each hold (progressive mode). */
  readonly gates?: CanaryGatesSpec;
  /** Names of the routes whose weights Argo Rollouts moves (progressive mode). */
  readonly managedRoutes?: readonly string[];
  /**
   * Progressive mode, first apply: the Rollout is new in the cluster and holds the champion's
   * template (Argo applies a new Rollout's first template at once, without steps).
   */
  readonly firstApply?: boolean;
  /** Progressive mode: the Rollout's replicas (the champion's), for the timeline's pod counts. */
  readonly replicas?: number;
}

/** One stage of a canary: the challenger's percent, held for `holdMs` before the gates run. */
export interface CanaryStageSpec {
  readonly percent: number;
  /** Absent on the last stage (100%): reaching it is the promotion. */
  readonly holdMs?: number;
}

/** Limits of the metric gates between stages. */
export interface CanaryGatesSpec {
  /** Challenger P99 over champion P99, percent. */
  readonly maxLatencyRegressionPercent: number;
  /** Challenger 5xx ratio, percent. */
  readonly maxErrorRatePercent: number;
  /** Query window, whole seconds. */
  readonly windowMs: number;
  /** Requests per second to the challenger below which a gate is inconclusive (never passed). */
  readonly minRequestRate: number;
  /** Prometheus the analysis queries. */
  readonly prometheusAddress: string;
}

/** Alert thresholds and dashboard switches of a service (Observability), resolved to plain numbers. */
export interface MonitoringSpec {
  /** Rate window of every query, whole seconds. */
  readonly windowMs: number;
  /** How long a condition must hold before an alert fires. */
  readonly forMs: number;
  /** 5xx ratio above which a version alerts, percent. */
  readonly maxErrorRatePercent: number;
  /** Challenger P99 over champion P99 above which the challenger alerts, percent. */
  readonly maxLatencyRegressionPercent: number;
  /** Requests per second below which a version's ratios and quantiles are not judged. */
  readonly minRequestRate: number;
  /** `severity` label of the alerts. */
  readonly severity: string;
  /** Extra labels of the PrometheusRule (for Prometheus' ruleSelector). */
  readonly ruleLabels?: Readonly<Record<string, string>>;
  /** Whether a Grafana dashboard is emitted. */
  readonly dashboard: boolean;
  /** Where the model servers expose their own metrics (a PodMonitor scrapes them). */
  readonly modelMetrics?: { readonly port: number; readonly path: string };
}

/**
 * One Istio `TCPRoute` or `TLSRoute` (`spec.tcp[]`, `spec.tls[]`): L4 forwarding by port (and
 * SNI for TLS). Read from YAML for `diff` and `import` (which refuses it); constructs never
 * produce one (the library routes HTTP).
 */
export interface StreamRouteRule {
  readonly protocol: 'tcp' | 'tls';
  /** Conditions in words-ready form: `port`, `sniHosts`, `gateways`; empty is every connection. */
  readonly matches: ReadonlyArray<{ readonly port?: number; readonly sniHosts?: readonly string[]; readonly gateways?: readonly string[] }>;
  readonly destinations: readonly WeightedDestination[];
  /** `file#doc spec.tcp[i]`. */
  readonly source?: string;
}

/** Everything that decides how requests to one model's stable host are routed. */
export interface ServiceRouting {
  /** The model name: the Service, VirtualService and DestinationRule name. */
  readonly name: string;
  readonly namespace?: string;
  /** The stable host callers use, e.g. `content-ranking.ml-serving.svc.cluster.local`. */
  readonly host: string;
  readonly port?: number;
  readonly versions: readonly VersionTarget[];
  /** HTTP routes in evaluation order: explicit matches, experiments, then one default route. */
  readonly routes: readonly HttpRouteRule[];
  /** TCP and TLS routes, when read from YAML. */
  readonly streamRoutes?: readonly StreamRouteRule[];
  readonly trafficPolicy?: TrafficPolicySpec;
  /** Who may call the service (constructs only; not read back from YAML). */
  readonly access?: ServiceAccessSpec;
  /** Roles in the default route's split, when a CanaryRollout declared them. */
  readonly canary?: CanarySplit;
  /** Alerts and dashboard settings, unless observability is disabled. */
  readonly monitoring?: MonitoringSpec;
  /** Construct path of the ModelService, or the file the routing was read from. */
  readonly source?: string;
  /**
   * Who routes the host when it is not a VirtualService of ours (KServe in Knative mode), in
   * words; explanations say it first.
   */
  readonly routedBy?: string;
  /**
   * The API whose objects the routing was read from, when not Istio's VirtualService/DestinationRule:
   * `knative` (KServe's own routing of a Knative-mode InferenceService) or `gateway-api` (HTTPRoutes
   * and GRPCRoutes attached to the Service, GAMMA). `import` treats each differently.
   */
  readonly readFrom?: 'knative' | 'gateway-api';
}

/** The routing of one ingress gateway: a gateway-bound VirtualService over several model services. */
export interface GatewayRouting {
  /** `<namespace>/<name>` of the Gateway. */
  readonly gateway: string;
  readonly hosts: readonly string[];
  /** The gateway's routes, as one service whose host is the first external host. */
  readonly routing: ServiceRouting;
}

/** The whole app's routing. */
export interface RouteTable {
  readonly services: readonly ServiceRouting[];
  /** Ingress gateways (ModelIngress), when the table comes from constructs. */
  readonly gateways?: readonly GatewayRouting[];
  /** Namespace-wide mesh security (PeerAuthentication, default deny), when known. */
  readonly namespaces?: readonly NamespaceSecuritySpec[];
  /** What the manifests assume about the cluster, in words (constructs only). */
  readonly clusterAssumptions?: readonly string[];
}

/** One namespace's PeerAuthentication and default-deny policy. */
export interface NamespaceSecuritySpec {
  /** Undefined when the chart has no namespace (the objects land where they are applied). */
  readonly namespace?: string;
  readonly mtls: PeerMtlsMode;
  /** Why PERMISSIVE was chosen (a migration), for the report. */
  readonly permissiveReason?: string;
  readonly defaultDeny: boolean;
  readonly source?: string;
}
