import { Chart, Duration, Testing } from 'cdk8s';
import {
  AbExperiment, CanaryRollout, MeshApp, KServeBackendOptions, KServeDeploymentMode, KServeProtocol, ModelBackend, ModelService,
  ModelVersionOptions, RequestMatch, ShadowMirror,
} from '../src';
import { knativeDisallowedFields, predictorPodSpec } from './knative-fieldmask';
import { find, synth, synthYaml, testChart } from './util';

const standard = (version: string, extra: Partial<KServeBackendOptions> = {}) =>
  ModelBackend.kserve({ modelFormat: 'xgboost', storageUri: `s3://models/content-ranking/${version}`, ...extra });
const knative = (version: string, extra: Partial<KServeBackendOptions> = {}) =>
  standard(version, { deploymentMode: KServeDeploymentMode.KNATIVE, ...extra });

/** The same three-version routing over any backend. */
function ranking(chart: Chart, versions: ModelVersionOptions[]): ModelService {
  const svc = new ModelService(chart, 'content-ranking', { modelName: 'content-ranking', versions, timeout: Duration.millis(200) });
  svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47');
  new CanaryRollout(chart, 'canary', { service: svc, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }, { version: 'v43', percent: 5 }] });
  new ShadowMirror(chart, 'shadow', { service: svc, target: 'v47', percent: 10 });
  return svc;
}

describe('KServe Standard mode', () => {
  const kserveVersions = () => [
    { name: 'v45', backend: standard('v45', { minReplicas: 3, cpu: '1', memory: '2Gi' }) },
    { name: 'v47', backend: standard('v47', { gpus: 1 }) },
    { name: 'v43', backend: standard('v43') },
  ];

  test('one InferenceService per version (snapshot)', () => {
    const chart = testChart();
    ranking(chart, kserveVersions());
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('routing is identical in shape to routing over Deployments', () => {
    const viaKServe = testChart();
    ranking(viaKServe, kserveVersions());
    const viaDeployments = testChart();
    ranking(viaDeployments, ['v45', 'v47', 'v43'].map(name => ({ name, image: `img:${name}` })));
    const shape = (c: Chart) => synth(c).filter(m => ['VirtualService', 'DestinationRule'].includes(m.kind)).map(m => m.spec);
    expect(shape(viaKServe)).toEqual(shape(viaDeployments));
    const kinds = (c: Chart) => synth(c).map(m => m.kind);
    const identity = (workload: string) => ['ServiceAccount', workload];
    const security = ['AuthorizationPolicy', 'PrometheusRule', 'ConfigMap', 'PeerAuthentication'];
    expect(kinds(viaKServe)).toEqual(['Service', ...[1, 2, 3].flatMap(() => identity('InferenceService')), 'DestinationRule', 'VirtualService', ...security]);
    expect(kinds(viaDeployments)).toEqual(['Service', ...[1, 2, 3].flatMap(() => identity('Deployment')), 'DestinationRule', 'VirtualService', ...security]);
  });

  test('the deployment-mode annotation is always explicit; pods carry the subset labels', () => {
    const chart = testChart();
    ranking(chart, kserveVersions());
    const isvc = find(synth(chart), 'InferenceService', 'content-ranking-v47');
    expect(isvc.apiVersion).toBe('serving.kserve.io/v1beta1');
    expect(isvc.metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'Standard' });
    const subset = find(synth(chart), 'DestinationRule', 'content-ranking').spec.subsets.find((s: any) => s.name === 'v47');
    // The subset's labels, and the label that gets the pods a sidecar under a default Istio install.
    expect(isvc.spec.predictor.labels).toEqual({ ...subset.labels, 'sidecar.istio.io/inject': 'true' });
  });

  test('GPUs render as nvidia.com/gpu limits; cpu and memory as requests (and limits, unless given)', () => {
    const chart = testChart();
    ranking(chart, kserveVersions());
    const m = synth(chart);
    // v47 declares only a GPU: cpu and memory take the defaults (reported as defaulted)
    expect(find(m, 'InferenceService', 'content-ranking-v47').spec.predictor.model.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' }, limits: { 'cpu': '1', 'memory': '2Gi', 'nvidia.com/gpu': '1' },
    });
    expect(find(m, 'InferenceService', 'content-ranking-v45').spec.predictor.model.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' },
    });
    expect(find(m, 'InferenceService', 'content-ranking-v45').spec.predictor.minReplicas).toBe(3);
  });

  test('every version serves the same model name, so one request path works for all', () => {
    const chart = testChart();
    ranking(chart, kserveVersions());
    for (const v of ['v45', 'v47', 'v43']) {
      expect(find(synth(chart), 'InferenceService', `content-ranking-${v}`).spec.predictor.model.args).toEqual(['--model_name=content-ranking']);
    }
  });

  test('the stable Service forwards to KServe\'s container port', () => {
    const chart = testChart();
    ranking(chart, kserveVersions());
    expect(find(synth(chart), 'Service', 'content-ranking').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
  });

  test('Deployment and KServe versions can share one service', () => {
    const chart = testChart();
    ranking(chart, [{ name: 'v45', image: 'img:45' }, { name: 'v47', backend: standard('v47') }, { name: 'v43', backend: standard('v43') }]);
    expect(synth(chart).map(m => m.kind)).toEqual(['Service', 'ServiceAccount', 'Deployment', 'ServiceAccount', 'InferenceService', 'ServiceAccount', 'InferenceService',
      'DestinationRule', 'VirtualService', 'AuthorizationPolicy', 'PrometheusRule', 'ConfigMap', 'PeerAuthentication']);
  });
});

