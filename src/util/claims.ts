import { IConstruct } from 'constructs';

/** Names already taken per app (by root construct): key → construct path of the owner. */
const CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Claim a cluster-wide name (e.g. `Deployment ml/content-ranking-v45`, `host ...`) for `owner`.
 * Returns the path of an earlier owner when the name is taken, so the caller can fail with a
 * message naming both: two objects with one name would silently overwrite each other on apply.
 */
export function claimName(owner: IConstruct, key: string): string | undefined {
  const root = owner.node.root;
  const claims = CLAIMS.get(root) ?? new Map<string, string>();
  CLAIMS.set(root, claims);
  const earlier = claims.get(key);
  if (earlier !== undefined) return earlier;
  claims.set(key, owner.node.path);
  return undefined;
}
