import { Duration, Testing } from 'cdk8s';
import { contentRanking, httpRoutes, synth, synthYaml, testChart } from './util';
import { DirectResponse, Redirect, RequestMatch, Rewrite, Routing, RouteOutcome, CanaryRollout } from '../src';
import { MeshCheck } from '../src/check/mesh-check';
import { RoutingReport } from '../src/constructs/routing-report';

/** content-ranking with every kind of route action. */
function withActions() {
  const chart = testChart();
  const ranking = contentRanking(chart, {
    headers: { request: { set: { 'x-mesh-caller': 'recommendation' } } },
    versionHeader: 'x-model-version',
    cors: { allowOrigins: ['https://app.example.com'], allowOriginRegexes: ['https://[a-z]+\\.example\\.org'], allowMethods: ['POST'], maxAge: Duration.hours(1) },
  });
  ranking.routeMatching(RequestMatch.uriPrefix('/v2/'), 'v47', {
    name: 'v2-api',
    rewrite: Rewrite.uri('/v1/').withAuthority('content-ranking-v2'),
    headers: { request: { add: { 'x-api': 'v2' }, remove: ['x-debug'] }, response: { set: { 'cache-control': 'no-store' } } },
  });
  ranking.routeMatching(RequestMatch.uriRegex('/rank/([a-z]+)'), 'v45', { rewrite: Rewrite.uriRegex('^/rank/([a-z]+)', '/v1/\\1/rank') });
  ranking.redirectMatching(RequestMatch.uriPrefix('/old'), Redirect.to('/v2/', { code: 308 }));
  ranking.respondMatching(RequestMatch.uriPrefix('/admin'), DirectResponse.of(503, 'down for maintenance'), { name: 'maintenance' });
  new CanaryRollout(chart, 'canary', { service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
  return { chart, ranking };
}

describe('route actions', () => {
  test('snapshot', () => {
    expect(synthYaml(withActions().chart)).toMatchSnapshot();
  });

  test('render: rewrite, headers, redirect, direct response; the version header per destination', () => {
    const routes = httpRoutes(synth(withActions().chart), 'content-ranking');
    expect(routes.map(r => r.name)).toEqual(['v2-api', 'match-to-v45', 'redirect', 'maintenance', 'default']);
    expect(routes[0].rewrite).toEqual({ uri: '/v1/', authority: 'content-ranking-v2' });
    expect(routes[0].headers).toEqual({
      request: { set: { 'x-mesh-caller': 'recommendation' }, add: { 'x-api': 'v2' }, remove: ['x-debug'] },
      response: { set: { 'cache-control': 'no-store' } },
    });
    expect(routes[0].route[0].headers).toEqual({ response: { set: { 'x-model-version': 'v47' } } });
    expect(routes[1].rewrite).toEqual({ uriRegexRewrite: { match: '^/rank/([a-z]+)', rewrite: '/v1/\\1/rank' } });
    expect(routes[2]).toEqual({
      name: 'redirect',
      match: [{ uri: { prefix: '/old' } }],
      redirect: { uri: '/v2/', redirectCode: 308 },
      headers: { request: { set: { 'x-mesh-caller': 'recommendation' } } },
      corsPolicy: routes[4].corsPolicy,
    });
    expect(routes[3].directResponse).toEqual({ status: 503, body: { string: 'down for maintenance' } });
    expect(routes[3].route).toBeUndefined();
    expect(routes[3].timeout).toBeUndefined();
    expect(routes[4].route.map((r: any) => r.headers.response.set['x-model-version'])).toEqual(['v45', 'v47']);
    expect(routes[4].corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://app.example.com' }, { regex: 'https://[a-z]+\\.example\\.org' }], allowMethods: ['POST'], maxAge: '3600s',
    });
  });

  test('explain (constructs) and explain (synthesized YAML) agree, and show the actions', () => {
    const { chart, ranking } = withActions();
    const fromYaml = Routing.fromManifests(Testing.synth(chart));
    const requests = [{ uri: '/v2/score?x=1' }, { uri: '/rank/news' }, { uri: '/old/page' }, { uri: '/admin' }, { uri: '/' }, { headers: { origin: 'https://app.example.com' } }];
    for (const request of requests) {
      const mine = ranking.explain(request);
      const theirs = fromYaml.explain('content-ranking', request);
      expect({ ...theirs, matchedRoute: { ...theirs.matchedRoute, source: undefined } })
        .toEqual({ ...mine, matchedRoute: { ...mine.matchedRoute, source: undefined } });
    }
    const v2 = ranking.explain({ uri: '/v2/score?x=1' });
    expect(v2.rewrite).toEqual({ path: '/v1/score?x=1', authority: 'content-ranking-v2' });
    expect(v2.headers?.response).toEqual({ set: { 'cache-control': 'no-store' } });
    expect(v2.destinations[0].headers).toEqual({ response: { set: { 'x-model-version': 'v47' } } });
    expect(ranking.explain({ uri: '/rank/news' }).rewrite).toEqual({ path: '/v1/news/rank' });
    expect(ranking.explain({ headers: { origin: 'https://shop.example.org' } }).cors).toMatchObject({ originAllowed: true, maxAgeMs: 3600000 });
    expect(ranking.explain({ headers: { origin: 'https://evil.example.com' } }).cors?.originAllowed).toBe(false);
    expect(ranking.explain({ uri: '/old/page' })).toMatchObject({ outcome: RouteOutcome.REDIRECT, redirect: { code: 308, uri: '/v2/' } });
    expect(ranking.explain({ uri: '/admin' })).toMatchObject({ outcome: RouteOutcome.DIRECT_RESPONSE, directResponse: { status: 503, body: 'down for maintenance' } });
  });

  test('the report shows the actions', () => {
    const { chart } = withActions();
    const md = RoutingReport.ofConstructs(chart.node.root);
    expect(md).toContain('Rewrite / headers / CORS');
    expect(md).toContain('CORS from `https://app.example.com`, regex `https://[a-z]+\\.example\\.org`');
    expect(md).toContain('path prefix to `/v1/`; authority to `content-ranking-v2`');
    expect(md).toContain('redirect 308 to `/v2/`');
    expect(md).toContain('answers 503 itself (no model called)');
    expect(md).toContain('`v47`: response set `x-model-version: v47`');
  });

  test('everything passes check', () => {
    const result = MeshCheck.checkManifests(Testing.synth(withActions().chart));
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  test('bad actions fail at the call, with Istio\'s rule', () => {
    const ranking = contentRanking(testChart());
    expect(() => ranking.redirectMatching(RequestMatch.uriPrefix('/a'), Redirect.to('/b', { code: 200 })))
      .toThrow('[test/content-ranking] routeMatching[0] (redirect): Istio rejects this: 200 is not a valid redirect code, must be 3xx');
    expect(() => ranking.routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { headers: { request: { set: { ':path': '/x' } } } }))
      .toThrow(/routeMatching\[0\] \(headers.request.set\[:path\]\): Istio rejects this: invalid header ":path": header cannot have ":" prefix/);
  });
});
