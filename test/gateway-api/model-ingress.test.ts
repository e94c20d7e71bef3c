/**
 * ModelIngress and InferencePool-served versions under the Gateway API routing target, as constructs:
 * what a user writes, what is synthesized, and what is refused with which message.
 */
import { App, Chart, Testing } from 'cdk8s';
import { checkErrors } from './helpers';
import {
  CanaryRollout, EndpointPickerFailureMode, GatewayListener, ModelBackend, ModelIngress, ModelService, RequestMatch, RoutingTarget,
} from '../../src';
import { collectRouteTable } from '../../src/constructs/collect';
import { GatewayApiProfile } from '../../src/render/gateway-api/profile';
import { MeshConfigError } from '../../src/util/errors';

function gatewayApiApp(profile = GatewayApiProfile.istioSidecar()): App {
  const app = Testing.app();
  RoutingTarget.gatewayApi(profile).applyTo(app);
  return app;
}

const chart = (app: App, namespace = 'ml-serving') => new Chart(app, `c-${namespace}`, { namespace });

function ranking(c: Chart) {
  return new ModelService(c, 'content-ranking', {
    modelName: 'content-ranking',
    port: 8080,
    versions: [{ name: 'v45', image: 'registry.example.com/content-ranking:v45' }, { name: 'v47', image: 'registry.example.com/content-ranking:v47' }],
    defaultVersion: 'v45',
  });
}

/** An LLM served by vLLM pods that run already, through one InferencePool per model version. */
function chat(c: Chart, versions = ['llama-3-8b', 'llama-3-70b']) {
  return new ModelService(c, 'chat', {
    modelName: 'chat',
    port: 8000,
    selector: { app: 'vllm-chat' },
    versions: versions.map(name => ({
      name,
      backend: ModelBackend.inferencePool({
        podLabels: { app: 'vllm-chat', model: name },
        endpointPicker: { serviceName: `chat-${name}-epp` },
      }),
    })),
  });
}

const kindsOf = (objects: any[]) => objects.map(o => `${o.kind}/${o.metadata.name}`);

