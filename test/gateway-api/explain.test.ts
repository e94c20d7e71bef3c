import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ranking, route, to, HOST } from './helpers';
import { main } from '../../src/cli/main';
import { GatewayApiProfile } from '../../src/render/gateway-api/profile';
import { renderMeshRouting } from '../../src/render/gateway-api/render-service';
import { routingFromObjects } from '../../src/routing/from-istio';

const table = ranking([
  route({ name: 'rank-v1', matches: [{ uri: { kind: 'exact', value: '/rank' } }], destinations: [to('v43')] }),
  route({ name: 'premium', matches: [{ headers: { 'x-user-tier': { kind: 'exact', value: 'premium' } } }], destinations: [to('v47')] }),
  route({ name: 'default', destinations: [to('v45', 90), to('v47', 10)], mirrors: [{ host: HOST, subset: 'v43', percent: 5 }], origin: 'default' }),
]);
const objects = JSON.parse(JSON.stringify(renderMeshRouting({ service: table, profile: GatewayApiProfile.istioSidecar(), path: 'p' }).objects));

async function explain(...args: string[]): Promise<{ code: number; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-explain-'));
  const file = path.join(dir, 'routes.yaml');
  fs.writeFileSync(file, Yaml.stringify(...objects));
  const lines: string[] = [];
  const code = await main(['explain', file, ...args], s => lines.push(s), s => lines.push(s));
  return { code, out: lines.join('\n') };
}

describe('explain reads HTTPRoutes (GAMMA) with Gateway API precedence', () => {
  test('the route table read back: the model Service with its versions, rules in precedence order', () => {
    const { table: read, warnings } = routingFromObjects(objects);
    expect(warnings).toEqual([]);
    const s = read.services.find(x => x.host === HOST)!;
    expect(s.versions.map(v => [v.name, v.labels])).toEqual(['v45', 'v47', 'v43'].map(v => [v, { app: 'content-ranking', version: v }]));
    expect(s.routes.map(r => r.name)).toEqual(['rank-v1', 'premium', 'default']);
  });

  test('explain: a header match, the weighted default with its mirror', async () => {
    const premium = await explain('--host', HOST, '-H', 'x-user-tier=premium', '--format', 'json');
    expect(premium.code).toBe(0);
    const p = JSON.parse(premium.out);
    expect([p.matchedRoute.name, p.destinations.map((d: any) => [d.subset, d.percent])]).toEqual(['premium', [['v47', 100]]]);
    const d = JSON.parse((await explain('--host', HOST, '--uri', '/other', '--format', 'json')).out);
    expect(d.destinations.map((x: any) => [x.subset, x.percent])).toEqual([['v45', 90], ['v47', 10]]);
    expect(d.mirrors.map((x: any) => [x.subset, x.percent])).toEqual([['v43', 5]]);
  });

  test('Gateway API precedence, not order: an exact path beats a header match listed before it', async () => {
    // A hand-written HTTPRoute whose header rule comes first: Istio order would pick it, Gateway API does not.
    const handWritten = JSON.parse(JSON.stringify(objects));
    const rules = handWritten.find((o: any) => o.kind === 'HTTPRoute').spec.rules;
    handWritten.find((o: any) => o.kind === 'HTTPRoute').spec.rules = [rules[1], rules[0], rules[2]];
    const s = routingFromObjects(handWritten).table.services.find(x => x.host === HOST)!;
    expect(s.routes.map(r => r.name)).toEqual(['rank-v1', 'premium', 'default']);
  });
});

describe('a gateway view reads HTTPRoutes attached to that Gateway', () => {
  const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ml' }, spec: { selector: { app: name } } });
  const httpRoute = (name: string, hostnames: string[] | undefined, backend: string, gateway = 'edge') => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'ml' },
    spec: { parentRefs: [{ kind: 'Gateway', name: gateway }], hostnames, rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/${name}` } }], backendRefs: [{ name: backend, port: 80 }] }] },
  });
  const docs = [
    svc('chat'), svc('chat-a'), svc('chat-a-v1'), svc('rank'), svc('rank-v2'),
    httpRoute('one', ['ml.example.com'], 'chat-a-v1'),
    httpRoute('two', undefined, 'rank-v2'),
    httpRoute('three', ['other.example.com'], 'rank-v2'),
    httpRoute('four', ['ml.example.com'], 'rank-v2', 'internal'),
  ];

  test('per hostname: routes naming it or no hostname, only of that Gateway; <model>-<version> backends read as the longest model', () => {
    const view = routingFromObjects(docs, { gateway: 'ml/edge' }).table;
    const byHost = Object.fromEntries(view.services.map(s => [s.host, s.routes.map(r => [r.name, r.destinations.map(d => `${d.host}/${d.subset}`)])]));
    expect(byHost).toEqual({
      'ml.example.com': [['one-0', ['chat-a.ml.svc.cluster.local/v1']], ['two-0', ['rank.ml.svc.cluster.local/v2']]],
      'other.example.com': [['three-0', ['rank.ml.svc.cluster.local/v2']], ['two-0', ['rank.ml.svc.cluster.local/v2']]],
    });
  });

  test('the mesh view does not include Gateway-attached routes', () => {
    expect(routingFromObjects(docs).table.services.map(s => s.host)).toEqual([]);
  });
});
