import { Duration } from 'cdk8s';
import { FaultInjection } from './fault-injection';
import { RequestMatch } from './request-match';
import { RetryPolicy } from './retry-policy';
import { CorsPolicy, DirectResponse, Redirect, Rewrite, RouteHeaders } from './route-action';

/** Options of a route that answers without calling a model (`redirectMatching`, `respondMatching`). */
export interface ActionRouteOptions {
  /**
   * Route name (`http[].name`), shown in reports, explanations and Envoy stats.
   * @default - `redirect` or `direct-response`, numbered when repeated
   */
  readonly name?: string;
  /**
   * Header operations of this route, after the service's.
   * @default - the service's header operations
   */
  readonly headers?: RouteHeaders;
}

/** Options of a matched route (`ModelService.routeMatching`). */
export interface RouteOptions {
  /**
   * Route name (`http[].name`), shown in reports, explanations and Envoy stats.
   * @default - `match-to-<version>`, numbered when repeated
   */
  readonly name?: string;
  /**
   * Request timeout for this route.
   * @default - the service's timeout
   */
  readonly timeout?: Duration;
  /**
   * Retries for this route.
   * @default - the service's retries
   */
  readonly retries?: RetryPolicy;
  /**
   * Fault injection for this route.
   * @default - the service's fault injection
   */
  readonly fault?: FaultInjection;
  /**
   * Header operations of this route, applied after the service's (the route's win on the same name).
   * @default - the service's header operations
   */
  readonly headers?: RouteHeaders;
  /**
   * Path or authority rewrite before the request is forwarded.
   * @default - no rewrite
   */
  readonly rewrite?: Rewrite;
  /**
   * CORS policy of this route (replaces the service's).
   * @default - the service's CORS policy
   */
  readonly cors?: CorsPolicy;
}

/**
 * A route created by `ModelService.routeMatching` (sends matching requests to one version),
 * `redirectMatching` or `respondMatching` (the proxy answers itself).
 */
export class ModelRoute {
  /** Route name. */
  public readonly name: string;
  /** Which requests the route applies to. */
  public readonly match: RequestMatch;
  /**
   * Version that receives all matching requests.
   * @default - none: the route redirects or answers directly
   */
  public readonly version?: string;
  /** Per-route overrides. */
  public readonly options: RouteOptions;
  /**
   * The redirect the proxy answers with.
   * @default - not a redirect
   */
  public readonly redirect?: Redirect;
  /**
   * The response the proxy answers with.
   * @default - not a direct response
   */
  public readonly directResponse?: DirectResponse;

  constructor(name: string, match: RequestMatch, version: string | undefined, options: RouteOptions = {},
    redirect?: Redirect, directResponse?: DirectResponse) {
    this.name = name;
    this.match = match;
    this.version = version;
    this.options = options;
    this.redirect = redirect;
    this.directResponse = directResponse;
  }
}
