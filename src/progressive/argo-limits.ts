/**
 * What Argo Rollouts 1.9.1 does to a progressive service's objects at run time, as whole-service
 * rules checked on the route table (routes, experiments and mirrors may be added after the
 * CanaryRollout). Each rule follows from the controller source at argoproj/argo-rollouts v1.9.1
 * (commit b6bd3bcf8f60d717a98763d26acc983db7f97cb0):
 *
 * - `rollout/trafficrouting/istio/istio.go` `UpdateHash` rebuilds the DestinationRule's `subsets`
 *   from the stable and canary subsets only (`continue // Ignore any extraneous subsets`) and
 *   writes them back as a merge patch, which replaces the whole array: every other version's
 *   subset is deleted.
 * - `rollout/canary.go` `rolloutCanary` runs `reconcileTrafficRouting` (which calls `UpdateHash`
 *   with the new ReplicaSet's hash) before `reconcileCanaryReplicaSets` scales that ReplicaSet up,
 *   and `shouldDelayDestinationRuleUpdate` skips ReplicaSets at 0 replicas: at the start of every
 *   rollout the canary subset selects no pod. After an abort the canary ReplicaSet is scaled down
 *   after `abortScaleDownDelaySeconds`, and at rest the canary subset carries the stable hash. So
 *   a route of ours (a header route, an A/B arm, a mirror) that names the canary subset reaches no
 *   pod at the start and after an abort, and the stable version at rest. Only the managed route's
 *   weights (which Argo keeps at 0 while the canary has no available pod) may name it.
 */
import { ServiceRouting } from '../routing/route-table';
import { listOf, Problem, problemAt } from '../util/errors';

const SOURCE = 'argo-rollouts v1.9.1 rollout/trafficrouting/istio/istio.go';

/** Problems of a progressive service's route table, reported at the CanaryRollout's path. */
export function argoProblems(service: ServiceRouting, path: string): Problem[] {
  const canary = service.canary;
  if (canary?.delivery !== 'argo-rollouts') return [];
  const [stable, next] = [canary.champion, canary.challengers[0]];
  const problems: Problem[] = [];
  const extra = service.versions.map(v => v.name).filter(v => v !== stable && v !== next);
  if (extra.length > 0) {
    problems.push(problemAt(path, 'service', `versions ${listOf(extra)} would lose their DestinationRule subsets: Argo's UpdateHash keeps only the stable ("${stable}") and canary ("${next}") subsets and replaces the whole subsets list (${SOURCE}), so their routes would fail with 503 NR`,
      `only "${stable}" and "${next}" on a progressive service; Argo's abort keeps the stable ReplicaSet warm for a rollback (serve an older version as its own ModelService, or use CanaryDelivery.staticWeights())`));
  }
  for (const route of service.routes) {
    if (route.origin === 'default') continue;
    if (route.destinations.some(d => d.subset === next && d.weight > 0)) {
      problems.push(problemAt(path, 'service', `route "${route.name ?? '(unnamed)'}" sends requests to the canary subset "${next}", which Argo re-points to the new ReplicaSet before it has pods (UpdateHash runs before the canary ReplicaSet scales up, rollout/canary.go), empties after an abort and selects the stable pods at rest: those requests get 503 no healthy upstream at the start of every rollout and after an abort`,
        `routes and A/B arms to "${stable}" (the stable subset always has pods); the canary gets traffic only through the stages (or use CanaryDelivery.staticWeights())`));
    }
  }
  const mirrored = service.routes.find(r => r.mirrors.some(m => m.subset === next && m.percent > 0));
  if (mirrored) {
    problems.push(problemAt(path, 'service', `a mirror copies requests to the canary subset "${next}", which has no pod at the start of a rollout and after an abort and selects the stable pods at rest, so the shadow compares "${stable}" with itself`,
      `no ShadowMirror of "${next}" on a progressive service: the stages and gates test it on live traffic (or use CanaryDelivery.staticWeights())`));
  }
  return problems;
}
