/**
 * A Rollout with Istio subset-level traffic routing, read with the VirtualServices and the
 * DestinationRule of the run, for what Argo Rollouts v1.9.1 (commit
 * b6bd3bcf8f60d717a98763d26acc983db7f97cb0) does to them in a cluster, and the rules of its own
 * validation (pkg/apis/rollouts/validation/validation.go `ValidateRolloutStrategyCanary`;
 * rollout/trafficrouting/istio/istio.go `ValidateHTTPRoutes`), which the controller reports as an
 * InvalidSpec condition instead of rolling out.
 */
import { referenceFinding } from './report';
import { asList, asRecord, IstioResource, nameOf, namespaceOf, objectOf } from './resources';
import { STABLE_TEMPLATE_APPLIED_ANNOTATION } from '../../util/annotations';
import { toFqdn } from '../../util/hosts';
import { Finding, ManifestDocument } from '../finding';

const ISTIO_GO = 'argo-rollouts v1.9.1 rollout/trafficrouting/istio/istio.go';
const VALIDATION_GO = 'argo-rollouts v1.9.1 pkg/apis/rollouts/validation/validation.go';
const STEP_KINDS = ['setWeight', 'pause', 'experiment', 'analysis', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin'];

interface RolloutRouting {
  readonly doc: ManifestDocument;
  readonly namespace: string;
  readonly stable: string;
  readonly canary: string;
  readonly additional: readonly string[];
  readonly managedRoutes: readonly string[];
  /** `namespace/name` of each VirtualService → its routes (empty: the single or first unnamed route). */
  readonly virtualServices: ReadonlyMap<string, readonly string[]>;
  readonly destinationRule: string;
}

export function checkArgoRollouts(docs: readonly ManifestDocument[], virtualServices: readonly IstioResource[],
  destinationRules: readonly IstioResource[], defaultNamespace: string): Finding[] {
  const findings: Finding[] = [];
  for (const doc of docs) {
    const o = objectOf(doc);
    if (!o || o.kind !== 'Rollout' || typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('argoproj.io/')) continue;
    findings.push(...validateSteps(doc, asRecord(asRecord(o.spec).strategy).canary));
    const r = routingOf(doc, namespaceOf(o, defaultNamespace));
    if (!r) continue;
    const dr = destinationRules.find(d => d.namespace === r.namespace && d.name === r.destinationRule);
    if (!dr) continue;
    findings.push(...extraSubsets(r, dr), ...firstApply(r, o));
    const host = toFqdn(typeof dr.spec.host === 'string' ? dr.spec.host : '', dr.namespace);
    for (const vs of virtualServices) findings.push(...routesOf(r, vs, host));
  }
  return findings;
}

function routingOf(doc: ManifestDocument, namespace: string): RolloutRouting | undefined {
  const canary = asRecord(asRecord(asRecord(doc.object.spec).strategy).canary);
  const tr = asRecord(canary.trafficRouting);
  const istio = asRecord(tr.istio);
  const dr = asRecord(istio.destinationRule);
  if (typeof dr.name !== 'string' || typeof dr.stableSubsetName !== 'string' || typeof dr.canarySubsetName !== 'string') return undefined;
  const virtualServices = new Map<string, string[]>();
  for (const v of [istio.virtualService, ...asList(istio.virtualServices)]) {
    const ref = asRecord(v);
    if (typeof ref.name !== 'string') continue;
    const [name, ns] = ref.name.split('.');
    virtualServices.set(`${ns ?? namespace}/${name}`, asList(ref.routes).filter((x): x is string => typeof x === 'string'));
  }
  return {
    doc,
    namespace,
    stable: dr.stableSubsetName,
    canary: dr.canarySubsetName,
    additional: asList(dr.additionalSubsetNames).filter((x): x is string => typeof x === 'string'),
    managedRoutes: asList(tr.managedRoutes).map(m => asRecord(m).name).filter((x): x is string => typeof x === 'string'),
    virtualServices,
    destinationRule: dr.name,
  };
}

/** Problem 1: UpdateHash keeps only the stable and canary subsets and replaces the list. */
function extraSubsets(r: RolloutRouting, dr: IstioResource): Finding[] {
  return asList(dr.spec.subsets).flatMap((s, i) => {
    const name = asRecord(s).name;
    if (typeof name !== 'string' || name === r.stable || name === r.canary) return [];
    const kept = r.additional.includes(name) ? ' (additionalSubsetNames keeps its weights on the routes, not its subset)' : '';
    return [referenceFinding(dr.doc, 'error', `spec.subsets[${i}]`, 'argo-dr-extra-subset',
      `Rollout ${r.namespace}/${nameOf(r.doc.object)} manages this DestinationRule: its UpdateHash rebuilds spec.subsets from the stable ("${r.stable}") and canary ("${r.canary}") subsets only and writes the list back whole (${ISTIO_GO}), so subset "${name}" is deleted at the first reconcile${kept}; routes to it then fail with 503 NR and GitOps re-adds it, forever. Move it to a DestinationRule of its own host, or drop it.`)];
  });
}

/** Problem 4: a new Rollout's first template is scaled to full at once, without steps. */
function firstApply(r: RolloutRouting, rollout: Record<string, any>): Finding[] {
  const labels = asRecord(asRecord(asRecord(asRecord(rollout.spec).template).metadata).labels);
  const key = Object.keys(labels).find(k => labels[k] === r.canary);
  if (key === undefined || r.stable === r.canary) return [];
  const acknowledged = asRecord(asRecord(rollout.metadata).annotations)[STABLE_TEMPLATE_APPLIED_ANNOTATION];
  if (acknowledged === r.stable) return [];
  return [referenceFinding(r.doc, 'warning', `spec.template.metadata.labels.${key}`, 'argo-first-apply',
    `the pod template is the canary's (${key}: ${r.canary}): if this Rollout is new to the cluster, Argo runs it at once as the stable ReplicaSet without any step (argo-rollouts v1.9.1 docs/FAQ.md, "Does the Rollout object follow the provided strategy when it is first created?"), so the stable subset "${r.stable}" serves "${r.canary}" untested. Apply the Rollout first with the stable version's template; once it runs, annotate the Rollout ${STABLE_TEMPLATE_APPLIED_ANNOTATION}: "${r.stable}".`)];
}

/** Problems 2 and 3, and ValidateHTTPRoutes, on one VirtualService. */
function routesOf(r: RolloutRouting, vs: IstioResource, host: string): Finding[] {
  const listed = r.virtualServices.get(`${vs.namespace}/${vs.name}`);
  const http = asList(vs.spec.http).map(asRecord);
  const findings: Finding[] = [];
  const rolloutName = `Rollout ${r.namespace}/${nameOf(r.doc.object)}`;
  if (listed) {
    for (const name of listed) {
      const i = http.findIndex(h => h.name === name);
      if (i < 0) {
        findings.push(referenceFinding(vs.doc, 'error', 'spec.http', 'argo-route-not-found', `${rolloutName} names route "${name}", which this VirtualService does not have: Argo fails the rollout with "HTTP Route '${name}' is not found in the defined Virtual Service." (${ISTIO_GO} ValidateHTTPRoutes)`));
        continue;
      }
      const subsets = asList(http[i].route).map(d => asRecord(asRecord(d).destination).subset);
      for (const [role, subset] of [['Canary', r.canary], ['Stable', r.stable]] as const) {
        if (!subsets.includes(subset)) findings.push(referenceFinding(vs.doc, 'error', `spec.http[${i}].route`, 'argo-route-subsets', `${rolloutName} moves this route, which has no destination with subset "${subset}": Argo fails with "${role} DestinationRule subset '${subset}' not found in route" (${ISTIO_GO} validateDestinationRule)`));
      }
    }
    if (listed.length === 0 && http.filter(h => !r.managedRoutes.includes(h.name)).length > 1) {
      findings.push(referenceFinding(vs.doc, 'error', 'spec.http', 'argo-route-not-found', `${rolloutName} names no route of this VirtualService, which has several: Argo requires exactly one route when routes are omitted (${ISTIO_GO} ValidateHTTPRoutes)`));
    }
  }
  http.forEach((h, i) => {
    const ours = (d: unknown) => toFqdn(String(asRecord(d).host ?? ''), vs.namespace) === host;
    const managed = (listed?.includes(h.name) ?? false) || (listed?.length === 0 && http.length === 1) || r.managedRoutes.includes(h.name);
    const route = managed ? [] : asList(h.route).map(asRecord).filter(d => ours(d.destination));
    const weightOf = (subset: string) => route.filter(d => asRecord(d.destination).subset === subset)
      .reduce((n, d) => n + (typeof d.weight === 'number' ? d.weight : route.length === 1 ? 100 : 0), 0);
    const subsets = route.map(d => asRecord(d.destination).subset);
    // A copy of the split at rest (the canary at 0): Argo would move it if the Rollout named it.
    if (subsets.includes(r.stable) && subsets.includes(r.canary) && weightOf(r.canary) === 0) {
      findings.push(referenceFinding(vs.doc, 'error', `spec.http[${i}].route`, 'argo-unmanaged-split',
        `this route splits ${host} between the stable ("${r.stable}") and canary ("${r.canary}") subsets, but ${rolloutName} does not name it (${listed ? 'in its routes' : 'nor this VirtualService'}): Argo's SetWeight patches only the routes of the VirtualServices it names (${ISTIO_GO}), so this split never moves. Add ${listed ? `"${h.name ?? '(unnamed)'}" to its routes` : `{name: ${vs.name}${vs.namespace !== r.namespace ? `.${vs.namespace}` : ''}, routes: [${h.name ?? ''}]} to trafficRouting.istio.virtualServices`}.`));
      return;
    }
    const pinned = weightOf(r.canary) > 0;
    const mirrored = [h.mirror, ...asList(h.mirrors).map(m => asRecord(m).destination)].some(m => ours(m) && asRecord(m).subset === r.canary);
    if (pinned || mirrored) {
      findings.push(referenceFinding(vs.doc, 'error', `spec.http[${i}]`, 'argo-canary-subset-pinned',
        `this route ${pinned ? 'sends requests' : 'mirrors requests'} to the canary subset "${r.canary}" of ${rolloutName}, which Argo re-points at the new ReplicaSet before it has pods (reconcileTrafficRouting runs UpdateHash before reconcileCanaryReplicaSets scales it, argo-rollouts v1.9.1 rollout/canary.go), leaves without pods after an abort (abortScaleDownDelaySeconds) and points at the stable pods at rest: ${pinned ? '503 no healthy upstream at the start of every rollout and after an abort' : 'the shadow compares stable with itself'}. Route to "${r.stable}", or let Argo add the route only while the canary has pods (a setHeaderRoute/setMirrorRoute step and managedRoutes).`));
    }
  });
  return findings;
}

/** The step rules of Argo's own validation (the controller marks the Rollout InvalidSpec). */
function validateSteps(doc: ManifestDocument, canary: unknown): Finding[] {
  const c = asRecord(canary);
  const managed = asList(asRecord(c.trafficRouting).managedRoutes).map(m => asRecord(m).name);
  const findings: Finding[] = [];
  asList(c.steps).forEach((s, i) => {
    const step = asRecord(s);
    const path = `spec.strategy.canary.steps[${i}]`;
    const set = (k: string) => step[k] !== undefined && step[k] !== null;
    // hasMultipleStepsType looks at these four only; a step with none of the eight is invalid too.
    const exclusive = ['setWeight', 'pause', 'experiment', 'analysis'].filter(set);
    if (exclusive.length > 1 || !STEP_KINDS.some(set)) {
      findings.push(referenceFinding(doc, 'error', path, 'argo-step', `${exclusive.length > 1 ? `a step with ${exclusive.join(' and ')}` : 'a step with no action'}: "Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause" (${VALIDATION_GO})`));
    }
    if (typeof step.setWeight === 'number' && (step.setWeight < 0 || step.setWeight > 100)) {
      findings.push(referenceFinding(doc, 'error', `${path}.setWeight`, 'argo-set-weight', `setWeight ${step.setWeight}: "SetWeight needs to be between 0 and 100" (${VALIDATION_GO})`));
    }
    for (const k of ['setHeaderRoute', 'setMirrorRoute']) {
      const name = asRecord(step[k]).name;
      if (step[k] !== undefined && !managed.includes(name)) {
        findings.push(referenceFinding(doc, 'error', `${path}.${k}`, 'argo-managed-route', `${k} "${String(name)}": "Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes" (${VALIDATION_GO})`));
      }
    }
  });
  return findings;
}