describe('ModelIngress under the Gateway API target', () => {
  test('a Gateway of class istio, the redirect route, one HTTPRoute per model; the models admit the proxy Istio deploys', () => {
    const c = chart(gatewayApiApp());
    const model = ranking(c);
    const ingress = new ModelIngress(c, 'api', {
      hosts: ['ml.example.com'],
      listeners: [GatewayListener.http({ redirectToHttps: true }), GatewayListener.https({ credentialName: 'ml-tls' })],
    });
    ingress.expose(model, { pathPrefix: '/ranking' });
    const objects = Testing.synth(c);
    expect(kindsOf(objects.filter(o => ['Gateway', 'HTTPRoute', 'VirtualService'].includes(o.kind)))).toEqual([
      'HTTPRoute/content-ranking', 'Gateway/api', 'HTTPRoute/api-https-redirect', 'HTTPRoute/api-content-ranking',
    ]);
    expect(ingress.virtualService).toBeUndefined();
    expect(ingress.httpRoutes.map(r => r.name)).toEqual(['api-https-redirect', 'api-content-ranking']);
    const gateway = objects.find(o => o.kind === 'Gateway');
    expect(gateway.spec.gatewayClassName).toBe('istio');
    expect(gateway.spec.listeners.map((l: any) => [l.name, l.port, l.protocol])).toEqual([['http-0', 80, 'HTTP'], ['https-0', 443, 'HTTPS']]);
    const route = objects.find(o => o.metadata.name === 'api-content-ranking');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'api', sectionName: 'https-0' }]);
    expect(route.spec.rules.at(-1).backendRefs.map((b: any) => b.name)).toEqual(['content-ranking-v45']);
    // Istio's deployment controller runs the Gateway as ServiceAccount <name>-<class> (gateway_utils.go GetDefaultName).
    const policy = objects.find(o => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'content-ranking');
    expect(JSON.stringify(policy.spec)).toContain('cluster.local/ns/ml-serving/sa/api-istio');
    expect(checkErrors(objects)).toEqual([]);
    expect(ingress.explain({ uri: '/ranking/score' }).destinations.map(d => d.subset)).toEqual(['v45']);
  });

  test('a model in another namespace: backendRefs name it, and a ReferenceGrant there allows the route', () => {
    const app = gatewayApiApp();
    const modelChart = chart(app, 'ml-serving');
    const model = ranking(modelChart);
    const edge = chart(app, 'edge');
    new ModelIngress(edge, 'api', { hosts: ['ml.example.com'] }).expose(model);
    const objects = [...Testing.synth(edge)];
    const grant = objects.find(o => o.kind === 'ReferenceGrant');
    expect(grant).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'api-from-edge', namespace: 'ml-serving' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service' }, { group: 'inference.networking.k8s.io', kind: 'InferencePool' }] },
    });
    const route = objects.find(o => o.kind === 'HTTPRoute');
    expect(route.spec.rules[0].backendRefs[0]).toMatchObject({ kind: 'Service', name: 'content-ranking-v45', namespace: 'ml-serving' });
    // check's reference layer finds the grant for the cross-namespace backend (and would flag its absence).
    const all = [...Testing.synth(modelChart), ...objects];
    expect(checkErrors(all)).toEqual([]);
    expect(checkErrors(all.filter(o => o.kind !== 'ReferenceGrant'))).toEqual([expect.stringMatching(/ReferenceGrant/)]);
  });

  test('profiles without a GatewayClass of their own need one; selector and gatewayClassName belong to one target each', () => {
    const c = chart(gatewayApiApp(GatewayApiProfile.envoyGateway()));
    expect(() => new ModelIngress(c, 'api', { hosts: ['ml.example.com'] }))
      .toThrow(/\[c-ml-serving\/api\] gatewayClassName: profile envoy-gateway has no default GatewayClass/);
    expect(() => new ModelIngress(c, 'api2', { hosts: ['ml.example.com'], gatewayClassName: 'Not A Class' })).toThrow(MeshConfigError);
    expect(() => new ModelIngress(c, 'api3', { hosts: ['ml.example.com'], gatewayClassName: 'eg', selector: { istio: 'ingressgateway' } }))
      .toThrow(/selector: selector picks Istio ingress gateway pods/);
    const istio = new Chart(Testing.app(), 'istio');
    expect(() => new ModelIngress(istio, 'api', { hosts: ['ml.example.com'], gatewayClassName: 'istio' })).toThrow(/gatewayClassName: a GatewayClass belongs to the Gateway API routing target/);
  });

  test('Envoy Gateway (no mesh routes): the model renders only what the Gateway routes to, and must be exposed', () => {
    const c = chart(gatewayApiApp(GatewayApiProfile.envoyGateway()));
    new ModelIngress(c, 'api', { hosts: ['ml.example.com'], gatewayClassName: 'eg' }).expose(ranking(c));
    const objects = Testing.synth(c);
    expect(kindsOf(objects.filter(o => /Route$|Gateway$/.test(o.kind)))).toEqual(['Gateway/api', 'HTTPRoute/api-content-ranking']);
    expect(objects.filter(o => o.kind === 'Service').map(o => o.metadata.name)).toEqual(['content-ranking', 'content-ranking-v45', 'content-ranking-v47']);
    // Without a ModelIngress the model would have no route at all.
    const bare = chart(gatewayApiApp(GatewayApiProfile.envoyGateway()));
    ranking(bare);
    expect(() => Testing.synth(bare)).toThrow(/a mesh \(GAMMA\) route attached to the model's Service.*Mesh.*a Gateway \(ModelIngress\) in front of the model/s);
  });

  test('an HTTP listener redirecting to HTTPS needs an HTTPS listener', () => {
    const c = chart(gatewayApiApp());
    new ModelIngress(c, 'api', { hosts: ['ml.example.com'], listeners: [GatewayListener.http({ redirectToHttps: true })] }).expose(ranking(c));
    expect(() => Testing.synth(c)).toThrow(/listeners: an HTTP listener redirects to HTTPS, but the gateway has no HTTPS listener/);
  });
});

