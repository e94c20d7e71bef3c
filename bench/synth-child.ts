/**
 * One measured synth, in its own process (so peak RSS is its own): `ours <services> <outdir>` builds
 * the fleet with our constructs in a MeshApp; `raw <dir-of-ours> <outdir>` synthesizes the same
 * documents as plain cdk8s ApiObjects (the baseline). Prints `{ seconds, maxRssMb }` as JSON; the
 * input is read before the clock starts, module loading is not timed.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { addFleet } from './fleet-app';
import type * as mesh from '../src';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib: typeof mesh = require('../lib');

function ours(services: number, outdir: string, report: boolean): number {
  const start = performance.now();
  const app = new lib.MeshApp({ outdir, routingReport: report });
  addFleet(app, services);
  app.synth();
  return performance.now() - start;
}

function raw(input: string, outdir: string): number {
  const charts = readdirSync(input).filter(f => f.endsWith('.k8s.yaml')).sort()
    .map(f => [f.replace(/\.k8s\.yaml$/, ''), parseAllDocuments(readFileSync(join(input, f), 'utf8')).map(d => d.toJS())] as const);
  const start = performance.now();
  const app = new App({ outdir });
  for (const [name, docs] of charts) {
    const chart = new Chart(app, name);
    docs.forEach((doc, i) => new ApiObject(chart, `o${i}`, doc));
  }
  app.synth();
  return performance.now() - start;
}

const [mode, arg, outdir] = process.argv.slice(2);
const ms = mode === 'raw' ? raw(arg, outdir) : ours(Number(arg), outdir, mode === 'ours-report');
console.log(JSON.stringify({ seconds: ms / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
