import { Chart, Duration, Testing } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import {
  Caller, HealthProbe, KServeDeploymentMode, KServeProtocol, ModelBackend, ModelService, MtlsMode, NamespaceSecurity, Routing,
  RoutingReport,
} from '../src';
import { pssRestrictedViolations } from './pss-restricted';
import { contentRanking, find, synth, testChart } from './util';
import { collectRouteTable } from '../src/constructs/collect';
import { authorize } from '../src/security/authorization';

const kserve = (v: string, extra: object = {}) => ModelBackend.kserve({ modelFormat: 'xgboost', storageUri: `s3://m/${v}`, ...extra });
const of = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);

describe('mTLS', () => {
  test('one STRICT PeerAuthentication per namespace, however many services', () => {
    const chart = testChart();
    contentRanking(chart);
    new ModelService(chart, 'other', { modelName: 'other', versions: [{ name: 'v1', image: 'img' }] });
    new ModelService(chart, 'elsewhere', { modelName: 'elsewhere', namespace: 'batch', versions: [{ name: 'v1', image: 'img' }] });
    const pas = of(synth(chart), 'PeerAuthentication');
    expect(pas.map(p => [p.apiVersion, p.metadata.namespace, p.metadata.name, p.spec.mtls.mode])).toEqual([
      ['security.istio.io/v1', 'ml-serving', 'default', 'STRICT'],
      ['security.istio.io/v1', 'batch', 'default', 'STRICT'],
    ]);
  });

  test('two charts in one namespace share one PeerAuthentication', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'ml' });
    const b = new Chart(app, 'b', { namespace: 'ml' });
    new ModelService(a, 'm1', { modelName: 'm1', versions: [{ name: 'v1', image: 'img' }] });
    new ModelService(b, 'm2', { modelName: 'm2', versions: [{ name: 'v1', image: 'img' }] });
    const all = [...Testing.synth(a), ...Testing.synth(b)];
    expect(of(all, 'PeerAuthentication')).toHaveLength(1);
  });

  test('every DestinationRule uses ISTIO_MUTUAL, read back by the YAML reader and shown in the report', () => {
    const chart = testChart();
    contentRanking(chart);
    const manifests = synth(chart);
    expect(find(manifests, 'DestinationRule', 'content-ranking').spec.trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    const read = Routing.fromManifests(manifests)._routeTable.services[0];
    expect(read.trafficPolicy?.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    expect(RoutingReport.fromRouting(Routing.fromManifests(manifests))).toContain('Istio mTLS (`ISTIO_MUTUAL`)');
  });

  test('PERMISSIVE is an explicit opt-out with a reason, and the report flags it', () => {
    const chart = testChart();
    new NamespaceSecurity(chart, 'sec', { mtlsMode: MtlsMode.PERMISSIVE, permissiveReason: 'batch scorers have no sidecar yet' });
    contentRanking(chart);
    expect(find(synth(chart), 'PeerAuthentication', 'default').spec.mtls.mode).toBe('PERMISSIVE');
    expect(RoutingReport.ofConstructs(chart)).toContain('**PERMISSIVE** (migration: batch scorers have no sidecar yet) – plaintext accepted');
  });
});

