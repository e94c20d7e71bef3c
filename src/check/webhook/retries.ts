/** validateHTTPRetry: attempts, per-try timeout, backoff and the `retryOn` policy list. */
import { checkDuration } from './duration';
import { goQuote } from './go-format';
import { field } from './paths';
import { Report } from './report';
import { has, num, obj, str } from './values';

/** Every `retryOn` policy Istio 1.30 accepts besides HTTP status codes (validateHTTPRetry). */
export const RETRY_ON_POLICIES: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];
const POLICIES = new Set(RETRY_ON_POLICIES);

/** Status codes Go's http.StatusText knows. */
const GO_STATUS_CODES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423,
  424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

export function retryOnItemError(item: string): string | undefined {
  // strconv.Atoi: optional sign, digits; no trimming (so " 503" is not a status code).
  const code = /^[+-]?[0-9]+$/.test(item) ? parseInt(item, 10) : 0;
  if (GO_STATUS_CODES.has(code) || POLICIES.has(item)) return undefined;
  return `${goQuote(item)} is not a valid retryOn policy`;
}

export function checkRetries(r: Report, path: string, retries: unknown): void {
  const policy = obj(retries);
  if (!policy) return;
  const attempts = num(policy.attempts);
  if (attempts < 0) r.error(field(path, 'attempts'), 'retry-attempts', 'attempts cannot be negative');
  const retryOn = str(policy.retryOn);
  if (attempts === 0 && (has(policy, 'perTryTimeout') || retryOn !== '' || has(policy, 'retryRemoteLocalities'))) {
    r.error(field(path, 'attempts'), 'retry-disabled-policy', 'http retry policy configured when attempts are set to 0 (disabled)');
  }
  checkDuration(r, field(path, 'perTryTimeout'), policy.perTryTimeout);
  if (retryOn !== '') {
    for (const item of retryOn.split(',')) {
      const problem = retryOnItemError(item);
      if (problem) r.error(field(path, 'retryOn'), 'retry-on', problem);
    }
  }
  checkDuration(r, field(path, 'backoff'), policy.backoff);
}