describe('KServe Knative mode', () => {
  function booster(chart: Chart) {
    const svc = new ModelService(chart, 'booster', {
      modelName: 'freshness-booster',
      versions: [{ name: 'v2', backend: knative('v2', { minReplicas: 0 }) }, { name: 'v3', backend: knative('v3', { minReplicas: 0 }) }],
    });
    new CanaryRollout(chart, 'canary', { service: svc, champion: 'v2', challengers: [{ version: 'v3', percent: 10 }] });
    return svc;
  }

  test('Knative\'s webhook admits the predictor under its default config-features, and a pod securityContext where the app declares the feature', () => {
    const chart = testChart();
    booster(chart);
    const predictor = find(synth(chart), 'InferenceService', 'freshness-booster').spec.predictor;
    expect(knativeDisallowedFields(predictorPodSpec(predictor))).toEqual([]);
    // The pod-level hardening moves to the container, where Knative admits it.
    expect(predictor.securityContext).toBeUndefined();
    expect(predictor.model.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    // The mask is not vacuous: a pod securityContext is refused by default.
    expect(knativeDisallowedFields(predictorPodSpec({ ...predictor, securityContext: { runAsNonRoot: true } }))).toEqual(['securityContext']);

    const app = new MeshApp({ cluster: { knativePodSecurityContext: true } });
    const declared = new Chart(app, 'test', { namespace: 'ml-serving' });
    booster(declared);
    const withPod = find(Testing.synth(declared), 'InferenceService', 'freshness-booster').spec.predictor;
    expect(withPod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(knativeDisallowedFields(predictorPodSpec(withPod), { podSpecSecurityContext: true, securePodDefaults: false })).toEqual([]);
    expect(knativeDisallowedFields(predictorPodSpec(withPod))).toEqual(['securityContext']);
  });

  test('a two-version canary is one InferenceService with canaryTrafficPercent (snapshot)', () => {
    const chart = testChart();
    booster(chart);
    expect(synthYaml(chart)).toMatchSnapshot();
    const m = synth(chart);
    // KServe owns the host: no Service, DestinationRule or VirtualService of ours; alerts and a dashboard as for every model.
    expect(m.map(o => o.kind)).toEqual(['ServiceAccount', 'ServiceAccount', 'InferenceService', 'AuthorizationPolicy', 'PrometheusRule', 'ConfigMap', 'PeerAuthentication']);
    const isvc = find(m, 'InferenceService', 'freshness-booster');
    expect(isvc.metadata.name).toBe('freshness-booster');
    // The champion is the revision KServe rolled out last: not in the spec, so named for explain and the report.
    expect(isvc.metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'Knative', 'cdk8s-ml-mesh/previous-version': 'v2' });
    expect(isvc.spec.predictor.canaryTrafficPercent).toBe(10);
    expect(isvc.spec.predictor.model.storageUri).toBe('s3://models/content-ranking/v3');
    expect(isvc.spec.predictor.minReplicas).toBe(0);
  });

  test('a single version has no canary', () => {
    const chart = testChart();
    new ModelService(chart, 'm', { modelName: 'freshness-booster', versions: [{ name: 'v2', backend: knative('v2') }] });
    const isvc = find(synth(chart), 'InferenceService', 'freshness-booster');
    expect(isvc.spec.predictor.canaryTrafficPercent).toBeUndefined();
    expect(isvc.metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'Knative' });
    expect(isvc.spec.predictor.model.storageUri).toBe('s3://models/content-ranking/v2');
  });

  test('the route table still explains the split by version', () => {
    const chart = testChart();
    const svc = booster(chart);
    const last = svc._routing().routes.slice(-1)[0];
    expect(last.destinations.map(d => [d.subset, d.weight])).toEqual([['v2', 90], ['v3', 10]]);
  });
});

