import { CelFunc, CelScalar, celFunc, celMethod } from '../../../vendor/cel';

/**
 * CEL optional values (cel-go's `cel.OptionalTypes()`, in Kubernetes' base environment since 1.28), which
 * `@bufbuild/cel` lacks: modelled as a map recognised by a marker key, as the URL library models `URL`.
 * What matters for validation rules is what the comparisons give at runtime, and the map gives cel-go's:
 * - `optional.none() == optional.none()` is true and `optional.of(a) == optional.of(b)` is `a == b`
 *   (cel-go common/types/optional.go `Optional.Equal`);
 * - `optional.none() == null` is FALSE: `types.Equal` (common/types/util.go @14f6746a) answers
 *   `lNull == rNull` when either side is null, and an optional is never the null value. A map is never equal
 *   to null here either, so a rule written `x.validate(s) == null` fails here exactly where it fails in the
 *   apiserver (the type checker accepts the comparison: optional_type is an opaque type, which
 *   checker/types.go `isLegacyNullable` lets be compared with null). cel-go's maintainers confirm it in
 *   cel-spec issue #361 ("Should `optional.none()` == `null`?").
 * Limits: the `?.`/`[?]` selectors and `or`/`optional.ofNonZeroValue` are not modelled on these values, and
 * a type error the apiserver would report when the CRD is created (`size(optional.none())`) is not caught.
 */

const OPTIONAL_MARKER = '@cel.optional';
const VALUE_KEY = 'value';
const DYN = CelScalar.DYN;

type CelOptional = Map<string, unknown>;

export function optionalNone(): CelOptional {
  return new Map<string, unknown>([[OPTIONAL_MARKER, false]]);
}

export function optionalOf(value: unknown): CelOptional {
  return new Map<string, unknown>([[OPTIONAL_MARKER, true], [VALUE_KEY, value]]);
}

/** The marker's value (whether a value is present) if `v` is an optional, else undefined. */
function presence(v: unknown): boolean | undefined {
  const map = v as { get?(k: string): unknown } | undefined;
  if (typeof map?.get !== 'function') return undefined;
  const marker = map.get(OPTIONAL_MARKER);
  return typeof marker === 'boolean' ? marker : undefined;
}

function present(target: unknown, method: string): boolean {
  const has = presence(target);
  if (has === undefined) throw new Error(`no such overload: ${method} applies to optional values`);
  return has;
}

function valueOf(target: unknown): any {
  return (target as { get(k: string): unknown }).get(VALUE_KEY);
}

export const CEL_OPTIONALS: CelFunc[] = [
  celFunc('optional.none', [], DYN, () => optionalNone() as any),
  celFunc('optional.of', [DYN], DYN, (v: unknown) => optionalOf(v) as any),
  celMethod('hasValue', DYN, [], CelScalar.BOOL, function () { return present(this, 'hasValue'); }),
  celMethod('value', DYN, [], DYN, function () {
    if (!present(this, 'value')) throw new Error('optional.none() dereference');
    return valueOf(this);
  }),
  celMethod('orValue', DYN, [DYN], DYN, function (fallback: unknown) {
    return (present(this, 'orValue') ? valueOf(this) : fallback) as any;
  }),
];
