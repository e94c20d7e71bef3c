/**
 * Public (jsii) result types of `Routing.diff`: what a change to VirtualService/DestinationRule
 * manifests changes in routing, per model host, in words and in numbers.
 */

/** What happened to a host between the two route tables. */
export enum HostChangeKind {
  /** The host only exists in the new routing. */
  ADDED = 'ADDED',
  /** The host only exists in the old routing. */
  REMOVED = 'REMOVED',
  /** The host was renamed (same versions and routes, possibly with further changes). */
  RENAMED = 'RENAMED',
  /** The host exists in both and its routing changed. */
  CHANGED = 'CHANGED',
}

/** Kind of one routing change. */
export enum RoutingChangeKind {
  /** A host was added. */
  HOST_ADDED = 'HOST_ADDED',
  /** A host was removed. */
  HOST_REMOVED = 'HOST_REMOVED',
  /** A host was renamed. */
  HOST_RENAMED = 'HOST_RENAMED',
  /** A destination's share of a route's traffic changed. */
  SHARE = 'SHARE',
  /** A mirror was added, removed, or its percent changed. */
  MIRROR = 'MIRROR',
  /** A route was added. */
  ROUTE_ADDED = 'ROUTE_ADDED',
  /** A route was removed. */
  ROUTE_REMOVED = 'ROUTE_REMOVED',
  /** Two routes swapped order and requests matching both now get a different outcome. */
  ROUTE_REORDERED = 'ROUTE_REORDERED',
  /** A route's name changed (its conditions did not). */
  ROUTE_RENAMED = 'ROUTE_RENAMED',
  /** A route's match conditions changed. */
  MATCH = 'MATCH',
  /** A route changed between forwarding, redirecting, answering directly or delegating. */
  ACTION = 'ACTION',
  /** A route's timeout changed. */
  TIMEOUT = 'TIMEOUT',
  /** A route's retry policy changed. */
  RETRIES = 'RETRIES',
  /** A route's injected faults changed. */
  FAULT = 'FAULT',
  /** A route's path or authority rewrite changed. */
  REWRITE = 'REWRITE',
  /** A route's header operations (route or destination level) changed. */
  HEADERS = 'HEADERS',
  /** A route's CORS policy changed. */
  CORS = 'CORS',
  /** A TCP or TLS route was added, removed, or its destinations or conditions changed. */
  STREAM_ROUTE = 'STREAM_ROUTE',
  /** A version (DestinationRule subset) was added. */
  VERSION_ADDED = 'VERSION_ADDED',
  /** A version (DestinationRule subset) was retired. */
  VERSION_RETIRED = 'VERSION_RETIRED',
  /** A version's pod labels changed. */
  VERSION_LABELS = 'VERSION_LABELS',
  /** A DestinationRule traffic policy (circuit breaker, connection pool, load balancer) changed. */
  POLICY = 'POLICY',
}

/** One change, in words and as before/after values. */
export interface RoutingChange {
  readonly kind: RoutingChangeKind;
  /**
   * The route it concerns (`default`, a route name, or `route #2`).
   * @default - not about a single route
   */
  readonly route?: string;
  /** What changed, e.g. `v47 share of default traffic`, `timeout`, `load balancer`. */
  readonly subject: string;
  /**
   * The old value in words.
   * @default - did not exist
   */
  readonly before?: string;
  /**
   * The new value in words.
   * @default - no longer exists
   */
  readonly after?: string;
}

/** A destination's share of one route's traffic, before and after (computed by the evaluator). */
export interface ShareChange {
  /** The route (`default` for the catch-all). */
  readonly route: string;
  /** The version (subset), or `host/subset` for another host. */
  readonly destination: string;
  /** Share before, 0..100. */
  readonly beforePercent: number;
  /** Share after, 0..100. */
  readonly afterPercent: number;
}

/** Everything that changed for one host. */
export interface HostDiff {
  /** Short name for people: the Service name, with the namespace when names repeat. */
  readonly name: string;
  /** The host's FQDN (the new one when renamed, the old one when removed). */
  readonly host: string;
  /**
   * The old FQDN when the host was renamed.
   * @default - not renamed
   */
  readonly previousHost?: string;
  readonly kind: HostChangeKind;
  /**
   * Whose traffic the change affects: `mesh` (sidecar to sidecar) or the gateway it enters
   * through, as `namespace/name`.
   * @default - mesh
   */
  readonly view?: string;
  /** One sentence: every change joined with `; `. */
  readonly summary: string;
  /** The review risk in a few words, e.g. `challenger share up 15 points`. */
  readonly risk: string;
  readonly changes: RoutingChange[];
  /** Destination shares that changed, per route. */
  readonly shares: ShareChange[];
}

/** What changed in routing between two route tables. */
export interface RoutingDiff {
  /** Whether any routing changed. */
  readonly changed: boolean;
  /** Hosts whose routing changed, in the order of the new routing (removed hosts last). */
  readonly hosts: HostDiff[];
}