describe('ModelBackend.inferencePool', () => {
  test('one InferencePool per version, the ingress splits across pools by weight; the mesh route keeps version Services', () => {
    const c = chart(gatewayApiApp());
    const model = chat(c);
    model.routeMatching(RequestMatch.header('x-model-size', 'large'), 'llama-3-70b');
    new ModelIngress(c, 'llm', { hosts: ['llm.example.com'] }).expose(model, { pathPrefix: '/v1/chat' });
    const objects = Testing.synth(c);
    const pools = objects.filter(o => o.kind === 'InferencePool');
    expect(pools.map(p => [p.metadata.name, p.spec])).toEqual([
      ['chat-llama-3-8b', { selector: { matchLabels: { app: 'vllm-chat', model: 'llama-3-8b' } }, targetPorts: [{ number: 8000 }], endpointPickerRef: { group: '', kind: 'Service', name: 'chat-llama-3-8b-epp', port: { number: 9002 }, failureMode: 'FailClose' } }],
      ['chat-llama-3-70b', { selector: { matchLabels: { app: 'vllm-chat', model: 'llama-3-70b' } }, targetPorts: [{ number: 8000 }], endpointPickerRef: { group: '', kind: 'Service', name: 'chat-llama-3-70b-epp', port: { number: 9002 }, failureMode: 'FailClose' } }],
    ]);
    const gatewayRoute = objects.find(o => o.kind === 'HTTPRoute' && o.metadata.name === 'llm-chat');
    expect(gatewayRoute.spec.rules.flatMap((r: any) => r.backendRefs.map((b: any) => `${b.kind}/${b.name}`))).toEqual(['InferencePool/chat-llama-3-70b', 'InferencePool/chat-llama-3-8b']);
    const meshRoute = objects.find(o => o.kind === 'HTTPRoute' && o.metadata.name === 'chat');
    expect(meshRoute.spec.rules.flatMap((r: any) => r.backendRefs.map((b: any) => b.kind))).toEqual(['Service', 'Service']);
    expect(objects.some(o => o.kind === 'Deployment')).toBe(false);
    expect(checkErrors(objects)).toEqual([]);
    // Istio ignores InferencePools unless istiod enables the Inference Extension (experimental.go): the report says so.
    expect(collectRouteTable(c).clusterAssumptions).toContainEqual(expect.stringContaining('InferencePool backends: istiod runs with ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true'));
  });

  test('a weighted split across pools (a new model version behind its own endpoint picker)', () => {
    const c = chart(gatewayApiApp(GatewayApiProfile.gke()));
    const model = chat(c);
    new CanaryRollout(c, 'canary', { service: model, champion: 'llama-3-8b', challengers: [{ version: 'llama-3-70b', percent: 20 }] });
    new ModelIngress(c, 'llm', { hosts: ['llm.example.com'], gatewayClassName: 'gke-l7-regional-external-managed' }).expose(model);
    const objects = Testing.synth(c);
    const rule = objects.find(o => o.kind === 'HTTPRoute' && o.metadata.name === 'llm-chat').spec.rules[0];
    expect(rule.backendRefs).toEqual([
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'chat-llama-3-8b', weight: 80 },
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'chat-llama-3-70b', weight: 20 },
    ]);
    expect(checkErrors(objects)).toEqual([]);
  });

  test('refused: the Istio target (VirtualServices cannot name pools), a profile without the Inference Extension, mixed versions', () => {
    const istio = new Chart(Testing.app(), 'istio', { namespace: 'ml-serving' });
    chat(istio);
    expect(() => Testing.synth(istio)).toThrow(/versions\["llama-3-8b"\]\.backend: versions llama-3-8b, llama-3-70b are served through InferencePools, which Istio VirtualServices cannot route to/);
    const eg = chart(gatewayApiApp(GatewayApiProfile.envoyGateway()));
    new ModelIngress(eg, 'llm', { hosts: ['llm.example.com'], gatewayClassName: 'eg' }).expose(chat(eg));
    expect(() => Testing.synth(eg)).toThrow(/profile envoy-gateway does not route to InferencePool backends/);
    const mixed = chart(gatewayApiApp());
    const m = chat(mixed, ['llama-3-8b']);
    m.addVersion({ name: 'plain', backend: ModelBackend.existing({ podLabels: { app: 'vllm-chat', model: 'plain' } }) });
    expect(() => Testing.synth(mixed)).toThrow(/version "plain" is not served by an InferencePool while "llama-3-8b" is/);
  });

  test('bad options are MeshConfigErrors naming the version and the field', () => {
    const version = (backend: ModelBackend) => () => new ModelService(chart(gatewayApiApp()), 'chat', {
      modelName: 'chat', port: 8000, selector: { app: 'x' }, versions: [{ name: 'v1', backend }],
    });
    const pool = (o: object) => ModelBackend.inferencePool({ podLabels: { app: 'x' }, endpointPicker: { serviceName: 'epp' }, ...o });
    expect(version(pool({ targetPorts: [] }))).toThrow(/versions\["v1"\]\.backend\.targetPorts: 0 item\(s\) given/);
    expect(version(pool({ targetPorts: [1, 2, 3, 4, 5, 6, 7, 8, 9] }))).toThrow(/targetPorts: 9 ports were given/);
    expect(version(pool({ targetPorts: [8000, 8000] }))).toThrow(/port 8000 appears twice/);
    expect(version(pool({ endpointPicker: { serviceName: 'Bad_Name' } }))).toThrow(/endpointPicker\.serviceName: "Bad_Name" is not a valid Service name/);
    expect(version(pool({ endpointPicker: { serviceName: 'epp', failureMode: 'Sometimes' } }))).toThrow(/failureMode: "Sometimes" is not a EndpointPickerFailureMode/);
    expect(version(pool({ endpointPicker: undefined }))).toThrow(MeshConfigError);
    expect(EndpointPickerFailureMode.FAIL_OPEN).toBe('FailOpen');
  });
});
