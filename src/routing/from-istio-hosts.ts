/**
 * Host lookups for the route readers and `explain`; resolving a host (short name → FQDN) is
 * src/util/hosts.ts.
 */
import { CLUSTER_DOMAIN_SUFFIX, serviceOfHost } from '../util/hosts';

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
  if (gateway.endsWith(`.${CLUSTER_DOMAIN_SUFFIX}`)) {
    const { name, namespace: ns } = serviceOfHost(gateway);
    if (ns) return `${ns}/${name}`;
  }
  return `${namespace}/${gateway}`;
}
