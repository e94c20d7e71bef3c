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
  readonly op: '=' | '=~';
  readonly value: string;
}

/**
 * The series of one version, as matchers after `reporter="destination"`:
 * - Deployment versions: our stable Service and the `version` label our pods carry;
 * - KServe Standard mode: the predictor Deployment KServe creates, `{isvc}-predictor`, where our
 *   InferenceService is `<model>-<version>` (so requests that reach KServe's own Service count too);
 * - KServe Knative mode: the revisions' Deployments `{isvc}-predictor-0000N-deployment` (the
 *   number is Knative's), told apart by the `version` label each revision's pods carry.
 */
export function versionMatchers(service: ServiceRouting, version: VersionTarget): LabelMatcher[] {
  const ns = (label: string): LabelMatcher[] => (service.namespace ? [{ label, op: '=', value: service.namespace }] : []);
  const versionLabel: LabelMatcher = { label: 'destination_version', op: '=', value: version.name };
  switch (version.backend) {
    case 'kserve-standard':
      return [...ns('destination_workload_namespace'), { label: 'destination_workload', op: '=', value: `${service.name}-${version.name}-predictor` }];
    case 'kserve-knative':
      return [
        ...ns('destination_workload_namespace'),
        { label: 'destination_workload', op: '=~', value: `${service.name}-predictor-[0-9]+-deployment` },
        versionLabel,
      ];
    default:
      return [...ns('destination_service_namespace'), { label: 'destination_service_name', op: '=', value: service.name }, versionLabel];
  }
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

/** 5xx responses per second. */
export function errorRate(m: readonly LabelMatcher[], window: string): string {
  return requestRate([...m, { label: 'response_code', op: '=~', value: '5..' }], window);
}

/**
 * Share of requests answered with a 5xx, 0..1. No 5xx series at all is 0 (`or vector(0)`, else
 * the ratio of a healthy version would be empty); no request at all stays empty (no data).
 */
export function errorRatio(m: readonly LabelMatcher[], window: string): string {
  return `(${errorRate(m, window)} or vector(0)) / ${requestRate(m, window)}`;
}

/** A latency quantile in milliseconds, e.g. `q = 0.99` for P99. */
export function latencyQuantile(q: number, m: readonly LabelMatcher[], window: string): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${selector(DURATION_BUCKET, m)}[${window}])))`;
}

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
