/**
 * Input limits of `check` and `explain`. Real manifests stay far below them (the deepest vendored
 * CRD nests 38 levels); they exist so hostile or broken input becomes a finding instead of a
 * stack overflow, an exhausted heap or an endless parse. Documented in docs/check.md.
 */

/** Largest file read, in bytes (64 MiB). Larger files are a `read/too-large` finding, not read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Deepest nesting of mappings and sequences in one document (`read/too-deep`). */
export const MAX_DEPTH = 256;

/** Most documents in one file, JSON array elements included (`read/too-many-documents`). */
export const MAX_DOCUMENTS = 100_000;

/**
 * The `yaml` package's `maxAliasCount`: how far aliases may multiply a document before it counts
 * as an alias bomb ("billion laughs", `read/alias-bomb`).
 */
export const MAX_ALIAS_COUNT = 1000;

/** A document that was not read because it breaks a limit; the reader turns it into a finding. */
export class LimitExceeded {
  constructor(public readonly rule: string, public readonly message: string) {}
}

export function tooDeep(): LimitExceeded {
  return new LimitExceeded('read/too-deep', `document nests mappings and sequences more than ${MAX_DEPTH} levels deep (limit ${MAX_DEPTH}); not read`);
}

/** Thrown inside the fast reader when a document nests deeper than MAX_DEPTH. */
export class TooDeep extends Error {}

export function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new TooDeep();
}
