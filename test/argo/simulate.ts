/**
 * TEST-ONLY simulation of one Rollout's life in a cluster, on our synthesized objects, with the
 * port of Argo's Istio router (istio-port.ts). The order of the calls at each moment follows
 * argo-rollouts v1.9.1 (commit b6bd3bcf8f60d717a98763d26acc983db7f97cb0):
 * - rollout/canary.go `rolloutCanary`: the new ReplicaSet exists (created at 0 replicas by
 *   getAllReplicaSetsAndSyncRevision) before `reconcileTrafficRouting`, which runs before
 *   `reconcileCanaryReplicaSets` scales it.
 * - rollout/trafficrouting.go `reconcileTrafficRouting`: weight 0 and `RemoveManagedRoutes` while
 *   the new ReplicaSet has no available pod, on abort and when fully promoted; the previous
 *   stage's weight until the canary has its replicas; then `UpdateHash(canary, stable)` and
 *   `SetWeight`; header/mirror steps only when the revision is > 1.
 * - istio.go `shouldDelayDestinationRuleUpdate`: on the first install the DestinationRule keeps
 *   its labels until the (only) ReplicaSet is available; ReplicaSets at 0 replicas never delay.
 * - utils/replicaset `CalculateReplicaCountsForTrafficRoutedCanary`: canary = ceil(w × replicas / 100),
 *   stable stays at `replicas` (dynamicStableScale false); `abortScaleDownDelaySeconds` later the
 *   aborted canary is at 0, `scaleDownDelaySeconds` after a promotion the old stable is at 0.
 */
import { HASH_LABEL, Json, removeManagedRoutes, RolloutRouting, rolloutRouting, setHeaderRoute, setWeight, updateHash } from './istio-port';

/** Ready pods, by their labels. */
export type Pods = ReadonlyArray<Record<string, string>>;

export interface ClusterState {
  /** `rest`, `install`, `installed`, `applied`, `start`, `stage N` (1-based), `aborted`, `promoted`. */
  readonly moment: string;
  /** The canary's weight on every managed route at this moment. */
  readonly canaryWeight: number;
  /** Every object as the cluster holds it (VirtualServices and the DestinationRule patched). */
  readonly objects: Json[];
  readonly pods: Pods;
}

function podsOf(labels: Record<string, string>, hash: string | undefined, count: number): Pods {
  return Array.from({ length: count }, () => ({ ...labels, ...hash ? { [HASH_LABEL]: hash } : {} }));
}

function deploymentPods(objects: readonly Json[]): Pods {
  return objects.filter(o => o.kind === 'Deployment').flatMap(d => podsOf(d.spec.template.metadata.labels, undefined, d.spec.replicas ?? 1));
}

