import { CelInput } from '../../../vendor/cel';
import { SchemaNode } from '../schema-node';

/**
 * A JSON value as the apiserver hands it to CEL for a structural schema: `integer` fields are CEL ints
 * (bigint), `number` fields doubles, int-or-string and free-form values dynamic (whole JSON numbers are ints),
 * objects maps of their fields, arrays lists.
 */
export function toCel(value: unknown, node: SchemaNode | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return numberToCel(value, node);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = node?.items();
    return value.map(v => toCel(v, items));
  }
  if (typeof value === 'object') {
    const props = node?.properties();
    const additional = node?.additionalProperties();
    const out = new Map<string, CelInput>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const child = props?.get(k) ?? (additional instanceof SchemaNode ? additional : undefined);
      out.set(k, toCel(v, child));
    }
    return out;
  }
  return null;
}

function numberToCel(value: number, node: SchemaNode | undefined): CelInput {
  const types = node?.types;
  const asDouble = types !== undefined && types.includes('number') && !types.includes('integer');
  if (!asDouble && Number.isInteger(value)) return BigInt(value);
  return value;
}
