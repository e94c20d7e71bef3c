import { FieldError, fieldError, indexPath } from './field-error';
import { SchemaNode } from './schema-node';

/**
 * The `x-kubernetes-list-type` invariants the apiserver enforces for custom resources
 * (structurallisttype.ValidateListSetsAndMaps): `set` items are unique, `map` items are unique by their
 * `x-kubernetes-list-map-keys` (a missing key counts as its default).
 */
export function checkListType(node: SchemaNode, list: readonly unknown[], path: string, out: FieldError[]): void {
  if (node.listType === 'set') {
    reportDuplicates(list, item => canonicalJson(item), (item, i) => fieldError('schema/duplicate', indexPath(path, i), 'Duplicate value', item, ''), out);
  } else if (node.listType === 'map' && node.listMapKeys && node.listMapKeys.length > 0) {
    const keys = node.listMapKeys;
    const itemProps = node.items()?.properties();
    const keyOf = (item: unknown): Record<string, unknown> | undefined => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
      const key: Record<string, unknown> = {};
      for (const k of keys) {
        const v = (item as Record<string, unknown>)[k];
        const fallback = itemProps?.get(k);
        key[k] = v !== undefined ? v : fallback?.hasDefault ? fallback.defaultValue : undefined;
      }
      return key;
    };
    reportDuplicates(list, item => {
      const key = keyOf(item);
      return key ? canonicalJson(key) : undefined;
    }, (item, i) => fieldError('schema/duplicate', indexPath(path, i), 'Duplicate value', keyOf(item), ''), out);
  }
}

function reportDuplicates(
  list: readonly unknown[],
  identity: (item: unknown) => string | undefined,
  error: (item: unknown, index: number) => FieldError,
  out: FieldError[],
): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const id = identity(item);
    if (id === undefined) return;
    if (seen.has(id)) out.push(error(item, i));
    else seen.add(id);
  });
}

/** JSON with object keys sorted, so equal values compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value as object).sort().map(k => `${JSON.stringify(k)}:${canonicalJson((value as any)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
