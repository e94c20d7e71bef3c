import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Duration, Yaml, YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import {
  AbExperiment, CanaryDelivery, CanaryRollout, CanaryRolloutProps, KServeDeploymentMode, MeshApp, MeshCheck, ModelBackend, ModelIngress, ModelService,
  RequestMatch, Routing, RoutingReport, ShadowMirror,
} from '../src';
import { contentRanking, find, httpRoutes, synth, testChart } from './util';
import { main } from '../src/cli/main';

// Prometheus' grammar ships a CommonJS build with ESM-only typings; see observability.test.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const promql: { parse(text: string): { iterate(v: { enter(n: { name: string; from: number; to: number; type: { isError: boolean } }): void }): void } } = require('@prometheus-io/lezer-promql').parser;

/** content-ranking with only the champion and the challenger (Argo keeps only their subsets). */
function twoVersions(chart: Chart) {
  return contentRanking(chart, {
    versions: [{ name: 'v45', image: 'registry.example.com/content-ranking:v45', replicas: 3 }, { name: 'v47', image: 'registry.example.com/content-ranking:v47' }],
  });
}

type CanaryOverrides = Partial<Omit<CanaryRolloutProps, 'service'>>;

/** content-ranking v45 and v47, premium users pinned to the champion, and a progressive v47 canary. */
function progressive(overrides: CanaryOverrides = {}, chart: Chart = testChart()) {
  const service = twoVersions(chart);
  service.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v45', { name: 'premium' });
  const canary = new CanaryRollout(chart, 'canary', {
    service,
    champion: 'v45',
    challengers: [{ version: 'v47', percent: 0 }],
    delivery: CanaryDelivery.argoRollouts(),
    ...overrides,
  });
  return { chart, service, canary, manifests: synth(chart) };
}

/** Argo's verdict on one measurement (utils/evaluate: failure wins, neither is Inconclusive), conditions in expr-lang's `len`/`&&` subset. */
function argoVerdict(metric: any, result: number[]): 'Successful' | 'Failed' | 'Inconclusive' {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const holds = (cond: string) => new Function('result', 'len', `return ${cond};`)(result, (a: unknown[]) => a.length) as boolean;
  if (holds(metric.failureCondition)) return 'Failed';
  return holds(metric.successCondition) ? 'Successful' : 'Inconclusive';
}

