import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { checkErrors } from './helpers';
import { CanaryDelivery, CanaryRollout, MeshApp, ModelBackend, ModelIngress, ModelProtocol, ModelService, RequestMatch, RoutingTarget } from '../../src';
import { GatewayApiProfile, GatewayApiReleaseChannel } from '../../src/render/gateway-api/profile';

function platform(app: App, options: { progressive?: boolean; retries?: boolean } = {}) {
  const c = new Chart(app, 'test', { namespace: 'ml-serving' });
  const ranking = new ModelService(c, 'content-ranking', {
    modelName: 'content-ranking',
    port: 8080,
    versions: [
      { name: 'v45', image: 'registry.example.com/content-ranking:v45', replicas: 3 },
      { name: 'v47', image: 'registry.example.com/content-ranking:v47' },
    ],
    timeout: Duration.millis(200),
    retries: options.retries ? { attempts: 2, retryOn: ['connect-failure', '503'] } : undefined,
    circuitBreaker: { consecutive5xxErrors: 5, interval: Duration.seconds(30) },
  });
  ranking.routeMatching(RequestMatch.header('x-user-tier', 'premium'), 'v47', { name: 'premium' });
  new CanaryRollout(c, 'canary', options.progressive
    ? { service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 0 }], delivery: CanaryDelivery.argoRollouts() }
    : { service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
  return { c, ranking };
}

function gatewayApiApp(profile = GatewayApiProfile.istioSidecar()): App {
  const app = Testing.app();
  RoutingTarget.gatewayApi(profile).applyTo(app);
  return app;
}

describe('RoutingTarget.gatewayApi', () => {
  test('a ModelService renders as its Service, an HTTPRoute, version Services and DestinationRules; explain agrees', () => {
    const { c, ranking } = platform(gatewayApiApp());
    const objects = Testing.synth(c);
    expect(objects.filter(o => /Service$|Route$|Rule$/.test(o.kind) && o.kind !== 'PrometheusRule').map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/content-ranking',
      'Service/content-ranking-v45',
      'DestinationRule/content-ranking-v45',
      'Service/content-ranking-v47',
      'DestinationRule/content-ranking-v47',
      'HTTPRoute/content-ranking',
    ]);
    expect(objects.some(o => o.kind === 'VirtualService')).toBe(false);
    const route = objects.find(o => o.kind === 'HTTPRoute');
    expect(route.spec.rules.map((r: any) => [r.name, r.backendRefs.map((b: any) => [b.name, b.weight])])).toEqual([
      ['premium', [['content-ranking-v47', undefined]]],
      ['default', [['content-ranking-v45', 90], ['content-ranking-v47', 10]]],
    ]);
    expect(checkErrors(objects)).toEqual([]);
    expect(ranking.explain({ headers: { 'x-user-tier': 'premium' } }).destinations.map(d => d.subset)).toEqual(['v47']);
  });

  test('what the profile cannot route fails synth, naming the feature and the profile', () => {
    const { c } = platform(gatewayApiApp(GatewayApiProfile.gke()));
    expect(() => Testing.synth(c)).toThrow(/feature Mesh, which profile gke does not support/);
    const retried = platform(gatewayApiApp(), { retries: true }).c;
    expect(() => Testing.synth(retried)).toThrow(/retries is only in Gateway API's experimental channel/);
  });

  test('a MeshApp on the experimental channel writes retries and checks them against the experimental CRDs', () => {
    const app = new MeshApp({
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gw-app-')),
      routingTarget: RoutingTarget.gatewayApi(GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL })),
    });
    const { c } = platform(app, { retries: true });
    app.synth();
    const route = Testing.synth(c).find(o => o.kind === 'HTTPRoute');
    expect(route.spec.rules[1].retry).toEqual({ attempts: 2, codes: [503] });
  });

  test('progressive delivery: the Rollout moves the HTTPRoute through Argo\'s Gateway API plugin', () => {
    const { c } = platform(gatewayApiApp(), { progressive: true });
    const rollout = Testing.synth(c).find(o => o.kind === 'Rollout');
    expect(rollout.spec.strategy.canary).toMatchObject({
      canaryService: 'content-ranking-v47',
      stableService: 'content-ranking-v45',
      trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoutes: [{ name: 'content-ranking' }], namespace: 'ml-serving' } } },
    });
    expect(checkErrors(Testing.synth(c))).toEqual([]);
  });

  test('progressive delivery behind a ModelIngress: the plugin moves the gateway\'s HTTPRoute too (it sets weights only in the routes it lists)', () => {
    const { c, ranking } = platform(gatewayApiApp(), { progressive: true });
    new ModelIngress(c, 'api', { hosts: ['ml.example.com'] }).expose(ranking, { pathPrefix: '/ranking' });
    const objects = Testing.synth(c);
    const plugin = objects.find(o => o.kind === 'Rollout').spec.strategy.canary.trafficRouting.plugins['argoproj-labs/gatewayAPI'];
    expect(plugin).toEqual({ httpRoutes: [{ name: 'content-ranking' }, { name: 'api-content-ranking' }], namespace: 'ml-serving' });
    expect(objects.filter(o => o.kind === 'HTTPRoute').map(o => o.metadata.name)).toEqual(['content-ranking', 'api-content-ranking']);
    expect(checkErrors(objects)).toEqual([]);
  });

  test('a gRPC model: the plugin moves its GRPCRoute (grpcRoutes) and the gateway\'s HTTPRoute (httpRoutes)', () => {
    const c = new Chart(gatewayApiApp(), 'grpc', { namespace: 'ml-serving' });
    const grpc = (name: string) => ({ name, backend: ModelBackend.deployment({ image: `registry.example.com/scorer:${name}`, protocol: ModelProtocol.GRPC }) });
    const scorer = new ModelService(c, 'scorer', { modelName: 'scorer', port: 9000, versions: [grpc('v1'), grpc('v2')] });
    new CanaryRollout(c, 'canary', { service: scorer, champion: 'v1', challengers: [{ version: 'v2', percent: 0 }], delivery: CanaryDelivery.argoRollouts() });
    new ModelIngress(c, 'api', { hosts: ['ml.example.com'] }).expose(scorer);
    const objects = Testing.synth(c);
    // setGRPCRouteWeight reads `grpcRoutes` only (pkg/plugin/plugin.go): listing the GRPCRoute under httpRoutes would fail every step.
    expect(objects.find(o => o.kind === 'Rollout').spec.strategy.canary.trafficRouting.plugins['argoproj-labs/gatewayAPI'])
      .toEqual({ grpcRoutes: [{ name: 'scorer' }], httpRoutes: [{ name: 'api-scorer' }], namespace: 'ml-serving' });
    expect(objects.filter(o => /Route$/.test(o.kind)).map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['GRPCRoute/scorer', 'HTTPRoute/api-scorer']);
    expect(checkErrors(objects)).toEqual([]);
  });

  test('progressive delivery behind a ModelIngress in another namespace is refused: the plugin moves routes of one namespace', () => {
    const { c, ranking } = platform(gatewayApiApp(), { progressive: true });
    new ModelIngress(c, 'api', { hosts: ['ml.example.com'], namespace: 'edge' }).expose(ranking);
    expect(() => Testing.synth(c)).toThrow(/the Gateway API plugin moves HTTPRoutes of one namespace \(ml-serving\); edge\/api-content-ranking would keep the champion at 100%/);
  });

});