type Case = [string, (c: Chart) => void, string];
const KSERVE_ERRORS: Case[] = [
  ['canaryTrafficPercent in Standard mode', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: standard('v1', { canaryTrafficPercent: 10 }) }] });
  }, '[test/m] versions["v1"].backend.canaryTrafficPercent: KServe silently ignores canaryTrafficPercent in Standard mode, so no traffic would shift (allowed: a CanaryRollout over Standard-mode versions'],
  ['scale to zero in Standard mode', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: standard('v1', { minReplicas: 0 }) }] });
  }, '[test/m] versions["v1"].backend.minReplicas: Standard mode scales with an HPA, which cannot scale to zero (allowed: minReplicas >= 1, or deploymentMode: KServeDeploymentMode.KNATIVE for scale-to-zero)'],
  ['replicas on a KServe version', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: standard('v1'), replicas: 2 }] });
  }, '[test/m] versions["v1"].replicas: KServe versions scale with minReplicas/maxReplicas'],
  ['maxReplicas below minReplicas', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: standard('v1', { minReplicas: 3, maxReplicas: 2 }) }] });
  }, '[test/m] versions["v1"].backend.maxReplicas: 2 is invalid (allowed: a whole number >= 3)'],
  ['not a storage URI', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.kserve({ modelFormat: 'xgboost', storageUri: 'models/v1' }) }] });
  }, '[test/m] versions["v1"].backend.storageUri: "models/v1" is not a storage URI'],
  ['a cpu request that is not a quantity', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: standard('v1', { cpu: '2 cores' }) }] });
  }, '[test/m] versions["v1"].backend.cpu: "2 cores" is not a non-negative Kubernetes quantity (allowed: a non-negative Kubernetes quantity, e.g. "500m", "2", "4Gi", "512Mi")'],
  ['names too long for KServe\'s derived host label', c => {
    new ModelService(c, 'm', { modelName: 'content-ranking-with-a-long-name', versions: [{ name: 'v1-candidate', backend: standard('v1') }] });
  }, '[test/m] versions["v1-candidate"].name: KServe derives the DNS label "content-ranking-with-a-long-name-v1-candidate-predictor-ml-serving" (66 characters)'],
  ['image and backend together', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', image: 'img', backend: standard('v1') }] });
  }, '[test/m] versions["v1"].image: give either image or backend, not both'],
  ['neither image nor backend', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1' }] });
  }, '[test/m] versions["v1"].backend: a version needs an image or a backend'],
  ['different protocols across versions', c => {
    new ModelService(c, 'm', { modelName: 'rank', versions: [{ name: 'v1', backend: standard('v1') }, { name: 'v2', backend: standard('v2', { protocolVersion: KServeProtocol.V2 }) }] });
  }, '[test/m] versions: versions answer on different request paths (v1: /v1/models/rank:predict; v2: /v2/models/rank/infer), so a caller\'s request would fail on some versions (allowed: the same protocolVersion and servedModelName on every KServe version)'],
  ['a runtime that names the model after the InferenceService', c => {
    const torch = (v: string) => ModelBackend.kserve({ modelFormat: 'pytorch', storageUri: `s3://m/${v}` });
    new ModelService(c, 'm', { modelName: 'rank', versions: [{ name: 'v1', backend: torch('v1') }, { name: 'v2', backend: torch('v2') }] });
  }, 'versions answer on different request paths (v1: /v1/models/rank-v1:predict; v2: /v1/models/rank-v2:predict)'],
  ['Deployment and KServe versions on different ports', c => {
    new ModelService(c, 'm', { modelName: 'rank', port: 9000, versions: [{ name: 'v1', image: 'img' }, { name: 'v2', backend: standard('v2') }] });
  }, '[test/m] versions: versions serve on different ports (v1: 9000, v2: 8080); the stable Service forwards to one target port (9000)'],
  ['a third Knative version', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: ['v1', 'v2', 'v3'].map(n => ({ name: n, backend: knative(n) })) });
  }, '[test/m] versions: 3 versions declared; Knative mode serves only the latest and the previous revision of one InferenceService (allowed: at most 2 versions, or deploymentMode: KServeDeploymentMode.STANDARD'],
  ['two Knative versions without a canary', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: ['v1', 'v2'].map(n => ({ name: n, backend: knative(n) })) });
  }, '[test/m] versions: two Knative versions need a CanaryRollout between them'],
  ['a header route in Knative mode', c => {
    const svc = new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: knative('v1') }] });
    svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v1');
  }, '[test/m] routeMatching[0]: routing requests by match to a version (match-to-v1) is not possible in Knative mode: KServe\'s own VirtualService routes the host (allowed: deploymentMode: KServeDeploymentMode.STANDARD'],
  ['mirroring in Knative mode', c => {
    const svc = new ModelService(c, 'm', { modelName: 'm', versions: ['v1', 'v2'].map(n => ({ name: n, backend: knative(n) })) });
    new CanaryRollout(c, 'canary', { service: svc, champion: 'v1', challengers: [{ version: 'v2', percent: 10 }] });
    new ShadowMirror(c, 'shadow', { service: svc, target: 'v2', percent: 10 });
  }, '[test/shadow] service: mirroring (shadow traffic) is not possible in Knative mode: KServe\'s own VirtualService routes the host (allowed: deploymentMode: KServeDeploymentMode.STANDARD'],
  ['an experiment in Knative mode', c => {
    const svc = new ModelService(c, 'm', { modelName: 'm', versions: ['v1', 'v2'].map(n => ({ name: n, backend: knative(n) })) });
    new CanaryRollout(c, 'canary', { service: svc, champion: 'v1', challengers: [{ version: 'v2', percent: 10 }] });
    new AbExperiment(c, 'ab', { service: svc, experimentId: 'e', arms: [{ version: 'v1', percent: 50 }, { version: 'v2', percent: 50 }] });
  }, '[test/ab] service: an A/B experiment across versions is not possible in Knative mode'],
  ['a timeout in Knative mode', c => {
    new ModelService(c, 'm', { modelName: 'm', timeout: Duration.seconds(1), versions: [{ name: 'v1', backend: knative('v1') }] });
  }, '[test/m] timeout/retries/fault: a route timeout, retries or fault injection is not possible in Knative mode'],
  ['mixing Knative with Standard', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: knative('v1') }, { name: 'v2', backend: standard('v2') }] });
  }, '[test/m] versions: versions v2 are not Knative-mode KServe versions'],
];

describe('KServe errors', () => {
  test.each(KSERVE_ERRORS)('%s', (_n, build, message) => {
    const chart = testChart();
    expect(() => { build(chart); synth(chart); }).toThrow(message);
  });
});
