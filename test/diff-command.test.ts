import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { MeshApp } from '../src';
import { main } from '../src/cli/main';

/** Synthesize the example exactly as `cdk8s synth` does, into a fresh directory. */
function synthExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'diff-base-'));
  const app = new MeshApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  // The static variant: its default-route weights live in code (a progressive canary's are Argo's).
  new RecommendationPlatform(app, 'recommendation', { staticRankingCanary: true });
  app.synth();
  return dir;
}

/** A copy of `dir` with the content-ranking canary moved from 10% to 25% (v45 85% → 70%). */
function canaryAt25(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'diff-head-'));
  cpSync(dir, copy, { recursive: true });
  const file = join(copy, 'recommendation', 'VirtualService.content-ranking.k8s.yaml');
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(/weight: 85\n/, 'weight: 70\n').replace(/(subset: v47\n(?:.*\n){0,4}?\s*)weight: 10\n/, '$1weight: 25\n');
  expect(changed.match(/weight: (70|25)\n/g)).toHaveLength(2);
  writeFileSync(file, changed);
  return copy;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['diff', ...argv], s => out.push(s), s => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const SUMMARY = 'v47 10% → 25% of default traffic (v45 85% → 70%); premium, ab-ranking-q4-v45 and ab-ranking-q4-v47 routes unchanged';

describe('cdk8s-ml-mesh diff on the example platform', () => {
  let base: string;
  let head: string;
  beforeAll(() => {
    base = synthExample();
    head = canaryAt25(base);
  });

  // The example's ingress VirtualService is gateway-bound, so the mesh view says it leaves it out.
  const onlyGatewayNotes = (err: string) => err.split('\n').every(l => /VirtualService ml-serving\/recsys-api: .*not part of this view$/.test(l));

  test('the canary moved to 25%: exactly that change, exit 1', async () => {
    const r = await run(base, head);
    expect(r).toMatchObject({ code: 1, out: `content-ranking (mesh traffic): ${SUMMARY}` });
    expect(onlyGatewayNotes(r.err)).toBe(true);
  });

  test('against itself: prints nothing, exit 0', async () => {
    const r = await run(base, base);
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(onlyGatewayNotes(r.err)).toBe(true);
  });

  test('a single file on each side works too', async () => {
    const file = join('recommendation', 'VirtualService.content-ranking.k8s.yaml');
    const r = await run(join(base, file), join(head, file));
    expect(r.code).toBe(1);
    expect(r.out).toBe(`content-ranking: ${SUMMARY}`);
  });

  test('--format markdown: a PR comment with the risk line and a table', async () => {
    const r = await run(base, head, '--format', 'markdown');
    expect(r.code).toBe(1);
    expect(r.out).toBe([
      '### Routing changes (1 model)',
      '',
      '#### content-ranking (mesh traffic)',
      '',
      '**Risk:** challenger share up 15 points',
      '',
      '| Change | Before | After |',
      '|---|---|---|',
      '| v45 share of default traffic | 85% | 70% |',
      '| v47 share of default traffic | 10% | 25% |',
      '',
      SUMMARY,
    ].join('\n'));
    expect((await run(base, base, '--format=markdown')).out).toBe('### Routing changes\n\nNo routing changes.');
  });

  test('--format json: the RoutingDiff structure', async () => {
    const r = await run(base, head, '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      changed: true,
      hosts: [{
        name: 'content-ranking',
        host: 'content-ranking.ml-serving.svc.cluster.local',
        kind: 'CHANGED',
        view: 'mesh',
        summary: SUMMARY,
        risk: 'challenger share up 15 points',
        changes: [
          { kind: 'SHARE', route: 'default', subject: 'v45 share of default traffic', before: '85%', after: '70%' },
          { kind: 'SHARE', route: 'default', subject: 'v47 share of default traffic', before: '10%', after: '25%' },
        ],
        shares: [
          { route: 'default', destination: 'v45', beforePercent: 85, afterPercent: 70 },
          { route: 'default', destination: 'v47', beforePercent: 10, afterPercent: 25 },
        ],
      }],
    });
    expect(JSON.parse((await run(base, base, '--format', 'json')).out)).toEqual({ changed: false, hosts: [] });
  });
});

describe('cdk8s-ml-mesh diff usage', () => {
  test.each([
    [['only-one.yaml'], 'expected exactly two paths, <base> and <head>; got 1'],
    [['a', 'b', 'c'], 'expected exactly two paths, <base> and <head>; got 3'],
    [['a', 'b', '--format', 'html'], '--format "html" is not supported (allowed: text, markdown, json)'],
    [['a', 'b', '--format'], '--format needs a value (allowed: text, markdown, json)'],
    [['a', 'b', '--color'], 'unknown option "--color" (allowed: --format, --gateway, --help)'],
  ])('%j: exit 2 with the reason and the usage', async (argv, reason) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe(`diff: ${reason}`);
    expect(r.err).toContain('usage: cdk8s-ml-mesh diff <base> <head>');
  });

  test('a missing path or unreadable YAML: exit 2, a message, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-bad-'));
    writeFileSync(join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    const empty = mkdtempSync(join(tmpdir(), 'diff-empty-'));
    const missing = await run(join(dir, 'nope'), empty);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toBe(`diff: ${join(dir, 'nope')}: no such file or directory`);
    const broken = await run(dir, dir);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^diff: .*broken\.yaml#0: /);
    expect(broken.err).not.toMatch(/\n\s+at /);
  });

  test('--gateway compares the routing of traffic entering through that gateway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-gateway-'));
    const edge = (v2: number) => [
      'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata: {name: ranking-edge, namespace: ml}',
      'spec:', '  hosts: [ranking.example.com]', '  gateways: [edge]', '  http:',
      '    - route:', `        - {destination: {host: ranking, subset: v1}, weight: ${100 - v2}}`, `        - {destination: {host: ranking, subset: v2}, weight: ${v2}}`,
    ].join('\n');
    writeFileSync(join(dir, 'base.yaml'), edge(10));
    writeFileSync(join(dir, 'head.yaml'), edge(30));
    const atEdge = await run(join(dir, 'base.yaml'), join(dir, 'head.yaml'), '--gateway', 'ml/edge');
    expect(atEdge).toMatchObject({ code: 1, out: 'ranking.example.com: ranking.ml.svc.cluster.local/v2 10% → 30% of route #0 traffic (ranking.ml.svc.cluster.local/v1 90% → 70%)' });
    const inMesh = await run(join(dir, 'base.yaml'), join(dir, 'head.yaml'), '--gateway', 'mesh');
    expect(inMesh).toMatchObject({ code: 0, out: '' });
    expect(inMesh.err).toContain('not part of this view');
    // Without --gateway every view is compared, and the change says whose traffic it is.
    const every = await run(join(dir, 'base.yaml'), join(dir, 'head.yaml'));
    expect(every).toMatchObject({ code: 1, out: 'ranking.example.com (traffic through gateway ml/edge): ranking.ml.svc.cluster.local/v2 10% → 30% of route #0 traffic (ranking.ml.svc.cluster.local/v1 90% → 70%)' });
  });

  test('--help prints the usage and exits 0; the main usage lists diff', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('exit codes: 0 routing unchanged, 1 routing changed, 2 bad usage');
    const out: string[] = [];
    await main(['--help'], s => out.push(s), () => {});
    expect(out.join('\n')).toContain('diff <base> <head> [--format text|markdown|json]');
  });
});