describe('service accounts', () => {
  test('each version runs under its own ServiceAccount, Deployment and KServe alike, without a mounted token', () => {
    const chart = testChart();
    contentRanking(chart);
    new ModelService(chart, 'rr', { modelName: 'reranker', versions: [{ name: 'v8', backend: kserve('v8') }] });
    const m = synth(chart);
    expect(of(m, 'ServiceAccount').map(s => [s.metadata.name, s.automountServiceAccountToken])).toEqual([
      ['content-ranking-v45', false], ['content-ranking-v47', false], ['content-ranking-v43', false], ['reranker-v8', false],
    ]);
    const pod = find(m, 'Deployment', 'content-ranking-v47').spec.template.spec;
    expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual(['content-ranking-v47', false]);
    const predictor = find(m, 'InferenceService', 'reranker-v8').spec.predictor;
    expect([predictor.serviceAccountName, predictor.automountServiceAccountToken]).toEqual(['reranker-v8', false]);
  });

  test('the token is mounted only when a version asks', () => {
    const chart = testChart();
    new ModelService(chart, 'm', { modelName: 'm', versions: [{ name: 'v1', image: 'img', mountServiceAccountToken: true }] });
    expect(find(synth(chart), 'Deployment', 'm-v1').spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('a Knative-mode service runs its latest version under that version\'s account', () => {
    const chart = testChart();
    const booster = new ModelService(chart, 'b', {
      modelName: 'booster',
      versions: [{ name: 'v2', backend: kserve('v2', { deploymentMode: KServeDeploymentMode.KNATIVE }) }],
    });
    expect(find(synth(chart), 'InferenceService', 'booster').spec.predictor.serviceAccountName).toBe('booster-v2');
    expect(booster.versions[0].serviceAccountName).toBe('booster-v2');
  });
});

describe('authorization', () => {
  test('allowedCallers render an ALLOW policy with exactly those principals on the target port, selecting the service\'s pods', () => {
    const chart = testChart();
    contentRanking(chart, { allowedCallers: [Caller.serviceAccount('recsys', 'api'), Caller.namespace('batch'), Caller.ingressGateway()] });
    const ap = find(synth(chart), 'AuthorizationPolicy', 'content-ranking');
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'content-ranking' } },
      action: 'ALLOW',
      rules: [{
        from: [
          { source: { principals: ['cluster.local/ns/recsys/sa/api'] } },
          { source: { namespaces: ['batch'] } },
          { source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } },
        ],
        to: [{ operation: { ports: ['8080'] } }],
      }],
    });
  });

  test('without callers the policy has no rules: nobody may call', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    expect(find(synth(chart), 'AuthorizationPolicy', 'content-ranking').spec.rules).toBeUndefined();
    const access = svc._routing().access!;
    expect(authorize(access, { principal: 'cluster.local/ns/ml-serving/sa/anything' }).allowed).toBe(false);
  });

  test('grantInvoke(ModelService) allows every version of the caller, including versions added later', () => {
    const chart = testChart();
    const ranking = contentRanking(chart);
    const affinity = new ModelService(chart, 'aff', { modelName: 'user-affinity', versions: [{ name: 'v12', image: 'img' }] });
    const granted = affinity.grantInvoke(ranking);
    ranking.addVersion({ name: 'v48', image: 'img' });
    expect(granted).toBeInstanceOf(Caller);
    expect(granted.description).toBe('ModelService content-ranking');
    const ap = find(synth(chart), 'AuthorizationPolicy', 'user-affinity');
    expect(ap.spec.rules[0].from[0].source.principals).toEqual(
      ['v45', 'v47', 'v43', 'v48'].map(v => `cluster.local/ns/ml-serving/sa/content-ranking-${v}`));
  });

  test('who may call whom: declared callers are allowed, an undeclared caller matches no rule', () => {
    const chart = testChart();
    const ranking = contentRanking(chart, { allowedCallers: [Caller.serviceAccount('recsys', 'api')] });
    const affinity = new ModelService(chart, 'aff', { modelName: 'user-affinity', versions: [{ name: 'v12', image: 'img' }] });
    affinity.grantInvoke(ranking);
    const table = collectRouteTable(chart);
    const access = (name: string) => table.services.find(s => s.name === name)!.access!;
    const sa = (ns: string, name: string) => `cluster.local/ns/${ns}/sa/${name}`;
    // content-ranking's versions may call user-affinity, on its port only
    expect(authorize(access('user-affinity'), { principal: sa('ml-serving', 'content-ranking-v47'), port: 8080 }).allowed).toBe(true);
    expect(authorize(access('user-affinity'), { principal: sa('ml-serving', 'content-ranking-v47'), port: 9090 }).allowed).toBe(false);
    // ...but not the other way round, and not the namespace default account or another namespace
    expect(authorize(access('content-ranking'), { principal: sa('ml-serving', 'user-affinity-v12') })).toMatchObject({ allowed: false });
    expect(authorize(access('content-ranking'), { principal: sa('ml-serving', 'default') }).allowed).toBe(false);
    expect(authorize(access('content-ranking'), { principal: sa('other', 'api') }).allowed).toBe(false);
    expect(authorize(access('content-ranking'), { principal: sa('recsys', 'api') }).allowed).toBe(true);
    // plaintext has no identity
    expect(authorize(access('content-ranking'), {}).allowed).toBe(false);
    const report = RoutingReport.ofConstructs(chart);
    expect(report).toContain('| ModelService user-affinity | 1 version service account | denied |');
    expect(report).toContain('| a client without mTLS (plaintext) | – | denied |');
  });

  test('denied model services share one row, so the report grows linearly with the fleet', () => {
    const chart = testChart();
    const target = new ModelService(chart, 'target', { modelName: 'target', versions: [{ name: 'v1', image: 'img' }] });
    for (let i = 0; i < 8; i++) new ModelService(chart, `m${i}`, { modelName: `m${i}`, versions: [{ name: 'v1', image: 'img' }] });
    target.grantInvoke(Caller.namespace('recsys'));
    const section = RoutingReport.ofConstructs(chart).split('\n## target\n')[1].split('\n## ')[0];
    expect(section).toContain('| ModelServices m0, m1, m2, m3, m4 and 3 more | 8 version service accounts | denied |');
    expect(section.match(/\| denied \|/g)).toHaveLength(2);
  });

  test('a namespace caller allows any identity of that namespace, and only that namespace', () => {
    const chart = testChart();
    const svc = contentRanking(chart, { allowedCallers: [Caller.namespace('batch')] });
    const access = svc._routing().access!;
    expect(authorize(access, { principal: 'cluster.local/ns/batch/sa/scorer' }).allowed).toBe(true);
    expect(authorize(access, { principal: 'cluster.local/ns/batch-2/sa/scorer' }).allowed).toBe(false);
  });

  test('a namespace default deny is an empty-spec AuthorizationPolicy, only when asked', () => {
    const asked = testChart();
    new NamespaceSecurity(asked, 'sec', { defaultDeny: true });
    contentRanking(asked);
    expect(find(synth(asked), 'AuthorizationPolicy', 'default-deny').spec).toEqual({});
    const notAsked = testChart();
    contentRanking(notAsked);
    expect(of(synth(notAsked), 'AuthorizationPolicy').map(a => a.metadata.name)).toEqual(['content-ranking']);
  });

  test('a Knative-mode service also lets Knative\'s system pods in (activator, autoscaler), on any port', () => {
    const chart = testChart();
    new ModelService(chart, 'b', { modelName: 'booster', versions: [{ name: 'v2', backend: kserve('v2', { deploymentMode: KServeDeploymentMode.KNATIVE }) }] });
    const spec = find(synth(chart), 'AuthorizationPolicy', 'booster').spec;
    // The activator and the knative-local-gateway: the identities Knative pods see (callers are not enforced).
    expect(spec.rules).toEqual([{ from: [{ source: { namespaces: ['knative-serving'] } }, { source: { namespaces: ['istio-system'] } }] }]);
  });
});

