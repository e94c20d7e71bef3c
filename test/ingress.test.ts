import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { contentRanking, find, synth, testChart } from './util';
import {
  CanaryRollout, GatewayListener, MeshCheck, ModelIngress, ModelService, Redirect, RequestMatch, Routing, RoutingReport, ShadowMirror, AbExperiment,
} from '../src';
import { main } from '../src/cli/main';

/** content-ranking (canary, premium route, A/B, shadow) and a chat model, both behind one gateway. */
function platform(chart: Chart = testChart()) {
  const ranking = contentRanking(chart, { versionHeader: 'x-model-version' });
  ranking.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47', { name: 'premium' });
  ranking.redirectMatching(RequestMatch.uriPrefix('/old'), Redirect.to('/rank'));
  new CanaryRollout(chart, 'canary', { service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }, { version: 'v43', percent: 5 }] });
  new ShadowMirror(chart, 'shadow', { service: ranking, target: 'v47', percent: 10 });
  new AbExperiment(chart, 'ab', { service: ranking, experimentId: 'ranking-q4', arms: [{ version: 'v45', percent: 80 }, { version: 'v47', percent: 20 }] });
  const chat = new ModelService(chart, 'chat', {
    modelName: 'chat',
    versionHeader: 'x-model-version',
    versions: [{ name: 'v1', image: 'registry.example.com/chat:v1' }, { name: 'v2', image: 'registry.example.com/chat:v2' }],
  });
  chat.routeMatching(RequestMatch.uriPrefix('/v2/'), 'v2');
  const ingress = new ModelIngress(chart, 'ml-ingress', {
    hosts: ['ml.example.com'],
    listeners: [GatewayListener.http({ redirectToHttps: true }), GatewayListener.https({ credentialName: 'ml-example-com-tls' })],
  });
  ingress.expose(ranking, { pathPrefix: '/api/v1/ranking' });
  ingress.expose(chat, { pathPrefix: '/api/v1/chat' });
  return { chart, ranking, chat, ingress };
}

