/**
 * What the program synthesizes that the input does not have: objects the library adds by default
 * (PeerAuthentication, AuthorizationPolicy, PrometheusRule, dashboard ConfigMap, ...) and the
 * client mTLS it turns on in DestinationRules, each said in one line with what it changes.
 */
import { ServiceRouting } from '../routing/route-table';

const WHAT: Record<string, string> = {
  PeerAuthentication: 'server-side mTLS: callers without a sidecar (plaintext) are refused unless it is PERMISSIVE (new NamespaceSecurity(chart, id, { mtlsMode: MtlsMode.PERMISSIVE, permissiveReason }))',
  AuthorizationPolicy: 'an ALLOW policy: only the callers in allowedCallers may call (the program allows the model\'s own namespace, and the ingress gateway where a gateway-bound VirtualService forwards to it; the input let every caller in)',
  PrometheusRule: 'per-version alerts (needs the Prometheus Operator CRDs; observability: Observability.disabled() leaves them out)',
  ConfigMap: 'a Grafana dashboard (observability: Observability.disabled() leaves it out)',
  ServiceAccount: 'a service account',
  Service: 'the stable Service, not in the input: applying it replaces the existing Service of that name (give the Service to the import to keep its ports and selector)',
};

const key = (o: any) => `${o?.kind}/${o?.metadata?.namespace ?? 'default'}/${o?.metadata?.name}`;
/** The routing objects themselves: compared by explain, not listed. */
const ROUTING = ['VirtualService', 'DestinationRule', 'HTTPRoute', 'GRPCRoute'];
/** A Service that is not a model's own: one version's, for Gateway API routes (they have no subsets). */
const VERSION_SERVICE = 'the Service of one version (Gateway API routes send to a Service per version), not in the input: applying it replaces an existing Service of that name';

export function addedByDefault(input: readonly unknown[], output: readonly unknown[],
  inputRouting: readonly ServiceRouting[], outputRouting: readonly ServiceRouting[]): string[] {
  const had = new Set(input.map(key));
  const lines = output.filter((o: any) => !had.has(key(o)) && !ROUTING.includes(o?.kind)).map((o: any) => {
    const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
    const mode = o.kind === 'PeerAuthentication' ? ` (${o.spec?.mtls?.mode ?? 'STRICT'})` : '';
    const versionService = o.kind === 'Service' && !inputRouting.some(r => r.name === o.metadata?.name && (r.namespace ?? 'default') === (o.metadata?.namespace ?? 'default'));
    return `${o.kind} ${ns}${o.metadata?.name}${mode}: ${versionService ? VERSION_SERVICE : WHAT[o.kind] ?? 'added by the constructs'}`;
  });
  // Gateway API under Istio: a DestinationRule per version Service, for its host (not a model's stable host).
  for (const o of output as any[]) {
    if (o?.kind !== 'DestinationRule' || had.has(key(o)) || inputRouting.some(r => r.host === o.spec?.host)) continue;
    const tls = o.spec?.trafficPolicy?.tls?.mode;
    lines.push(`DestinationRule ${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}: traffic policy for ${o.spec?.host}${tls ? `, client TLS ${tls}: sidecars call it with mesh mTLS` : ''}`);
  }
  for (const s of inputRouting) {
    const produced = outputRouting.find(x => x.host === s.host);
    const tls = produced?.trafficPolicy?.tls?.mode;
    if (tls && tls !== s.trafficPolicy?.tls?.mode) {
      lines.push(`DestinationRule of ${s.host}: client TLS ${tls}${s.trafficPolicy?.tls ? ` (the input had ${s.trafficPolicy.tls.mode})` : ''}: sidecars call the service with mesh mTLS`);
    }
  }
  return lines;
}