const rolloutOf = (objects: readonly Json[]) => objects.find(o => o.kind === 'Rollout')!;
const key = (o: Json) => `${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

/** Apply Argo's traffic-routing calls to the VirtualServices and DestinationRule in `objects`. */
function route(objects: readonly Json[], r: RolloutRouting, canaryHash: string, stableHash: string | undefined, weight: number,
  headerSteps: readonly Json[], removeManaged: boolean): Json[] {
  const vsNames = new Map(r.virtualServices.map(v => {
    const [name, ns] = v.name.split('.');
    return [`VirtualService/${ns ?? r.namespace}/${name}` as string, v.routes] as const;
  }));
  const drKey = `DestinationRule/${r.namespace}/${r.destinationRule.name}`;
  const dr = objects.find(o => key(o) === drKey)!;
  return objects.map(o => {
    if (key(o) === drKey && stableHash !== undefined) return updateHash(o, r, canaryHash, stableHash);
    const routes = vsNames.get(key(o));
    if (!routes) return o;
    let vs = removeManaged ? removeManagedRoutes(o, r) : o;
    for (const step of headerSteps) vs = setHeaderRoute(vs, r, dr.spec.host, step as { name: string; match?: Json[] });
    return setWeight(vs, routes, r, weight);
  });
}

/** `setWeight` values of the steps, and the `setHeaderRoute` steps in force from each step on. */
function plan(rollout: Json): Array<{ weight: number; headers: Json[] }> {
  const stages: Array<{ weight: number; headers: Json[] }> = [];
  let headers: Json[] = [];
  for (const step of rollout.spec.strategy.canary.steps ?? []) {
    const header = step.setHeaderRoute;
    if (header) headers = [...headers.filter(h => h.name !== header.name), ...header.match ? [header] : []];
    if (typeof step.setWeight === 'number') stages.push({ weight: step.setWeight, headers });
    else if (step.setHeaderRoute && stages.length > 0) stages[stages.length - 1] = { ...stages[stages.length - 1], headers };
  }
  return stages;
}

/**
 * The first install of `first` (a new Rollout: Argo scales its template to full at once, no
 * steps), then, when `next` is given, the apply of `next` and a rollout of its template through
 * every stage, an abort from every stage, and the promotion.
 */
export function simulate(first: readonly Json[], next?: readonly Json[]): ClusterState[] {
  const r1 = rolloutRouting(rolloutOf(first));
  const replicas = rolloutOf(first).spec.replicas ?? 1;
  const labelsA = rolloutOf(first).spec.template.metadata.labels;
  const states: ClusterState[] = [
    // The Rollout's ReplicaSet has no ready pod yet: the DR keeps its labels (update delayed).
    { moment: 'install', canaryWeight: 0, objects: [...first], pods: deploymentPods(first) },
  ];
  const podsA = podsOf(labelsA, 'hash-a', replicas);
  const installed = route(first, r1, 'hash-a', 'hash-a', 0, [], true);
  states.push({ moment: 'installed', canaryWeight: 0, objects: installed, pods: [...deploymentPods(first), ...podsA] });
  if (!next) return states;
  const r = rolloutRouting(rolloutOf(next));
  const labelsB = rolloutOf(next).spec.template.metadata.labels;
  const base = deploymentPods(next);
  // GitOps applied `next`: the DR's subsets come from git (the merge replaces the list), Argo has not reconciled yet.
  states.push({ moment: 'applied', canaryWeight: 0, objects: [...next], pods: [...base, ...podsA] });
  states.push({ moment: 'start', canaryWeight: 0, objects: route(next, r, 'hash-b', 'hash-a', 0, [], true), pods: [...base, ...podsA] });
  const stages = plan(rolloutOf(next));
  stages.forEach((s, i) => {
    const canary = podsOf(labelsB, 'hash-b', Math.ceil((s.weight * replicas) / 100));
    states.push({ moment: `stage ${i + 1}`, canaryWeight: s.weight, objects: route(next, r, 'hash-b', 'hash-a', s.weight, s.headers, false), pods: [...base, ...podsA, ...canary] });
  });
  // After the last step Argo sets 100% on the full canary, then promotes.
  const full = podsOf(labelsB, 'hash-b', replicas);
  states.push({ moment: 'promoting', canaryWeight: 100, objects: route(next, r, 'hash-b', 'hash-a', 100, stages.at(-1)?.headers ?? [], false), pods: [...base, ...podsA, ...full] });
  // Aborted, once abortScaleDownDelaySeconds have passed: the canary ReplicaSet is at 0.
  states.push({ moment: 'aborted', canaryWeight: 0, objects: route(next, r, 'hash-b', 'hash-a', 0, [], true), pods: [...base, ...podsA] });
  // Promoted, once scaleDownDelaySeconds have passed: the old stable is at 0.
  states.push({ moment: 'promoted', canaryWeight: 0, objects: route(next, r, 'hash-b', 'hash-b', 0, [], true), pods: [...base, ...full] });
  return states;
}

/** Whether `labels` (a subset's) select at least one of `pods`. */
export function selectsPods(labels: Record<string, string>, pods: Pods): boolean {
  return pods.some(p => Object.entries(labels).every(([k, v]) => p[k] === v));
}
