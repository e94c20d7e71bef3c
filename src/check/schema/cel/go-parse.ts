/**
 * The Go parsers behind cel-go's string conversions, where `@bufbuild/cel` is more lenient:
 * `time.ParseDuration` (cel-es accepts "" and rejects "μs") and `strconv.ParseInt(s, 10, 64)`
 * (JavaScript's BigInt accepts "0x50", " 80 " and rejects nothing else Go would).
 * Each returns Go's error text, or undefined when the text parses.
 */

const MAX_INT64 = BigInt('9223372036854775807');

/** `time.ParseDuration`: the project's one Go-duration parser. */
export { goDurationError } from '../../../util/duration';

export function goParseIntError(text: string): string | undefined {
  if (!/^[+-]?\d+$/.test(text)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
  const v = BigInt(text);
  if (v > MAX_INT64 || v < -MAX_INT64 - BigInt(1)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`;
  return undefined;
}
