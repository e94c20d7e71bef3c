/**
 * virtualservice.GatewayAnalyzer: a VirtualService (or one of its matches) names a Gateway that
 * is not among the documents (IST0101 "Referenced gateway not found"), or a Gateway none of
 * whose server hosts matches any of the VirtualService's hosts (IST0132, warning).
 */
import { Finding } from '../finding';
import { referenceFinding } from './report';
import { asList, asRecord, IstioResource } from './resources';
import { normaliseGateway } from '../../routing/from-istio-hosts';
import { hostsMatch } from '../webhook/dns';

export function checkVirtualServiceGateways(vs: IstioResource, gateways: readonly IstioResource[]): Finding[] {
  const byName = new Map(gateways.map(g => [`${g.namespace}/${g.name}`, g]));
  const findings: Finding[] = [];
  const refs: Array<{ path: string; name: string }> = [
    ...asList(vs.spec.gateways).map((g, i) => ({ path: `spec.gateways[${i}]`, name: g })),
    ...asList(vs.spec.http).flatMap((h, i) => asList(asRecord(h).match).flatMap((m, j) =>
      asList(asRecord(m).gateways).map((g, k) => ({ path: `spec.http[${i}].match[${j}].gateways[${k}]`, name: g })))),
  ].filter((r): r is { path: string; name: string } => typeof r.name === 'string' && r.name !== 'mesh');
  const hosts = asList(vs.spec.hosts).filter((h): h is string => typeof h === 'string');
  for (const ref of refs) {
    const key = normaliseGateway(ref.name, vs.namespace);
    const gateway = byName.get(key);
    if (!gateway) {
      findings.push(referenceFinding(vs.doc, 'error', ref.path, 'IST0101', `Referenced gateway not found: "${key}"`));
    } else if (ref.path.startsWith('spec.gateways') && !hosts.some(h => gatewayHosts(gateway).some(g => hostsMatch(g, h)))) {
      findings.push(referenceFinding(vs.doc, 'warning', ref.path, 'IST0132',
        `one or more host [${hosts.join(',')}] defined in VirtualService ${vs.namespace}/${vs.name} not found in Gateway ${key}.`));
    }
  }
  return findings;
}

/** Server hosts without their `namespace/` part. */
function gatewayHosts(gateway: IstioResource): string[] {
  return asList(gateway.spec.servers).flatMap(s => asList(asRecord(s).hosts))
    .filter((h): h is string => typeof h === 'string')
    .map(h => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h));
}
