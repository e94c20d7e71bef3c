/** Number and duration formatting shared by the routing report and `explain` text output. */
import { formatIstioDuration } from '../../util/duration';

/**
 * A percent for people: whole numbers as is, others with up to two decimals (four when two
 * would round a non-zero share to 0), trailing zeros dropped: `85%`, `52.38%`, `0.0001%`.
 */
export function formatPercent(percent: number): string {
  const digits = percent !== 0 && Math.abs(percent) < 0.005 ? 4 : 2;
  return `${Number(percent.toFixed(digits))}%`;
}

/** Whole milliseconds as Istio YAML writes them: `200ms`, `30s`, `90s`. */
export function formatMs(ms: number): string {
  return formatIstioDuration(ms);
}

/** A destination or mirror for people: the subset on the service's own host, else `host` or `host/subset`. */
export function targetName(serviceHost: string, target: { readonly host: string; readonly subset?: string }): string {
  if (target.host === serviceHost) return target.subset ?? '(all pods)';
  return target.subset ? `${target.host}/${target.subset}` : target.host;
}
