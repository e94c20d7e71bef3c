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
}
