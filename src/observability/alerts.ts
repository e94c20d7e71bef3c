/**
 * The alerts of one model service, derived from its route table: per version a 5xx ratio alert
 * and (with a timeout) a P99-over-budget alert, and per challenger that receives default-route
 * traffic a P99 regression alert against the champion. Rendered into a PrometheusRule and listed
 * in the routing report.
 */
import { errorRatio, LabelMatcher, num, quantileBucketBound, requestRate, versionMatchers } from './promql';
import { MonitoringSpec, ServiceRouting, VersionTarget } from '../routing/route-table';
import { formatIstioDuration, formatPrometheusDuration } from '../util/duration';
import { PrometheusRuleSpec } from '../wire/generated/prometheus-operator';

export const ERROR_RATIO_ALERT = 'ModelVersionErrorRatioHigh';
export const LATENCY_BUDGET_ALERT = 'ModelVersionLatencyOverBudget';
export const REGRESSION_ALERT = 'ModelChallengerLatencyRegression';

/** One alerting rule, with a one-line condition for reports. */
export interface AlertRule {
  readonly alert: string;
  readonly version: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The condition in words, e.g. `5xx ratio > 1%`. */
  readonly condition: string;
  readonly summary: string;
}

/** The service's alerts, or none when observability is disabled. */
export function alertRules(service: ServiceRouting): AlertRule[] {
  const m = service.monitoring;
  if (!m) return [];
  const w = formatPrometheusDuration(m.windowMs);
  const matchers = new Map(service.versions.map(v => [v.name, versionMatchers(service, v)]));
  const enough = (sel: readonly LabelMatcher[]) => `${requestRate(sel, w)} >= ${num(m.minRequestRate)}`;
  const timeoutMs = defaultRoute(service)?.timeoutMs;
  const rules: AlertRule[] = [];
  for (const v of service.versions) {
    const sel = matchers.get(v.name)!;
    const labels = alertLabels(service, v, m);
    rules.push({
      alert: ERROR_RATIO_ALERT,
      version: v.name,
      labels,
      expr: `(${errorRatio(sel, w)}) > ${num(m.maxErrorRatePercent / 100)} and ${enough(sel)}`,
      condition: `5xx/gRPC failure ratio > ${num(m.maxErrorRatePercent)}% over ${w}`,
      summary: `${service.name} ${v.name}: more than ${num(m.maxErrorRatePercent)}% of requests fail (5xx or a gRPC failure status)`,
    });
    if (timeoutMs !== undefined) {
      rules.push({
        alert: LATENCY_BUDGET_ALERT,
        version: v.name,
        labels,
        // The P99 bucket's lower bound, not histogram_quantile's interpolation: fires only when more
        // than 1% of requests are slower than a bucket bound at or over the timeout.
        expr: `${quantileBucketBound(0.99, 'lower', sel, w)} >= ${timeoutMs} and ${enough(sel)}`,
        condition: `P99 bucket starts at or over ${formatIstioDuration(timeoutMs)} (the route timeout) over ${w}`,
        summary: `${service.name} ${v.name}: P99 latency is over the ${formatIstioDuration(timeoutMs)} timeout budget`,
      });
    }
  }
  const champion = service.canary?.champion;
  for (const challenger of runningChallengers(service)) {
    const sel = matchers.get(challenger)!;
    const factor = num((100 + m.maxLatencyRegressionPercent) / 100);
    rules.push({
      alert: REGRESSION_ALERT,
      version: challenger,
      labels: { ...alertLabels(service, { name: challenger, labels: {} }, m), champion: champion! },
      expr: `${latencyRegression(sel, matchers.get(champion!)!, w)} > ${factor} and ${enough(sel)}`,
      condition: `P99 bucket starts over ${factor} × the end of champion ${champion}'s P99 bucket over ${w}`,
      summary: `${service.name} ${challenger}: P99 latency is more than ${num(m.maxLatencyRegressionPercent)}% over champion ${champion}'s`,
    });
  }
  return rules;
}

/**
 * The challenger's P99 over the champion's, exact at bucket bounds: the lower bound of the
 * challenger's P99 bucket over the upper bound of the champion's. Above a limit L, more than 1%
 * of the challenger's requests are slower than L × the champion's P99, whatever the buckets; the
 * price is resolution: a slowdown is seen once it crosses bucket bounds by that margin.
 */
export function latencyRegression(challenger: readonly LabelMatcher[], champion: readonly LabelMatcher[], w: string): string {
  return `${quantileBucketBound(0.99, 'lower', challenger, w)} / ${quantileBucketBound(0.99, 'upper', champion, w)}`;
}

/** The PrometheusRule `spec`: one group per service. */
export function renderPrometheusRuleSpec(service: ServiceRouting): PrometheusRuleSpec {
  const m = service.monitoring!;
  return {
    groups: [{
      name: `${service.name}.alerts`,
      rules: alertRules(service).map(r => ({
        alert: r.alert,
        expr: r.expr,
        for: formatPrometheusDuration(m.forMs),
        labels: r.labels,
        annotations: { summary: r.summary, description: `${r.condition}; current value {{ $value }}.` },
      })),
    }],
  };
}

/**
 * Challengers of a CanaryRollout that get a non-zero share of the default route, and the canary
 * of a progressive one (Argo sets its weight at run time; 0 is only the weight at rest).
 */
export function runningChallengers(service: ServiceRouting): string[] {
  const split = defaultRoute(service)?.destinations ?? [];
  const canary = service.canary;
  return (canary?.challengers ?? []).filter((c, i) =>
    (canary!.delivery === 'argo-rollouts' && i === 0) || split.some(d => d.subset === c && d.weight > 0));
}

function defaultRoute(service: ServiceRouting) {
  return service.routes.find(r => r.origin === 'default');
}

function alertLabels(service: ServiceRouting, v: VersionTarget, m: MonitoringSpec): Record<string, string> {
  return { severity: m.severity, model: service.name, version: v.name };
}
