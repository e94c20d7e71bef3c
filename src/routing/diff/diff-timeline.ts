/**
 * A change of a progressive canary's rollout timeline (rollout-timeline.ts): the weights
 * Argo sets and the pods behind each subset at each moment. The weights as written do not show
 * it (they stay 100/0 at rest), so a changed plan, challenger or replica count is its own clause.
 */
import { Clause, clause } from './clause';
import { RoutingChangeKind } from './diff-types';
import { rolloutTimeline } from '../rollout-timeline';
import { CanarySplit, ServiceRouting } from '../route-table';

export function diffTimeline(before: ServiceRouting, after: ServiceRouting): Clause[] {
  const from = describeTimeline(before.canary);
  const to = describeTimeline(after.canary);
  if (from === to) return [];
  return [clause({ kind: RoutingChangeKind.TIMELINE, subject: 'rollout timeline', before: from, after: to }, `rollout timeline ${from ?? 'none'} → ${to ?? 'none'}`)];
}

/** `v47 over v45: start 0% (no pod) → 5% (1 pod) → ... → promoted`, or undefined when not progressive. */
function describeTimeline(canary: CanarySplit | undefined): string | undefined {
  if (canary?.delivery !== 'argo-rollouts') return undefined;
  const moments = rolloutTimeline(canary).filter(m => m.id !== 'rest' && m.id !== 'aborted' && m.id !== 'promoted');
  const steps = moments.map(m => `${m.canaryPercent}% (${m.canaryPods.count} pod${m.canaryPods.count === 1 ? '' : 's'})`).join(' → ');
  return `${canary.challengers[0]} over ${canary.champion}${canary.firstApply ? ' (first apply: no steps)' : ''}: ${steps} → promoted`;
}
