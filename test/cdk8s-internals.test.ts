/**
 * What MeshApp relies on in cdk8s beyond its documented API (src/synth/cdk8s-internals.ts, read
 * against cdk8s 2.70.106's lib/app.js, lib/chart.js and lib/api-object.js). Each test fails when a
 * cdk8s release changes one of those points: then re-read cdk8s's App.synth before widening the
 * peer range in .projenrc.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart, Testing, YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { answerToJson, assertCdk8sInternals, chartObjects, restoreToJson, withOutdir } from '../src/synth/cdk8s-internals';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const CDK8S_VERSION: string = readJson(require.resolve('cdk8s/package.json')).version;
const projectPeerRange: string = readJson(join(__dirname, '..', 'package.json')).peerDependencies.cdk8s;

function configMap(scope: Chart, id: string): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.toLowerCase() }, data: { id } });
}

/** An app with two charts; in `a`, `second` depends on `third` (so cdk8s reorders), and a nested chart. */
function sampleApp(props: ConstructorParameters<typeof App>[0] = {}) {
  const app = new App(props);
  const a = new Chart(app, 'a');
  const [first, second, third] = ['First', 'Second', 'Third'].map(id => configMap(a, id));
  second.addDependency(third);
  const nested = new Chart(a, 'nested');
  configMap(nested, 'Inner');
  const b = new Chart(app, 'b');
  configMap(b, 'Other');
  return { app, a, b, nested, objects: { first, second, third } };
}

function documents(dir: string): unknown[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.yaml')).sort();
  return files.flatMap(f => YAML.parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map(d => d.toJS()));
}

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-internals-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the peer range admits the cdk8s these tests ran against, and no other minor release', () => {
  // A new minor release may rework App.synth: re-run this file against it before widening the range.
  expect(projectPeerRange).toBe(`~${CDK8S_VERSION}`);
});

test('toJson is a prototype method of ApiObject and Chart; an instance answer shadows it and deleting it restores it', () => {
  const { a, objects } = sampleApp();
  const own = objects.first.toJson();
  answerToJson(objects.first, () => 'answered');
  answerToJson(a, () => ['chart answered']);
  expect(objects.first.toJson()).toBe('answered');
  expect(a.toJson()).toEqual(['chart answered']);
  restoreToJson(objects.first);
  restoreToJson(a);
  expect(objects.first.toJson()).toEqual(own);
  expect(Array.isArray(a.toJson())).toBe(true);
});

test.each(['FILE_PER_CHART', 'FILE_PER_APP', 'FILE_PER_RESOURCE'] as const)(
  'App.synth writes what each chart\'s toJson answers (%s)', (type) => {
    const yamlOutputType = YamlOutputType[type];
    const { app, a, b } = sampleApp({ outdir: dir, yamlOutputType });
    answerToJson(a, () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-a' } }]);
    answerToJson(b, () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-b' } }]);
    app.synth();
    // The nested chart was not overridden: cdk8s renders it itself.
    expect(documents(dir).map(d => (d as any).metadata.name).sort()).toEqual(['from-a', 'from-b', 'inner']);
  });

test('App.synth writes what each object\'s toJson answers (FOLDER_PER_CHART_FILE_PER_RESOURCE)', () => {
  const { app, objects } = sampleApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  answerToJson(objects.first, () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'answered' } }));
  app.synth();
  expect(documents(dir).map(d => (d as any).metadata.name)).toContain('answered');
});

test('chartObjects lists a chart\'s own objects in the order cdk8s\'s Chart.toJson renders them', () => {
  const { app, a, b, nested } = sampleApp();
  app.synthYaml(); // resolves the cross-construct dependencies, as App.synth does before writing
  for (const chart of [a, b, nested]) {
    expect(chartObjects(chart).map(o => o.toJson())).toEqual(chart.toJson());
  }
  // The order is cdk8s's dependency order, not construction order, and the nested chart's object is its own.
  expect(chartObjects(a).map(o => o.name)).toEqual(['first', 'third', 'second']);
});

test('App.synth writes into the outdir set when it runs; withOutdir restores it', () => {
  const { app } = sampleApp({ outdir: join(dir, 'configured') });
  withOutdir(app, join(dir, 'redirected'), () => app.synth());
  expect(readdirSync(dir)).toEqual(['redirected']);
  expect(app.outdir).toBe(join(dir, 'configured'));
  expect(() => withOutdir(app, join(dir, 'failing'), () => { throw new Error('synth failed'); })).toThrow('synth failed');
  expect(app.outdir).toBe(join(dir, 'configured'));
});

test('assertCdk8sInternals accepts this cdk8s and names what a changed release broke', () => {
  expect(() => assertCdk8sInternals(Testing.app())).not.toThrow();
  const app = Testing.app();
  Object.defineProperty(app, 'outdir', { get: () => 'dist' });
  expect(() => assertCdk8sInternals(app)).toThrow(/App#outdir is not a writable string field.*peerDependencies/);
});