describe('progressive delivery on Argo Rollouts', () => {
  test('static mode stays the default: no Rollout, no AnalysisTemplate, the challengers\' Deployments stay', () => {
    const chart = testChart();
    const service = contentRanking(chart);
    new CanaryRollout(chart, 'canary', { service, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
    const kinds = synth(chart).map(m => m.kind);
    expect(kinds).not.toContain('Rollout');
    expect(kinds).not.toContain('AnalysisTemplate');
    expect(kinds.filter(k => k === 'Deployment')).toHaveLength(3);
  });

  test('the Rollout owns the challenger\'s pod template and replaces the champion\'s and challenger\'s Deployments', () => {
    const { manifests } = progressive();
    expect(manifests.filter(m => m.kind === 'Deployment').map(m => m.metadata.name)).toEqual([]);
    const rollout = find(manifests, 'Rollout', 'content-ranking');
    expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(rollout.spec.replicas).toBe(3); // the champion's capacity
    expect(rollout.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'content-ranking', 'app.kubernetes.io/instance': 'content-ranking-rollout' });
    expect(rollout.spec.template.metadata.labels).toEqual({
      'app': 'content-ranking',
      'app.kubernetes.io/name': 'content-ranking',
      'app.kubernetes.io/instance': 'content-ranking-rollout',
      'version': 'v47',
      'sidecar.istio.io/inject': 'true',
    });
    expect(rollout.spec.template.spec.containers[0].image).toBe('registry.example.com/content-ranking:v47');
    expect(rollout.spec.workloadRef).toBeUndefined();
  });

  test('traffic routing: our VirtualService\'s default route, our DestinationRule\'s champion (stable) and challenger (canary) subsets', () => {
    const { manifests } = progressive();
    const rollout = find(manifests, 'Rollout', 'content-ranking');
    expect(rollout.spec.strategy.canary.trafficRouting).toEqual({
      istio: {
        virtualServices: [{ name: 'content-ranking', routes: ['default'] }],
        destinationRule: { name: 'content-ranking', stableSubsetName: 'v45', canarySubsetName: 'v47' },
      },
    });
    expect(rollout.spec.strategy.canary.dynamicStableScale).toBe(false);
    expect(rollout.spec.strategy.canary.abortScaleDownDelaySeconds).toBe(30);
    const dr = find(manifests, 'DestinationRule', 'content-ranking');
    const rolloutPods = { 'app.kubernetes.io/name': 'content-ranking', 'app.kubernetes.io/instance': 'content-ranking-rollout' };
    expect(dr.spec.subsets.map((s: any) => [s.name, s.labels])).toEqual([
      ['v45', rolloutPods], ['v47', rolloutPods],
    ]);
    const vs = find(manifests, 'VirtualService', 'content-ranking');
    expect(vs.spec.http.map((r: any) => r.name)).toEqual(['premium', 'default']);
    // Ours and untouched by Argo: the header route, on the stable subset (which always has pods).
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'content-ranking.ml-serving.svc.cluster.local', subset: 'v45' }, weight: 100 }]);
    // The weights at rest, as written: Argo moves v47 from 0 through the stages.
    expect(vs.spec.http[1].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v45', 100], ['v47', 0]]);
  });

  test('steps from the seed plan: setWeight, pause for the hold, analysis; 100% is Argo\'s promotion after the last step', () => {
    const { manifests } = progressive();
    const steps = find(manifests, 'Rollout', 'content-ranking').spec.strategy.canary.steps;
    const gate = { analysis: { templates: [{ templateName: 'content-ranking-canary-gates' }] } };
    expect(steps).toEqual([
      { setWeight: 5 }, { pause: { duration: '10m' } }, gate,
      { setWeight: 10 }, { pause: { duration: '15m' } }, gate,
      { setWeight: 25 }, { pause: { duration: '20m' } }, gate,
      { setWeight: 50 }, { pause: { duration: '30m' } }, gate,
    ]);
  });

  test('custom stages and gate limits', () => {
    const { manifests } = progressive({
      stages: [{ percent: 20, hold: Duration.minutes(5) }, { percent: 60, hold: Duration.seconds(5400) }, { percent: 100 }],
      analysis: { maxLatencyRegressionPercent: 25, maxErrorRatePercent: 0.5, window: Duration.minutes(2), minRequestRate: 5 },
      delivery: CanaryDelivery.argoRollouts({ prometheusAddress: 'http://prometheus.obs:9090' }),
    });
    const steps = find(manifests, 'Rollout', 'content-ranking').spec.strategy.canary.steps;
    expect(steps.filter((s: any) => !s.analysis)).toEqual([{ setWeight: 20 }, { pause: { duration: '5m' } }, { setWeight: 60 }, { pause: { duration: '1h30m' } }]);
    const [latency, errors] = find(manifests, 'AnalysisTemplate', 'content-ranking-canary-gates').spec.metrics;
    expect(latency.successCondition).toBe('len(result) == 1 && result[0] <= 1.25');
    expect(errors.failureCondition).toBe('len(result) == 1 && result[0] > 0.005');
    expect(latency.provider.prometheus.address).toBe('http://prometheus.obs:9090');
    expect(latency.provider.prometheus.query).toContain('[2m]');
    expect(latency.provider.prometheus.query).toContain(' >= 5)');
  });

  test('the AnalysisTemplate gates latency regression and error rate per version from Istio\'s metrics; both parse as PromQL', () => {
    const { manifests } = progressive();
    const metrics = find(manifests, 'AnalysisTemplate', 'content-ranking-canary-gates').spec.metrics;
    expect(metrics.map((m: any) => [m.name, m.failureLimit, m.inconclusiveLimit])).toEqual([['latency-regression', 0, 0], ['error-rate', 0, 0]]);
    for (const m of metrics) {
      const query: string = m.provider.prometheus.query;
      const names = new Set<string>();
      let errors = 0;
      promql.parse(query).iterate({
        enter: n => {
          if (n.type.isError) errors++;
          if (n.name === 'Identifier' || n.name === 'LabelName') names.add(query.slice(n.from, n.to));
        },
      });
      expect(errors).toBe(0);
      expect(names).toEqual(new Set(['reporter', 'destination_service_namespace', 'destination_service_name', 'destination_version',
        ...(m.name === 'latency-regression' ? ['istio_request_duration_milliseconds_bucket', 'le'] : ['response_code', 'grpc_response_status']), 'istio_requests_total']));
    }
    const [latency, errors] = metrics;
    const [ratio, challengerTraffic, championTraffic] = latency.provider.prometheus.query.split(' and ');
    // The lower bound of the challenger's P99 bucket over the upper bound of the champion's.
    expect(ratio).toMatch(/^\(histogram_quantile\(1e-9, .*destination_version="v47".* \/ histogram_quantile\(1, .*destination_version="v45", le="\+Inf"\}\[5m\]\)\)\)\)\)$/);
    expect(challengerTraffic).toMatch(/destination_version="v47"\}\[5m\]\)\) >= 0\.1\)$/);
    expect(championTraffic).toMatch(/destination_version="v45"\}\[5m\]\)\) >= 0\.1\)$/);
    expect(errors.provider.prometheus.query).toMatch(/^\(\(sum\(rate\(istio_requests_total\{.*destination_version="v47", response_code=~"5\.\."\}\[5m\]\) or rate\(.*grpc_response_status=~"2\|4\|12\|13\|14\|15"\}\[5m\]\)\) or vector\(0\)\) \/ /);
  });

  test('no data never passes a gate: an empty result (too little traffic) or NaN is Inconclusive, which pauses the rollout', () => {
    const { manifests } = progressive();
    const [latency, errors] = find(manifests, 'AnalysisTemplate', 'content-ranking-canary-gates').spec.metrics;
    expect(argoVerdict(latency, [])).toBe('Inconclusive');
    expect(argoVerdict(latency, [NaN])).toBe('Inconclusive');
    expect(argoVerdict(latency, [1.05])).toBe('Successful');
    expect(argoVerdict(latency, [1.1])).toBe('Successful');
    expect(argoVerdict(latency, [1.11])).toBe('Failed');
    expect(argoVerdict(errors, [])).toBe('Inconclusive');
    expect(argoVerdict(errors, [0])).toBe('Successful');
    expect(argoVerdict(errors, [0.02])).toBe('Failed');
  });

  test('every object passes check in all layers (schema incl. the Argo Rollouts 1.9 CRDs, webhook, reference)', () => {
    const { manifests } = progressive();
    expect(MeshCheck.checkManifests(manifests).findings).toEqual([]);
  });

  test('the challenger\'s regression alert stays on while Argo runs the canary (its weight at rest is 0)', () => {
    const { manifests } = progressive();
    const rules = find(manifests, 'PrometheusRule', 'content-ranking').spec.groups[0].rules;
    expect(rules.filter((r: any) => r.alert === 'ModelChallengerLatencyRegression').map((r: any) => r.labels.version)).toEqual(['v47']);
  });

  test('snapshot: Rollout and AnalysisTemplate', () => {
    const { manifests } = progressive();
    expect(Yaml.stringify(...manifests.filter(m => m.kind === 'Rollout' || m.kind === 'AnalysisTemplate'))).toMatchSnapshot();
  });
});