describe('hardened pods', () => {
  const hardened = {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };

  test('Deployment: restricted security context, pod-level seccomp, a writable /tmp', () => {
    const chart = testChart();
    contentRanking(chart);
    const pod = find(synth(chart), 'Deployment', 'content-ranking-v45').spec.template.spec;
    expect(pod.containers[0].securityContext).toEqual(hardened);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  test('KServe predictor: the same, on the model container and the predictor pod', () => {
    const chart = testChart();
    new ModelService(chart, 'rr', { modelName: 'reranker', versions: [{ name: 'v8', backend: kserve('v8') }] });
    const p = find(synth(chart), 'InferenceService', 'reranker-v8').spec.predictor;
    expect(p.model.securityContext).toEqual(hardened);
    expect(p.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(p.model.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(p.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  test('the PSS helper finds what an unhardened pod lacks (so 0 on the example means something)', () => {
    const bare = [{ kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }], hostNetwork: true } } } }];
    expect(pssRestrictedViolations(bare).map(v => v.rule).sort()).toEqual([
      'capabilities (drop ALL)', 'host namespaces', 'privilege escalation', 'running as non-root', 'seccomp',
    ]);
  });

  test('the example platform has 0 PSS "restricted" (v1.28) violations over all its workloads', () => {
    const manifests = Testing.synth(new RecommendationPlatform(Testing.app(), 'recommendation'));
    // 11 versions: 7 Deployments, 3 InferenceServices, and the Rollout serving content-ranking's v45 and v47.
    expect(of(manifests, 'Deployment').length + of(manifests, 'InferenceService').length + of(manifests, 'Rollout').length).toBe(10);
    expect(pssRestrictedViolations(manifests)).toEqual([]);
  });
});

describe('resources', () => {
  test('declared resources are kept; GPUs only where requested', () => {
    const chart = testChart();
    new ModelService(chart, 'rr', {
      modelName: 'reranker',
      versions: [{ name: 'v8', backend: kserve('v8', { cpu: '2', memory: '4Gi', memoryLimit: '6Gi' }) }, { name: 'v9', backend: kserve('v9', { cpu: '2', memory: '4Gi', gpus: 1 }) }],
    });
    const m = synth(chart);
    expect(find(m, 'InferenceService', 'reranker-v8').spec.predictor.model.resources).toEqual({
      requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '6Gi' },
    });
    expect(find(m, 'InferenceService', 'reranker-v9').spec.predictor.model.resources.limits).toEqual({ 'cpu': '2', 'memory': '4Gi', 'nvidia.com/gpu': '1' });
  });

  test('undeclared resources get 1 CPU / 2Gi on both backends (not cdk8s-plus\'s flat defaults) and are reported as defaulted', () => {
    const chart = testChart();
    new ModelService(chart, 'm', { modelName: 'm', versions: [{ name: 'v1', image: 'img' }] });
    new ModelService(chart, 'k', { modelName: 'k', versions: [{ name: 'v1', backend: kserve('v1') }] });
    const m = synth(chart);
    expect(find(m, 'Deployment', 'm-v1').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '1', memory: '2048Mi' }, limits: { cpu: '1', memory: '2048Mi' },
    });
    expect(find(m, 'InferenceService', 'k-v1').spec.predictor.model.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' },
    });
    expect(RoutingReport.ofConstructs(chart)).toContain('**defaulted** (1 CPU, 2Gi): declare what the model needs');
  });

  test('a waiver renders no resources at all and is reported with its reason', () => {
    const chart = testChart();
    new ModelService(chart, 'm', { modelName: 'm', versions: [{ name: 'v1', image: 'img', resourcesWaiver: 'dev cluster, BestEffort is fine' }] });
    new ModelService(chart, 'k', { modelName: 'k', versions: [{ name: 'v1', backend: kserve('v1'), resourcesWaiver: 'dev cluster' }] });
    new ModelService(chart, 'g', { modelName: 'g', versions: [{ name: 'v1', backend: kserve('v1', { gpus: 2 }), resourcesWaiver: 'dev cluster' }] });
    const m = synth(chart);
    expect(find(m, 'Deployment', 'm-v1').spec.template.spec.containers[0].resources).toBeUndefined();
    expect(find(m, 'InferenceService', 'k-v1').spec.predictor.model.resources).toBeUndefined();
    // a waiver drops requests and limits, never a requested GPU
    expect(find(m, 'InferenceService', 'g-v1').spec.predictor.model.resources).toEqual({ limits: { 'nvidia.com/gpu': '2' } });
    expect(RoutingReport.ofConstructs(chart)).toContain('**waived**: dev cluster, BestEffort is fine');
  });
});

