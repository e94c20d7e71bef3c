/**
 * CLI fuzz (issue 11): random and hostile YAML and file layouts through `check` and `explain`.
 * Fixed seeds, bounded counts; `npm run fuzz:cli` runs longer (bench/fuzz-cli.ts).
 */
import fc from 'fast-check';
import { layoutArbitrary } from '../cli-fuzz/layouts';
import { judgeLayout } from '../cli-fuzz/run-cli';

describe('CLI fuzz: check and explain on hostile input', () => {
  test('small hostile layouts: exit 0/1/2, no stack trace, a finding names each problem, read once', async () => {
    await fc.assert(fc.asyncProperty(layoutArbitrary({ largeInputs: false, maxEntries: 5 }), async layout => {
      expect(await judgeLayout(layout)).toEqual([]);
    }), { seed: 1101, numRuns: 40 });
  });

  test('large inputs too (huge lines, too many documents, files over the size limit)', async () => {
    await fc.assert(fc.asyncProperty(layoutArbitrary({ largeInputs: true, maxEntries: 3 }), async layout => {
      expect(await judgeLayout(layout)).toEqual([]);
    }), { seed: 1102, numRuns: 10 });
  });
});
