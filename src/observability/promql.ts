/**
 * PromQL over Istio's standard metrics, per model version. Every query the library emits (alerts,
 * dashboards, Argo analysis) is built here, so the label choices live in one place.
 *
 * Istio's labels (istio.io/latest/docs/reference/config/metrics): with `reporter="destination"` the
 * server-side proxy reports; `destination_service_name`/`_namespace` come from the host the request
 * was addressed to, `destination_version` from the pod's `version` label, `destination_workload`
 * from the pod's owner (Deployment) name.
 */
import { ServiceRouting, VersionTarget } from '../routing/route-table';

export const REQUESTS_TOTAL = 'istio_requests_total';
export const DURATION_BUCKET = 'istio_request_duration_milliseconds_bucket';

/** One PromQL label matcher, `label="value"` or `label=~"regex"`. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '=~' | '!~';
  readonly value: string;
}

/**
 * The series of one version, as matchers after `reporter="destination"`:
 * - Deployment versions: the Service callers address (its name, which may differ from the model
 *   name) and the `version` label our pods carry;
 * - adopted pods (`ModelBackend.existing`): their own `version` label when they have one, else
 *   the workload they belong to (Istio's `destination_workload` is the pod owner's name);
 * - KServe Standard mode: the predictor Deployment KServe creates, `{isvc}-predictor`, where our
 *   InferenceService is `<model>-<version>` (so requests that reach KServe's own Service count too);
 * - KServe Knative mode: the revisions' Deployments `{isvc}-predictor-0000N-deployment` (the
 *   number is Knative's), told apart by the `version` label each revision's pods carry.
 */
export function versionMatchers(service: ServiceRouting, version: VersionTarget): LabelMatcher[] {
  const ns = (label: string): LabelMatcher[] => (service.namespace ? [{ label, op: '=', value: service.namespace }] : []);
  const versionLabel: LabelMatcher = { label: 'destination_version', op: '=', value: version.labels.version ?? version.name };
  const workload = (name: string, op: LabelMatcher['op'] = '='): LabelMatcher[] => [...ns('destination_workload_namespace'), { label: 'destination_workload', op, value: name }];
  switch (version.backend) {
    case 'kserve-standard':
      return workload(`${service.name}-${version.name}-predictor`);
    case 'kserve-knative':
      return [...workload(`${service.name}-predictor-[0-9]+-deployment`, '=~'), versionLabel];
    default: {
      const adoptedWorkload = version.labels.version === undefined ? version.workload : undefined;
      if (adoptedWorkload) return workload(adoptedWorkload);
      return [...ns('destination_service_namespace'), { label: 'destination_service_name', op: '=', value: serviceNameOf(service) }, versionLabel];
    }
  }
}

/** The Service's name: the first label of the stable host (`<service>.<namespace>.svc...`). */
export function serviceNameOf(service: ServiceRouting): string {
  return service.host.split('.')[0];
}

/** `metric{reporter="destination",...}`. */
export function selector(metric: string, matchers: readonly LabelMatcher[]): string {
  const all = [{ label: 'reporter', op: '=', value: 'destination' }, ...matchers];
  return `${metric}{${all.map(m => `${m.label}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
}

/** Requests per second. */
export function requestRate(m: readonly LabelMatcher[], window: string): string {
  return `sum(rate(${selector(REQUESTS_TOTAL, m)}[${window}]))`;
}

/**
 * gRPC status codes counted as failures: the ones gRPC maps to HTTP 5xx (UNKNOWN 2,
 * DEADLINE_EXCEEDED 4, UNIMPLEMENTED 12, INTERNAL 13, UNAVAILABLE 14, DATA_LOSS 15; grpc-gateway
 * runtime/errors.go HTTPStatusFromCode). A gRPC failure arrives as HTTP 200 with Istio's
 * `grpc_response_status` label set, so a 5xx matcher alone never sees it.
 */
export const GRPC_FAILURE_CODES = '2|4|12|13|14|15';

/** Failed responses per second: HTTP 5xx, or a gRPC failure status on a non-5xx response (the two never overlap). */
export function errorRate(m: readonly LabelMatcher[], window: string): string {
  const http = selector(REQUESTS_TOTAL, [...m, { label: 'response_code', op: '=~', value: '5..' }]);
  const grpc = selector(REQUESTS_TOTAL, [...m, { label: 'response_code', op: '!~', value: '5..' }, { label: 'grpc_response_status', op: '=~', value: GRPC_FAILURE_CODES }]);
  return `sum(rate(${http}[${window}]) or rate(${grpc}[${window}]))`;
}

/**
 * Share of requests answered with a 5xx, 0..1. No 5xx series at all is 0 (`or vector(0)`, else
 * the ratio of a healthy version would be empty); no request at all stays empty (no data).
 */
export function errorRatio(m: readonly LabelMatcher[], window: string): string {
  return `(${errorRate(m, window)} or vector(0)) / ${requestRate(m, window)}`;
}

/** A latency quantile in milliseconds, e.g. `q = 0.99` for P99, interpolated within its bucket (dashboards only). */
export function latencyQuantile(q: number, m: readonly LabelMatcher[], window: string): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${selector(DURATION_BUCKET, m)}[${window}])))`;
}

/**
 * A bound of the histogram bucket that holds the `q` quantile, exact (no interpolation): per
 * bucket bound, 1 when at least `q` of the requests are within it, else 0. That 0/1 cumulative
 * histogram has one observation, in the quantile's bucket; `histogram_quantile(1, ...)` returns
 * that bucket's upper bound, and a quantile just over 0 its lower bound (plus a billionth of the
 * bucket's width). More than `1 - q` of the requests are slower than the lower bound, and at most
 * `1 - q` slower than the upper one (Prometheus promql/quantile.go bucketQuantile). No request: NaN.
 */
export function quantileBucketBound(q: number, bound: 'lower' | 'upper', m: readonly LabelMatcher[], window: string): string {
  const buckets = `sum by (le) (rate(${selector(DURATION_BUCKET, m)}[${window}]))`;
  const total = `scalar(sum(rate(${selector(DURATION_BUCKET, [...m, { label: 'le', op: '=', value: '+Inf' }])}[${window}])))`;
  return `histogram_quantile(${bound === 'upper' ? 1 : LOWER_BOUND_Q}, ${buckets} >= bool ${num(q)} * ${total})`;
}

/** The quantile that reads a bucket's lower bound from a one-observation histogram (see quantileBucketBound). */
export const LOWER_BOUND_Q = 1e-9;

/** Requests per second to every version of the service together. */
export function serviceRequestRate(versions: ReadonlyArray<readonly LabelMatcher[]>, window: string): string {
  return `sum(${versions.map(m => `rate(${selector(REQUESTS_TOTAL, m)}[${window}])`).join(' or ')})`;
}

/** A version's share of the service's requests, 0..1. */
export function trafficShare(m: readonly LabelMatcher[], all: ReadonlyArray<readonly LabelMatcher[]>, window: string): string {
  return `${requestRate(m, window)} / ${serviceRequestRate(all, window)}`;
}

/** A number as PromQL writes it, without float noise (`0.1 + 0.2`). */
export function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}