describe('probes', () => {
  test('KServe defaults follow the protocol: /v2/health/ready and /v2/health/live for v2, /v1/models/<served name> for v1', () => {
    const chart = testChart();
    new ModelService(chart, 'a', { modelName: 'a', versions: [{ name: 'v1', backend: kserve('v1', { protocolVersion: KServeProtocol.V2 }) }] });
    new ModelService(chart, 'b', { modelName: 'b', versions: [{ name: 'v1', backend: kserve('v1') }] });
    const m = synth(chart);
    const v2 = find(m, 'InferenceService', 'a-v1').spec.predictor.model;
    expect(v2.readinessProbe).toEqual({ httpGet: { path: '/v2/health/ready', port: 8080 }, periodSeconds: 10, failureThreshold: 3 });
    expect(v2.livenessProbe).toEqual({ httpGet: { path: '/v2/health/live', port: 8080 }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 });
    // xgboost takes --model_name, so the served name is the model name
    expect(find(m, 'InferenceService', 'b-v1').spec.predictor.model.readinessProbe.httpGet).toEqual({ path: '/v1/models/b', port: 8080 });
  });

  test('probes are overridable, or can be switched off', () => {
    const chart = testChart();
    new ModelService(chart, 'm', {
      modelName: 'm',
      versions: [{
        name: 'v1',
        backend: ModelBackend.deployment({
          image: 'img', readinessProbe: HealthProbe.httpGet('/ready', { period: Duration.seconds(5) }), livenessProbe: HealthProbe.none(),
        }),
      }],
    });
    const c = find(synth(chart), 'Deployment', 'm-v1').spec.template.spec.containers[0];
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, failureThreshold: 3 });
    expect(c.livenessProbe).toBeUndefined();
  });

  test('Deployments default to TCP checks on the container port', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ml' });
    new ModelService(chart, 'm', { modelName: 'm', port: 9000, versions: [{ name: 'v1', image: 'img' }] });
    const c = find(synth(chart), 'Deployment', 'm-v1').spec.template.spec.containers[0];
    expect(c.readinessProbe).toMatchObject({ tcpSocket: { port: 9000 } });
    expect(c.livenessProbe).toMatchObject({ tcpSocket: { port: 9000 }, initialDelaySeconds: 30 });
  });
});

describe('the rendered policies say what the evaluator decides on', () => {
  test('every AuthorizationPolicy of the example holds exactly the route table\'s callers', () => {
    const chart = new RecommendationPlatform(Testing.app(), 'recommendation');
    const manifests = Testing.synth(chart);
    for (const s of collectRouteTable(chart).services) {
      const rules = find(manifests, 'AuthorizationPolicy', s.name).spec.rules ?? [];
      const sources = rules.flatMap((r: any) => r.from.map((f: any) => f.source));
      expect(sources).toEqual(s.access!.callers.map(c => ({
        ...(c.principals ? { principals: c.principals } : {}),
        ...(c.namespaces ? { namespaces: c.namespaces } : {}),
      })));
    }
  });
});
