import { Duration } from 'cdk8s';
import { RetryPolicySpec } from './routing/route-table';
import { at, checkInt, checkOptionalDuration, fail, Where } from './util/checks';

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

/** Every `retryOn` policy Istio 1.30 accepts (validateHTTPRetry), besides HTTP status codes. */
export const RETRY_ON_POLICIES = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx',
  'refused-stream', 'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited',
  'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal',
  'resource-exhausted', 'unavailable',
];

/** Status codes Go's http.StatusText knows: Istio accepts only these as retryOn codes. */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304,
  305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
  416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505,
  506, 507, 508, 510, 511,
]);

export function isValidRetryOn(item: string): boolean {
  return RETRY_ON_POLICIES.includes(item) || (/^\d+$/.test(item) && KNOWN_STATUS.has(Number(item)));
}

/** @internal validate and convert to the route table's retry spec */
export function toRetrySpec(policy: RetryPolicy, where: Where): RetryPolicySpec {
  const attempts = checkInt(policy.attempts, at(where, 'attempts'), 0);
  const perTryTimeoutMs = checkOptionalDuration(policy.perTryTimeout, at(where, 'perTryTimeout'));
  (policy.retryOn ?? []).forEach((item, i) => {
    if (!isValidRetryOn(item)) {
      fail(at(where, `retryOn[${i}]`), `"${item}" is not a valid retryOn policy`, `${RETRY_ON_POLICIES.join(', ')}, or an HTTP status code`);
    }
  });
  if (attempts === 0 && (perTryTimeoutMs !== undefined || policy.retryOn?.length)) {
    fail(where, 'perTryTimeout and retryOn need attempts > 0 (Istio: "http retry policy configured when attempts are set to 0 (disabled)")');
  }
  return { attempts, perTryTimeoutMs, retryOn: policy.retryOn ? [...policy.retryOn] : undefined };
}
