/**
 * `check` throughput for `npm run bench`, on the same objects written two ways: by cdk8s (our
 * MeshApp fleet's synth output, `lineWidth: 0`) and by the `yaml` package's default `stringify`
 * (80 columns: long strings become folded block scalars and multi-line quoted or plain scalars,
 * as in hand-written repositories). Full check and the schema layer alone, with wall and CPU
 * seconds (the CI machine is shared: CPU time is the steadier figure). Target: 10,000 documents/s.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { parseAllDocuments, stringify } from 'yaml';
import { runTs } from './measure';
import { checkPaths } from '../src/check/checker';
import { readManifests } from '../src/check/read-manifests';
import { parseBlockYaml } from '../src/check/read-manifests/block-yaml';
import { knownKinds } from '../src/check/schema';

interface Timing { readonly wallSeconds: number; readonly cpuSeconds: number }

function timed<T>(fn: () => T): [T, Timing] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return [value, { wallSeconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 }];
}

export interface CheckRow {
  /** How the files were written. */
  readonly writer: 'cdk8s' | 'yaml.stringify';
  readonly files: number;
  readonly documents: number;
  /** Files the fast reader took (the rest went to the `yaml` package). */
  readonly fastFiles: number;
  readonly read: Timing;
  readonly schema: Timing;
  readonly full: Timing;
}

export interface CheckThroughput {
  readonly services: number;
  /** Loading the schemas, once per run (paid by every CLI run, not part of the rows). */
  readonly setup: Timing;
  readonly rows: CheckRow[];
}

/** Synthesize a `services` fleet with our MeshApp, rewrite it with `yaml.stringify`, and check both. */
export function measureCheck(services: number): CheckThroughput {
  const work = mkdtempSync(join(tmpdir(), 'mesh-check-bench-'));
  try {
    const cdk8s = join(work, 'cdk8s');
    runTs('synth-child.ts', ['ours', String(services), cdk8s]);
    const restyled = join(work, 'yaml-stringify');
    mkdirSync(restyled);
    for (const f of readdirSync(cdk8s).filter(n => n.endsWith('.yaml'))) {
      const docs = parseAllDocuments(readFileSync(join(cdk8s, f), 'utf8')).map(d => d.toJS());
      writeFileSync(join(restyled, f), docs.map(d => stringify(d)).join('---\n'));
    }
    const [, setup] = timed(() => knownKinds());
    return { services, setup, rows: [measureDir('cdk8s', cdk8s), measureDir('yaml.stringify', restyled)] };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function measureDir(writer: CheckRow['writer'], dir: string): CheckRow {
  const texts = readdirSync(dir).map(f => readFileSync(join(dir, f), 'utf8'));
  const [read, readTiming] = timed(() => readManifests([dir]));
  const [full, fullTiming] = timed(() => checkPaths([dir]));
  if (full.errors) throw new Error(`the synthesized fleet (${writer}) has ${full.errors} check errors`);
  const [, schemaTiming] = timed(() => checkPaths([dir], { layers: ['schema'] }));
  return {
    writer,
    files: read.files.length,
    documents: read.documents.length,
    fastFiles: texts.filter(t => parseBlockYaml(t) !== undefined).length,
    read: readTiming,
    schema: schemaTiming,
    full: fullTiming,
  };
}
