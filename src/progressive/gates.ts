/**
 * The metric gates of a progressive canary, as Argo Rollouts measures them: one Prometheus query
 * per gate with a success and a failure condition. A gate with too little traffic returns no
 * sample, so neither condition holds and Argo marks the measurement Inconclusive, which pauses
 * the rollout for a human: no data never passes (the seed controller's bug). Argo 1.9 hands a
 * vector to the conditions as `result` (a list of floats, empty for no sample;
 * metricproviders/prometheus) and reports Inconclusive when neither condition holds
 * (utils/evaluate). NaN compares false both ways, so it is Inconclusive too.
 */
import { latencyRegression } from '../observability/alerts';
import { errorRatio, LabelMatcher, num, requestRate, versionMatchers } from '../observability/promql';
import { CanaryGatesSpec, ServiceRouting } from '../routing/route-table';
import { formatPrometheusDuration } from '../util/duration';

export interface GateMetric {
  /** Metric name in the AnalysisTemplate. */
  readonly name: string;
  readonly query: string;
  /** Argo `successCondition` / `failureCondition` (expr-lang over `result`, the vector's values). */
  readonly successCondition: string;
  readonly failureCondition: string;
  /** The pass condition in words, for reports. */
  readonly passes: string;
}

/** The gates comparing the first challenger (Argo's canary) with the champion. */
export function gateMetrics(service: ServiceRouting): GateMetric[] {
  const canary = service.canary!;
  const g: CanaryGatesSpec = canary.gates!;
  const w = formatPrometheusDuration(g.windowMs);
  const sel = (name: string) => versionMatchers(service, service.versions.find(v => v.name === name)!);
  const challenger = sel(canary.challengers[0]);
  const champion = sel(canary.champion);
  const enough = (m: readonly LabelMatcher[]) => `(${requestRate(m, w)} >= ${num(g.minRequestRate)})`;
  const latencyLimit = num((100 + g.maxLatencyRegressionPercent) / 100);
  const errorLimit = num(g.maxErrorRatePercent / 100);
  return [
    {
      name: 'latency-regression',
      query: `(${latencyRegression(challenger, champion, w)}) and ${enough(challenger)} and ${enough(champion)}`,
      ...conditions(latencyLimit),
      passes: `challenger P99 bucket starts ≤ ${latencyLimit} × the end of the champion's P99 bucket over ${w}`,
    },
    {
      name: 'error-rate',
      query: `(${errorRatio(challenger, w)}) and ${enough(challenger)}`,
      ...conditions(errorLimit),
      passes: `challenger 5xx/gRPC failure ratio ≤ ${num(g.maxErrorRatePercent)}% over ${w}`,
    },
  ];
}

/** Pass at or under the limit, fail over it; an empty result (or NaN) is neither: Inconclusive. */
function conditions(limit: string): Pick<GateMetric, 'successCondition' | 'failureCondition'> {
  return {
    successCondition: `len(result) == 1 && result[0] <= ${limit}`,
    failureCondition: `len(result) == 1 && result[0] > ${limit}`,
  };
}
