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

const UNIT_NS: Record<string, bigint> = {
  ns: BigInt(1),
  us: BigInt(1000),
  µs: BigInt(1000), // U+00B5
  μs: BigInt(1000), // U+03BC
  ms: BigInt(1_000_000),
  s: BigInt(1_000_000_000),
  m: BigInt(60_000_000_000),
  h: BigInt(3_600_000_000_000),
};
const TWO_63 = BigInt(2) ** BigInt(63);

/**
 * Go's `time.ParseDuration`, the one parser behind the constructs' readers, the CEL `duration()`
 * conversion and the webhook rules: whole nanoseconds, or Go's error text. Like Go it does not
 * trim: `" 1s"` is invalid everywhere.
 */
export function goParseDuration(text: string): { readonly nanos: bigint } | { readonly error: string } {
  const invalid = { error: `time: invalid duration ${JSON.stringify(text)}` };
  let s = text;
  const negative = s.startsWith('-');
  if (negative || s.startsWith('+')) s = s.slice(1);
  if (s === '0') return { nanos: BigInt(0) };
  if (s === '') return invalid;
  let total = BigInt(0);
  while (s !== '') {
    const [whole, intPart, fraction] = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (intPart === '' && !fraction) return invalid;
    s = s.slice(whole.length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') return { error: `time: missing unit in duration ${JSON.stringify(text)}` };
    const scale = UNIT_NS[unit];
    if (scale === undefined) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}` };
    s = s.slice(unit.length);
    total += BigInt(intPart || '0') * scale;
    if (fraction) total += (BigInt(fraction) * scale) / BigInt(10) ** BigInt(fraction.length);
    if (total > TWO_63) return invalid;
  }
  if (!negative && total === TWO_63) return invalid; // Only the negative side reaches -2^63.
  return { nanos: negative ? -total : total };
}

/** Go's error text for `text`, or undefined when it is a valid Go duration. */
export function goDurationError(text: string): string | undefined {
  const parsed = goParseDuration(text);
  return 'error' in parsed ? parsed.error : undefined;
}

/**
 * A Go `time.ParseDuration` string (what Istio's webhook accepts, e.g. `1.5s`, `1h2m`, `500ms`)
 * in milliseconds, or undefined when it is not a valid Go duration.
 */
export function parseGoDuration(text: string): number | undefined {
  const parsed = goParseDuration(text);
  return 'error' in parsed ? undefined : Number(parsed.nanos) / 1e6;
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
