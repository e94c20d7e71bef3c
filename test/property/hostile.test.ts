/**
 * Property D: hostile values in any prop or factory argument never crash the library and never
 * produce a manifest the cluster would reject. Every configuration either synthesizes manifests
 * that `check` (all layers) finds no error in, or fails with a MeshConfigError naming the
 * construct path (or factory) and the field. `npm run fuzz:props` runs the same for 20,000.
 */
import * as fc from 'fast-check';
import { hostileConfigArb, Outcome, outcomeOf } from './hostile';

const SEED = Number(process.env.FC_SEED ?? 20251129);
const NUM_RUNS = Number(process.env.FC_HOSTILE_RUNS ?? 800);

describe('hostile configurations', () => {
  test('synthesize check-clean manifests, or fail with a MeshConfigError naming a field', () => {
    const seen: Record<Outcome['kind'], number> = { 'synthesized': 0, 'config-error': 0, 'invalid-manifest': 0, 'self-check': 0, 'crash': 0 };
    fc.assert(fc.property(hostileConfigArb, config => {
      const outcome = outcomeOf(config);
      seen[outcome.kind]++;
      expect(outcome).toEqual(expect.objectContaining({ kind: expect.stringMatching(/^(synthesized|config-error)$/) }));
    }), { seed: SEED, numRuns: NUM_RUNS });
    // The generator must exercise both acceptable outcomes, or the property says little.
    expect(seen.synthesized).toBeGreaterThan(NUM_RUNS / 20);
    expect(seen['config-error']).toBeGreaterThan(NUM_RUNS / 4);
  });
});
