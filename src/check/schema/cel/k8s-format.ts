import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, maskTrailingDash, qualifiedNameErrors,
} from '../../../util/k8s-names';
import { CelFunc, CelScalar, celFunc, celMethod } from '../../../vendor/cel';
import { violatesStringFormat } from '../formats';
import { optionalNone, optionalOf } from './cel-optional';
import { parseRequestUri } from './go-url';

/**
 * Kubernetes' CEL format library (k8s.io/apiserver pkg/cel/library/format.go @24a394e5, in the base CEL
 * environment from Kubernetes 1.31, pkg/cel/environment/base.go): `format.<name>()` and `format.named(name)`
 * give a format, `<format>.validate(s)` gives `optional.none()` when `s` is valid, else `optional.of` the list
 * of error strings. Each format calls the project's one copy of the upstream rule (util/k8s-names for the
 * apimachinery name checks, the CRD `format` checks for the strfmt ones).
 */

const FORMAT_MARKER = '@k8s.format';
const DYN = CelScalar.DYN;
const STRING = CelScalar.STRING;

/** A strfmt format: one fixed message, as format.go has it. */
const strfmt = (name: string, message: string) => (s: string): string[] => (violatesStringFormat(name, s) ? [message] : []);

/** apimachinery pkg/api/validation/generic.go NameIsDNS*(name, prefix): a prefix may end in '-'. */
const prefixed = (check: (s: string) => string[]) => (s: string): string[] => check(maskTrailingDash(s));

/** format.go `ConstantFormats`, by the name CEL uses. */
const K8S_FORMATS: ReadonlyMap<string, (s: string) => string[]> = new Map<string, (s: string) => string[]>([
  ['dns1123Label', s => dns1123LabelErrors(s)],
  ['dns1123Subdomain', s => dns1123SubdomainErrors(s)],
  ['dns1035Label', s => dns1035LabelErrors(s)],
  ['qualifiedName', s => qualifiedNameErrors(s)],
  ['dns1123LabelPrefix', prefixed(dns1123LabelErrors)],
  ['dns1123SubdomainPrefix', prefixed(s => dns1123SubdomainErrors(s))],
  ['dns1035LabelPrefix', prefixed(dns1035LabelErrors)],
  ['labelValue', s => labelValueErrors(s)],
  // url.ParseRequestURI's own error, as format.go returns it.
  ['uri', s => {
    const parsed = parseRequestUri(s);
    return typeof parsed === 'string' ? [parsed] : [];
  }],
  ['uuid', strfmt('uuid', 'does not match the UUID format')],
  ['byte', strfmt('byte', 'invalid base64')],
  ['date', strfmt('date', 'invalid date')],
  ['datetime', strfmt('datetime', 'invalid datetime')],
]);

/** A format value; two are equal when their names are (apiserver pkg/cel/format.go `Format.Equal`). */
function formatValue(name: string): any {
  return new Map([[FORMAT_MARKER, name]]);
}

function formatName(target: unknown): string {
  const map = target as { get?(k: string): unknown } | undefined;
  const name = typeof map?.get === 'function' ? map.get(FORMAT_MARKER) : undefined;
  if (typeof name !== 'string') throw new Error('no such overload: validate applies to a format (format.dns1123Label(), ...)');
  return name;
}

/** `<format>.validate(s)`: `optional.none()` when valid, else `optional.of(errors)`. */
function validateFormat(name: string, value: string): Map<string, unknown> {
  const errors = K8S_FORMATS.get(name)!(value);
  return errors.length === 0 ? optionalNone() : optionalOf(errors);
}

export const K8S_FORMAT_LIBRARY: CelFunc[] = [
  ...[...K8S_FORMATS.keys()].map(name => celFunc(`format.${name}`, [], DYN, () => formatValue(name))),
  celFunc('format.named', [STRING], DYN, (name: string) => (K8S_FORMATS.has(name) ? optionalOf(formatValue(name)) : optionalNone()) as any),
  celMethod('validate', DYN, [STRING], DYN, function (s: string) { return validateFormat(formatName(this), s) as any; }),
];
