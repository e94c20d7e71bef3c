/**
 * Host resolution, once, as Istio does it (istioctl's pkg/config/analysis/analyzers/util/hosts.go
 * and pilot's ResolveShortnameToFQDN): a short name (no dot, no wildcard) is a Service in the
 * object's namespace; anything else is taken literally, so a mixed form like `reviews.default`
 * is *not* expanded. Used by the constructs, the route readers and `check`.
 */

export const CLUSTER_DOMAIN_SUFFIX = 'svc.cluster.local';

/** `^(.+)\.(.+)\.svc\.cluster\.local$` as Go matches it (greedy name, so the namespace has no dot). */
const SERVICE_FQDN = /^(.+)\.([^.]+)\.svc\.cluster\.local$/;

/** `ConvertHostToFQDN`: `reviews` in `ml` → `reviews.ml.svc.cluster.local`; `*.x`, `a.b` unchanged. */
export function toFqdn(host: string, namespace: string): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.${CLUSTER_DOMAIN_SUFFIX}`;
}

/**
 * The host of a Service we create: its FQDN, or the short name when the namespace is left to
 * the deploy (Istio then resolves it in the namespace of the object that names it).
 */
export function serviceHost(name: string, namespace?: string): string {
  return namespace ? toFqdn(name, namespace) : name;
}

/** `GetResourceNameFromHost`: the Service name and namespace of a cluster-local FQDN. */
export function serviceOfHost(fqdn: string): { name: string; namespace?: string } {
  const m = SERVICE_FQDN.exec(fqdn);
  return m ? { name: m[1], namespace: m[2] } : { name: fqdn };
}
