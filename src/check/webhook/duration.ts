/**
 * agent.ValidateDuration on a `google.protobuf.Duration`. The webhook decodes with legacy jsonpb,
 * which parses with Go's time.ParseDuration (`1h`, `1.5s`, `500ms` all accepted).
 */
import { goQuote } from './go-format';
import { Report } from './report';
import { goParseDuration, istioDurationError } from '../../util/duration';

/** Whole nanoseconds of a Go duration string (Go keeps integer nanoseconds), or undefined. */
export function durationNanos(text: string): number | undefined {
  const parsed = goParseDuration(text);
  return 'error' in parsed ? undefined : Number(parsed.nanos);
}

/**
 * Check one duration field; returns its nanoseconds when it parsed. Non-strings are left to the
 * schema layer.
 */
export function checkDuration(r: Report, path: string, value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ns = durationNanos(value);
  if (ns === undefined) {
    r.error(path, 'duration', `bad Duration: time: invalid duration ${goQuote(value)}`);
    return undefined;
  }
  const problem = durationProblem(ns);
  if (problem) r.error(path, 'duration', problem);
  return ns;
}

export function durationProblem(ns: number): string | undefined {
  return istioDurationError(ns / 1e6);
}
