/**
 * A/B bucket regexes in numbers: `(?:[0-9]|[1-4][0-9])` is buckets 0–49. Found by running the
 * regex (RE2, as Envoy does) over the bucket numbers, so it holds for any regex, ours or
 * hand-written, whose language is bounded digit strings (no `*`, `+`, `.` or letters).
 */
import { re2FullMatch } from '../../util/re2';
import { MatchBlock } from '../route-table';

const DIGITS_ONLY = /^(?:[0-9[\]\-|()?:{},^$]|\\d)+$/;
const LIMIT = 10_000;
const known = new Map<string, string | undefined>();

/** `0–49`, `0–9, 20–29`; undefined when the regex may match more than bucket numbers below LIMIT. */
export function bucketRanges(regex: string): string | undefined {
  if (!known.has(regex)) known.set(regex, DIGITS_ONLY.test(regex) ? scan(regex) : undefined);
  return known.get(regex);
}

function scan(regex: string): string | undefined {
  const ranges: Array<[number, number]> = [];
  for (let n = 0; n < LIMIT; n++) {
    if (!re2FullMatch(regex, String(n))) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === n - 1) last[1] = n;
    else ranges.push([n, n]);
  }
  const top = ranges[ranges.length - 1];
  if (!top || top[1] === LIMIT - 1) return undefined;
  return ranges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
}

/** The header and bucket ranges of a block that is exactly one numeric header regex. */
export function bucketBlock(block: MatchBlock): { header: string; ranges: string } | undefined {
  const keys = Object.keys(block) as Array<keyof MatchBlock>;
  const headers = Object.entries(block.headers ?? {});
  if (keys.length !== 1 || keys[0] !== 'headers' || headers.length !== 1) return undefined;
  const [header, spec] = headers[0];
  if (spec.kind !== 'regex') return undefined;
  const ranges = bucketRanges(spec.value);
  return ranges === undefined ? undefined : { header, ranges };
}
