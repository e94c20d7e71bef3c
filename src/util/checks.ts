import { Duration } from 'cdk8s';
import { istioDurationError, toMillis } from './duration';
import { MeshConfigError } from './errors';

/** Where a value came from: the construct path and the prop's field path. */
export interface Where {
  readonly path: string;
  readonly field: string;
}

export function at(where: Where, sub: string): Where {
  if (where.field === '') return { path: where.path, field: sub };
  return { path: where.path, field: sub.startsWith('[') ? `${where.field}${sub}` : `${where.field}.${sub}` };
}

export function fail(where: Where, problem: string, allowed?: string): never {
  throw new MeshConfigError(where.path, where.field, problem, allowed);
}

/** A duration Istio accepts: at least 1ms, whole milliseconds. Returns milliseconds. */
export function checkDuration(d: Duration, where: Where): number {
  const ms = toMillis(d);
  const problem = istioDurationError(ms);
  if (problem) fail(where, `${ms}ms is invalid: ${problem}`, 'whole milliseconds >= 1ms');
  return ms;
}

export function checkOptionalDuration(d: Duration | undefined, where: Where): number | undefined {
  return d === undefined ? undefined : checkDuration(d, where);
}

/** A whole number in [min, max]. */
export function checkInt(n: number, where: Where, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(n) || n < min || n > max) {
    fail(where, `${n} is invalid`, max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number in ${min}..${max}`);
  }
  return n;
}

export function checkOptionalInt(n: number | undefined, where: Where, min: number, max?: number): number | undefined {
  return n === undefined ? undefined : checkInt(n, where, min, max);
}

/** Istio's fault/mirror percentages: 0, or in [0.0001, 100]. */
export function checkPercent(n: number, where: Where): number {
  if (!Number.isFinite(n) || n < 0 || n > 100 || (n > 0 && n < 0.0001)) {
    fail(where, `${n} is not a valid percentage`, '0, or a number in 0.0001..100');
  }
  return n;
}

/** A duration of whole seconds, at least `minSeconds` (Prometheus windows, Argo intervals). Returns milliseconds. */
export function checkSeconds(d: Duration, where: Where, minSeconds = 1): number {
  const ms = toMillis(d);
  if (!Number.isInteger(ms / 1000) || ms < minSeconds * 1000) {
    fail(where, `${ms}ms is invalid`, `whole seconds, at least ${minSeconds}s`);
  }
  return ms;
}

/** A finite number in [min, max], fractions allowed (thresholds, rates). */
export function checkNumber(n: number, where: Where, min: number, max = Number.MAX_VALUE): number {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
    fail(where, `${n} is invalid`, max === Number.MAX_VALUE ? `a number >= ${min}` : `a number in ${min}..${max}`);
  }
  return n;
}
