import { Duration } from 'cdk8s';
import { OutlierDetectionSpec } from '../routing/route-table';
import { at, checkObject, checkOptionalDuration, checkOptionalInt, Where } from '../util/checks';

/**
 * Ejects failing pods of a model version from the load-balancing pool (Istio outlier detection).
 */
export interface CircuitBreaker {
  /**
   * Consecutive 5xx responses before a pod is ejected.
   * @default - Istio's default (5)
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Consecutive 502/503/504 responses before a pod is ejected.
   * @default - not used
   */
  readonly consecutiveGatewayErrors?: number;
  /**
   * Time between ejection sweeps.
   * @default - Istio's default (10s)
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection duration; it grows with each ejection of the same pod.
   * @default - Istio's default (30s)
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum percentage of pods that may be ejected at once, 0..100.
   * @default - Istio's default (10)
   */
  readonly maxEjectionPercent?: number;
  /**
   * Outlier detection is disabled when fewer than this percentage of pods are healthy, 0..100.
   * @default - Istio's default (0)
   */
  readonly minHealthPercent?: number;
}

/** @internal */
export function toOutlierDetectionSpec(cb: CircuitBreaker, where: Where): OutlierDetectionSpec {
  checkObject(cb, where, '{ consecutive5xxErrors?, consecutiveGatewayErrors?, interval?, baseEjectionTime?, maxEjectionPercent?, minHealthPercent? }');
  return {
    consecutive5xxErrors: checkOptionalInt(cb.consecutive5xxErrors, at(where, 'consecutive5xxErrors'), 0, 4294967295),
    consecutiveGatewayErrors: checkOptionalInt(cb.consecutiveGatewayErrors, at(where, 'consecutiveGatewayErrors'), 0, 4294967295),
    intervalMs: checkOptionalDuration(cb.interval, at(where, 'interval')),
    baseEjectionTimeMs: checkOptionalDuration(cb.baseEjectionTime, at(where, 'baseEjectionTime')),
    maxEjectionPercent: checkOptionalInt(cb.maxEjectionPercent, at(where, 'maxEjectionPercent'), 0, 100),
    minHealthPercent: checkOptionalInt(cb.minHealthPercent, at(where, 'minHealthPercent'), 0, 100),
  };
}
