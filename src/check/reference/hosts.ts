/**
 * Scoped host keys as istioctl analyze builds them (pkg/config/analysis/analyzers/util/hosts.go),
 * on the project's one host resolution (src/util/hosts.ts).
 */
import { serviceOfHost, toFqdn } from '../../util/hosts';

/** NewScopedFqdn: `<scope>/<fqdn>`, scope being `*` or a namespace. */
export function scopedFqdn(scope: string, namespace: string, host: string): string {
  return `${scope}/${toFqdn(host, namespace)}`;
}

/** GetResourceNameFromHost, as a `namespace/name` key. */
export function resourceNameFromHost(defaultNamespace: string, host: string): string {
  const { name, namespace } = serviceOfHost(host);
  return `${namespace ?? defaultNamespace}/${name}`;
}
