import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing, YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { ModelService, Routing } from '../src';
import { main } from '../src/cli/main';
import { MeshApp } from '../src/constructs/mesh-app';
import { routingFromObjects } from '../src/routing/from-istio';

const HOST = 'freshness-booster.ml-serving.svc.cluster.local';

async function explainCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['explain', ...argv], s => out.push(s), s => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a Knative-mode model: ModelService.explain() and the CLI on dist/ agree', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knative-explain-'));
  const app = new MeshApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const platform = new RecommendationPlatform(app, 'recommendation');
  const booster = platform.node.findChild('freshness-booster') as ModelService;
  beforeAll(() => app.synth());

  test('KServe splits 90% to the previously rolled-out v2 and 10% to the latest v3', async () => {
    const lib = booster.explain({});
    const cli = await explainCli(dir, '--host', 'freshness-booster', '--format', 'json');
    expect(cli.code).toBe(0);
    // The example's ingress VirtualService is gateway-bound: the mesh view only notes that it leaves it out.
    expect(cli.err.split('\n').filter(l => l && !/recsys-api: .*not part of this view$/.test(l))).toEqual([]);
    const json = JSON.parse(cli.out);
    expect(json.destinations).toEqual([
      { host: HOST, subset: 'v2', port: null, percent: 90 },
      { host: HOST, subset: 'v3', port: null, percent: 10 },
    ]);
    expect(json.destinations.map((d: any) => [d.host, d.subset, d.percent]))
      .toEqual(lib.destinations.map(d => [d.host, d.subset, d.percent]));
    expect(json.routedBy).toMatch(/^KServe routes /);
    expect(json.routedBy).toBe(lib.routedBy);
    expect(json.mirrors).toEqual(lib.mirrors);
    expect(json.faults).toEqual(lib.faults);
  });

  test('both say that KServe routes the host, in the same words', async () => {
    const note = `KServe routes ${HOST} (Knative mode, its own VirtualService; no VirtualService of ours applies): `
      + 'canaryTrafficPercent 10 sends 10% to the latest revision (v3) and 90% to the previously rolled-out revision (v2)';
    expect(booster.explain({}).trace[0]).toBe(note);
    const text = await explainCli(dir, '--host', 'freshness-booster.ml-serving');
    expect(text.code).toBe(0);
    expect(text.out.split('\n')).toContain(`  ${note}`);
    expect(text.out).toMatch(/versions\n {2}v2 +90%\n {2}v3 +10%/);
  });

  test('through a gateway KServe does not bind, the host does not apply', async () => {
    const r = await explainCli(dir, '--host', 'freshness-booster', '--gateway', 'edge/public-gw', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).reason).toMatchObject({ code: 'does-not-apply' });
    expect(JSON.parse(r.out).reason.message).toContain('it is bound to mesh, knative-serving/knative-local-gateway, knative-serving/knative-ingress-gateway');
  });

  test('Routing.fromManifests reads the same from the synthesized objects', () => {
    const e = Routing.fromManifests(Testing.synth(platform)).explain('freshness-booster');
    expect(e.destinations).toEqual(booster.explain({}).destinations);
    expect(e.trace[0]).toBe(booster.explain({}).trace[0]);
  });
});

describe('reading KServe InferenceServices', () => {
  const isvc = (annotations: Record<string, string> | undefined, predictor: Record<string, unknown>) => ({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'fraud', namespace: 'risk', ...(annotations ? { annotations } : {}) },
    spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://m' }, ...predictor } },
  });
  const shares = (objects: unknown[]) => Routing.fromManifests(objects).explain('fraud.risk').destinations.map(d => [d.subset, d.percent]);

  test('the legacy Serverless mode is Knative; without our annotations the revisions are unnamed', () => {
    expect(shares([isvc({ 'serving.kserve.io/deploymentMode': 'Serverless' }, { canaryTrafficPercent: 25 })]))
      .toEqual([[undefined, 75], [undefined, 25]]);
  });

  test('no canaryTrafficPercent: the latest revision takes everything', () => {
    const objects = [isvc({ 'serving.kserve.io/deploymentMode': 'Knative' }, { labels: { version: 'v7' } })];
    expect(shares(objects)).toEqual([['v7', 100]]);
    expect(Routing.fromManifests(objects).explain('fraud.risk').trace[0]).toContain('the latest revision (v7) takes all traffic');
  });

  test('canaryTrafficPercent 0 keeps everything on the previous revision', () => {
    expect(shares([isvc({ 'serving.kserve.io/deploymentMode': 'Knative', 'cdk8s-ml-mesh/previous-version': 'v6' }, { canaryTrafficPercent: 0, labels: { version: 'v7' } })]))
      .toEqual([['v6', 100]]);
  });

  test('Standard mode is routed by VirtualServices, not read here; no annotation is reported, not guessed', () => {
    expect(routingFromObjects([isvc({ 'serving.kserve.io/deploymentMode': 'Standard' }, {})]).table.services).toEqual([]);
    const unannotated = routingFromObjects([isvc(undefined, {})]);
    expect(unannotated.table.services).toEqual([]);
    expect(unannotated.warnings).toEqual([
      '<input>#0 InferenceService risk/fraud: metadata.annotations: no serving.kserve.io/deploymentMode annotation: the install\'s default decides the mode (KServe ships Knative, its code default is Standard); not explained',
    ]);
  });

  test('a VirtualService of ours for a Knative host conflicts and is reported', () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'fraud', namespace: 'risk' },
      spec: { hosts: ['fraud'], http: [{ route: [{ destination: { host: 'fraud' } }] }] },
    };
    const imported = routingFromObjects([isvc({ 'serving.kserve.io/deploymentMode': 'Knative' }, {}), vs]);
    expect(imported.warnings.join('\n')).toContain('host fraud.risk.svc.cluster.local is routed by KServe (Knative mode) and also by the VirtualService in <input>#1');
  });
});
