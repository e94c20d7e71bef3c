/**
 * `npm run bench`: generate a 3,000-model fleet (20,000 documents) in a temp dir, run
 * `check` over it, and print documents, seconds and documents per second, with a per-layer
 * breakdown. Target: 20,000 documents in under 10 s on a 2-core machine.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { writeFleet } from './fleet';
import { checkPaths } from '../src/check/checker';
import { readManifests } from '../src/check/read-manifests';
import { validateReferences } from '../src/check/reference';
import { knownKinds, validateSchema } from '../src/check/schema';
import { validateWebhook } from '../src/check/webhook';

const MODELS = Number(process.env.BENCH_MODELS ?? 3000);

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, (performance.now() - start) / 1000];
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-check-bench-'));
  try {
    const [written, generate] = timed(() => writeFleet(dir, MODELS));
    console.log(`generated ${MODELS} models, ${written} documents in ${generate.toFixed(2)} s (${dir})`);

    // The schema layer loads and compiles the vendored CRDs on first use; a CLI run pays this once.
    const [, setup] = timed(() => knownKinds());
    const [outcome, run] = timed(() => checkPaths([dir]));
    const total = setup + run;
    console.log(`check: ${outcome.documents} documents, ${outcome.files} files, ${outcome.errors} errors, ${outcome.warnings} warnings`);
    console.log(`check: ${total.toFixed(2)} s, ${Math.round(outcome.documents / total)} documents/s (target: 20000 documents < 10 s)`);
    console.log(`  of which schema setup (loading CRDs, first use) ${setup.toFixed(2)} s`);

    // Breakdown, each phase timed on its own.
    const [read, readTime] = timed(() => readManifests([dir]));
    const [, schemaTime] = timed(() => read.documents.forEach(d => validateSchema(d)));
    const [, webhookTime] = timed(() => read.documents.forEach(d => validateWebhook(d)));
    const [, referenceTime] = timed(() => validateReferences(read.documents));
    console.log(`breakdown: read+parse ${readTime.toFixed(2)} s, schema ${schemaTime.toFixed(2)} s, webhook ${webhookTime.toFixed(2)} s, reference ${referenceTime.toFixed(2)} s`);
    for (const f of outcome.findings.slice(0, 5)) console.log(`  sample finding: ${f.file}#${f.document} ${f.path} [${f.rule}] ${f.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
