import { Duration } from 'cdk8s';
import { ModelVersionOptions } from '../backends/model-version';
import { Observability } from '../observability/observability';
import { ICaller } from '../security/caller';
import { CircuitBreaker } from '../values/circuit-breaker';
import { ConnectionPool } from '../values/connection-pool';
import { FaultInjection } from '../values/fault-injection';
import { LoadBalancer } from '../values/load-balancer';
import { RetryPolicy } from '../values/retry-policy';
import { CorsPolicy, RouteHeaders } from '../values/route-action';

/** Props of a ModelService. */
export interface ModelServiceProps {
  /**
   * The model's name. It names the Kubernetes Service (the stable host
   * `<modelName>.<namespace>.svc.cluster.local`), the VirtualService and the DestinationRule.
   * A DNS-1035 label: lower case letters, digits and '-', starting with a letter.
   */
  readonly modelName: string;
  /**
   * Namespace of every object the service creates.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Port of the stable Service (and of the model containers unless a version overrides it).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Live versions of the model. More can be added with `addVersion()`.
   * @default - none; add at least one before synthesis
   */
  readonly versions?: ModelVersionOptions[];
  /**
   * Version that receives the default route when no CanaryRollout splits it.
   * @default - the first version
   */
  readonly defaultVersion?: string;
  /**
   * Request timeout of every route.
   * @default - no timeout (Istio's default)
   */
  readonly timeout?: Duration;
  /**
   * Retries of every route.
   * @default - Istio's mesh default (2 attempts on connect-failure, refused-stream, unavailable, cancelled)
   */
  readonly retries?: RetryPolicy;
  /**
   * Circuit breaker (outlier detection) for every version.
   * @default - none
   */
  readonly circuitBreaker?: CircuitBreaker;
  /**
   * Connection pool limits for every version.
   * @default - Istio's defaults
   */
  readonly connectionPool?: ConnectionPool;
  /**
   * Load balancing across a version's pods.
   * @default - Istio's default (LEAST_REQUEST)
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Fault injection on every route, for resilience tests.
   * @default - none
   */
  readonly fault?: FaultInjection;
  /**
   * Header operations on every route (request and response), e.g. pass tracing context on.
   * A route's own operations are applied after these.
   * @default - none
   */
  readonly headers?: RouteHeaders;
  /**
   * Name of the Kubernetes Service, which also names the stable host
   * `<serviceName>.<namespace>.svc.cluster.local`. Set it to take over an existing Service.
   * @default - the modelName
   */
  readonly serviceName?: string;
  /**
   * Name of the VirtualService (to take over an existing one in place, e.g. `content-ranking-vs`).
   * @default - the modelName
   */
  readonly virtualServiceName?: string;
  /**
   * Name of the DestinationRule (to take over an existing one in place, e.g. `content-ranking-dr`).
   * @default - the modelName
   */
  readonly destinationRuleName?: string;
  /**
   * Labels the stable Service selects pods by. Every version's pods must carry them: pods we
   * create get them; required when a version adopts existing pods (`ModelBackend.existing`),
   * which may not carry our default label.
   * @default - `app.kubernetes.io/name: <modelName>`
   */
  readonly selector?: { [key: string]: string };
  /**
   * CORS policy of every route (a route's own `cors` replaces it).
   * @default - none
   */
  readonly cors?: CorsPolicy;
  /**
   * Response header naming the version that answered (e.g. `x-model-version: v47`), set per
   * destination so it is right on split routes too.
   * @default - none
   */
  readonly versionHeader?: string;
  /**
   * Who may call the service: `Caller.serviceAccount(ns, name)`, `Caller.namespace(ns)`,
   * `Caller.ingressGateway()`, or another ModelService. Rendered as an ALLOW AuthorizationPolicy
   * on the service's pods; anyone else is denied. More with `grantInvoke()`.
   * @default - nobody: every request to the service is denied until a caller is allowed
   */
  readonly allowedCallers?: ICaller[];
  /**
   * Per-version alerts (a PrometheusRule) and a Grafana dashboard from Istio's metrics.
   * @default Observability.enabled()
   */
  readonly observability?: Observability;
}
