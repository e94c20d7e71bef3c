import { Duration } from 'cdk8s';
import { RETRY_ON_POLICIES, retryOnItemError } from '../check/webhook/retries';
import { RetryPolicySpec } from '../routing/route-table';
import { at, checkArray, checkInt, checkObject, checkOptionalDuration, fail, show, Where } from '../util/checks';

/** How the sidecar retries failed requests to a model version. */
export interface RetryPolicy {
  /** Number of retries; 0 disables retries. */
  readonly attempts: number;
  /**
   * Timeout per attempt, including the first.
   * @default - the route timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions that trigger a retry: Envoy policies such as `5xx`, `gateway-error`,
   * `connect-failure`, `retriable-4xx`, `reset`, gRPC codes such as `unavailable`, or HTTP
   * status codes such as `503`.
   * @default - Istio's default, `connect-failure,refused-stream,unavailable,cancelled`
   */
  readonly retryOn?: string[];
}

/** @internal validate and convert to the route table's retry spec */
export function toRetrySpec(policy: RetryPolicy, where: Where): RetryPolicySpec {
  checkObject(policy, where, '{ attempts, perTryTimeout?, retryOn? }');
  const attempts = checkInt(policy.attempts, at(where, 'attempts'), 0, 2147483647);
  const perTryTimeoutMs = checkOptionalDuration(policy.perTryTimeout, at(where, 'perTryTimeout'));
  const allowed = `a list of ${RETRY_ON_POLICIES.join(', ')}, or HTTP status codes`;
  if (policy.retryOn !== undefined) {
    checkArray(policy.retryOn, at(where, 'retryOn'), (item, w) => {
      // The webhook's own rule, so the constructs accept exactly what Istio accepts.
      if (typeof item !== 'string' || retryOnItemError(item)) fail(w, `${show(item)} is not a valid retryOn policy`, allowed);
      return item;
    }, allowed);
  }
  if (attempts === 0 && (perTryTimeoutMs !== undefined || policy.retryOn?.length)) {
    fail(where, 'perTryTimeout and retryOn need attempts > 0 (Istio: "http retry policy configured when attempts are set to 0 (disabled)")', 'attempts > 0, or attempts: 0 without perTryTimeout and retryOn');
  }
  return { attempts, perTryTimeoutMs, retryOn: policy.retryOn ? [...policy.retryOn] : undefined };
}
