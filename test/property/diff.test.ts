/**
 * Property C: `Routing.diff` says "no change" exactly when nothing a request could notice
 * changed. For random valid configurations: a configuration against itself, and against a copy
 * with every route's weights multiplied by the same factor, is no change; a copy whose first
 * VirtualService route gets a new timeout is a change naming that timeout.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { buildChart, chartArb } from './arbitraries';
import { Routing, RoutingChangeKind } from '../../src';

const SEED = Number(process.env.FC_SEED ?? 20250807);
const NUM_RUNS = Math.min(Number(process.env.FC_NUM_RUNS ?? 150), 60);

function virtualServices(objects: any[]): any[] {
  return objects.filter(o => o.kind === 'VirtualService' && (o.spec.http ?? []).length > 0);
}

describe('Routing.diff over random valid configurations', () => {
  test('itself and rescaled weights: no change; a new timeout: a change', () => {
    fc.assert(fc.property(chartArb, fc.integer({ min: 2, max: 7 }), (spec, factor) => {
      const objects = Testing.synth(buildChart(Testing.app(), spec).chart);
      expect(Routing.diffManifests(objects, structuredClone(objects))).toEqual({ changed: false, hosts: [] });

      const rescaled = structuredClone(objects);
      for (const vs of virtualServices(rescaled)) {
        for (const route of vs.spec.http) for (const d of route.route ?? []) d.weight = (d.weight ?? 0) * factor;
      }
      expect(Routing.diffManifests(objects, rescaled)).toEqual({ changed: false, hosts: [] });

      const retimed = structuredClone(objects);
      const first = virtualServices(retimed)[0];
      if (!first) return;
      first.spec.http[0].timeout = '123456ms';
      const diff = Routing.diffManifests(objects, retimed);
      expect(diff.changed).toBe(true);
      expect(diff.hosts[0].changes.some(c => c.kind === RoutingChangeKind.TIMEOUT && c.after === '123456ms')).toBe(true);
    }), { seed: SEED, numRuns: NUM_RUNS });
  });
});
