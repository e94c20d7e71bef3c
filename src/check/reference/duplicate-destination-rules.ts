/**
 * Two DestinationRules (without workloadSelector) for one host in one namespace. No analyzer
 * code exists for it, but istiod merges them (pilot's mergeDestinationRule): subsets are combined,
 * a repeated subset name keeps the first definition, and only the first top-level trafficPolicy applies.
 */
import { referenceFinding } from './report';
import { IstioResource } from './resources';
import { toFqdn } from '../../util/hosts';
import { Finding } from '../finding';

export function checkDuplicateDestinationRules(destinationRules: readonly IstioResource[]): Finding[] {
  const byHost = new Map<string, IstioResource[]>();
  for (const dr of destinationRules) {
    if (dr.spec.workloadSelector) continue;
    const host = typeof dr.spec.host === 'string' ? dr.spec.host : '';
    const key = `${dr.namespace}/${toFqdn(host, dr.namespace)}`;
    byHost.set(key, [...byHost.get(key) ?? [], dr]);
  }
  const findings: Finding[] = [];
  for (const [key, list] of byHost) {
    if (list.length < 2) continue;
    const names = list.map(dr => `${dr.namespace}/${dr.name}`).join(',');
    const host = key.slice(key.indexOf('/') + 1);
    for (const dr of list) {
      findings.push(referenceFinding(dr.doc, 'warning', 'spec.host', 'duplicate-destination-rule',
        `The DestinationRules ${names} define the same host ${host}; istiod merges them: subsets are combined, a repeated subset name keeps its first definition, and only the first top-level trafficPolicy applies. Merge them into one DestinationRule per host.`));
    }
  }
  return findings;
}