describe('progressive delivery: what Argo Rollouts cannot do is an error', () => {
  const kserve = (v: string, mode?: KServeDeploymentMode) => ModelBackend.kserve({ modelFormat: 'xgboost', storageUri: `s3://m/${v}`, deploymentMode: mode });

  test.each<[string, (c: Chart) => void, string]>([
    ['a third version with weight on the managed route', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 0 }, { version: 'v43', percent: 5 }], delivery: CanaryDelivery.argoRollouts() });
    }, '[test/canary] challengers[1].percent: Argo Rollouts removes every destination of the managed route that is neither its stable (v45) nor its canary (v47) subset when it carries weight, so "v43" at 5% would silently lose its traffic (allowed: 0 (kept warm), or a separate route with service.routeMatching(...))'],
    ['a weight in code for Argo\'s canary', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 10 }], delivery: CanaryDelivery.argoRollouts() });
    }, '[test/canary] challengers[0].percent: Argo Rollouts sets the canary\'s weight at run time from the stages; 10 in code would fight it after every promotion (allowed: 0 (the weight at rest))'],
    ['KServe-backed versions', c => {
      const service = new ModelService(c, 'svc', { modelName: 'reranker', versions: [{ name: 'v8', backend: kserve('v8') }, { name: 'v9', backend: kserve('v9') }] });
      new CanaryRollout(c, 'canary', { service, champion: 'v8', challengers: [{ version: 'v9', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
    }, '[test/canary] champion: version "v8" is served by KServe; Argo Rollouts must own the pods, but KServe\'s controller owns the predictor Deployment (kserve#2680), so the two would fight (allowed: delivery: CanaryDelivery.staticWeights(), stepping the challenger\'s percent in code)'],
    ['Knative mode', c => {
      const service = new ModelService(c, 'svc', { modelName: 'booster', versions: [{ name: 'v2', backend: kserve('v2', KServeDeploymentMode.KNATIVE) }, { name: 'v3', backend: kserve('v3', KServeDeploymentMode.KNATIVE) }] });
      new CanaryRollout(c, 'canary', { service, champion: 'v2', challengers: [{ version: 'v3', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
    }, '[test/canary] delivery: in Knative mode KServe owns the Knative Service and its revisions, and Argo Rollouts cannot roll out Knative Services (argo-rollouts#2186)'],
    ['two rollouts on one service', c => {
      const service = contentRanking(c);
      new CanaryRollout(c, 'canary', { service, champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
      new CanaryRollout(c, 'canary2', { service, champion: 'v47', challengers: [{ version: 'v43', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
    }, '[test/canary2] service: ModelService test/content-ranking already has a CanaryRollout (test/canary); a service has one default route, so at most one CanaryRollout'],
    ['stages that do not increase', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts(), stages: [{ percent: 10, hold: Duration.minutes(5) }, { percent: 10, hold: Duration.minutes(5) }, { percent: 100 }] });
    }, '[test/canary] stages[1].percent: 10 does not increase on the previous stage (10) (allowed: strictly increasing percents)'],
    ['a plan that never reaches 100', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts(), stages: [{ percent: 10, hold: Duration.minutes(5) }, { percent: 50 }] });
    }, '[test/canary] stages[1].percent: the last stage is 50%, so the challenger would never be promoted (allowed: a last stage of 100)'],
    ['a stage without a hold', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts(), stages: [{ percent: 10 }, { percent: 100 }] });
    }, '[test/canary] stages[0].hold: a stage before the last needs a hold'],
    ['gate limits with static weights', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 10 }], analysis: { maxErrorRatePercent: 2 } });
    }, '[test/canary] analysis: gates only run in progressive mode; with static weights nothing would check them'],
    ['a query window longer than a hold', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts(), analysis: { window: Duration.minutes(15) } });
    }, '[test/canary] analysis.window: the 900s window is longer than the shortest hold (600s), so a gate would judge traffic of the previous stage (allowed: a window no longer than every hold)'],
  ])('%s', (_name, build, message) => {
    expect(() => build(testChart())).toThrow(message);
  });
});

