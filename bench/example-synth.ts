/**
 * The bundled example's `cdk8s synth` (through the cdk8s CLI and ts-node, as `npm run synth` runs
 * it) against a two-object cdk8s app on the same toolchain, and the example's in-process phases.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { median, REPO, runTs, wall } from './measure';

export interface ExampleSynth {
  readonly exampleSeconds: number;
  readonly twoObjectSeconds: number;
  readonly ratio: number;
  /** In-process phases of the example, in seconds. */
  readonly phases: Record<string, number>;
}

const CLI = join(REPO, 'node_modules', '.bin', 'cdk8s');
const TWO_OBJECTS = `import { ApiObject, App, Chart } from 'cdk8s';
const app = new App({ outdir: process.env.OUT });
const chart = new Chart(app, 'two');
new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } });
new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: 'v' } });
app.synth();
`;

export function measureExample(repeats: number): ExampleSynth {
  const work = mkdtempSync(join(tmpdir(), 'mesh-example-'));
  try {
    const twoApp = join(REPO, 'bench', '.two-object-app.ts');
    writeFileSync(twoApp, TWO_OBJECTS);
    const example: number[] = [];
    const two: number[] = [];
    for (let r = 0; r < repeats; r++) {
      example.push(wall(CLI, ['synth', '--check-upgrade', 'false', '--output', join(work, `ex-${r}`)]));
      two.push(wall(CLI, ['synth', '--check-upgrade', 'false', '--app', `npx ts-node --swc -P tsconfig.dev.json ${twoApp}`, '--output', join(work, `two-${r}`)], REPO, { OUT: join(work, `two-${r}`) }));
    }
    rmSync(twoApp, { force: true });
    const phases = JSON.parse(runTs('example-phases.ts', [join(work, 'phases')]));
    return { exampleSeconds: median(example), twoObjectSeconds: median(two), ratio: median(example) / median(two), phases };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
