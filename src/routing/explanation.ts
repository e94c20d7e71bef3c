/**
 * Public (jsii) result types of `explain`: which route a request matches and which model
 * versions it reaches. Produced by `evaluate()` from a route table.
 */

/** A request to explain. Every field is optional; the defaults describe a plain `GET /`. */
export interface ExplainRequest {
  /**
   * Request headers, name → value. Names are case-insensitive (Envoy lower-cases them).
   * @default - no headers
   */
  readonly headers?: Record<string, string>;
  /**
   * Request path, optionally with a query string (`/rank?user=42`). Exact and regex URI
   * matches see the path without query; prefix matches see the whole `:path`, as in Envoy.
   * @default "/"
   */
  readonly uri?: string;
  /**
   * A gRPC call, as `package.Service/Method`: the request becomes `POST /package.Service/Method`
   * with `content-type: application/grpc`, as gRPC sends it over HTTP/2.
   * @default - not a gRPC call
   */
  readonly grpcMethod?: string;
  /**
   * HTTP method (the `:method` pseudo-header).
   * @default "GET"
   */
  readonly method?: string;
  /**
   * Authority (`:authority`/`Host`) the client sends.
   * @default - the service's host
   */
  readonly authority?: string;
  /**
   * Scheme (`:scheme`).
   * @default "http"
   */
  readonly scheme?: string;
  /**
   * Port the client calls; matched against `match[].port`.
   * @default - the service's port, or 80 when it is unknown
   */
  readonly port?: number;
  /**
   * Query parameters, merged over (and winning against) those in `uri`.
   * @default - only those in `uri`
   */
  readonly queryParams?: Record<string, string>;
  /**
   * Labels of the calling workload; matched against `match[].sourceLabels`.
   * @default - no labels
   */
  readonly sourceLabels?: Record<string, string>;
  /**
   * Namespace of the calling workload; matched against `match[].sourceNamespace`.
   * @default - unknown: matches with a sourceNamespace do not apply
   */
  readonly sourceNamespace?: string;
  /**
   * Gateway the request passes through (`mesh` for sidecar-to-sidecar traffic).
   * @default "mesh"
   */
  readonly gateway?: string;
}

/** What the proxy does with a request. */
export enum RouteOutcome {
  /** Forwarded to one of the destinations. */
  FORWARD = 'FORWARD',
  /** Answered with an HTTP redirect (`redirect`). */
  REDIRECT = 'REDIRECT',
  /** Answered by the proxy itself (`directResponse`). */
  DIRECT_RESPONSE = 'DIRECT_RESPONSE',
  /** Handed to a delegate VirtualService, which explain does not follow. */
  DELEGATE = 'DELEGATE',
  /** No route matches: Envoy answers 404 (response flag `NR`). */
  NO_ROUTE = 'NO_ROUTE',
}

/** The route that matched. */
export interface ExplainedRoute {
  /**
   * 0-based index in the VirtualService's `http` list; -1 for Istio's implicit default route
   * of a host without VirtualService (all traffic to the host, no subset).
   */
  readonly index: number;
  /**
   * Route name (`http[].name`).
   * @default - the route has no name
   */
  readonly name?: string;
  /**
   * Index of the match block (`http[].match[i]`) that matched.
   * @default - the route has no match blocks (catch-all)
   */
  readonly matchIndex?: number;
  /**
   * Construct path or `file#document` that produced the route.
   * @default - unknown
   */
  readonly source?: string;
}

/** A destination and the share of matched requests it receives. */
export interface ExplainedDestination {
  readonly host: string;
  /**
   * Subset (model version).
   * @default - the whole host, no subset
   */
  readonly subset?: string;
  /**
   * Destination port.
   * @default - the port the client called
   */
  readonly port?: number;
  /** Share of the route's requests, 0..100 (weight / sum of weights). */
  readonly percent: number;
  /**
   * Header operations applied only when this destination is chosen, e.g. a response header
   * naming the version that answered.
   * @default - none
   */
  readonly headers?: ExplainedHeaders;
}

