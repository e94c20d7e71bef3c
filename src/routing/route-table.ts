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

/** A DestinationRule `trafficPolicy`, service-wide or per subset. */
export interface TrafficPolicySpec {
  readonly outlierDetection?: OutlierDetectionSpec;
  readonly connectionPool?: ConnectionPoolSpec;
  readonly loadBalancer?: LoadBalancerSpec;
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
}
