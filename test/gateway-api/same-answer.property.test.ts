/**
 * Same answer per request: for random route tables that use only what the Istio sidecar profile supports,
 * the Istio rendering (the table itself, first match) and the Gateway API rendering (HTTPRoute read back
 * with Gateway API's precedence) route every generated request alike: same rule, destinations and
 * shares (with per-destination response headers), mirrors and percents, timeout, header changes,
 * CORS and redirect. Tables the renderer refuses (a
 * precedence conflict it reports) are skipped, and the test requires that most are accepted.
 */
import * as fc from 'fast-check';
import { HOST, ranking } from './helpers';
import { GatewayApiProfile } from '../../src/render/gateway-api/profile';
import { renderIngressRouting } from '../../src/render/gateway-api/render-ingress';
import { renderMeshRouting } from '../../src/render/gateway-api/render-service';
import { evaluate } from '../../src/routing/evaluate';
import { Explanation } from '../../src/routing/explanation';
import { readGatewayApiObjects, serviceRoutingFromGatewayApi } from '../../src/routing/from-gateway-api';
import { gatewayViewFromGatewayApi } from '../../src/routing/from-gateway-api-gateways';
import { ingressRoutes } from '../../src/routing/ingress-routes';
import { HttpRouteRule, MatchBlock, ServiceRouting } from '../../src/routing/route-table';

const VERSIONS = ['v45', 'v47', 'v43'];
const PATHS = ['/rank', '/v2', '/v2/batch'];
const REQUEST_PATHS = ['/', '/rank', '/rank/', '/rankx', '/v2', '/v2/', '/v2/batch', '/v2/batch/x', '/v2x', '/other'];

const pathCondition: fc.Arbitrary<MatchBlock[]> = fc.oneof(
  fc.constant<MatchBlock[]>([{}]),
  fc.constantFrom(...PATHS).map(p => [{ uri: { kind: 'exact' as const, value: p } }]),
  // Istio's exact p OR prefix p/: Gateway API's PathPrefix p.
  fc.constantFrom(...PATHS).map(p => [{ uri: { kind: 'exact' as const, value: p } }, { uri: { kind: 'prefix' as const, value: `${p}/` } }]),
  fc.constant<MatchBlock[]>([{ uri: { kind: 'prefix', value: '/' } }]),
);

const headerConds = fc.dictionary(fc.constantFrom('x-tier', 'x-region'), fc.oneof(
  fc.constantFrom('gold', 'eu').map(value => ({ kind: 'exact' as const, value })),
  fc.constant({ kind: 'regex' as const, value: 'g[a-z]+' }),
), { maxKeys: 2 });

const block = fc.record({
  path: pathCondition,
  headers: headerConds,
  method: fc.option(fc.constantFrom('GET', 'POST'), { nil: undefined }),
  query: fc.option(fc.constantFrom('1', '2'), { nil: undefined }),
}).map(({ path, headers, method, query }) => path.map(p => ({
  ...p,
  ...(Object.keys(headers).length ? { headers } : {}),
  ...(method ? { method: { kind: 'exact' as const, value: method } } : {}),
  ...(query ? { queryParams: { debug: { kind: 'exact' as const, value: query } } } : {}),
}) as MatchBlock));

const destinations = fc.uniqueArray(fc.constantFrom(...VERSIONS), { minLength: 1, maxLength: 3 })
  .chain(vs => fc.tuple(...vs.map(v => fc.record({ weight: fc.integer({ min: 0, max: 100 }), versionHeader: fc.boolean() })
    .map(({ weight, versionHeader }) => ({
      host: HOST, subset: v, weight, ...(versionHeader ? { headers: { response: { set: { 'x-model-version': v } } } } : {}),
    })))));

const routeArb = fc.record({
  matches: fc.oneof(fc.constant([] as MatchBlock[]), block, fc.tuple(block, block).map(([a, b]) => [...a, ...b])),
  destinations,
  mirror: fc.option(fc.record({
    subset: fc.constantFrom(...VERSIONS),
    percent: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0.5, 12.25)),
  }), { nil: undefined }),
  timeoutMs: fc.option(fc.constantFrom(200, 1500, 60_000), { nil: undefined }),
  setHeader: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
  cors: fc.boolean(),
  redirect: fc.boolean(),
});

const table = fc.array(routeArb, { minLength: 1, maxLength: 5 }).map(routes => ranking(routes.map((r, i): HttpRouteRule => {
  // Redirects (no backends) only on exact paths, where they mean the same in both APIs.
  const redirect = r.redirect && r.matches.length > 0 && r.matches.every(m => m.uri?.kind === 'exact');
  return {
    name: `r${i}`,
    matches: r.matches,
    destinations: redirect ? [] : r.destinations,
    mirrors: !redirect && r.mirror ? [{ host: HOST, subset: r.mirror.subset, percent: r.mirror.percent }] : [],
    timeoutMs: redirect ? undefined : r.timeoutMs,
    headers: r.setHeader ? { request: { set: { 'x-route': r.setHeader } } } : undefined,
    redirect: redirect ? { code: 301, uri: '/moved' } : undefined,
    cors: r.cors ? { allowOrigins: [{ kind: 'exact', value: 'https://app.example.com' }], allowMethods: ['POST'], maxAgeMs: 60_000 } : undefined,
    origin: 'match',
  };
})));

