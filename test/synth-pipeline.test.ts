import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing, YamlOutputType, Yaml } from 'cdk8s';
import { contentRanking, synth, testChart } from './util';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { MeshApp } from '../src';
import { MeshConfigError } from '../src/util/errors';

function outdir(): string {
  return mkdtempSync(join(tmpdir(), 'mesh-synth-'));
}

describe('escape-hatch patches land verbatim, then are checked', () => {
  test.each([
    ['/spec/http/0/foo', 'spec.http[0].foo'],
    ['/spec/mirrorPercent', 'spec.mirrorPercent'],
    ['/spec/http/0/route/0/mirrorPercent', 'spec.http[0].route[0].mirrorPercent'],
  ])('an unknown field %s fails synthesis naming the field', (pointer, field) => {
    const chart = testChart();
    contentRanking(chart).virtualService!.addJsonPatch(JsonPatch.add(pointer, 10));
    expect(() => synth(chart)).toThrow(new RegExp(`VirtualService ml-serving/content-ranking ${field.replace(/[[\].]/g, '\\$&')}: .*unknown field.*\\[schema/unknown-field\\]`));
  });

  test('a valid patched field is written exactly as patched (no renaming, nothing dropped)', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    svc.virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/mirrorPercentage', { value: 5 }));
    svc.virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/mirror', { host: svc.host, subset: 'v47' }));
    svc.destinationRule!.addJsonPatch(JsonPatch.add('/spec/trafficPolicy/outlierDetection/consecutive5xxErrors', 7));
    const out = synth(chart);
    const vs = out.find(o => o.kind === 'VirtualService');
    expect(vs.spec.http[0].mirrorPercentage).toEqual({ value: 5 });
    expect(vs.spec.http[0].mirror_percent).toBeUndefined();
    expect(out.find(o => o.kind === 'DestinationRule').spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(7);
  });

  test('a deprecated field Istio still knows (mirrorPercent) keeps its name', () => {
    const chart = testChart();
    contentRanking(chart).virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/mirrorPercent', 10));
    const vs = synth(chart).find(o => o.kind === 'VirtualService');
    expect(vs.spec.http[0].mirrorPercent).toBe(10);
    expect(vs.spec.http[0].mirror_percent).toBeUndefined();
  });
});

describe('MeshApp checks every final object once', () => {
  test('a raw ApiObject with an invalid enum fails synthesis, and nothing is written', () => {
    const dir = outdir();
    const app = new MeshApp({ outdir: dir });
    const chart = new Chart(app, 'security', { namespace: 'ml-serving' });
    new ApiObject(chart, 'mtls', {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default' }, spec: { mtls: { mode: 'STRICTT' } },
    });
    expect(() => app.synth()).toThrow(MeshConfigError);
    // A problem found in a rendered object carries check's rule id (props problems do not).
    expect(() => app.synth()).toThrow(expect.objectContaining({ problems: expect.arrayContaining([expect.objectContaining({ rule: 'schema/enum' })]) }));
    expect(() => app.synth()).toThrow(/\[security\/mtls\] PeerAuthentication ml-serving\/default spec\.mtls\.mode: .*STRICTT.*\[schema\/enum\]/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an object of a kind no vendored schema knows can be excluded from the check', () => {
    const dir = outdir();
    const app = new MeshApp({ outdir: dir, routingReport: false });
    const chart = new Chart(app, 'extra');
    const custom = new ApiObject(chart, 'custom', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(() => app.synth()).toThrow(/Widget/);
    MeshApp.skipCheck(custom);
    app.synth();
    expect(readdirSync(dir)).toEqual(['extra.k8s.yaml']);
  });

  test('a broken object in the last chart of a many-chart app still fails synthesis', () => {
    const app = new MeshApp({ outdir: outdir() });
    for (let i = 0; i < 12; i++) contentRanking(new Chart(app, `c${i}`, { namespace: `ns-${i}` }));
    const last = new Chart(app, 'last', { namespace: 'ns-last' });
    contentRanking(last).virtualService!.addJsonPatch(JsonPatch.replace('/spec/http/0/timeout', '0s'));
    expect(() => app.synth()).toThrow(/\[last\/content-ranking\/VirtualService\] .*spec\.http\[0\]\.timeout/);
  });

  test('validation errors are one MeshConfigError listing each problem with its path once', () => {
    const app = new MeshApp({ outdir: outdir() });
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    contentRanking(chart, { defaultVersion: 'v99' });
    try {
      app.synth();
      throw new Error('synth passed');
    } catch (e) {
      expect(e).toBeInstanceOf(MeshConfigError);
      expect((e as MeshConfigError).problems).toEqual([expect.objectContaining({ path: 'c/content-ranking', field: 'defaultVersion' })]);
      expect((e as Error).message).not.toMatch(/\[c\/content-ranking\] \[c\/content-ranking\]/);
    }
  });

  test('MeshApp writes exactly what App writes, for every output type', () => {
    const { FILE_PER_APP, FILE_PER_CHART, FILE_PER_RESOURCE, FOLDER_PER_CHART_FILE_PER_RESOURCE } = YamlOutputType;
    const types = [FILE_PER_APP, FILE_PER_CHART, FILE_PER_RESOURCE, FOLDER_PER_CHART_FILE_PER_RESOURCE];
    for (const yamlOutputType of types) {
      const [a, b] = [outdir(), outdir()];
      const mesh = new MeshApp({ outdir: a, yamlOutputType, routingReport: false });
      new RecommendationPlatform(mesh, 'platform');
      mesh.synth();
      const plain = new App({ outdir: b, yamlOutputType });
      new RecommendationPlatform(plain, 'platform');
      plain.synth();
      expect(listing(a)).toEqual(listing(b));
    }
  });

  test('MeshApp writes exactly what App writes for dependent and nested charts too', () => {
    const build = (app: App) => {
      const a = new Chart(app, 'a', { namespace: 'ml' });
      contentRanking(a);
      const b = new Chart(app, 'b', { namespace: 'ml2' });
      contentRanking(b);
      b.addDependency(a);
      contentRanking(new Chart(b, 'nested', { namespace: 'ml3' }));
    };
    for (const yamlOutputType of [YamlOutputType.FILE_PER_CHART, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE]) {
      const [x, y] = [outdir(), outdir()];
      const mesh = new MeshApp({ outdir: x, yamlOutputType, routingReport: false });
      build(mesh);
      mesh.synth();
      const plain = new App({ outdir: y, yamlOutputType });
      build(plain);
      plain.synth();
      expect(listing(x)).toEqual(listing(y));
      expect(listing(x).length).toBeGreaterThan(2);
    }
  });

  test('a second synth renders the same output (renders restored after synth)', () => {
    const dir = outdir();
    const app = new MeshApp({ outdir: dir });
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    const svc = contentRanking(chart);
    app.synth();
    const first = readFileSync(join(dir, 'c.k8s.yaml'), 'utf8');
    svc.virtualService!.addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'ranking' }));
    app.synth();
    const second = readFileSync(join(dir, 'c.k8s.yaml'), 'utf8');
    expect(second).not.toBe(first);
    expect(Yaml.load(join(dir, 'c.k8s.yaml')).find((o: any) => o.kind === 'VirtualService').metadata.labels).toEqual({ team: 'ranking' });
  });
});

