import { isIPv4, isIPv6 } from 'net';
import { parseRequestUri } from './cel/go-url';

/**
 * The string formats the apiserver checks for CRDs (kube-openapi `strfmt.Default`) and the wire formats of
 * the built-in types. Formats not listed here (`string`, `url`, `double`, ...) are not checked, as upstream.
 */
const STRING_FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': isDateTime,
  'datetime': isDateTime,
  'date': isDate,
  // govalidator.IsBase64 (kube-openapi pkg/internal/third_party/govalidator/patterns.go @d427ff9e): "" is not base64.
  'byte': s => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s),
  // strfmt.UUIDPattern (pkg/validation/strfmt/default.go @d427ff9e): any case, each hyphen optional.
  'uuid': s => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  'ipv4': s => isIPv4(s),
  'ipv6': s => isIPv6(s),
  'cidr': isCidr,
  'mac': s => /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i.test(s),
  'uri': s => typeof parseRequestUri(s) !== 'string',
  'hostname': s => s.length <= 253 && /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/.test(s),
  'email': s => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s),
};

/** Whether `value` breaks string `format`; unknown formats never do. */
export function violatesStringFormat(format: string, value: string): boolean {
  const check = STRING_FORMATS[format];
  return check !== undefined && !check(value);
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [-9223372036854775808, 9223372036854775807],
};

/** The allowed range when `value` does not fit integer `format` (int32/int64), else undefined. */
export function integerFormatRange(format: string, value: number): [number, number] | undefined {
  const range = INTEGER_RANGES[format];
  return range && (value < range[0] || value > range[1]) ? range : undefined;
}

/** kube-openapi `strfmt.IsDateTime`: a valid date, `T`, and `hh:mm:ss[.frac](z|±hh:mm)`. */
function isDateTime(s: string): boolean {
  const parts = s.toLowerCase().split('t');
  if (s.length < 4 || parts.length < 2 || !isDate(parts[0])) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1]);
  return m !== null && m[1] <= '23' && m[2] <= '59' && m[3] <= '59';
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isCidr(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const bits = Number(m[2]);
  if (isIPv4(m[1])) return bits <= 32;
  return isIPv6(m[1]) && bits <= 128;
}
