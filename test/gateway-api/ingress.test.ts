import { checkErrors, ranking, route, to, HOST } from './helpers';
import { GatewayApiProfile } from '../../src/render/gateway-api/profile';
import { renderIngressRouting } from '../../src/render/gateway-api/render-ingress';
import { ServiceRouting } from '../../src/routing/route-table';

const pool = { targetPorts: [8000], endpointPicker: { service: 'chat-epp', port: 9002, failureMode: 'FailClose' as const } };

const chat: ServiceRouting = {
  name: 'chat',
  namespace: 'ml-serving',
  host: 'chat.ml-serving.svc.cluster.local',
  port: 8000,
  versions: ['llama-a', 'llama-b'].map(v => ({ name: v, labels: { app: 'chat', version: v }, inferencePool: pool })),
  routes: [{
    name: 'default',
    matches: [],
    destinations: [
      { host: 'chat.ml-serving.svc.cluster.local', subset: 'llama-a', weight: 90 },
      { host: 'chat.ml-serving.svc.cluster.local', subset: 'llama-b', weight: 10 },
    ],
    mirrors: [],
    origin: 'default',
  }],
};

const ranker = ranking([
  route({ name: 'premium', matches: [{ headers: { 'x-user-tier': { kind: 'exact', value: 'premium' } } }], destinations: [to('v47')] }),
  route({ name: 'default', destinations: [to('v45', 9), to('v47', 1)], origin: 'default' }),
]);

const input = (profile = GatewayApiProfile.istioSidecar()) => ({
  name: 'ml-gateway',
  namespace: 'ml-serving',
  hosts: ['ml.example.com'],
  gatewayClassName: 'istio',
  listeners: [{ name: 'http', port: 80, protocol: 'HTTP' as const }],
  profile,
  path: 'platform/ingress',
  exposed: [{ routing: chat, pathPrefix: '/api/chat' }, { routing: ranker }],
});

describe('ModelIngress as a Gateway and HTTPRoutes', () => {
  test('Gateway, one HTTPRoute per model, prefix removed again, weighted InferencePool backends', () => {
    const out = renderIngressRouting(input());
    expect(out.problems).toEqual([]);
    // The pools are the model's own objects (render-service.ts): the ingress only names them.
    expect(out.objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['Gateway/ml-gateway', 'HTTPRoute/ml-gateway-chat', 'HTTPRoute/ml-gateway-content-ranking']);
    expect(out.objects[0].spec).toEqual({ gatewayClassName: 'istio', listeners: [{ name: 'http-0', hostname: 'ml.example.com', port: 80, protocol: 'HTTP' }] });
    const chatRoute = out.objects[1].spec as any;
    expect(chatRoute.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ml-gateway' }]);
    expect(chatRoute.hostnames).toEqual(['ml.example.com']);
    expect(chatRoute.rules).toEqual([{
      name: 'default',
      matches: [{ path: { type: 'PathPrefix', value: '/api/chat' } }],
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
      backendRefs: [
        { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'chat-llama-a', weight: 90 },
        { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'chat-llama-b', weight: 10 },
      ],
    }]);
    const rankRules = (out.objects[2].spec as any).rules;
    expect(rankRules.map((r: any) => r.backendRefs.map((b: any) => [b.name, b.weight]))).toEqual([[['content-ranking-v47', undefined]], [['content-ranking-v45', 9], ['content-ranking-v47', 1]]]);
    expect(out.objects[2].metadata).toEqual({ name: 'ml-gateway-content-ranking', namespace: 'ml-serving' });
  });

  test('every object passes check against the vendored CRDs (Gateway, HTTPRoute, InferencePool, CEL included)', () => {
    expect(checkErrors(renderIngressRouting(input()).objects)).toEqual([]);
  });

  test('a profile without the Inference Extension refuses pool backends; mirrors to a pool are refused', () => {
    expect(renderIngressRouting(input(GatewayApiProfile.envoyGateway())).problems.map(p => p.field)).toEqual(['expose[0].versions']);
    const mirrored: ServiceRouting = { ...chat, routes: [{ ...chat.routes[0], mirrors: [{ host: chat.host, subset: 'llama-b', percent: 10 }] }] };
    const out = renderIngressRouting({ ...input(), exposed: [{ routing: mirrored, pathPrefix: '/api/chat' }] });
    expect(out.problems.map(p => p.problem)).toEqual([expect.stringContaining('mirroring to an InferencePool is undefined in Gateway API')]);
  });

  test('GKE serves the ingress (no mesh needed); rule names it does not support are left out with a note', () => {
    const out = renderIngressRouting({ ...input(GatewayApiProfile.gke()), exposed: [{ routing: ranker }] });
    expect(out.problems).toEqual([]);
    expect(out.notes).toEqual(['rule names left out: profile gke does not support HTTPRouteNamedRouteRule (routing is unchanged)']);
    expect((out.objects[1].spec as any).rules.map((r: any) => r.name)).toEqual([undefined, undefined]);
    expect((out.objects[1].spec as any).rules[1].backendRefs[0].name).toBe(HOST.split('.')[0] + '-v45');
  });
});
