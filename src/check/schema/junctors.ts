import { FieldError, displayPath, invalid } from './field-error';
import { RawSchema, SchemaNode } from './schema-node';

/** Validate a value against a schema without pruning or defaulting (how kube-openapi evaluates junctors). */
export type ValueValidator = (node: SchemaNode, value: unknown, path: string, out: FieldError[]) => void;

/**
 * allOf / anyOf / oneOf / not, evaluated on the whole value as kube-openapi does. Istio and Flagger use
 * them for mutually exclusive fields (`oneOf: [{not: {anyOf: [{required: [a]}, {required: [b]}]}},
 * {required: [a]}, {required: [b]}]` = at most one of a, b), so the message also names those fields.
 */
export function checkJunctors(node: SchemaNode, value: unknown, path: string, out: FieldError[], validate: ValueValidator): void {
  const { allOf, anyOf, oneOf, not } = node.junctors();
  for (const sub of allOf) validate(sub, value, path, out);
  if (anyOf.length > 0 && !anyOf.some(sub => passes(sub, value, path, validate))) {
    out.push(invalid('schema/any-of', path, shown(value), `${quoted(path)} must validate at least one schema (anyOf)`));
  }
  if (oneOf.length > 0) {
    const valid = oneOf.filter(sub => passes(sub, value, path, validate)).length;
    if (valid !== 1) {
      const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      const hint = exclusiveFieldsHint(node.raw.oneOf, value);
      out.push(invalid('schema/one-of', path, shown(value),
        `${quoted(path)} must validate one and only one schema (oneOf). ${found}${hint ? ` (${hint})` : ''}`));
    }
  }
  if (not && passes(not, value, path, validate)) {
    out.push(invalid('schema/not', path, shown(value), `${quoted(path)} must not validate the schema (not)`));
  }
}

function passes(node: SchemaNode, value: unknown, path: string, validate: ValueValidator): boolean {
  const scratch: FieldError[] = [];
  validate(node, value, path, scratch);
  return scratch.length === 0;
}

function quoted(path: string): string {
  return JSON.stringify(displayPath(path));
}

function shown(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (Array.isArray(value) ? 'array' : 'object') : value;
}

/**
 * For the mutually-exclusive-fields shape, say which fields conflict: `at most one of exact, prefix, regex
 * may be set; found exact, prefix`. Undefined for other oneOf shapes.
 */
export function exclusiveFieldsHint(branches: RawSchema[] | undefined, value: unknown): string | undefined {
  if (!Array.isArray(branches) || typeof value !== 'object' || value === null) return undefined;
  let optional = false;
  const groups: string[][] = [];
  for (const branch of branches) {
    const keys = Object.keys(branch);
    if (keys.length === 1 && keys[0] === 'not' && Array.isArray(branch.not?.anyOf)) {
      optional = true;
    } else if (keys.every(k => k === 'required' || k === 'properties') && Array.isArray(branch.required)) {
      groups.push(branch.required);
    } else {
      return undefined;
    }
  }
  const fields = [...new Set(groups.flat())];
  const present = fields.filter(f => f in (value as Record<string, unknown>));
  const single = groups.every(g => g.length === 1);
  const allowed = single ? fields.join(', ') : groups.map(g => `{${g.join(', ')}}`).join(' | ');
  const rule = optional ? `at most one of ${allowed} may be set` : `exactly one of ${allowed} must be set`;
  return `${rule}; found ${present.length > 0 ? present.join(', ') : 'none'}`;
}
