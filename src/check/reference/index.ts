/**
 * Layer 3 of `check`: what `istioctl analyze` would report across all documents of a run —
 * missing hosts and subsets (IST0101), ambiguous ports (IST0112), conflicting mesh
 * VirtualServices (IST0109), subsets selecting no pods (IST0173), DestinationRule hosts without
 * a service (IST0174), gateways that do not exist (IST0101) or do not serve the host (IST0132),
 * DestinationRules istiod would merge, and Gateway API route references (gateway-api-refs.ts). Unreachable rules (IST0130/0131)
 * are the webhook layer's warnings and are not repeated here.
 */
import { checkArgoRollouts } from './argo-rollouts';
import { append } from '../../util/append';
import { Finding, ManifestDocument } from '../finding';
import { checkClusterSeams } from './cluster-seams';
import { checkConflictingMeshHosts } from './conflicting-mesh-hosts';
import { checkDestinationHosts } from './destination-hosts';
import { checkDestinationSubsets, indexSubsets } from './destination-subsets';
import { checkDuplicateDestinationRules } from './duplicate-destination-rules';
import { checkGatewayApiReferences } from './gateway-api-refs';
import { checkVirtualServiceGateways } from './gateways';
import { apiGroup, asRecord, IstioResource, nameOf, namespaceOf, objectOf } from './resources';
import { buildServiceRegistry } from './service-registry';
import { checkSubsetPods } from './subset-pods';
import { PodIndex, podLabelSets } from './workloads';

export interface ReferenceOptions {
  /** Namespace assumed for objects without `metadata.namespace`. @default 'default' */
  readonly defaultNamespace?: string;
}

function istioResources(docs: readonly ManifestDocument[], kind: string, defaultNamespace: string): IstioResource[] {
  const out: IstioResource[] = [];
  for (const doc of docs) {
    const object = objectOf(doc);
    if (!object || object.kind !== kind || apiGroup(object) !== 'networking.istio.io') continue;
    out.push({ doc, namespace: namespaceOf(object, defaultNamespace), name: nameOf(object), spec: asRecord(object.spec) });
  }
  return out;
}

export function validateReferences(docs: readonly ManifestDocument[], options: ReferenceOptions = {}): Finding[] {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const virtualServices = istioResources(docs, 'VirtualService', defaultNamespace);
  const destinationRules = istioResources(docs, 'DestinationRule', defaultNamespace);
  const gateways = istioResources(docs, 'Gateway', defaultNamespace);
  const registry = buildServiceRegistry(docs, defaultNamespace);
  const subsets = indexSubsets(destinationRules);
  const pods = new PodIndex(podLabelSets(docs));
  const findings: Finding[] = [];
  for (const vs of virtualServices) {
    append(findings, checkDestinationHosts(vs, registry));
    append(findings, checkDestinationSubsets(vs, subsets));
    append(findings, checkVirtualServiceGateways(vs, gateways));
  }
  append(findings, checkConflictingMeshHosts(virtualServices));
  for (const dr of destinationRules) append(findings, checkSubsetPods(dr, registry, pods));
  append(findings, checkArgoRollouts(docs, virtualServices, destinationRules, defaultNamespace));
  append(findings, checkGatewayApiReferences(docs, defaultNamespace));
  append(findings, checkClusterSeams(docs, defaultNamespace));
  return append(findings, checkDuplicateDestinationRules(destinationRules));
}
