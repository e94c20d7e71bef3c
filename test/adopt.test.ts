import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { find, synth, synthYaml, testChart } from './util';
import { CanaryRollout, H2UpgradePolicy, MeshCheck, ModelBackend, ModelService, RequestMatch, Routing, RoutingReport } from '../src';

const REFERENCE = path.join(__dirname, '..', '..', 'shared', 'docs', 'reference-manifests');
const adopt = (labelValue: string) => ModelBackend.existing({ podLabels: { 'model-version': labelValue }, workload: `Deployment/content-ranking-${labelValue}` });

/** The hand-written content-ranking setup of reference-manifests/content-ranking.yaml, taken over in place. */
function takeover() {
  const chart = testChart();
  const ranking = new ModelService(chart, 'content-ranking', {
    modelName: 'content-ranking',
    serviceName: 'content-ranking-svc',
    virtualServiceName: 'content-ranking-vs',
    destinationRuleName: 'content-ranking-dr',
    selector: { app: 'content-ranking' },
    versions: [
      { name: 'v45', backend: adopt('v45'), connectionPool: { http1MaxPendingRequests: 50 } },
      { name: 'v47', backend: adopt('v47') },
      { name: 'v43-legacy', backend: adopt('v43') },
    ],
    connectionPool: { maxConnections: 100, h2UpgradePolicy: H2UpgradePolicy.UPGRADE, idleTimeout: Duration.seconds(30) },
    circuitBreaker: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 },
  });
  ranking.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47');
  new CanaryRollout(chart, 'canary', { service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
  return { chart, ranking };
}

describe('adopting existing workloads and names', () => {
  test('snapshot', () => {
    expect(synthYaml(takeover().chart)).toMatchSnapshot();
  });

  test('no workload is emitted; the subsets select the given labels; the objects carry the team\'s names', () => {
    const out = synth(takeover().chart);
    expect(out.filter(o => ['Deployment', 'InferenceService', 'Rollout', 'ServiceAccount'].includes(o.kind))).toEqual([]);
    expect(out.filter(o => ['Service', 'VirtualService', 'DestinationRule'].includes(o.kind)).map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'DestinationRule/content-ranking-dr', 'Service/content-ranking-svc', 'VirtualService/content-ranking-vs',
    ]);
    const dr = find(out, 'DestinationRule', 'content-ranking-dr');
    expect(dr.spec.host).toBe('content-ranking-svc.ml-serving.svc.cluster.local');
    expect(dr.spec.subsets.map((s: any) => [s.name, s.labels])).toEqual([
      ['v45', { 'model-version': 'v45' }], ['v47', { 'model-version': 'v47' }], ['v43-legacy', { 'model-version': 'v43' }],
    ]);
    expect(find(out, 'Service', 'content-ranking-svc').spec.selector).toEqual({ app: 'content-ranking' });
    expect(find(out, 'VirtualService', 'content-ranking-vs').spec.hosts).toEqual(['content-ranking-svc.ml-serving.svc.cluster.local']);
  });

  test('routes exactly as the hand-written manifests do', () => {
    const ours = Routing.fromManifests(Testing.synth(takeover().chart));
    const text = fs.readFileSync(path.join(REFERENCE, 'content-ranking.yaml'), 'utf8');
    const theirs = Routing.fromManifests(parseAllDocuments(text).map(d => d.toJSON()));
    const host = 'content-ranking-svc.ml-serving.svc.cluster.local';
    expect(ours.hosts).toEqual([host]);
    for (const request of [{ headers: { 'x-user-segment': 'premium' } }, {}, { headers: { 'x-user-segment': 'free' } }]) {
      const a = ours.explain(host, request);
      const b = theirs.explain(host, request);
      expect(a.matchedRoute?.index).toBe(b.matchedRoute?.index);
      expect(a.destinations).toEqual(b.destinations);
      expect(a.mirrors).toEqual(b.mirrors);
    }
  });

  test('check passes: the adopted subsets are named on the DestinationRule, so their pods are not expected in the output', () => {
    const out = synth(takeover().chart);
    expect(find(out, 'DestinationRule', 'content-ranking-dr').metadata.annotations).toEqual({ 'cdk8s-ml-mesh.io/adopted-subsets': 'v45,v47,v43-legacy' });
    expect(MeshCheck.checkManifests(out).findings).toEqual([]);
    // Without the annotation istioctl analyze's IST0173 applies, as before.
    const bare = out.map(o => (o.kind === 'DestinationRule' ? { ...o, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } } : o));
    expect(MeshCheck.checkManifests(bare).findings.map(f => f.rule)).toContain('reference/IST0173');
  });

  test('adopted pods keep their own identity: named, not created', () => {
    const chart = testChart();
    const svc = new ModelService(chart, 'r', {
      modelName: 'r',
      selector: { app: 'r' },
      versions: [{ name: 'v1', backend: ModelBackend.existing({ podLabels: { v: '1' }, serviceAccount: 'legacy-ranker' }) }, { name: 'v2', backend: adopt('v2') }],
    });
    expect(svc.versions.map(v => [v.serviceAccountName, v.serviceAccount])).toEqual([['legacy-ranker', undefined], ['default', undefined]]);
  });

  test('the report shows adopted workloads', () => {
    const { chart } = takeover();
    const md = RoutingReport.ofConstructs(chart.node.root);
    expect(md).toContain('existing Deployment/content-ranking-v43');
  });

  test('an adopted version without a service selector fails', () => {
    const chart = testChart();
    new ModelService(chart, 'r', { modelName: 'r', versions: [{ name: 'v1', backend: adopt('v1') }] });
    expect(() => Testing.synth(chart)).toThrow('[test/r] selector: versions v1 adopt existing pods, which need not carry app.kubernetes.io/name=r; the stable Service would not reach them');
  });

  test('created versions carry the selector labels too', () => {
    const chart = testChart();
    new ModelService(chart, 'r', {
      modelName: 'r',
      selector: { app: 'r' },
      versions: [{ name: 'v1', backend: adopt('v1') }, { name: 'v2', image: 'img' }],
    });
    const out = synth(chart);
    expect(find(out, 'Deployment', 'r-v2').spec.template.metadata.labels).toMatchObject({ app: 'r' });
  });
});
