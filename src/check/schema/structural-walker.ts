import { FieldError, JsonTypeName, childPath, fieldError, inBody, indexPath, invalid, jsonTypeOf, keyPath, required } from './field-error';
import { checkJunctors } from './junctors';
import { canonicalJson, checkListType } from './list-types';
import { checkEnum, checkNumber, checkString } from './scalar-checks';
import { SchemaNode } from './schema-node';
import { closestName } from './suggest';

/**
 * The apiserver's decode-and-validate of a custom resource in one top-down pass:
 * - structural pruning: fields the schema does not declare are errors (`fieldValidation=Strict`, kubectl's
 *   default) and are dropped; non-nullable nulls without a default are dropped;
 * - defaulting: absent (or null, non-nullable) properties with a `default` get it;
 * - OpenAPI value validation (kube-openapi) of what remains, including junctors and list-type invariants.
 * Returns the pruned, defaulted copy (the input is never modified), which the CEL pass then sees.
 */
export function walkStructural(node: SchemaNode, value: unknown, path: string, out: FieldError[]): unknown {
  return walk(node, value, path, out, true);
}

/** Value validation only: no pruning, defaulting or unknown-field errors (junctor branches). */
export function validateValue(node: SchemaNode, value: unknown, path: string, out: FieldError[]): void {
  walk(node, value, path, out, false);
}

function walk(node: SchemaNode, value: unknown, path: string, out: FieldError[], structural: boolean): unknown {
  if (node.isAny) return value;
  if (value === null || value === undefined) {
    if (!node.nullable && node.types) out.push(typeError(node, null, path));
    return value;
  }
  const actual = jsonTypeOf(value);
  if (node.types && !acceptsType(node, actual)) {
    out.push(typeError(node, value, path));
    return value;
  }
  let result = value;
  if (typeof value === 'string') checkString(node, value, path, out);
  else if (typeof value === 'number') checkNumber(node, value, path, out);
  else if (Array.isArray(value)) result = walkArray(node, value, path, out, structural);
  else if (typeof value === 'object') result = walkObject(node, value as Record<string, unknown>, path, out, structural);
  checkEnum(node, result, path, out);
  checkJunctors(node, result, path, out, validateValue);
  return result;
}

/** An integer is also a number; everything else must be listed. */
function acceptsType(node: SchemaNode, actual: JsonTypeName): boolean {
  const types = node.types!;
  return (actual !== 'null' && types.includes(actual)) || (actual === 'integer' && types.includes('number'));
}

function typeError(node: SchemaNode, value: unknown, path: string): FieldError {
  return invalid('schema/type', path, value, `${inBody(path)} must be of type ${node.typeLabel}: ${JSON.stringify(jsonTypeOf(value))}`);
}

function walkArray(node: SchemaNode, list: unknown[], path: string, out: FieldError[], structural: boolean): unknown[] {
  if (node.maxItems !== undefined && list.length > node.maxItems) {
    out.push(fieldError('schema/max-items', path, 'Too many', list.length, `must have at most ${node.maxItems} items`));
  }
  if (node.minItems !== undefined && list.length < node.minItems) {
    out.push(invalid('schema/min-items', path, list, `${inBody(path)} should have at least ${node.minItems} items`));
  }
  if (node.uniqueItems && new Set(list.map(canonicalJson)).size !== list.length) {
    out.push(invalid('schema/unique-items', path, list, `${inBody(path)} shouldn't contain duplicates`));
  }
  const items = node.items();
  let result = list;
  if (items) {
    for (let i = 0; i < list.length; i++) {
      const processed = walk(items, list[i], indexPath(path, i), out, structural);
      if (processed !== list[i]) {
        if (result === list) result = list.slice();
        result[i] = processed;
      }
    }
  }
  if (structural && node.dialect === 'crd' && node.listType) checkListType(node, result, path, out);
  return result;
}

function walkObject(node: SchemaNode, obj: Record<string, unknown>, path: string, out: FieldError[], structural: boolean): Record<string, unknown> {
  const props = node.properties();
  const additional = node.additionalProperties();
  const result: Record<string, unknown> = structural ? {} : obj;
  if (structural) {
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      const child = props?.get(key) ?? (additional instanceof SchemaNode ? additional : undefined);
      if (!child) {
        if (additional === true || node.preserveUnknownFields || (node.embeddedResource && EMBEDDED_FIELDS.has(key))) {
          result[key] = v;
        } else {
          out.push(unknownField(node, path, key));
        }
      } else if (v === null && !child.nullable) {
        if (child.hasDefault) result[key] = clone(child.defaultValue);
        // else: pruned, as the apiserver drops non-nullable nulls without defaults
      } else {
        result[key] = v;
      }
    }
    if (props) {
      for (const [key, prop] of props) {
        if (!(key in result) && prop.hasDefault) result[key] = clone(prop.defaultValue);
      }
    }
  }
  for (const key of node.required) {
    if (!(key in result)) out.push(required(childPath(path, key)));
  }
  const count = Object.keys(result).length;
  if (node.maxProperties !== undefined && count > node.maxProperties) {
    out.push(fieldError('schema/max-properties', path, 'Too many', count, `must have at most ${node.maxProperties} items`));
  }
  if (node.minProperties !== undefined && count < node.minProperties) {
    out.push(invalid('schema/min-properties', path, 'object', `${inBody(path)} should have at least ${node.minProperties} properties`));
  }
  for (const key of Object.keys(result)) {
    const prop = props?.get(key);
    const child = prop ?? (additional instanceof SchemaNode ? additional : undefined);
    if (!child) continue;
    const processed = walk(child, result[key], prop ? childPath(path, key) : keyPath(path, key), out, structural);
    if (structural) result[key] = processed;
  }
  return result;
}

const EMBEDDED_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

function unknownField(node: SchemaNode, path: string, key: string): FieldError {
  const fieldPath = childPath(path, key);
  // A document root also keeps apiVersion, kind and metadata, whatever its schema declares.
  const allowed = [...(path === '' ? EMBEDDED_FIELDS : []), ...(node.properties()?.keys() ?? [])];
  const guess = closestName(key, allowed);
  const where = allowed.length === 0 ? 'no fields are allowed here' : `fields allowed here: ${allowed.join(', ')}`;
  const hint = guess ? `; did you mean "${guess}"?` : '';
  return {
    rule: 'schema/unknown-field',
    path: fieldPath,
    message: `${fieldPath}: unknown field "${fieldPath}" (${where}${hint})`,
    blocking: false,
  };
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}
