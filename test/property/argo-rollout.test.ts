/**
 * Property: a random progressive configuration (header routes, A/B experiments, mirrors, gateway
 * exposure, extra versions, stage plans) either is refused at synth with Argo's reason, or, applied
 * first (the champion's template) and then rolled out (the challenger's), is safe at every moment
 * of the simulated rollout: Argo Rollouts 1.9.1's Istio router ported in test/argo/istio-port.ts.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AbExperiment, CanaryDelivery, CanaryRollout, ModelIngress, ModelService, RequestMatch, ShadowMirror,
} from '../../src';
import { unsafe } from '../argo/assert-safe';
import { simulate } from '../argo/simulate';

const SEED = Number(process.env.FC_SEED ?? 20251203);
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 60);

const VERSIONS = ['v1', 'v2', 'v3', 'v4'];

interface Config {
  readonly versions: number;
  readonly replicas: number;
  readonly headerRoutes: ReadonlyArray<{ value: string; version: number }>;
  readonly ab?: readonly [number, number];
  readonly mirror?: number;
  readonly ingress?: { prefix?: string; namespace?: string };
  readonly stages: readonly number[];
}

const configArb: fc.Arbitrary<Config> = fc.record({
  versions: fc.oneof(fc.constant(2), fc.integer({ min: 2, max: 4 })),
  replicas: fc.integer({ min: 1, max: 6 }),
  headerRoutes: fc.array(fc.record({ value: fc.constantFrom('premium', 'beta', 'internal'), version: fc.integer({ min: 0, max: 3 }) }), { maxLength: 2 })
    .map(rs => rs.filter((r, i) => rs.findIndex(x => x.value === r.value) === i)),
  ab: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).filter(([a, b]) => a !== b), { nil: undefined }),
  mirror: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  ingress: fc.option(fc.record({
    prefix: fc.option(fc.constantFrom('/api/a', '/models'), { nil: undefined }),
    namespace: fc.option(fc.constant('gateways'), { nil: undefined }),
  }), { nil: undefined }),
  stages: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 0, maxLength: 4 }).map(s => [...s].sort((a, b) => a - b)),
});

/** v1 is the champion, v2 the challenger; versions beyond v2 are extra. */
function build(c: Config, firstApply: boolean): any[] {
  const chart = new Chart(new App(), 'p', { namespace: 'ml' });
  const names = VERSIONS.slice(0, c.versions);
  const version = (i: number) => names[i % names.length];
  const service = new ModelService(chart, 'svc', {
    modelName: 'scorer',
    versions: names.map((name, i) => ({ name, image: `registry.example.com/scorer:${name}`, replicas: i === 0 ? c.replicas : 1 })),
  });
  c.headerRoutes.forEach(r => service.routeMatching(RequestMatch.header('x-segment', r.value), version(r.version), { name: r.value }));
  if (c.ab && version(c.ab[0]) !== version(c.ab[1])) new AbExperiment(chart, 'ab', { service, experimentId: 'exp', arms: [{ version: version(c.ab[0]), percent: 50 }, { version: version(c.ab[1]), percent: 50 }] });
  if (c.mirror !== undefined && version(c.mirror) !== 'v1') new ShadowMirror(chart, 'mirror', { service, target: version(c.mirror), percent: 10 });
  new CanaryRollout(chart, 'canary', {
    service,
    champion: 'v1',
    challengers: [{ version: 'v2', percent: 0 }],
    delivery: CanaryDelivery.argoRollouts({ firstApply }),
    stages: [...c.stages.map(percent => ({ percent, hold: Duration.minutes(10) })), { percent: 100 }],
  });
  if (c.ingress) {
    const ingress = new ModelIngress(chart, 'api', { hosts: ['api.example.com'], namespace: c.ingress.namespace });
    ingress.expose(service, { pathPrefix: c.ingress.prefix });
  }
  return chart.toJson();
}

/** What Argo would break (argo-limits.ts): extra versions, or a route, arm or mirror on the canary. */
function refused(c: Config): boolean {
  const names = VERSIONS.slice(0, c.versions);
  const version = (i: number) => names[i % names.length];
  return c.versions > 2 || c.headerRoutes.some(r => version(r.version) === 'v2')
    || (c.ab !== undefined && version(c.ab[0]) !== version(c.ab[1]) && c.ab.some(i => version(i) === 'v2')) || (c.mirror !== undefined && version(c.mirror) === 'v2');
}

describe('random progressive configurations on Argo Rollouts 1.9.1', () => {
  test('are refused with Argo\'s reason, or safe at every moment of a simulated rollout', () => {
    const seen = { refused: 0, simulated: 0, withIngress: 0, withRoutes: 0 };
    fc.assert(fc.property(configArb, c => {
      if (refused(c)) {
        seen.refused++;
        // A MeshConfigError from the constructor, or the synth-time validation naming Argo.
        expect(() => build(c, false)).toThrow(/Argo|canary subset/);
        return;
      }
      seen.simulated++;
      if (c.ingress) seen.withIngress++;
      if (c.headerRoutes.length > 0 || c.ab || c.mirror !== undefined) seen.withRoutes++;
      const first = build(c, true);
      const next = build(c, false);
      const states = simulate(first, next);
      expect(states.filter(s => s.moment.startsWith('stage')).map(s => s.canaryWeight)).toEqual(c.stages);
      for (const state of states) expect(unsafe(state, state.moment.startsWith('install') ? first : next)).toEqual([]);
    }), { seed: SEED, numRuns: NUM_RUNS });
    // Both outcomes, and the simulated ones with gateways and routes of their own, were exercised.
    for (const n of Object.values(seen)) expect(n).toBeGreaterThanOrEqual(NUM_RUNS / 20);
  });
});
