import { setHTTPRouteWeight } from './argo-gatewayapi-plugin-port';
import { HOST, checkErrors, ranking, route, to } from './helpers';
import { argoGatewayApiStrategy } from '../../src/render/gateway-api/argo-plugin';
import { GatewayApiProfile } from '../../src/render/gateway-api/profile';
import { renderMeshRouting } from '../../src/render/gateway-api/render-service';
import { evaluate } from '../../src/routing/evaluate';
import { serviceRoutingFromGatewayApi } from '../../src/routing/from-gateway-api';
import { ServiceRouting } from '../../src/routing/route-table';

const canary = { champion: 'v45', challengers: ['v47'], delivery: 'argo-rollouts' as const, managedRoutes: ['default'], stages: [{ percent: 10, holdMs: 60_000 }, { percent: 50, holdMs: 60_000 }, { percent: 100 }] };

const service = ranking([
  route({ name: 'legacy', matches: [{ uri: { kind: 'exact', value: '/legacy' } }], destinations: [to('v43')] }),
  route({ name: 'qa', matches: [{ headers: { 'x-qa': { kind: 'exact', value: '1' } } }], destinations: [to('v47')] }),
  route({ name: 'default', destinations: [to('v45', 90), to('v47', 10)], origin: 'default' }),
], { canary });

function readBack(objects: readonly any[], s: ServiceRouting): ServiceRouting {
  return serviceRoutingFromGatewayApi(s.name, s.namespace!, objects.filter(o => o.kind === 'HTTPRoute'), { versions: ['v45', 'v47', 'v43'] });
}

describe('Argo Rollouts Gateway API plugin', () => {
  test('the Rollout\'s canary strategy: version Services and the plugin on our HTTPRoute', () => {
    const { canary: strategy, problems } = argoGatewayApiStrategy(service, 'platform/content-ranking');
    expect(problems).toEqual([]);
    expect(strategy).toEqual({
      canaryService: 'content-ranking-v47',
      stableService: 'content-ranking-v45',
      trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoutes: [{ name: 'content-ranking' }], namespace: 'ml-serving' } } },
    });
  });

  test('at every step the plugin moves only the default split: pins keep routing (port of setHTTPRouteWeight)', () => {
    const objects = JSON.parse(JSON.stringify(renderMeshRouting({ service, profile: GatewayApiProfile.istioSidecar(), path: 'p' }).objects));
    const httpRoute = objects.find((o: any) => o.kind === 'HTTPRoute');
    for (const w of [0, 10, 50, 100]) {
      const patched = setHTTPRouteWeight(httpRoute, 'content-ranking-v47', 'content-ranking-v45', w);
      expect(checkErrors([patched])).toEqual([]);
      const s = readBack([patched], service);
      const at = (req: object) => evaluate(s, req).destinations.map(d => [d.subset, d.percent]);
      expect(at({ headers: { 'x-qa': '1' } })).toEqual([['v47', 100]]);
      expect(at({ uri: '/legacy' })).toEqual([['v43', 100]]);
      expect(at({ uri: '/' })).toEqual(w === 0 ? [['v45', 100]] : w === 100 ? [['v47', 100]] : [['v45', 100 - w], ['v47', w]]);
    }
  });

  test('what the plugin would break is a synth error', () => {
    const broken = ranking([
      route({ name: 'pinned', matches: [{ uri: { kind: 'exact', value: '/stable' } }], destinations: [to('v45')] }),
      route({ name: 'ab', matches: [{ headers: { 'x-arm': { kind: 'exact', value: 'b' } } }], destinations: [to('v45', 50), to('v47', 50)] }),
      route({ name: 'default', destinations: [to('v45', 90), to('v47', 10)], origin: 'default' }),
    ], { canary });
    expect(argoGatewayApiStrategy(broken, 'p', { mirrorSteps: true }).problems.map(p => `${p.field}: ${p.problem}`)).toEqual([
      'canary.stages: a mirror step does nothing with the Gateway API plugin (SetMirrorRoute is a no-op in v0.15.0; plugin PR #229 is open)',
      'routes[0]: route "pinned" sends everything to content-ranking-v45; the plugin sets that backendRef\'s weight to 100 - canary weight, so at 100% it gets weight 0 and answers 500',
      'routes[1]: route "ab" names both content-ranking-v45 and content-ranking-v47; the plugin would overwrite its weights with the canary\'s at every step (it patches every rule by backendRef name)',
    ]);
    // The port agrees: at 100% the pinned route has weight 0 on its only backend.
    const objects = JSON.parse(JSON.stringify(renderMeshRouting({ service: broken, profile: GatewayApiProfile.istioSidecar(), path: 'p' }).objects));
    const patched = setHTTPRouteWeight(objects.find((o: any) => o.kind === 'HTTPRoute'), 'content-ranking-v47', 'content-ranking-v45', 100);
    expect(patched.spec.rules[0].backendRefs).toEqual([expect.objectContaining({ name: 'content-ranking-v45', weight: 0 })]);
    expect(HOST).toBeDefined();
  });
});
