import { createHash } from 'crypto';

/** What identifies an object in a cluster: group, kind, namespace, name (the version does not). */
export interface ObjectIdentity {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Terraform resource names for objects, in the same order: `<kind>_<namespace>_<name>` (cluster-scoped:
 * `<kind>_<name>`), lower case, every character other than letters, digits, `_` and `-` replaced by `_`.
 * Names are state addresses, so they depend on the object alone: objects of different API groups that
 * share kind, namespace and name both get the group inserted; only a clash left after that (names that
 * differ in characters the sanitizing replaced) adds a short hash of the identity.
 */
export function resourceNames(objects: readonly ObjectIdentity[]): string[] {
  const plain = objects.map(o => readableName(o, false));
  const plainCounts = counts(plain);
  const withGroup = objects.map((o, i) => (plainCounts.get(plain[i])! > 1 ? readableName(o, true) : plain[i]));
  const groupCounts = counts(withGroup);
  return objects.map((o, i) => (groupCounts.get(withGroup[i])! > 1 ? `${withGroup[i]}_${identityHash(o)}` : withGroup[i]));
}

function readableName(o: ObjectIdentity, withGroup: boolean): string {
  const parts = [o.kind, ...(withGroup ? [o.group || 'core'] : []), ...(o.namespace ? [o.namespace] : []), o.name];
  return sanitize(parts.join('_'));
}

/** A Terraform identifier: letters, digits, `_` and `-`, not starting with a digit or `-`. */
export function sanitize(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return /^[a-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function counts(names: readonly string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const n of names) result.set(n, (result.get(n) ?? 0) + 1);
  return result;
}

function identityHash(o: ObjectIdentity): string {
  return createHash('sha256').update(`${o.group}/${o.kind}/${o.namespace ?? ''}/${o.name}`).digest('hex').slice(0, 8);
}
