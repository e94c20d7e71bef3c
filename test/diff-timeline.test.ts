import { Duration, Testing } from 'cdk8s';
import { CanaryDelivery, CanaryRollout, ModelService, Routing, RoutingChangeKind } from '../src';
import { testChart } from './util';

/** A two-version progressive service's manifests, with `stages` and the champion's `replicas`. */
function manifests(stages: Array<{ percent: number; hold?: Duration }>, replicas = 3, firstApply = false): any[] {
  const chart = testChart();
  const service = new ModelService(chart, 'svc', {
    modelName: 'scorer',
    versions: [{ name: 'v1', image: 'registry.example.com/scorer:v1', replicas }, { name: 'v2', image: 'registry.example.com/scorer:v2' }],
  });
  new CanaryRollout(chart, 'canary', { service, champion: 'v1', challengers: [{ version: 'v2', percent: 0 }], delivery: CanaryDelivery.argoRollouts({ firstApply }), stages });
  return Testing.synth(chart);
}

const plan = (...percents: number[]) => [...percents.map(percent => ({ percent, hold: Duration.minutes(10) })), { percent: 100 }];
const timelineClauses = (before: any[], after: any[]) => Routing.diffManifests(before, after)
  .hosts.flatMap(h => h.changes).filter(c => c.kind === RoutingChangeKind.TIMELINE);

describe('diff says when a change alters the rollout timeline (the weights as written stay 100/0)', () => {
  test('a changed stage plan', () => {
    const changes = timelineClauses(manifests(plan(5, 50)), manifests(plan(20, 50)));
    expect(changes).toEqual([{
      kind: RoutingChangeKind.TIMELINE,
      subject: 'rollout timeline',
      before: 'v2 over v1: 0% (0 pods) → 5% (1 pod) → 50% (2 pods) → 100% (3 pods) → promoted',
      after: 'v2 over v1: 0% (0 pods) → 20% (1 pod) → 50% (2 pods) → 100% (3 pods) → promoted',
    }]);
  });

  test('more replicas change the canary\'s pods per stage; the first apply runs no steps', () => {
    expect(timelineClauses(manifests(plan(5, 50)), manifests(plan(5, 50), 6))[0].after).toBe('v2 over v1: 0% (0 pods) → 5% (1 pod) → 50% (3 pods) → 100% (6 pods) → promoted');
    expect(timelineClauses(manifests(plan(5, 50), 3, true), manifests(plan(5, 50)))).toHaveLength(1);
  });

  test('no change, no clause', () => {
    expect(timelineClauses(manifests(plan(5, 50)), manifests(plan(5, 50)))).toEqual([]);
  });
});