/** Istio header operations, applied in the order set, add, remove. */
export interface ExplainedHeaderOperations {
  /**
   * Headers set (overwritten).
   * @default - none
   */
  readonly set?: Record<string, string>;
  /**
   * Headers appended.
   * @default - none
   */
  readonly add?: Record<string, string>;
  /**
   * Headers removed.
   * @default - none
   */
  readonly remove?: string[];
}

/** Header operations on the forwarded request and on the response returned to the caller. */
export interface ExplainedHeaders {
  /**
   * Operations on the request before it is forwarded.
   * @default - none
   */
  readonly request?: ExplainedHeaderOperations;
  /**
   * Operations on the response before it is returned.
   * @default - none
   */
  readonly response?: ExplainedHeaderOperations;
}

/** The route's CORS policy, and whether the request's `Origin` passes it. */
export interface ExplainedCors {
  /** Allowed origins in words: `exact "https://app.example.com"`, `regex "https://.*\\.example\\.com"`. */
  readonly allowOrigins: string[];
  /**
   * Allowed methods.
   * @default - none listed
   */
  readonly allowMethods?: string[];
  /**
   * Allowed request headers.
   * @default - none listed
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers the browser may read.
   * @default - none listed
   */
  readonly exposeHeaders?: string[];
  /**
   * How long browsers cache a preflight answer, in milliseconds.
   * @default - not set
   */
  readonly maxAgeMs?: number;
  /**
   * Whether credentials are allowed.
   * @default - not set
   */
  readonly allowCredentials?: boolean;
  /**
   * Whether the request's `Origin` header matches an allowed origin.
   * @default - the request has no Origin header
   */
  readonly originAllowed?: boolean;
}

/** How the proxy rewrites the request before forwarding it. */
export interface ExplainedRewrite {
  /**
   * The `:path` the destination receives.
   * @default - unchanged
   */
  readonly path?: string;
  /**
   * The `:authority` (Host) the destination receives.
   * @default - unchanged
   */
  readonly authority?: string;
}

/** A mirror (shadow) target; the proxy sends a copy and discards the response. */
export interface ExplainedMirror {
  readonly host: string;
  /**
   * Subset (model version).
   * @default - the whole host, no subset
   */
  readonly subset?: string;
  /**
   * Destination port of the copies.
   * @default - the port the client called
   */
  readonly port?: number;
  /** Share of the route's requests that is copied, 0..100. */
  readonly percent: number;
}

/** Kind of injected fault. */
export enum FaultKind {
  /** A fixed delay before forwarding. */
  DELAY = 'DELAY',
  /** An immediate error response. */
  ABORT = 'ABORT',
}

/** A fault the route injects. */
export interface ExplainedFault {
  readonly kind: FaultKind;
  /** Share of the route's requests affected, 0..100. */
  readonly percent: number;
  /**
   * Delay in milliseconds.
   * @default - not a delay
   */
  readonly delayMs?: number;
  /**
   * HTTP status returned.
   * @default - not an abort
   */
  readonly httpStatus?: number;
}

/** Retry policy of the matched route. */
export interface ExplainedRetries {
  readonly attempts: number;
  /**
   * Timeout of each attempt in milliseconds.
   * @default - the route timeout
   */
  readonly perTryTimeoutMs?: number;
  /**
   * Istio `retryOn` conditions.
   * @default - Envoy's defaults
   */
  readonly retryOn?: string[];
}

/** Redirect answered by the proxy. */
export interface ExplainedRedirect {
  /** HTTP status code (301 unless set). */
  readonly code: number;
  /**
   * Replacement path.
   * @default - unchanged
   */
  readonly uri?: string;
  /**
   * Replacement authority.
   * @default - unchanged
   */
  readonly authority?: string;
  /**
   * Replacement scheme.
   * @default - unchanged
   */
  readonly scheme?: string;
  /**
   * Replacement port.
   * @default - unchanged
   */
  readonly port?: number;
}

/** Response the proxy answers with itself. */
export interface ExplainedDirectResponse {
  readonly status: number;
  /**
   * Response body.
   * @default - empty
   */
  readonly body?: string;
}

