/**
 * Read Argo Rollouts' Istio traffic routing back into the route table, so `explain` and the
 * report of manifests (ours or hand-written) say which routes Argo moves and along which plan:
 * `trafficRouting.istio.virtualService(s)` (name, optionally `name.namespace`, and `routes`),
 * `destinationRule` (stable and canary subsets), and the stages from `setWeight` + `pause` steps.
 */
import { asArray, isObject } from './from-istio-fields';
import { CanarySplit, CanaryStageSpec } from './route-table';
import { parseGoDuration } from '../util/duration';
import { ManifestDocument } from '../util/manifest-document';

/** One Rollout's claim on a VirtualService: `namespace/name` and what it does to its routes. */
export interface RolloutClaim {
  readonly virtualService: string;
  readonly canary: CanarySplit;
}

export function readRolloutClaims(docs: readonly ManifestDocument[], defaultNamespace: string): RolloutClaim[] {
  const claims: RolloutClaim[] = [];
  for (const doc of docs) {
    const o = doc.object;
    if (!isObject(o) || o.kind !== 'Rollout' || typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('argoproj.io/')) continue;
    const namespace = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : defaultNamespace;
    const canary = isObject(o.spec?.strategy?.canary) ? o.spec.strategy.canary : {};
    const istio = isObject(canary.trafficRouting?.istio) ? canary.trafficRouting.istio : undefined;
    const dr = istio?.destinationRule;
    if (!istio || !isObject(dr) || typeof dr.stableSubsetName !== 'string' || typeof dr.canarySubsetName !== 'string') continue;
    const split: CanarySplit = {
      champion: dr.stableSubsetName,
      challengers: [dr.canarySubsetName],
      delivery: 'argo-rollouts',
      stages: stagesOf(asArray(canary.steps)),
      source: `${doc.file}#${doc.index}`,
    };
    for (const vs of [istio.virtualService, ...asArray(istio.virtualServices)]) {
      if (!isObject(vs) || typeof vs.name !== 'string') continue;
      const [name, ns] = vs.name.split('.');
      const routes = asArray(vs.routes).filter((r): r is string => typeof r === 'string');
      claims.push({ virtualService: `${ns ?? namespace}/${name}`, canary: { ...split, managedRoutes: routes } });
    }
  }
  return claims;
}

/** `setWeight` steps with the hold of the `pause` that follows; Argo promotes to 100% after the last step. */
function stagesOf(steps: readonly unknown[]): CanaryStageSpec[] {
  const stages: CanaryStageSpec[] = [];
  steps.forEach((step, i) => {
    if (!isObject(step) || typeof step.setWeight !== 'number') return;
    const next = steps[i + 1];
    const duration = isObject(next) && isObject(next.pause) ? next.pause.duration : undefined;
    const holdMs = typeof duration === 'number' ? duration * 1000 : typeof duration === 'string' ? holdOf(duration) : undefined;
    stages.push({ percent: step.setWeight, holdMs });
  });
  if (stages[stages.length - 1]?.percent !== 100) stages.push({ percent: 100 });
  return stages;
}

/** Argo reads a pause duration as whole seconds (`"600"`) or a Go duration (`"10m"`). */
function holdOf(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
}
