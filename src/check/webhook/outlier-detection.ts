/** validateOutlierDetection: percentages 0..100, durations, deprecated consecutiveErrors, local-origin split. */
import { checkDuration } from './duration';
import { field } from './paths';
import { Report } from './report';
import { num, obj, wrapped } from './values';

export function checkOutlierDetection(r: Report, path: string, outlier: unknown): void {
  const o = obj(outlier);
  if (!o) return;
  checkDuration(r, field(path, 'baseEjectionTime'), o.baseEjectionTime);
  if (num(o.consecutiveErrors) !== 0) {
    r.warning(field(path, 'consecutiveErrors'), 'outlier-consecutive-errors-deprecated',
      'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead');
  }
  if (o.splitExternalLocalOriginErrors !== true && (wrapped(o.consecutiveLocalOriginFailures) ?? 0) > 0) {
    r.error(field(path, 'consecutiveLocalOriginFailures'), 'outlier-local-origin',
      'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false');
  }
  checkDuration(r, field(path, 'interval'), o.interval);
  for (const name of ['maxEjectionPercent', 'minHealthPercent']) {
    const value = num(o[name]);
    if (value < 0 || value > 100) r.error(field(path, name), 'outlier-percent', `percentage ${value} is not in range 0..100`);
  }
}