describe('ModelIngress', () => {
  test('snapshot of the Gateway and its VirtualService', () => {
    const { chart } = platform();
    const out = synth(chart).filter(o => o.metadata.name === 'ml-ingress');
    expect(Yaml.stringify(...out)).toMatchSnapshot();
  });

  test('Gateway: hosts, HTTP redirecting to HTTPS, HTTPS by secret name only', () => {
    const gw = find(synth(platform().chart), 'Gateway', 'ml-ingress');
    expect(gw.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['ml.example.com'], tls: { httpsRedirect: true } },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['ml.example.com'], tls: { mode: 'SIMPLE', credentialName: 'ml-example-com-tls' } },
      ],
    });
  });

  test('the VirtualService is bound to the gateway and repeats each model\'s routes under its prefix', () => {
    const vs = find(synth(platform().chart), 'VirtualService', 'ml-ingress');
    expect(vs.spec.hosts).toEqual(['ml.example.com']);
    expect(vs.spec.gateways).toEqual(['ml-serving/ml-ingress']);
    expect(vs.spec.http.map((r: any) => r.name)).toEqual([
      'content-ranking-premium', 'content-ranking-redirect', 'content-ranking-ab-ranking-q4-v45', 'content-ranking-ab-ranking-q4-v47',
      'content-ranking-default', 'chat-match-to-v2', 'chat-default',
    ]);
    // Every path of the model is the prefix itself and everything under it (Gateway API's PathPrefix has it so too).
    expect(vs.spec.http[0].match).toEqual([
      { headers: { 'x-user-segment': { exact: 'premium' } }, uri: { exact: '/api/v1/ranking' } },
      { headers: { 'x-user-segment': { exact: 'premium' } }, uri: { prefix: '/api/v1/ranking/' } },
    ]);
    expect(vs.spec.http[0].rewrite).toEqual({ uriRegexRewrite: { match: '^/api/v1/ranking/?(.*)$', rewrite: '/\\1' } });
    expect(vs.spec.http[1].redirect).toEqual({ uri: '/api/v1/ranking/rank', redirectCode: 301 });
    expect(vs.spec.http[4].route.map((r: any) => [r.destination.subset, r.weight, r.headers.response.set['x-model-version']]))
      .toEqual([['v45', 85, 'v45'], ['v47', 10, 'v47'], ['v43', 5, 'v43']]);
    expect(vs.spec.http[4].mirror).toEqual({ host: 'content-ranking.ml-serving.svc.cluster.local', subset: 'v47' });
    expect(vs.spec.http[5].match).toEqual([{ uri: { prefix: '/api/v1/chat/v2/' } }]);
  });

  test('the routing report has a section for the gateway', () => {
    const md = RoutingReport.ofConstructs(platform().chart.node.root);
    expect(md).toContain('## Ingress ml-ingress');
    expect(md).toContain('Gateway `ml-serving/ml-ingress`, hosts `ml.example.com`');
    expect(md).toMatch(/\| 5 \| `chat-match-to-v2` \| match \| path starts with `\/api\/v1\/chat\/v2\/` \| `chat\.ml-serving\.svc\.cluster\.local\/v2` 100% \|/);
  });

  test('every object passes check (schema, webhook, reference incl. the gateway analyzer)', () => {
    expect(MeshCheck.checkManifests(synth(platform().chart)).findings).toEqual([]);
  });

  test('explain through the gateway agrees with the mesh view for every shared route', async () => {
    const { chart, ranking, chat, ingress } = platform();
    const cases: Array<[ModelService, string, Record<string, string>, string]> = [
      [ranking, '/api/v1/ranking', { 'x-user-segment': 'premium' }, '/score'],
      [ranking, '/api/v1/ranking', { 'x-ab-bucket': '85' }, '/score'],
      [ranking, '/api/v1/ranking', {}, '/score?user=1'],
      [ranking, '/api/v1/ranking', {}, '/old/x'],
      [chat, '/api/v1/chat', {}, '/v2/complete'],
      [chat, '/api/v1/chat', {}, '/v1/complete'],
    ];
    const fromYaml = Routing.fromManifests(Testing.synth(chart), { gateway: ingress.gatewayName });
    for (const [model, prefix, headers, uri] of cases) {
      const mesh = model.explain({ headers, uri });
      const edge = ingress.explain({ headers, uri: prefix + uri });
      const edgeYaml = fromYaml.explain('ml.example.com', { headers, uri: prefix + uri, gateway: ingress.gatewayName });
      for (const e of [edge, edgeYaml]) {
        expect(e.outcome).toBe(mesh.outcome);
        expect(e.destinations).toEqual(mesh.destinations);
        expect(e.mirrors).toEqual(mesh.mirrors);
        if (mesh.destinations.length) expect(e.rewrite?.path).toBe(uri);
      }
    }
    expect(ingress.explain({ uri: '/api/v1/ranking/old/x' }).redirect).toEqual({ code: 301, uri: '/api/v1/ranking/rank' });
    expect(ingress.explain({ uri: '/elsewhere' }).outcome).toBe('NO_ROUTE');

    // The CLI on the written files says the same.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingress-'));
    fs.writeFileSync(path.join(dir, 'all.yaml'), Yaml.stringify(...Testing.synth(chart)));
    const out: string[] = [];
    const code = await main(['explain', dir, '--host', 'ml.example.com', '--gateway', 'ml-serving/ml-ingress', '--uri', '/api/v1/chat/v2/x', '--format', 'json'], s => out.push(s), () => undefined);
    expect(code).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json.destinations.map((d: any) => [d.subset, d.percent, d.headers.response.set['x-model-version']])).toEqual([['v2', 100, 'v2']]);
    expect(json.rewrite).toEqual({ path: '/v2/x' });
  });

  test('bad inputs', () => {
    const chart = testChart();
    const ranking = contentRanking(chart);
    expect(() => new ModelIngress(chart, 'none', { hosts: [] })).toThrow('[test/none] hosts: an ingress needs at least one external host');
    expect(() => new ModelIngress(chart, 'dup', { hosts: ['a.example.com'], listeners: [GatewayListener.http(), GatewayListener.http({ port: 8080 })] }))
      .toThrow('[test/dup] listeners (spec.servers[1].port.name): Istio rejects this: port names in servers must be unique: duplicate name http');
    expect(() => new ModelIngress(chart, 'badhost', { hosts: ['not a host'] })).toThrow(/\[test\/badhost\] listeners \(spec.servers\[0\].hosts\[0\]\): Istio rejects this: domain name "not a host" invalid/);
    const ingress = new ModelIngress(chart, 'gw', { hosts: ['ml.example.com'] });
    expect(() => ingress.expose(ranking, { pathPrefix: 'api' })).toThrow('[test/gw] expose[0].pathPrefix: "api" is not a path prefix');
    ingress.expose(ranking);
    ingress.expose(ranking, { pathPrefix: '/api' });
    expect(() => Testing.synth(chart)).toThrow('[test/gw] expose[1]: model content-ranking would never be reached: content-ranking, exposed before it on every path takes its requests first (allowed: longer path prefixes first, the model without a prefix last)');
  });

  test('a VirtualService bound to a gateway that is not in the output fails check (IST0101)', () => {
    const out = synth(platform().chart).filter(o => o.kind !== 'Gateway');
    expect(MeshCheck.checkManifests(out).findings.map(f => `${f.rule} ${f.message}`)).toEqual(['reference/IST0101 Referenced gateway not found: "ml-serving/ml-ingress"']);
  });
});

