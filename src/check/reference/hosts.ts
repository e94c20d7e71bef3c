/**
 * Host normalisation exactly as istioctl analyze does it (pkg/config/analysis/analyzers/util/hosts.go):
 * a short name becomes `<name>.<namespace>.svc.cluster.local`; only `^(.+)\.(.+)\.svc\.cluster\.local$`
 * is parsed back into namespace and name, so a mixed form like `reviews.default` stays as it is.
 */
export const CLUSTER_DOMAIN = 'svc.cluster.local';
const FQDN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/** ConvertHostToFQDN */
export function toFqdn(namespace: string, host: string): string {
  return !host.startsWith('*') && !host.includes('.') ? `${host}.${namespace}.${CLUSTER_DOMAIN}` : host;
}

/** NewScopedFqdn: `<scope>/<fqdn>`, scope being `*` or a namespace. */
export function scopedFqdn(scope: string, namespace: string, host: string): string {
  return `${scope}/${toFqdn(namespace, host)}`;
}

/** GetResourceNameFromHost, as a `namespace/name` key. */
export function resourceNameFromHost(defaultNamespace: string, host: string): string {
  const m = FQDN.exec(host);
  return m ? `${m[2]}/${m[1]}` : `${defaultNamespace}/${host}`;
}
