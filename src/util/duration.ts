import { Duration } from 'cdk8s';

/** Go's longest duration (max int64 nanoseconds), in milliseconds: 2562047h47m16.854775807s. */
export const MAX_GO_DURATION_MS = 9223372036854.775807;

/** Why `ms` is not a duration Istio's webhook accepts (agent.ValidateDuration), or undefined. */
export function istioDurationError(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 1) return 'duration must be greater than 1ms';
  if (ms > MAX_GO_DURATION_MS) return 'duration is longer than Go can represent (2562047h47m16.854775807s)';
  if (!Number.isInteger(ms)) return 'only durations to ms precision are supported';
  return undefined;
}

/** A cdk8s Duration in (possibly fractional) milliseconds. */
export function toMillis(d: Duration): number {
  return d.toMilliseconds({ integral: false });
}

/** Render whole milliseconds the way people write Istio YAML: `200ms`, `30s`. */
export function formatIstioDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/**
 * Parse a Go `time.ParseDuration` string (what Istio's webhook accepts, e.g. `1.5s`, `1h2m`,
 * `500ms`) into milliseconds. Returns undefined when it is not a valid Go duration.
 */
export function parseGoDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of s.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += parseFloat(part[1]) * UNIT_MS[part[2]];
  }
  if (total > MAX_GO_DURATION_MS) return undefined; // time.ParseDuration: "invalid duration" (overflow)
  return m[1] === '-' ? -total : total;
}

const PROMETHEUS_UNITS: ReadonlyArray<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/**
 * Whole milliseconds as a Prometheus (and Go) duration, largest unit first: `5m`, `1h30m`,
 * `250ms`. Both Prometheus' `[range]`/`for:` syntax and Go's `time.ParseDuration` read it.
 */
export function formatPrometheusDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of PROMETHEUS_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) text += `${n}${unit}`;
    rest -= n * size;
  }
  return text;
}
