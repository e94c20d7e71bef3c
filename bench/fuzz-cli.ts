/**
 * The long CLI fuzz run (`npm run fuzz:cli`; `-- --runs 2000 --seed 7`): the layouts of
 * test/check/cli-fuzz.test.ts, larger and many more of them. Prints what it generated and the
 * first counterexample (shrunk) with its seed and path for a replay; exits 1 when one is found.
 */
import fc from 'fast-check';
import { Entry, layoutArbitrary, PLATFORM } from '../test/cli-fuzz/layouts';
import { judgeLayout } from '../test/cli-fuzz/run-cli';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number, got ${process.argv[i + 1]}`);
  return value;
}

async function fuzz(): Promise<number> {
  const runs = option('runs', 500);
  const seed = option('seed', Date.now() % 100_000);
  const kinds: Record<string, number> = {};
  const count = (entries: readonly Entry[]) => entries.forEach(e => { kinds[e.kind] = (kinds[e.kind] ?? 0) + 1; });
  console.log(`CLI fuzz: ${runs} layouts, seed ${seed} (platform: ${JSON.stringify(PLATFORM)})`);
  const started = Date.now();
  const result = await fc.check(fc.asyncProperty(layoutArbitrary({ largeInputs: true, maxEntries: 8 }), async layout => {
    count(layout.entries);
    const problems = await judgeLayout(layout);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }), { seed, numRuns: runs });
  console.log(`entries generated: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.failed) {
    console.log(fc.defaultReportMessage(result));
    return 1;
  }
  console.log(`ok: ${result.numRuns} layouts, every answer exit 0/1/2 with no stack trace and a finding for each hostile entry`);
  return 0;
}

fuzz().then(code => { process.exitCode = code; }, e => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
});
