/**
 * `npm run fuzz:props`: the hostile-props property (test/property/hostile.test.ts) over 20,000
 * seeded configurations. Prints the outcome counts, the fields the MeshConfigErrors named, and
 * every unacceptable outcome (a crash, or manifests `check` rejects); exits 1 if there is one.
 * FUZZ_RUNS and FUZZ_SEED override the count and the seed.
 */
import * as fc from 'fast-check';
import { fieldFamily, hostileConfigArb, Outcome, outcomeOf } from '../test/property/hostile';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20251129);

function main(): void {
  const start = Date.now();
  const counts: Record<Outcome['kind'], number> = { 'synthesized': 0, 'config-error': 0, 'invalid-manifest': 0, 'self-check': 0, 'crash': 0 };
  const fields = new Map<string, number>();
  const bad: string[] = [];
  // fc.sample draws the same configurations as fc.assert with this seed, without stopping at a failure.
  fc.sample(hostileConfigArb, { seed: SEED, numRuns: RUNS }).forEach((config, i) => {
    const outcome = outcomeOf(config);
    counts[outcome.kind]++;
    if (outcome.kind === 'config-error') fields.set(fieldFamily(outcome.field), (fields.get(fieldFamily(outcome.field)) ?? 0) + 1);
    if (outcome.kind === 'crash') bad.push(`#${i} crash: ${outcome.error}`);
    if (outcome.kind === 'self-check') bad.push(`#${i} caught only by the self-check: ${outcome.message}`);
    if (outcome.kind === 'invalid-manifest') bad.push(`#${i} invalid manifest: ${outcome.errors.join('; ')}`);
  });
  const seconds = (Date.now() - start) / 1000;
  console.log(`${RUNS} configurations (seed ${SEED}) in ${seconds.toFixed(1)} s`);
  for (const [kind, n] of Object.entries(counts)) console.log(`  ${kind.padEnd(17)} ${String(n).padStart(6)}  ${((100 * n) / RUNS).toFixed(1)}%`);
  console.log('MeshConfigError fields (top 25):');
  [...fields.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([f, n]) => console.log(`  ${String(n).padStart(6)}  ${f}`));
  console.log(`  (${fields.size} distinct fields)`);
  bad.slice(0, 20).forEach(line => console.log(line));
  if (bad.length) process.exitCode = 1;
}

main();
