import { Testing, Yaml } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { ModelService } from '../src';

function platform() {
  const chart = new RecommendationPlatform(Testing.app(), 'recommendation');
  return { chart, manifests: Testing.synth(chart) };
}

describe('example: recommendation platform', () => {
  test('synthesized manifests (snapshot)', () => {
    expect(Yaml.stringify(...platform().manifests)).toMatchSnapshot();
  });

  test('five models, each with one to three versions', () => {
    const { chart } = platform();
    const versions = Object.fromEntries(chart.node.findAll().filter(ModelService.isModelService).map(s => [s.modelName, s.versionNames]));
    expect(versions).toEqual({
      'content-ranking': ['v45', 'v47'],
      'user-affinity': ['v12', 'v13'],
      'session-context': ['v3', 'v2'],
      'diversity-reranker': ['v8', 'v9', 'v7'],
      'freshness-booster': ['v2', 'v3'],
    });
  });

  test('two models are served by KServe: diversity-reranker in Standard mode, freshness-booster in Knative mode', () => {
    const isvcs = platform().manifests.filter(m => m.kind === 'InferenceService');
    expect(isvcs.map(m => [m.metadata.name, m.metadata.annotations['serving.kserve.io/deploymentMode']])).toEqual([
      ['diversity-reranker-v8', 'Standard'],
      ['diversity-reranker-v9', 'Standard'],
      ['diversity-reranker-v7', 'Standard'],
      ['freshness-booster', 'Knative'],
    ]);
    const reranker = platform().manifests.find(m => m.kind === 'VirtualService' && m.metadata.name === 'diversity-reranker');
    const last = reranker.spec.http[reranker.spec.http.length - 1];
    expect(last.route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v8', 95], ['v9', 5], ['v7', 0]]);
    expect(last.mirrorPercentage.value).toBe(20);
  });

  test('content-ranking on Argo Rollouts: premium pinned to the champion, v45 and v47 only, first apply from v45\'s template, every VirtualService of the host moved', () => {
    const vs = platform().manifests.find(m => m.kind === 'VirtualService' && m.metadata.name === 'content-ranking');
    const routes = vs.spec.http;
    expect(routes.map((r: any) => r.name)).toEqual(['premium', 'default']);
    expect(routes[0].match).toEqual([{ headers: { 'x-user-segment': { exact: 'premium' } } }]);
    expect(routes[0].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v45', 100]]);
    expect(routes[1].match).toBeUndefined();
    expect(routes[1].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v45', 100], ['v47', 0]]);
    expect(routes[1].mirror).toBeUndefined();
    const rollout = platform().manifests.find(m => m.kind === 'Rollout');
    expect(rollout.metadata.name).toBe('content-ranking');
    expect(rollout.spec.template.metadata.labels.version).toBe('v45');
    expect(rollout.spec.strategy.canary.steps.filter((s: any) => s.setWeight).map((s: any) => s.setWeight)).toEqual([5, 10, 25, 50]);
    expect(rollout.spec.strategy.canary.trafficRouting.istio.destinationRule).toMatchObject({ stableSubsetName: 'v45', canarySubsetName: 'v47' });
    expect(rollout.spec.strategy.canary.trafficRouting.istio.virtualServices.map((v: any) => v.name)).toEqual(['content-ranking', 'recsys-api']);
    const next = Testing.synth(new RecommendationPlatform(Testing.app(), 'recommendation', { rankingFirstApply: false })).find(m => m.kind === 'Rollout');
    expect(next.spec.template.metadata.labels.version).toBe('v47');
  });

  test('the static variant keeps content-ranking\'s 85/10/5 split in code and no Rollout', () => {
    const manifests = Testing.synth(new RecommendationPlatform(Testing.app(), 'recommendation', { staticRankingCanary: true }));
    const vs = manifests.find(m => m.kind === 'VirtualService' && m.metadata.name === 'content-ranking');
    expect(vs.spec.http[3].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v45', 85], ['v47', 10], ['v43', 5]]);
    expect(manifests.some(m => m.kind === 'Rollout' || m.kind === 'AnalysisTemplate')).toBe(false);
  });

  test('every object lives in the ml-serving namespace', () => {
    expect(platform().manifests.every(m => m.metadata.namespace === 'ml-serving')).toBe(true);
  });
});
