/**
 * IST0174 and IST0173, as destinationrule.PodNotSelectedAnalyzer: a DestinationRule host must
 * match a Service or ServiceEntry; then every subset's labels (merged with the ServiceEntry's
 * workloadSelector) must select at least one pod of the run.
 */
import { Finding } from '../finding';
import { referenceFinding } from './report';
import { asList, asRecord, asStringMap, IstioResource, objectOf } from './resources';
import { ServiceRegistry } from './service-registry';
import { PodIndex } from './workloads';
import { ADOPTED_SUBSETS_ANNOTATION } from '../../util/annotations';

export function checkSubsetPods(dr: IstioResource, registry: ServiceRegistry, pods: PodIndex): Finding[] {
  const host = typeof dr.spec.host === 'string' ? dr.spec.host : '';
  const exportTo = asList(dr.spec.exportTo).filter((e): e is string => typeof e === 'string');
  const service = registry.lookup(dr.namespace, exportTo, host);
  if (!service) {
    return [referenceFinding(dr.doc, 'warning', 'spec.host', 'IST0174',
      `The host ${host} defined in the DestinationRule does not match any services in the mesh.`)];
  }
  const findings: Finding[] = [];
  const adopted = adoptedSubsets(dr);
  asList(dr.spec.subsets).forEach((entry, i) => {
    const subset = asRecord(entry);
    if (adopted.has(String(subset.name ?? ''))) return;
    const selector = { ...service.workloadSelector, ...asStringMap(subset.labels) };
    if (pods.anySelected(selector)) return;
    const wanted = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    findings.push(referenceFinding(dr.doc, 'error', `spec.subsets[${i}].labels`, 'IST0173',
      `The Subset ${String(subset.name ?? '')} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). (no workload in the checked manifests has pod labels ${wanted || '(any)'})`));
  });
  return findings;
}

function adoptedSubsets(dr: IstioResource): Set<string> {
  const value = objectOf(dr.doc)?.metadata?.annotations?.[ADOPTED_SUBSETS_ANNOTATION];
  return new Set(typeof value === 'string' ? value.split(',').map(s => s.trim()).filter(Boolean) : []);
}
