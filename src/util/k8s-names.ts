/**
 * The name checks of k8s.io/apimachinery, with their messages: each returns the list of problems (empty when
 * valid), as upstream does. Ported from apimachinery @eed236ce (the release k8s.io/apiserver @24a394e5 pins):
 * pkg/util/validation/validation.go (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label), and
 * pkg/api/validate/content/{kube,dns,errors}.go (IsLabelKey, which IsQualifiedName now is, and IsLabelValue).
 * Lengths are Go's `len`, in UTF-8 bytes; the two packages word the same limit differently ("characters" in
 * util/validation, "bytes" in content), and the messages keep that difference.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const anchored = (re: string): RegExp => new RegExp(`^${re}$`);
const RE = {
  label: anchored(DNS1123_LABEL),
  subdomain: anchored(DNS1123_SUBDOMAIN),
  dns1035: anchored(DNS1035_LABEL),
  qualified: anchored(QUALIFIED_NAME),
  labelValue: anchored(LABEL_VALUE),
};

/** Which package's `MaxLenError` words the limit. */
type LengthUnit = 'characters' | 'bytes';

/** Go's `len(s)`: upstream's limits count UTF-8 bytes, not UTF-16 units. */
function goLen(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

function maxLenError(limit: number, unit: LengthUnit): string {
  return `must be no more than ${limit} ${unit}`;
}

export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (goLen(value) > 63) errs.push(maxLenError(63, 'characters'));
  if (!RE.label.test(value)) {
    if (RE.subdomain.test(value)) {
      // A valid subdomain that is not a label (the length is already reported) has dots.
      errs.push('must not contain dots');
    } else {
      errs.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
        + `end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`);
    }
  }
  return errs;
}

export function dns1123SubdomainErrors(value: string, unit: LengthUnit = 'characters'): string[] {
  const errs: string[] = [];
  if (goLen(value) > 253) errs.push(maxLenError(253, unit));
  if (!RE.subdomain.test(value)) {
    errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
      + `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`);
  }
  return errs;
}

export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (goLen(value) > 63) errs.push(maxLenError(63, 'characters'));
  if (!RE.dns1035.test(value)) {
    errs.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
      + `character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`);
  }
  return errs;
}

/**
 * apimachinery pkg/api/validation/generic.go `maskTrailingDash`: a name that is a prefix (`generateName`, the
 * `*Prefix` CEL formats) may end in '-', since a suffix follows; upstream drops the last TWO bytes and appends
 * 'a' (so "ab-" is checked as "aa"), and the port keeps that. A cut inside a UTF-8 sequence leaves U+FFFD,
 * which no name pattern accepts, as Go's broken byte would not be.
 */
export function maskTrailingDash(name: string): string {
  if (goLen(name) <= 1 || !name.endsWith('-')) return name;
  const bytes = Buffer.from(name, 'utf8');
  return `${bytes.subarray(0, bytes.length - 2).toString('utf8')}a`;
}

/** Names used as a URL path segment (RBAC roles and bindings). */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const bad = ['/', '%'].filter(c => value.includes(c));
  return bad.map(c => `may not contain '${c}'`);
}

const QUALIFIED_NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
  + `alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`;

/** Label and annotation keys, and the CEL `qualifiedName` format: `[prefix/]name` (content.IsLabelKey). */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [`a valid label key ${QUALIFIED_NAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const errs: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix, 'bytes').map(e => `prefix part ${e}`));
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (goLen(name) > 63) errs.push(`name part ${maxLenError(63, 'bytes')}`);
  // Upstream reports the pattern for an empty name part too.
  if (!RE.qualified.test(name)) errs.push(`name part ${QUALIFIED_NAME_RULE}`);
  return errs;
}

export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (goLen(value) > 63) errs.push(maxLenError(63, 'bytes'));
  if (!RE.labelValue.test(value)) {
    errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
      + `start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`);
  }
  return errs;
}