/** Delegation to another VirtualService. */
export interface ExplainedDelegate {
  readonly name: string;
  /**
   * Namespace of the delegate.
   * @default - the root VirtualService's namespace
   */
  readonly namespace?: string;
}

/** Why a request goes where it goes. */
export interface Explanation {
  /** The host that was explained (FQDN). */
  readonly host: string;
  readonly outcome: RouteOutcome;
  /**
   * The route that matched.
   * @default - no route matched (outcome NO_ROUTE)
   */
  readonly matchedRoute?: ExplainedRoute;
  /** Destinations with their shares; empty unless the outcome is FORWARD. */
  readonly destinations: ExplainedDestination[];
  /** Mirrors with their shares. */
  readonly mirrors: ExplainedMirror[];
  /** Faults injected on the matched route. */
  readonly faults: ExplainedFault[];
  /**
   * Route timeout in milliseconds.
   * @default - no timeout set on the route (Istio disables the route timeout)
   */
  readonly timeoutMs?: number;
  /**
   * Retry policy set on the route.
   * @default - none set on the route (the mesh default applies)
   */
  readonly retries?: ExplainedRetries;
  /**
   * Header operations of the matched route (per-destination operations are on each destination).
   * @default - none
   */
  readonly headers?: ExplainedHeaders;
  /**
   * The rewrite applied before forwarding.
   * @default - none
   */
  readonly rewrite?: ExplainedRewrite;
  /**
   * The route's CORS policy.
   * @default - none
   */
  readonly cors?: ExplainedCors;
  /**
   * The redirect, when the outcome is REDIRECT.
   * @default - not a redirect
   */
  readonly redirect?: ExplainedRedirect;
  /**
   * The direct response, when the outcome is DIRECT_RESPONSE.
   * @default - not a direct response
   */
  readonly directResponse?: ExplainedDirectResponse;
  /**
   * The delegate, when the outcome is DELEGATE.
   * @default - not delegated
   */
  readonly delegate?: ExplainedDelegate;
  /**
   * Set when Argo Rollouts moves the matched route's weights at run time: `destinations` are
   * then the weights as written in the manifests (at rest), and this is the plan Argo follows.
   * @default - the route's weights are static
   */
  readonly progressive?: ExplainedProgressive;
  /**
   * Who routes the host when no VirtualService of ours does, e.g. KServe for a Knative-mode model.
   * @default - the host's VirtualService (or Istio's default route)
   */
  readonly routedBy?: string;
  /** One line per route tried, in order, saying why it did or did not match. */
  readonly trace: string[];
}

/** A route whose weights a progressive-delivery controller moves. */
export interface ExplainedProgressive {
  /** The controller: `argo-rollouts`. */
  readonly engine: string;
  /** The version (subset) Argo treats as stable: the champion. */
  readonly stable: string;
  /** The version (subset) Argo steps through the stages: the challenger. */
  readonly canary: string;
  /** The canary's percent per stage, in order; the last is 100 (the promotion). */
  readonly stages: ExplainedStage[];
  /**
   * The moment of the rollout the weights above are shown at (`explain --stage`).
   * @default - the weights as written (at rest)
   */
  readonly moment?: ExplainedMoment;
}

/** One moment of a progressive rollout: the canary's weight and the pods behind each subset. */
export interface ExplainedMoment {
  /** `rest`, `start`, a stage number, `aborted` or `promoted`. */
  readonly id: string;
  /** The canary's percent of every managed route. */
  readonly canaryPercent: number;
  /** Pods the canary subset selects at this moment. */
  readonly canaryPods: number;
  /** Version (pod template) of the pods the canary subset selects. */
  readonly canaryPodVersion: string;
  /** Pods the stable subset selects at this moment. */
  readonly stablePods: number;
  /** Version (pod template) of the pods the stable subset selects. */
  readonly stablePodVersion: string;
  /** What happens at this moment. */
  readonly what: string;
}

/** One stage of a progressive canary. */
export interface ExplainedStage {
  /** The canary's percent of the route. */
  readonly percent: number;
  /**
   * How long the stage is held before the gates run, in milliseconds.
   * @default - no hold (the last stage)
   */
  readonly holdMs?: number;
}
