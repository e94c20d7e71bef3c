/**
 * Host names as istioctl's analyzers normalise them (pkg/config/analysis/analyzers/util/hosts.go):
 * a short name (no dot, no wildcard) means a Service in the object's namespace; anything else is
 * taken literally. Mixed forms such as `reviews.default` are *not* expanded, exactly as in Istio.
 */

export const CLUSTER_DOMAIN_SUFFIX = 'svc.cluster.local';

const SERVICE_FQDN = /^(.+)\.([^.]+)\.svc\.cluster\.local$/;

/** `ConvertHostToFQDN`: `reviews` in `ml` → `reviews.ml.svc.cluster.local`. */
export function toFqdn(host: string, namespace: string): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.${CLUSTER_DOMAIN_SUFFIX}`;
}

/** `GetResourceNameFromHost`: the Service name and namespace of a cluster-local FQDN. */
export function serviceOfHost(fqdn: string): { name: string; namespace?: string } {
  const m = SERVICE_FQDN.exec(fqdn);
  return m ? { name: m[1], namespace: m[2] } : { name: fqdn };
}

/** How specifically a DestinationRule host covers `fqdn`: higher is more specific, undefined when it does not. */
export function hostMatchScore(ruleHost: string, fqdn: string): number | undefined {
  if (ruleHost === fqdn) return Number.MAX_SAFE_INTEGER;
  if (ruleHost === '*') return 0;
  if (ruleHost.startsWith('*') && fqdn.endsWith(ruleHost.slice(1))) return ruleHost.length;
  return undefined;
}

/** Result of looking a user-typed host up among known FQDNs. */
export type HostLookup =
  | { readonly kind: 'found'; readonly host: string }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly kind: 'unknown' };

/**
 * Find the host a user means: the FQDN itself, `name.namespace`, `name.namespace.svc`, or the
 * short `name` (ambiguous when several namespaces have it). A trailing dot is ignored.
 */
export function lookupHost(query: string, known: readonly string[]): HostLookup {
  const q = query.trim().replace(/\.$/, '').toLowerCase();
  const exact = known.find(h => h.toLowerCase() === q);
  if (exact) return { kind: 'found', host: exact };
  const candidates = known.filter(h => {
    const lower = h.toLowerCase();
    if (!lower.endsWith(`.${CLUSTER_DOMAIN_SUFFIX}`)) return false;
    const { name, namespace } = serviceOfHost(lower);
    return q === name || q === `${name}.${namespace}` || q === `${name}.${namespace}.svc`;
  });
  if (candidates.length === 1) return { kind: 'found', host: candidates[0] };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates };
  return { kind: 'unknown' };
}

/**
 * Gateway names as Istio resolves them for matching: `mesh` stays, `ns/name` stays, a bare
 * `name` is in the VirtualService's namespace, a legacy `name.ns.svc.cluster.local` is `ns/name`.
 */
export function normaliseGateway(gateway: string, namespace: string): string {
  if (gateway === 'mesh' || gateway.includes('/')) return gateway;
  const m = SERVICE_FQDN.exec(gateway);
  if (m) return `${m[2]}/${m[1]}`;
  return `${namespace}/${gateway}`;
}
