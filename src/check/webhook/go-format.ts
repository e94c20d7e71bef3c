/**
 * Go `fmt` verbs as Istio's messages use them, so our messages are byte-for-byte Istio's.
 */

/** `%q` of a string: Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\v': out += '\\v'; break;
      default:
        if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
        else if (c === 0x2028 || c === 0x2029 || (c >= 0x80 && c < 0xa0)) out += `\\u${c.toString(16).padStart(4, '0')}`;
        else out += ch;
    }
  }
  return out + '"';
}

/** `%v` of a float64: shortest digits, exponent form below 1e-4 or from 1e6 up (strconv 'g', -1), e.g. `1e+06`. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, expText] = v.toExponential().split('e');
  const exp = parseInt(expText, 10);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(v);
}

/** `%f` of a float64: six decimals. */
export function goFixed(v: number): string {
  if (!Number.isFinite(v)) return goFloat(v);
  return v.toFixed(6);
}

/** `%v` of a slice: `[a b c]`. */
export function goList(items: ReadonlyArray<string | number>): string {
  return `[${items.join(' ')}]`;
}
