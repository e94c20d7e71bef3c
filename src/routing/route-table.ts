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

/** A destination of a route: a host, usually a subset (model version), and a relative weight. */
export interface WeightedDestination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** Istio relative weight; a destination's share is weight / sum of weights. */
  readonly weight: number;
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
}

/** The whole app's routing. */
export interface RouteTable {
  readonly services: readonly ServiceRouting[];
  /** Namespace-wide mesh security (PeerAuthentication, default deny), when known. */
  readonly namespaces?: readonly NamespaceSecuritySpec[];
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
