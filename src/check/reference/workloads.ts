/**
 * Pod label sets of the workloads in a run (pod templates of Deployments, StatefulSets,
 * DaemonSets, ReplicaSets, Jobs, CronJobs, Argo Rollouts, bare Pods, and KServe predictor pods).
 * Like the IST0173 analyzer, any pod anywhere counts, not only the service's own.
 */
import { ManifestDocument } from '../finding';
import { kservePodLabels } from './kserve';
import { apiGroup, asRecord, asStringMap, nameOf, objectOf } from './resources';

export const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Rollout']);

export function podLabelSets(docs: readonly ManifestDocument[]): Array<Record<string, string>> {
  const sets: Array<Record<string, string>> = [];
  for (const doc of docs) {
    const object = objectOf(doc);
    if (!object) continue;
    const kind = object.kind;
    const spec = asRecord(object.spec);
    if (typeof kind === 'string' && TEMPLATE_KINDS.has(kind)) {
      sets.push(asStringMap(asRecord(asRecord(spec.template).metadata).labels));
    } else if (kind === 'CronJob') {
      sets.push(asStringMap(asRecord(asRecord(asRecord(asRecord(spec.jobTemplate).spec).template).metadata).labels));
    } else if (kind === 'Pod' && object.apiVersion === 'v1') {
      sets.push(asStringMap(asRecord(object.metadata).labels));
    } else if (kind === 'InferenceService' && apiGroup(object) === 'serving.kserve.io') {
      sets.push(...kservePodLabels(nameOf(object), spec, asStringMap(asRecord(object.metadata).annotations)));
    }
  }
  return sets;
}

/** A Kubernetes equality selector: every selector label present with the same value. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/** Pods indexed by `key=value`, so a selector only scans the pods carrying its rarest label. */
export class PodIndex {
  private readonly byLabel = new Map<string, Array<Record<string, string>>>();

  constructor(private readonly pods: ReadonlyArray<Record<string, string>>) {
    for (const labels of pods) {
      for (const k in labels) {
        const pair = `${k}=${labels[k]}`;
        const list = this.byLabel.get(pair);
        if (list) list.push(labels);
        else this.byLabel.set(pair, [labels]);
      }
    }
  }

  anySelected(selector: Record<string, string>): boolean {
    let candidates: ReadonlyArray<Record<string, string>> = this.pods;
    for (const k in selector) {
      const list = this.byLabel.get(`${k}=${selector[k]}`);
      if (!list) return false;
      if (list.length < candidates.length) candidates = list;
    }
    return candidates.some(labels => selects(selector, labels));
  }
}
