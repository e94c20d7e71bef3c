/**
 * Schema-layer problems in the shape of the apiserver's `field.Error`: a rule id, the field path and the
 * message `<path>: <Type>: <value>: <detail>` as `kubectl apply` would print it.
 */

/** Stable rule ids of the schema layer. */
export type SchemaRule =
  | 'schema/unknown-kind'
  | 'schema/unknown-field'
  | 'schema/type'
  | 'schema/required'
  | 'schema/enum'
  | 'schema/pattern'
  | 'schema/format'
  | 'schema/min-length'
  | 'schema/max-length'
  | 'schema/minimum'
  | 'schema/maximum'
  | 'schema/multiple-of'
  | 'schema/min-items'
  | 'schema/max-items'
  | 'schema/unique-items'
  | 'schema/min-properties'
  | 'schema/max-properties'
  | 'schema/one-of'
  | 'schema/any-of'
  | 'schema/not'
  | 'schema/duplicate'
  | 'schema/metadata'
  | 'schema/cel'
  | 'schema/cel-unsupported'
  | 'schema/cel-not-checked'
  | 'schema/internal';

export interface FieldError {
  readonly rule: SchemaRule;
  /** Field path, e.g. `spec.http[0].timeout`; empty for the object itself. */
  readonly path: string;
  /** Full message including the path, e.g. `spec.x: Required value`. */
  readonly message: string;
  /**
   * The apiserver skips all CEL rules when one of these is present (type, required, enum, too long,
   * too many: `hasBlockingErr` in apiextensions-apiserver).
   */
  readonly blocking: boolean;
}

const BLOCKING: ReadonlySet<SchemaRule> = new Set<SchemaRule>([
  'schema/type', 'schema/required', 'schema/enum', 'schema/max-length', 'schema/max-items', 'schema/max-properties',
]);

/** How the apiserver names a path in messages; the root has no name there, we say `<root>`. */
export function displayPath(path: string): string {
  return path === '' ? '<root>' : path;
}

export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Map entries are addressed like `field.Path.Key`: `metadata.labels[app]`. */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

/** Render a bad value as Go's field.Error does: strings quoted, scalars bare, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** `field.Invalid`, `field.NotSupported`, ...: `<path>: <type>: <value>: <detail>`. */
export function fieldError(
  rule: SchemaRule, path: string, errorType: string, value: unknown, detail: string, blocking = BLOCKING.has(rule),
): FieldError {
  const shown = value === NO_VALUE ? '' : `: ${formatValue(value)}`;
  return { rule, path, message: `${displayPath(path)}: ${errorType}${shown}${detail ? `: ${detail}` : ''}`, blocking };
}

/** Marker for error types whose message carries no value (`Required value`, `Too long`). */
export const NO_VALUE = Symbol('no value');

/** `field.Invalid`; `blocking` for the failures the apiserver raises as TypeInvalid (formats). */
export function invalid(rule: SchemaRule, path: string, value: unknown, detail: string, blocking?: boolean): FieldError {
  return fieldError(rule, path, 'Invalid value', value, detail, blocking);
}

export function required(path: string, detail = ''): FieldError {
  return fieldError('schema/required', path, 'Required value', NO_VALUE, detail);
}

/** kube-openapi's message prefix: `spec.x in body`. */
export function inBody(path: string): string {
  return `${displayPath(path)} in body`;
}

/** The JSON type name of a parsed YAML/JSON value, as kube-openapi reports it. */
export type JsonTypeName = 'null' | 'array' | 'string' | 'boolean' | 'integer' | 'number' | 'object';

export function jsonTypeOf(value: unknown): JsonTypeName {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    case 'number': return Number.isInteger(value) ? 'integer' : 'number';
    case 'bigint': return 'integer';
    default: return 'object';
  }
}
