/** Shadow traffic: `mirror` + `mirrorPercentage`, the deprecated `mirrorPercent`, and `mirrors[]`. */
import { checkDestination } from './destinations';
import { goFixed } from './go-format';
import { field, index } from './paths';
import { Report } from './report';
import { arr, has, obj, wrapped } from './values';

export function checkMirroring(r: Report, path: string, http: Record<string, unknown>): void {
  if (has(http, 'mirrorPercent')) {
    const value = wrapped(http.mirrorPercent) ?? 0;
    if (value > 100) r.error(field(path, 'mirrorPercent'), 'mirror-percent', `mirror_percent must have a max value of 100 (it has ${value})`);
    r.warning(field(path, 'mirrorPercent'), 'mirror-percent-deprecated', 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead');
  }
  const percentage = obj(http.mirrorPercentage);
  if (percentage) checkPercentage(r, field(path, 'mirrorPercentage'), percentage.value, 'mirror_percentage');
  checkDestination(r, field(path, 'mirror'), http.mirror);
  arr(http.mirrors).forEach((entry, i) => {
    const at = index(field(path, 'mirrors'), i);
    const m = obj(entry);
    if (!m) {
      r.error(at, 'mirror-null', 'mirror cannot be null');
      return;
    }
    if (!has(m, 'destination')) {
      r.error(field(at, 'destination'), 'mirror-destination-required', 'destination is required for mirrors');
      return;
    }
    checkDestination(r, field(at, 'destination'), m.destination);
    const p = obj(m.percentage);
    if (p) checkPercentage(r, field(at, 'percentage'), p.value, 'mirror percentage');
  });
}

function checkPercentage(r: Report, path: string, raw: unknown, label: string): void {
  const value = typeof raw === 'number' ? raw : 0;
  if (value > 100) r.error(field(path, 'value'), 'mirror-percentage', `${label} must have a max value of 100 (it has ${goFixed(value)})`);
  if (value < 0) r.error(field(path, 'value'), 'mirror-percentage', `${label} must have a min value of 0 (it has ${goFixed(value)})`);
}