describe('output directory', () => {
  test.each(['../escaped/ROUTING.md', resolve('ROUTING.md'), 'docs/../../x.md', '..'])('routingReportFile %j must stay inside outdir', file => {
    expect(() => new MeshApp({ outdir: outdir(), routingReportFile: file })).toThrow(/\[MeshApp\] routingReportFile: .* not a file inside the output directory/);
  });

  test('a synth while another process holds the lock fails clearly and leaves the directory alone', () => {
    const parent = outdir();
    const dir = join(parent, 'dist');
    const sleeper = execFileSync(process.execPath, ['-e', 'const c=require("child_process").spawn(process.execPath,["-e","setTimeout(()=>{},30000)"],{detached:true,stdio:"ignore"});c.unref();console.log(c.pid)']).toString().trim();
    try {
      writeFileSync(join(parent, '.dist.lock'), sleeper);
      const app = new MeshApp({ outdir: dir });
      contentRanking(new Chart(app, 'c', { namespace: 'ml' }));
      expect(() => app.synth()).toThrow(new RegExp(`another synth \\(process ${sleeper}\\) is writing`));
      expect(existsSync(dir)).toBe(false);
    } finally {
      process.kill(Number(sleeper));
    }
  });

  test('a stale lock (its process is gone) is taken over', () => {
    const parent = outdir();
    writeFileSync(join(parent, '.dist.lock'), '999999999');
    const app = new MeshApp({ outdir: join(parent, 'dist') });
    contentRanking(new Chart(app, 'c', { namespace: 'ml' }));
    app.synth();
    expect(readdirSync(join(parent, 'dist')).sort()).toEqual(['ROUTING.md', 'c.k8s.yaml']);
    expect(readdirSync(parent).sort()).toEqual(['dist']);
  });
});

test('plain App: the ModelService checks its own rendered objects once per synth', () => {
  const chart = testChart();
  contentRanking(chart).virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/foo', 1));
  expect(() => Testing.synth(chart)).toThrow(/spec\.http\[0\]\.foo/);
});

function listing(dir: string, prefix = ''): Array<[string, string]> {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name)).flatMap(e => {
    const rel = join(prefix, e.name);
    return e.isDirectory() ? listing(dir, rel) : [[rel, readFileSync(join(dir, rel), 'utf8')] as [string, string]];
  });
}
