import { FieldError, NO_VALUE, fieldError, inBody, invalid } from './field-error';
import { integerFormatRange, violatesStringFormat } from './formats';
import { SchemaNode } from './schema-node';

/** `resource.Quantity` syntax, as the CRD schemas spell it for Quantity fields. */
const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

/** kube-openapi's string validations: format, maxLength, minLength, pattern (RE2, unanchored). */
export function checkString(node: SchemaNode, value: string, path: string, out: FieldError[]): void {
  if (node.quantity && !QUANTITY.test(value)) {
    out.push(invalid('schema/format', path, value, `quantities must match the regular expression '${QUANTITY.source}'`, true));
  }
  if (node.format !== undefined && violatesStringFormat(node.format, value)) {
    out.push(invalid('schema/format', path, value, `${inBody(path)} must be of type ${node.format}: ${JSON.stringify(value)}`, true));
  }
  if (node.maxLength !== undefined || node.minLength !== undefined) {
    const length = [...value].length; // runes, as Go's utf8.RuneCountInString
    if (node.maxLength !== undefined && length > node.maxLength) {
      out.push(fieldError('schema/max-length', path, 'Too long', NO_VALUE, `may not be longer than ${node.maxLength}`));
    }
    if (node.minLength !== undefined && length < node.minLength) {
      out.push(invalid('schema/min-length', path, value, `${inBody(path)} should be at least ${node.minLength} chars long`));
    }
  }
  const re = node.patternRegex();
  if (re && !re.test(value)) {
    out.push(invalid('schema/pattern', path, value, `${inBody(path)} should match '${node.pattern}'`));
  }
}

/** Numeric validations, plus the int32/int64 range of integer formats (what decoding into Go types enforces). */
export function checkNumber(node: SchemaNode, value: number, path: string, out: FieldError[]): void {
  if (node.format !== undefined && Number.isInteger(value)) {
    const range = integerFormatRange(node.format, value);
    if (range) out.push(invalid('schema/format', path, value, `${inBody(path)} must fit in ${node.format} (${range[0]} to ${range[1]})`));
  }
  if (node.multipleOf !== undefined && node.multipleOf > 0 && !Number.isInteger(value / node.multipleOf)) {
    out.push(invalid('schema/multiple-of', path, value, `${inBody(path)} should be a multiple of ${node.multipleOf}`));
  }
  if (node.maximum !== undefined && (node.exclusiveMaximum ? value >= node.maximum : value > node.maximum)) {
    const bound = node.exclusiveMaximum ? 'less than' : 'less than or equal to';
    out.push(invalid('schema/maximum', path, value, `${inBody(path)} should be ${bound} ${node.maximum}`));
  }
  if (node.minimum !== undefined && (node.exclusiveMinimum ? value <= node.minimum : value < node.minimum)) {
    const bound = node.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
    out.push(invalid('schema/minimum', path, value, `${inBody(path)} should be ${bound} ${node.minimum}`));
  }
}

/** `enum`: field.NotSupported with the allowed values. */
export function checkEnum(node: SchemaNode, value: unknown, path: string, out: FieldError[]): void {
  if (node.enumValues === undefined || node.enumKeys().has(JSON.stringify(value))) return;
  const allowed = node.enumValues.map(v => JSON.stringify(v)).join(', ');
  out.push(fieldError('schema/enum', path, 'Unsupported value', value, `supported values: ${allowed}`));
}
