/**
 * A test-only port of how cel-go compares values with `==`, for the values the optional model must get right:
 * - common/types/util.go `Equal` (google/cel-go @14f6746a, unchanged since 2021 and so in the v0.29.2
 *   k8s.io/apiserver @24a394e5 pins): `if lNull || rNull { return Bool(lNull == rNull) }`, else `lhs.Equal(rhs)`;
 * - common/types/optional.go `Optional.Equal`: not an optional => false; none equals only none; two present
 *   values compare their contents.
 */
export type GoValue = { readonly kind: 'null' } | { readonly kind: 'string'; readonly s: string } | { readonly kind: 'optional'; readonly value?: GoValue };

export const NULL: GoValue = { kind: 'null' };
export const str = (s: string): GoValue => ({ kind: 'string', s });
export const none: GoValue = { kind: 'optional' };
export const of = (value: GoValue): GoValue => ({ kind: 'optional', value });

export function goEqual(lhs: GoValue, rhs: GoValue): boolean {
  const lNull = lhs.kind === 'null';
  const rNull = rhs.kind === 'null';
  if (lNull || rNull) return lNull === rNull;
  if (lhs.kind === 'optional') {
    if (rhs.kind !== 'optional') return false;
    if (lhs.value === undefined) return rhs.value === undefined;
    if (rhs.value === undefined) return false;
    return goEqual(lhs.value, rhs.value);
  }
  // String.Equal: another string with the same text (a string never equals an optional).
  return rhs.kind === 'string' && lhs.kind === 'string' && lhs.s === rhs.s;
}

/** The CEL text of a value. */
export function celText(v: GoValue): string {
  switch (v.kind) {
    case 'null': return 'null';
    case 'string': return JSON.stringify(v.s);
    default: return v.value === undefined ? 'optional.none()' : `optional.of(${celText(v.value)})`;
  }
}