describe('progressive delivery: what Argo would break at run time is refused at synth (argo-limits.ts)', () => {
  test.each<[string, (c: Chart) => void, string]>([
    ['a warm version: UpdateHash would delete its subset', c => {
      new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 0 }, { version: 'v43', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
    }, '[test/canary] service: versions "v43" would lose their DestinationRule subsets: Argo\'s UpdateHash keeps only the stable ("v45") and canary ("v47") subsets and replaces the whole subsets list (argo-rollouts v1.9.1 rollout/trafficrouting/istio/istio.go)'],
    ['a header route to the canary', c => {
      const service = twoVersions(c);
      service.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47', { name: 'premium' });
      new CanaryRollout(c, 'canary', { service, champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
    }, '[test/canary] service: route "premium" sends requests to the canary subset "v47", which Argo re-points to the new ReplicaSet before it has pods'],
    ['an A/B arm on the canary', c => {
      const service = twoVersions(c);
      new CanaryRollout(c, 'canary', { service, champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
      new AbExperiment(c, 'ab', { service, experimentId: 'q4', arms: [{ version: 'v45', percent: 80 }, { version: 'v47', percent: 20 }] });
    }, 'sends requests to the canary subset "v47"'],
    ['a mirror of the canary', c => {
      const service = twoVersions(c);
      new CanaryRollout(c, 'canary', { service, champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
      new ShadowMirror(c, 'shadow', { service, target: 'v47', percent: 10 });
    }, '[test/canary] service: a mirror copies requests to the canary subset "v47", which has no pod at the start of a rollout and after an abort and selects the stable pods at rest, so the shadow compares "v45" with itself'],
  ])('%s', (_name, build, message) => {
    const chart = testChart();
    build(chart);
    expect(() => synth(chart)).toThrow(message);
  });

  test('every VirtualService that routes the host is the Rollout\'s: the gateway\'s copy of the default route moves too', () => {
    const chart = testChart();
    const { service } = progressive({}, chart);
    const ingress = new ModelIngress(chart, 'api', { hosts: ['api.example.com'], namespace: 'edge' });
    ingress.expose(service, { pathPrefix: '/ranking' });
    const manifests = synth(chart);
    expect(find(manifests, 'Rollout', 'content-ranking').spec.strategy.canary.trafficRouting.istio.virtualServices).toEqual([
      { name: 'content-ranking', routes: ['default'] }, { name: 'api.edge', routes: ['content-ranking-default'] },
    ]);
    expect(httpRoutes(manifests, 'api').map(r => r.name)).toContain('content-ranking-default');
  });

  test('first apply: the Rollout starts from the champion\'s template, the champion\'s Deployment serves until it is ready, its subset selects both by version', () => {
    const { manifests } = progressive({ delivery: CanaryDelivery.argoRollouts({ firstApply: true }) });
    const rollout = find(manifests, 'Rollout', 'content-ranking');
    expect(rollout.spec.template.metadata.labels.version).toBe('v45');
    expect(rollout.spec.template.spec.containers[0].image).toBe('registry.example.com/content-ranking:v45');
    expect(manifests.filter(m => m.kind === 'Deployment').map(m => m.metadata.name)).toEqual(['content-ranking-v45']);
    const dr = find(manifests, 'DestinationRule', 'content-ranking');
    expect(dr.spec.subsets.map((s: any) => [s.name, s.labels])).toEqual([
      ['v45', { 'app.kubernetes.io/name': 'content-ranking', 'version': 'v45' }],
      ['v47', { 'app.kubernetes.io/name': 'content-ranking', 'app.kubernetes.io/instance': 'content-ranking-rollout' }],
    ]);
    expect(MeshCheck.checkManifests(manifests).findings).toEqual([]);
  });
});

describe('explain on the Argo-managed route', () => {
  test('from the constructs: weights as written, plus the stage plan; other routes are explained as before', () => {
    const { service } = progressive();
    const rest = service.explain({});
    expect(rest.matchedRoute?.name).toBe('default');
    expect(rest.destinations.map(d => [d.subset, d.percent])).toEqual([['v45', 100]]);
    expect(rest.progressive).toEqual({
      engine: 'argo-rollouts',
      stable: 'v45',
      canary: 'v47',
      stages: [
        { percent: 5, holdMs: 600_000 }, { percent: 10, holdMs: 900_000 }, { percent: 25, holdMs: 1_200_000 },
        { percent: 50, holdMs: 1_800_000 }, { percent: 100, holdMs: undefined },
      ],
    });
    const premium = service.explain({ headers: { 'x-user-segment': 'premium' } });
    expect(premium.destinations.map(d => [d.subset, d.percent])).toEqual([['v45', 100]]);
    expect(premium.progressive).toBeUndefined();
  });

  test('from the synthesized YAML: the Rollout is read back and names the same route, subsets and plan', () => {
    const { service, manifests } = progressive();
    const fromYaml = Routing.fromManifests(manifests).explain('content-ranking.ml-serving.svc.cluster.local', {});
    expect(fromYaml.progressive).toEqual(service.explain({}).progressive);
    expect(fromYaml.destinations.map(d => [d.subset, d.percent])).toEqual([['v45', 100]]);
  });
});

describe('explain CLI on the synthesized example platform', () => {
  test('the managed route prints the weights as written and the stage plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'progressive-'));
    const app = new MeshApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new RecommendationPlatform(app, 'recommendation');
    app.synth();
    let out = '';
    const code = await main(['explain', dir, '--host', 'content-ranking'], s => { out += s + '\n'; }, s => { out += s + '\n'; });
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines).toContain('managed  by Argo Rollouts: weights above are as written; it moves v47 (canary) over v45 (stable)');
    expect(lines).toContain('stages   5% 10m → 10% 15m → 25% 20m → 50% 30m → 100%');
    let premium = '';
    await main(['explain', dir, '--host', 'content-ranking', '-H', 'x-user-segment=premium'], s => { premium += s + '\n'; }, () => undefined);
    expect(premium).not.toContain('managed');
  });
});

describe('routing report of a progressive canary', () => {
  test('from the constructs: stage plan with holds and gates; read back from YAML: the plan Argo runs', () => {
    const { chart, manifests } = progressive();
    const report = RoutingReport.ofConstructs(chart);
    expect(report).toContain('| 5 | 100% | 0% | – | promotion: `v47` becomes the champion |');
    expect(report).toContain("- `latency-regression`: passes when challenger P99 bucket starts ≤ 1.1 × the end of the champion's P99 bucket over 5m;");
    const fromYaml = RoutingReport.fromRouting(Routing.fromManifests(manifests));
    expect(fromYaml).toContain('Progressive on **Argo Rollouts**');
    expect(fromYaml).toContain('| 4 | 50% | 50% | 30m | gates pass → next stage; a gate fails → abort, back to 100% champion; no data → pause |');
    expect(fromYaml).not.toContain('latency-regression');
  });
});
