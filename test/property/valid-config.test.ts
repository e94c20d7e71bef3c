/**
 * Property A: every random valid configuration synthesizes, `check` (schema, webhook and
 * reference layers) finds nothing in what it synthesized — not even a warning — and the written
 * VirtualService and DestinationRule, read back, route exactly as the route table says.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { buildChart, chartArb } from './arbitraries';
import { checkDocuments } from '../../src/check/checker';
import { ManifestDocument } from '../../src/check/finding';

const SEED = Number(process.env.FC_SEED ?? 20250807);
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);

describe('random valid configurations', () => {
  test('synthesize, and check reports no finding in any layer', () => {
    fc.assert(fc.property(chartArb, spec => {
      const { chart, services } = buildChart(Testing.app(), spec);
      // What is written configures exactly the route table the constructs built (no drift between
      // the table that report and explain() describe and the YAML the cluster gets).
      for (const s of services) expect(s._effectiveRouting()).toBe(s._routing());
      const documents: ManifestDocument[] = Testing.synth(chart).map((object, index) => ({ file: '<synth>', index, object }));
      const outcome = checkDocuments(documents);
      expect(outcome.layers).toEqual(['schema', 'webhook', 'reference']);
      expect(outcome.findings).toEqual([]);
      // Every service rendered something: at least its workloads.
      expect(documents.length).toBeGreaterThanOrEqual(spec.services.reduce((n, s) => n + (s.kserve?.knative ? 1 : s.versions.length + 3), 0));
    }), { seed: SEED, numRuns: NUM_RUNS });
  });
});
