import { Duration } from 'cdk8s';
import { DEFAULT_PROMETHEUS } from './prometheus';

/** A challenger version and its whole-percent share of the default route. */
export interface CanaryChallenger {
  /** Version name, declared on the ModelService. */
  readonly version: string;
  /** Whole percent 0..100 of default-route traffic. */
  readonly percent: number;
}

/** One stage of a canary's plan. */
export interface CanaryStage {
  /** The challenger's whole percent of the default route during this stage, 1..100. */
  readonly percent: number;
  /**
   * How long the stage holds before its gates are checked. Every stage but the last (100%)
   * needs one; reaching 100% is the promotion.
   * @default - none (only allowed on the last stage)
   */
  readonly hold?: Duration;
}

/** Limits of the metric gates a progressive canary passes after each hold. */
export interface CanaryAnalysis {
  /**
   * The challenger fails a gate when its P99 latency is more than this percent over the champion's.
   * @default 10
   */
  readonly maxLatencyRegressionPercent?: number;
  /**
   * The challenger fails a gate when more than this percent of its requests fail with a 5xx.
   * @default 1
   */
  readonly maxErrorRatePercent?: number;
  /**
   * Window of the gate queries (`rate(...[5m])`), whole seconds; at most the shortest hold.
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;
  /**
   * Requests per second to the challenger (and the champion) below which a gate is
   * inconclusive: the rollout pauses for a human instead of passing on no data.
   * @default 0.1
   */
  readonly minRequestRate?: number;
}

/** Options of progressive delivery on Argo Rollouts. */
export interface ArgoRolloutsOptions {
  /**
   * Prometheus the AnalysisTemplate queries.
   * @default "http://prometheus-operated.monitoring.svc.cluster.local:9090" (the Prometheus Operator's Service in `monitoring`)
   */
  readonly prometheusAddress?: string;
}

/**
 * Who moves a CanaryRollout's weights. `CanaryDelivery.staticWeights()` (the default): the
 * percents live in code, are reviewed in pull requests and applied by GitOps.
 * `CanaryDelivery.argoRollouts()`: an Argo Rollout steps the challenger through the stage plan
 * and checks Prometheus gates after each hold.
 */
export class CanaryDelivery {
  /** Weights in code: each change of a percent is a pull request. */
  public static staticWeights(): CanaryDelivery {
    return new CanaryDelivery('static', undefined);
  }

  /** Progressive delivery: an Argo Rollouts 1.9 `Rollout` and `AnalysisTemplate` drive the default route. */
  public static argoRollouts(options: ArgoRolloutsOptions = {}): CanaryDelivery {
    return new CanaryDelivery('argo-rollouts', options.prometheusAddress ?? DEFAULT_PROMETHEUS);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'static' | 'argo-rollouts',
    /** @internal */ public readonly _prometheusAddress: string | undefined,
  ) {}
}
