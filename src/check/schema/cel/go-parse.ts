/**
 * The Go parsers behind cel-go's string conversions, where `@bufbuild/cel` is more lenient:
 * `time.ParseDuration` (cel-es accepts "" and rejects "μs") and `strconv.ParseInt(s, 10, 64)`
 * (JavaScript's BigInt accepts "0x50", " 80 " and rejects nothing else Go would).
 * Each returns Go's error text, or undefined when the text parses.
 */

const DURATION_UNITS_NS: Record<string, bigint> = {
  ns: BigInt(1),
  us: BigInt(1000),
  µs: BigInt(1000), // U+00B5
  μs: BigInt(1000), // U+03BC
  ms: BigInt(1000000),
  s: BigInt(1000000000),
  m: BigInt(60000000000),
  h: BigInt(3600000000000),
};
const MAX_INT64 = BigInt('9223372036854775807');

export function goDurationError(text: string): string | undefined {
  const invalid = `time: invalid duration ${JSON.stringify(text)}`;
  let s = text;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  if (s === '0') return undefined;
  if (s === '') return invalid;
  let total = BigInt(0);
  while (s !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole, intPart, fraction] = [number[0], number[1], number[2]];
    if (intPart === '' && (fraction === undefined || fraction === '')) return invalid;
    s = s.slice(whole.length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') return `time: missing unit in duration ${JSON.stringify(text)}`;
    const scale = DURATION_UNITS_NS[unit];
    if (scale === undefined) return `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`;
    s = s.slice(unit.length);
    total += BigInt(intPart || '0') * scale;
    if (fraction) total += (BigInt(fraction) * scale) / BigInt(10) ** BigInt(fraction.length);
    if (total > MAX_INT64) return invalid;
  }
  return undefined;
}

export function goParseIntError(text: string): string | undefined {
  if (!/^[+-]?\d+$/.test(text)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
  const v = BigInt(text);
  if (v > MAX_INT64 || v < -MAX_INT64 - BigInt(1)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`;
  return undefined;
}