const request = fc.record({
  uri: fc.tuple(fc.constantFrom(...REQUEST_PATHS), fc.constantFrom('', '?debug=1', '?debug=2')).map(([p, q]) => p + q),
  method: fc.constantFrom('GET', 'POST'),
  headers: fc.dictionary(fc.constantFrom('x-tier', 'x-region', 'X-Tier', 'origin'), fc.constantFrom('gold', 'eu', 'silver', 'https://app.example.com'), { maxKeys: 3 }),
});

/** What a caller observes; ports and trace text differ by construction. */
function observed(e: Explanation) {
  return {
    outcome: e.outcome,
    route: e.matchedRoute?.name,
    destinations: e.destinations.map(d => ({ host: d.host, subset: d.subset, percent: d.percent, headers: d.headers })),
    cors: e.cors,
    mirrors: e.mirrors.map(m => ({ host: m.host, subset: m.subset, percent: m.percent })),
    timeoutMs: e.timeoutMs,
    headers: e.headers,
    redirect: e.redirect,
  };
}

function gatewayApiView(s: ServiceRouting): ServiceRouting | undefined {
  const out = renderMeshRouting({ service: s, profile: GatewayApiProfile.istioSidecar(), path: 'p' });
  if (out.problems.length) return undefined;
  const routes = JSON.parse(JSON.stringify(out.objects.filter(o => o.kind === 'HTTPRoute')));
  return serviceRoutingFromGatewayApi(s.name, s.namespace!, routes, { versions: VERSIONS });
}

describe('Istio and Gateway API renderings route every request alike', () => {
  test('random tables × random requests', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(fc.property(table, fc.array(request, { minLength: 1, maxLength: 8 }), (istio, requests) => {
      runs++;
      const gateway = gatewayApiView(istio);
      if (!gateway) return;
      accepted++;
      for (const r of requests) expect(observed(evaluate(gateway, r))).toEqual(observed(evaluate(istio, r)));
    }), { numRuns: 300, seed: 19 });
    // Not vacuous: most tables render (refusals are precedence conflicts the renderer reports).
    expect(accepted / runs).toBeGreaterThan(0.3);
  });

  test('a refused table is one where the orders really disagree on some request', () => {
    const istio = ranking([
      { name: 'one', matches: [{ headers: { 'x-tier': { kind: 'exact', value: 'gold' } } }], destinations: [{ host: HOST, subset: 'v47', weight: 1 }], mirrors: [], origin: 'match' },
      { name: 'two', matches: [{ uri: { kind: 'exact', value: '/rank' } }], destinations: [{ host: HOST, subset: 'v43', weight: 1 }], mirrors: [], origin: 'match' },
    ]);
    expect(gatewayApiView(istio)).toBeUndefined();
    // What Gateway API would do with those rules: /rank with x-tier gold goes to "two", Istio sends it to "one".
    const reordered = ranking([istio.routes[1], istio.routes[0]]);
    const gateway = gatewayApiView(reordered)!;
    const req = { uri: '/rank', headers: { 'x-tier': 'gold' } };
    expect([evaluate(istio, req).matchedRoute?.name, evaluate(gateway, req).matchedRoute?.name]).toEqual(['one', 'two']);
  });

  test('through an ingress under a path prefix: the gateway VirtualService and the Gateway\'s HTTPRoute route every request alike', () => {
    const HOSTNAME = 'ml.example.com';
    let accepted = 0;
    let runs = 0;
    fc.assert(fc.property(table, fc.array(request, { minLength: 1, maxLength: 8 }), (model, requests) => {
      runs++;
      // Istio: the ingress's one route table (ModelIngress._routing), the model's routes under /api.
      const exposed = { routing: model, pathPrefix: '/api', path: 'ingress', field: 'expose[0]' };
      const istio = ingressRoutes([exposed]);
      const out = renderIngressRouting({
        name: 'edge',
        namespace: 'ml-serving',
        hosts: [HOSTNAME],
        gatewayClassName: 'istio',
        profile: GatewayApiProfile.istioSidecar(),
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
        exposed: [{ routing: model, pathPrefix: '/api' }],
        path: 'ingress',
      });
      if (istio.problems.length || out.problems.length) return;
      accepted++;
      const services = ['content-ranking', ...VERSIONS.map(v => `content-ranking-${v}`)]
        .map(name => ({ object: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ml-serving' } }, source: 's' }));
      const objects = [...services, ...JSON.parse(JSON.stringify(out.objects)).map((object: unknown) => ({ object, source: 'r' }))];
      const [gateway] = gatewayViewFromGatewayApi('ml-serving/edge', readGatewayApiObjects(objects, 'ml-serving', []), 'ml-serving');
      const istioView: ServiceRouting = { ...model, host: HOSTNAME, routes: istio.routes };
      for (const r of requests) {
        const req = { ...r, uri: `/api${r.uri === '/' ? '' : r.uri}`, authority: HOSTNAME };
        // Route names differ by design (the gateway VirtualService prefixes them with the model's).
        const seen = (s: ServiceRouting) => ({ ...observed(evaluate(s, req)), route: undefined });
        expect({ req, ...seen(gateway) }).toEqual({ req, ...seen(istioView) });
      }
    }), { numRuns: 200, seed: 19 });
    expect(accepted / runs).toBeGreaterThan(0.3);
  });
});
