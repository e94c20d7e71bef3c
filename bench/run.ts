/**
 * `npm run bench`: prints the project's performance figures (never asserted by tests) and writes
 * them to bench/results.json. Sections: the package (size, require cost, first synth), fleet synth
 * against raw cdk8s, the example's `cdk8s synth`, and `check` throughput. `BENCH_QUICK=1` runs
 * smaller fleets and fewer repeats.
 */
import { writeFileSync } from 'fs';
import { cpus, totalmem } from 'os';
import { join } from 'path';
import { measureCheck } from './check-throughput';
import { measureExample } from './example-synth';
import { measureFleet } from './fleet-synth';
import { fmt, table } from './measure';
import { measurePackage } from './package-cost';

const quick = process.env.BENCH_QUICK === '1';
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`machine: ${machine}\n`);

const pkg = measurePackage(quick ? 3 : 7);
console.log('## Package (targets: unpacked <= 8 MB, require <= +0.25 s over cdk8s, first synth <= 0.3 s)\n');
console.log(table(['packed', 'unpacked', 'files', 'require (cdk8s + plus + ours)', 'require over cdk8s + cdk8s-plus-28', 'first synth of one ModelService'], [[
  `${fmt(pkg.packedMb)} MB`, `${fmt(pkg.unpackedMb)} MB`, pkg.files, `${fmt(pkg.requireSeconds)} s`, `${fmt(pkg.requireOverCdk8sSeconds)} s`, `${fmt(pkg.firstSynthSeconds)} s`,
]]));

const sizes = quick ? [[100, 1], [300, 1]] : [[300, 3], [1000, 2], [3000, 1]];
const fleet = sizes.map(([services, repeats]) => measureFleet(services, repeats));
console.log('\n## Fleet synth: ours (MeshApp with the object check and ROUTING.md) vs raw cdk8s ApiObjects writing the same manifests (target: ours/raw <= 1.5, linear)\n');
console.log(table(['services', 'documents', 'ours', 'raw', 'ours/raw', 'ms/service (ours)', 'ms/service (raw)', 'peak RSS ours / raw', 'same manifests'],
  fleet.map(r => [r.services, r.documents, `${fmt(r.oursSeconds)} s`, `${fmt(r.rawSeconds)} s`, fmt(r.ratio), fmt(r.msPerService, 1),
    fmt((r.rawSeconds * 1000) / r.services, 1), `${Math.round(r.oursRssMb)} / ${Math.round(r.rawRssMb)} MB`, r.identical ? 'yes' : 'NO'])));

const example = measureExample(quick ? 1 : 3);
console.log('\n## The example\'s `cdk8s synth` (target: within 1.5x of a two-object app on the same toolchain)\n');
console.log(table(['example', 'two-object app', 'ratio'], [[`${fmt(example.exampleSeconds)} s`, `${fmt(example.twoObjectSeconds)} s`, fmt(example.ratio)]]));
console.log(`\nphases (in process): ${Object.entries(example.phases).map(([k, v]) => `${k} ${fmt(v)} s`).join(', ')}`);

const check = measureCheck(quick ? 300 : 1000);
const perSecond = (documents: number, seconds: number) => Math.round(documents / seconds).toLocaleString('en-US');
console.log(`\n## check on a ${check.services}-service MeshApp fleet, as cdk8s writes it and as yaml.stringify writes it (target: >= 10,000 documents/s)\n`);
console.log(table(['written by', 'files (fast reader)', 'documents', 'read', 'schema layer', 'documents/s (CPU)', 'full check', 'documents/s (CPU)'],
  check.rows.map(r => [r.writer, `${r.files} (${r.fastFiles})`, r.documents, `${fmt(r.read.wallSeconds)} s`,
    `${fmt(r.schema.wallSeconds)} s (CPU ${fmt(r.schema.cpuSeconds)} s)`, perSecond(r.documents, r.schema.cpuSeconds),
    `${fmt(r.full.wallSeconds)} s (CPU ${fmt(r.full.cpuSeconds)} s)`, perSecond(r.documents, r.full.cpuSeconds)])));
console.log(`\nschema setup, once per run: ${fmt(check.setup.wallSeconds)} s`);

writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify({ machine, package: pkg, fleet, example, check }, undefined, 2)}\n`);
console.log('\nwritten: bench/results.json');
