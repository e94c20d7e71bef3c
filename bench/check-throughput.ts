/**
 * `check` throughput for `npm run bench`: a 3,000-model fleet (20,000 documents) written as YAML
 * to a temp dir and checked, with a per-layer breakdown. Target: 20,000 documents in under 10 s.
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

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, (performance.now() - start) / 1000];
}

export interface CheckThroughput {
  readonly models: number;
  readonly documents: number;
  readonly seconds: number;
  readonly setupSeconds: number;
  readonly readSeconds: number;
  readonly schemaSeconds: number;
  readonly webhookSeconds: number;
  readonly referenceSeconds: number;
}

/** Generate a fleet of `models` models as YAML in a temp dir and check it (setup included, as a CLI run pays it). */
export function measureCheck(models: number): CheckThroughput {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-check-bench-'));
  try {
    writeFleet(dir, models);
    const [, setupSeconds] = timed(() => knownKinds());
    const [outcome, run] = timed(() => checkPaths([dir]));
    if (outcome.errors) throw new Error(`the generated fleet has ${outcome.errors} errors`);
    const [read, readSeconds] = timed(() => readManifests([dir]));
    const [, schemaSeconds] = timed(() => read.documents.forEach(d => validateSchema(d)));
    const [, webhookSeconds] = timed(() => read.documents.forEach(d => validateWebhook(d)));
    const [, referenceSeconds] = timed(() => validateReferences(read.documents));
    const seconds = setupSeconds + run;
    return { models, documents: outcome.documents, seconds, setupSeconds, readSeconds, schemaSeconds, webhookSeconds, referenceSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
