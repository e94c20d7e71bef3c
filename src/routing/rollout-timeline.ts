/**
 * The rollout timeline of a progressive canary, before it runs: at each moment, the canary's
 * weight on the managed routes and the pods each of the two subsets selects. It follows Argo
 * Rollouts v1.9.1 (commit b6bd3bcf8f60d717a98763d26acc983db7f97cb0):
 * - start: `reconcileTrafficRouting` runs before `reconcileCanaryReplicaSets` (rollout/canary.go),
 *   so the canary subset is re-pointed (`UpdateHash`) at the new ReplicaSet while it has 0 pods;
 *   the weight stays 0 until it has an available pod (rollout/trafficrouting.go).
 * - stage N: the canary ReplicaSet holds ceil(N% × replicas) pods (utils/replicaset
 *   `CalculateReplicaCountsForTrafficRoutedCanary`); stable keeps all its replicas
 *   (`dynamicStableScale: false`).
 * - aborted: weight 0 at once; `abortScaleDownDelaySeconds` later the canary ReplicaSet is at 0.
 * - promoted: the stable subset moves to the new ReplicaSet; at rest both subsets select the
 *   same pods (`UpdateHash(canaryHash = stableHash)`).
 * The test suite checks it against a port of Argo's router applied to the synthesized objects.
 */
import { CanarySplit, HttpRouteRule, ServiceRouting } from './route-table';

/** One moment of the timeline. */
export interface RolloutMoment {
  /** `rest`, `start`, `1`..`n` (stage numbers; the last is 100%), `aborted` or `promoted`. */
  readonly id: string;
  /** The canary's percent of every managed route. */
  readonly canaryPercent: number;
  /** The template (version) and the number of pods the stable subset selects. */
  readonly stablePods: PodSet;
  /** The template (version) and the number of pods the canary subset selects. */
  readonly canaryPods: PodSet;
  /** What happens, in words. */
  readonly what: string;
}

export interface PodSet {
  readonly version: string;
  readonly count: number;
}

/** The moments `explain --stage` accepts. */
export const MOMENT_NAMES = 'rest, start, a stage number, aborted or promoted';

export function rolloutTimeline(canary: CanarySplit): RolloutMoment[] {
  const stable = canary.champion;
  const next = canary.challengers[0];
  const replicas = canary.replicas ?? 1;
  const stages = canary.stages ?? [{ percent: 100 }];
  const champion = { version: stable, count: replicas };
  return [
    {
      id: 'rest',
      canaryPercent: 0,
      stablePods: champion,
      canaryPods: champion,
      what: canary.firstApply
        ? `first apply: Argo scales ${stable}'s template to ${replicas} at once (a new Rollout runs no steps); the stages run when ${next}'s template is applied`
        : 'as written: both subsets select the stable ReplicaSet',
    },
    { id: 'start', canaryPercent: 0, stablePods: champion, canaryPods: { version: next, count: 0 }, what: `${next}'s template applied: the canary subset moves to its new ReplicaSet, which has no pod yet; weight stays 0` },
    ...stages.map((s, i) => ({
      id: String(i + 1),
      canaryPercent: s.percent,
      stablePods: champion,
      canaryPods: { version: next, count: Math.ceil((s.percent * replicas) / 100) },
      what: s.holdMs === undefined ? 'all traffic on the canary, then the promotion' : 'held, then the gates',
    })),
    { id: 'aborted', canaryPercent: 0, stablePods: champion, canaryPods: { version: next, count: 0 }, what: 'a gate failed or `kubectl argo rollouts abort`: weight 0 at once, the canary ReplicaSet scaled to 0 after 30s' },
    { id: 'promoted', canaryPercent: 0, stablePods: { version: next, count: replicas }, canaryPods: { version: next, count: replicas }, what: `${next} is stable; both subsets select its ReplicaSet; ${stable}'s is scaled to 0 after 30s` },
  ];
}

/** The moment named `id`, or undefined. */
export function momentOf(canary: CanarySplit, id: string): RolloutMoment | undefined {
  return rolloutTimeline(canary).find(m => m.id === id);
}

/** The service's routing at `moment`: the canary's weight on every route Argo manages. */
export function routingAt(service: ServiceRouting, moment: RolloutMoment): ServiceRouting {
  const canary = service.canary;
  if (canary?.delivery !== 'argo-rollouts') return service;
  const managed = (r: HttpRouteRule) => r.name !== undefined && (canary.managedRoutes ?? []).includes(r.name);
  const weightOf = (subset: string | undefined, weight: number) => (subset === canary.challengers[0] ? moment.canaryPercent
    : subset === canary.champion ? 100 - moment.canaryPercent : weight);
  return {
    ...service,
    routes: service.routes.map(r => (managed(r)
      ? { ...r, destinations: r.destinations.map(d => ({ ...d, weight: weightOf(d.subset, d.weight) })) }
      : r)),
  };
}
