/**
 * Defensive readers for decoded YAML. A field of the wrong type is the schema layer's finding;
 * here it reads as absent, so the webhook rules never crash on malformed input.
 */
export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Obj : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string field as Go sees it after decoding: absent or mistyped is the zero value `''`. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A number field as Go sees it: absent or mistyped is `0`. */
export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Whether a message or oneof field is set (Go: non-nil pointer). */
export function has(o: Obj | undefined, key: string): boolean {
  return o !== undefined && o[key] !== undefined && o[key] !== null;
}

/** A repeated field with at least one element (Go decodes `[]` to a nil slice). */
export function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** Entries of a map field; values may be null (Go: nil message in the map). */
export function entries(value: unknown): Array<[string, unknown]> {
  const o = obj(value);
  return o ? Object.entries(o) : [];
}

/** A `google.protobuf.*Value` wrapper given as a plain scalar in YAML. */
export function wrapped(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
