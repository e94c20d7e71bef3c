/**
 * IST0101 (host+subset), as virtualservice.DestinationRuleAnalyzer: a subset a route or mirror
 * names must be defined by a DestinationRule for the same host (compared as namespace/name, see hosts.ts).
 */
import { Finding } from '../finding';
import { resourceNameFromHost } from './hosts';
import { referenceFinding } from './report';
import { asList, asRecord, IstioResource } from './resources';
import { mirrorDestinations, routeDestinations } from './route-destinations';
import { toFqdn } from '../../util/hosts';
import { goQuote } from '../webhook/go-format';

/** `namespace/name` of the host → subset names defined for it. */
export type SubsetIndex = Map<string, Set<string>>;

export function indexSubsets(destinationRules: readonly IstioResource[]): SubsetIndex {
  const index: SubsetIndex = new Map();
  for (const dr of destinationRules) {
    const host = typeof dr.spec.host === 'string' ? dr.spec.host : '';
    const key = resourceNameFromHost(dr.namespace, toFqdn(host, dr.namespace));
    const subsets = index.get(key) ?? new Set<string>();
    for (const s of asList(dr.spec.subsets)) {
      const name = asRecord(s).name;
      if (typeof name === 'string') subsets.add(name);
    }
    index.set(key, subsets);
  }
  return index;
}

export function checkDestinationSubsets(vs: IstioResource, subsets: SubsetIndex): Finding[] {
  const findings: Finding[] = [];
  for (const d of [...routeDestinations(vs.spec), ...mirrorDestinations(vs.spec)]) {
    if (d.subset === '') continue;
    const key = resourceNameFromHost(vs.namespace, d.host);
    const known = subsets.get(key);
    if (known?.has(d.subset)) continue;
    const hint = known
      ? `DestinationRules for ${key} define subsets: ${known.size ? [...known].join(', ') : '(none)'}`
      : `no DestinationRule in the checked manifests has host ${key.split('/')[1]} in namespace ${key.split('/')[0]}`;
    findings.push(referenceFinding(vs.doc, 'error', `${d.path}.subset`, 'IST0101-subset',
      `Referenced ${d.mirror ? 'mirror' : 'host'}+subset in destinationrule not found: ${goQuote(`${d.host}+${d.subset}`)} (${hint})`));
  }
  return findings;
}
