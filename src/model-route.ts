import { Duration } from 'cdk8s';
import { FaultInjection } from './fault-injection';
import { RequestMatch } from './request-match';
import { RetryPolicy } from './retry-policy';

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
}

/** A route that sends matching requests to one version; created by `ModelService.routeMatching`. */
export class ModelRoute {
  /** Route name. */
  public readonly name: string;
  /** Which requests the route applies to. */
  public readonly match: RequestMatch;
  /** Version that receives all matching requests. */
  public readonly version: string;
  /** Per-route overrides. */
  public readonly options: RouteOptions;

  constructor(name: string, match: RequestMatch, version: string, options: RouteOptions = {}) {
    this.name = name;
    this.match = match;
    this.version = version;
    this.options = options;
  }
}
