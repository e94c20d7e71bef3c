import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { REFERENCE_MANIFESTS } from './util';
import { ManifestDocument } from '../src/check/finding';
import { evaluate } from '../src/routing/evaluate';
import { FaultKind, RouteOutcome } from '../src/routing/explanation';
import { routingFromDocuments, routingFromObjects } from '../src/routing/from-istio';
import { lookupHost } from '../src/routing/from-istio-hosts';
import { Routing } from '../src/routing/from-istio-routing';
import { ServiceRouting } from '../src/routing/route-table';
import { toFqdn } from '../src/util/hosts';

const REFERENCE = REFERENCE_MANIFESTS;
const FIXTURES = join(__dirname, 'fixtures', 'explain');

function load(file: string): ManifestDocument[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d, index) => ({ file, index, object: d.toJS() }));
}

function serviceIn(docs: ManifestDocument[], host: string): ServiceRouting {
  const service = routingFromDocuments(docs).table.services.find(s => s.host === host);
  if (!service) throw new Error(`no routing for ${host}`);
  return service;
}

const share = (svc: ServiceRouting, request: Parameters<typeof evaluate>[1]) =>
  evaluate(svc, request).destinations.map(d => `${d.subset}:${d.percent}`);

describe('reference manifests', () => {
  const host = 'content-ranking-svc.ml-serving.svc.cluster.local';

  test('content-ranking.yaml: premium → v47 100%, everyone else v45 90 / v47 10', () => {
    const svc = serviceIn(load(join(REFERENCE, 'content-ranking.yaml')), host);
    expect(share(svc, { headers: { 'x-user-segment': 'premium' } })).toEqual(['v47:100']);
    expect(share(svc, {})).toEqual(['v45:90', 'v47:10']);
    expect(share(svc, { headers: { 'x-user-segment': 'free' } })).toEqual(['v45:90', 'v47:10']);
    const defaultRoute = evaluate(svc, {});
    expect(defaultRoute.timeoutMs).toBe(200);
    expect(defaultRoute.retries).toEqual({ attempts: 2, perTryTimeoutMs: 80, retryOn: ['5xx', 'gateway-error', 'connect-failure', 'retriable-4xx'] });
    expect(defaultRoute.mirrors).toEqual([]);
  });

  test('content-ranking-shadow.yaml: v45 100% and 10% mirrored to v47', () => {
    const e = evaluate(serviceIn(load(join(REFERENCE, 'content-ranking-shadow.yaml')), host), {});
    expect(e.destinations.map(d => `${d.subset}:${d.percent}`)).toEqual(['v45:100']);
    expect(e.mirrors).toEqual([{ host, subset: 'v47', percent: 10 }]);
  });

  test('short hosts become FQDNs in the object namespace; subsets come from the DestinationRule', () => {
    const svc = serviceIn(load(join(REFERENCE, 'content-ranking.yaml')), host);
    expect(svc).toMatchObject({ name: 'content-ranking-svc', namespace: 'ml-serving' });
    expect(svc.versions.map(v => [v.name, v.labels])).toEqual([
      ['v45', { 'model-version': 'v45' }], ['v47', { 'model-version': 'v47' }], ['v43-legacy', { 'model-version': 'v43' }],
    ]);
    expect(svc.trafficPolicy).toEqual({
      outlierDetection: { consecutive5xxErrors: 5, intervalMs: 30_000, baseEjectionTimeMs: 30_000, maxEjectionPercent: 50 },
      connectionPool: { maxConnections: 100, h2UpgradePolicy: 'UPGRADE', idleTimeoutMs: 30_000 },
    });
    expect(svc.versions[0].trafficPolicy).toEqual({ connectionPool: { http1MaxPendingRequests: 50 } });
    expect(svc.routes[0].source).toBe(`${join(REFERENCE, 'content-ranking.yaml')}#1 spec.http[0]`);
  });

  test('the reference manifests import without warnings', () => {
    expect(routingFromDocuments(load(join(REFERENCE, 'content-ranking.yaml'))).warnings).toEqual([]);
  });
});

describe('hand-written manifests in v1, v1beta1 and v1alpha3', () => {
  const docs = [...load(join(FIXTURES, 'mixed-versions.yaml')), ...load(join(FIXTURES, 'nested', 'gateway-and-delegate.yaml'))];
  const imported = routingFromDocuments(docs);
  const fraud = imported.table.services.find(s => s.host === 'fraud-scoring.risk.svc.cluster.local')!;

  test('other kinds are ignored; VirtualService hosts and DestinationRule hosts become services', () => {
    expect(imported.table.services.map(s => s.host)).toEqual(['fraud-scoring.risk.svc.cluster.local']);
  });

  test('relative weights with a zero weight dropped, mirror with deprecated mirrorPercent, Go durations', () => {
    const e = evaluate(fraud, { uri: '/score' });
    expect(e.matchedRoute).toMatchObject({ index: 3, name: 'main' });
    expect(e.destinations).toEqual([
      { host: 'fraud-scoring.risk.svc.cluster.local', subset: 'v1', port: 8080, percent: (550 * 100) / 1050 },
      { host: 'fraud-scoring.risk.svc.cluster.local', subset: 'v2', port: undefined, percent: (500 * 100) / 1050 },
    ]);
    expect(e.mirrors).toEqual([{ host: 'fraud-scoring.risk.svc.cluster.local', subset: 'v2', percent: 5 }]);
    expect(e.timeoutMs).toBe(90_000);
    expect(e.retries).toEqual({ attempts: 3, perTryTimeoutMs: 500, retryOn: ['5xx', 'reset'] });
    expect(imported.warnings).toContain(`${join(FIXTURES, 'mixed-versions.yaml')}#2 VirtualService risk/fraud-scoring: spec.http[3].mirrorPercent: deprecated, use mirrorPercentage (read as the same percent)`);
  });

  test('presence match from an empty StringMatch, withoutHeaders, query params, mirrors[] with and without percentage, faults', () => {
    const request = { uri: '/SCORE?explain=1', headers: { 'x-debug': '' } };
    const e = evaluate(fraud, request);
    expect(e.matchedRoute?.name).toBe('debug');
    expect(e.destinations.map(d => d.subset)).toEqual(['v2']);
    expect(e.mirrors).toEqual([
      { host: 'fraud-scoring.risk.svc.cluster.local', subset: 'v1', percent: 25 },
      { host: 'fraud-shadow.risk.svc.cluster.local', subset: undefined, percent: 100 },
    ]);
    // Deprecated integer delay percent is used when percentage is absent; fixedDelay 1.5s.
    expect(e.faults).toEqual([
      { kind: FaultKind.DELAY, percent: 20, delayMs: 1500 },
      { kind: FaultKind.ABORT, percent: 0.5, httpStatus: 503 },
    ]);
    expect(evaluate(fraud, { ...request, headers: { 'x-debug': '', 'x-canary': 'off' } }).matchedRoute?.name).toBe('main');
    expect(evaluate(fraud, { uri: '/score?explain=1' }).matchedRoute?.name).toBe('main');
  });

  test('redirect and direct response routes keep their action', () => {
    expect(evaluate(fraud, { uri: '/v0/score' })).toMatchObject({ outcome: RouteOutcome.REDIRECT, redirect: { code: 308, uri: '/v1/' } });
    expect(evaluate(fraud, { uri: '/score/batch', method: 'POST' })).toMatchObject({
      outcome: RouteOutcome.DIRECT_RESPONSE, directResponse: { status: 410, body: 'batch scoring was retired' },
    });
    expect(evaluate(fraud, { uri: '/score/batch' }).matchedRoute?.name).toBe('main');
  });

  test('the exact DestinationRule wins over a wildcard one; subset policy is read', () => {
    expect(fraud.trafficPolicy).toEqual({ loadBalancer: { consistentHashHeader: 'x-user-id' } });
    expect(fraud.versions[1]).toEqual({
      name: 'v2',
      labels: { version: 'v2' },
      trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3, intervalMs: 10_000, baseEjectionTimeMs: 60_000 } },
    });
  });

  test('a subset missing from the DestinationRule is reported as IST0101', () => {
    expect(imported.warnings).toContain(`${join(FIXTURES, 'mixed-versions.yaml')}#2 spec.http[3]: Referenced host+subset in destinationrule not found: "fraud-scoring.risk.svc.cluster.local+v3" (IST0101)`);
  });

  test('a gateway-bound VirtualService is left out of the mesh view and used in the gateway view', () => {
    expect(imported.warnings.some(w => w.includes('VirtualService edge/public-scoring: spec.gateways: bound to edge/public-gw, not to "mesh"'))).toBe(true);
    const gatewayView = routingFromDocuments(docs, { gateway: 'edge/public-gw' });
    const pub = gatewayView.table.services.find(s => s.host === 'scoring.example.com')!;
    expect(pub.routes[0].matches).toEqual([{ gateways: ['edge/public-gw'] }]);
    expect(pub.routes[0].delegate).toEqual({ name: 'team-scoring', namespace: 'risk' });
    const e = evaluate(pub, { gateway: 'edge/public-gw' });
    expect(e).toMatchObject({ outcome: RouteOutcome.DELEGATE, delegate: { name: 'team-scoring', namespace: 'risk' } });
  });
});

describe('edge cases of the importer', () => {
  const vs = (spec: object, name = 'vs', namespace?: string) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec,
  });

  test('mirrorPercentage wins over mirrorPercent; an explicit 0 stops mirroring; no percent means 100', () => {
    const table = routingFromObjects([vs({
      hosts: ['a'],
      http: [
        { match: [{ headers: { x: { exact: '1' } } }], route: [{ destination: { host: 'a' } }], mirror: { host: 'b' }, mirrorPercentage: { value: 0 }, mirrorPercent: 50 },
        { route: [{ destination: { host: 'a' } }], mirror: { host: 'b' } },
      ],
    })]).table;
    const svc = table.services[0];
    expect(svc.host).toBe('a.default.svc.cluster.local');
    expect(evaluate(svc, { headers: { x: '1' } }).mirrors).toEqual([]);
    expect(evaluate(svc, {}).mirrors).toEqual([{ host: 'b.default.svc.cluster.local', subset: undefined, percent: 100 }]);
  });

  test('a second mesh VirtualService for the same host is ignored with an IST0109 warning', () => {
    const imported = routingFromObjects([
      vs({ hosts: ['a'], http: [{ route: [{ destination: { host: 'a', subset: 'one' } }] }] }, 'first'),
      vs({ hosts: ['a.default.svc.cluster.local'], http: [{ route: [{ destination: { host: 'a', subset: 'two' } }] }] }, 'second'),
    ]);
    expect(imported.table.services).toHaveLength(1);
    expect(imported.table.services[0].routes[0].destinations[0].subset).toBe('one');
    expect(imported.warnings.join('\n')).toContain('<input>#1 VirtualService default/second: spec.hosts: host a.default.svc.cluster.local already has VirtualService routes from <input>#0');
  });

  test('unreadable fields are reported with a warning naming document, field and what is allowed', () => {
    const imported = routingFromObjects([vs({ hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }], timeout: 'soon', match: [{ uri: { glob: '/x' } }] }] }, 'bad', 'ml')]);
    const unreadableUri = '<input>#0 VirtualService ml/bad: spec.http[0].match[0].uri: StringMatch needs one of exact, prefix, regex as a string; got {"glob":"/x"}; the condition cannot be read';
    expect(imported.warnings).toEqual([
      unreadableUri,
      '<input>#0 VirtualService ml/bad: spec.http[0].timeout: "soon" is not a Go duration (allowed: e.g. "500ms", "1.5s", "1m"); ignored',
    ]);
    // Dropping a condition would make the route match more than Istio's: that host is not explained.
    expect(imported.malformed.get('a.ml.svc.cluster.local')).toEqual([unreadableUri]);
  });

  test.each<[string, unknown, string]>([
    ['http is not a list', 'oops', 'spec.http: must be a list of HTTP routes; got "oops"'],
    ['an http route is not an object', ['oops'], 'spec.http[0]: an http route must be an object; got "oops"'],
    ['a route destination is not an object', [{ route: ['x'] }], 'spec.http[0].route[0]: a route destination must be an object; got "x"'],
    ['route is not a list', [{ route: 'x' }], 'spec.http[0].route: must be a list of route destinations; got "x"'],
    ['a match is not an object', [{ match: [1], route: [{ destination: { host: 'a' } }] }], 'spec.http[0].match[0]: a match must be an object; got 1'],
  ])('malformed routing is recorded per host, never guessed: %s', (_name, http, problem) => {
    const imported = routingFromObjects([vs({ hosts: ['a', 'b'], http }, 'bad', 'ml')]);
    expect(imported.malformed.get('a.ml.svc.cluster.local')?.[0]).toContain(`<input>#0 VirtualService ml/bad: ${problem}`);
    expect(imported.malformed.get('b.ml.svc.cluster.local')).toEqual(imported.malformed.get('a.ml.svc.cluster.local'));
    expect(() => Routing.explainManifests([vs({ hosts: ['a'], http }, 'bad', 'ml')], 'a.ml')).toThrow(/"a.ml" cannot be explained: .*spec.http/);
  });

  test('a VirtualService with three hosts states each warning once', () => {
    const imported = routingFromObjects([vs({ hosts: ['a', 'b', 'c'], http: [{ route: [{ destination: { host: 'a', subset: 'nope' } }], timeout: 'soon' }] }, 'three', 'ml')]);
    expect(imported.warnings).toEqual([
      '<input>#0 VirtualService ml/three: spec.http[0].timeout: "soon" is not a Go duration (allowed: e.g. "500ms", "1.5s", "1m"); ignored',
      '<input>#0 spec.http[0]: Referenced host+subset in destinationrule not found: "a.ml.svc.cluster.local+nope" (IST0101)',
    ]);
  });

  test('a DestinationRule alone gives a host routed by Istio\'s implicit default route', () => {
    const svc = routingFromObjects([{ apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'x', namespace: 'ml' }, spec: { host: 'lonely' } }]).table.services[0];
    expect(svc.host).toBe('lonely.ml.svc.cluster.local');
    expect(evaluate(svc, {}).destinations).toEqual([{ host: 'lonely.ml.svc.cluster.local', port: undefined, percent: 100 }]);
  });

  test('objects of other API groups or versions are ignored', () => {
    expect(routingFromObjects([{ ...vs({ hosts: ['a'], http: [] }), apiVersion: 'networking.istio.io/v2' }, { apiVersion: 'v1', kind: 'Service' }]).table.services).toEqual([]);
  });
});

describe('hosts', () => {
  test('toFqdn expands short names only, like istioctl', () => {
    expect(toFqdn('reviews', 'shop')).toBe('reviews.shop.svc.cluster.local');
    expect(toFqdn('reviews.shop', 'other')).toBe('reviews.shop');
    expect(toFqdn('*.shop.svc.cluster.local', 'x')).toBe('*.shop.svc.cluster.local');
  });

  test('lookupHost accepts the short name, name.namespace, name.namespace.svc and the FQDN', () => {
    const known = ['ranking.ml.svc.cluster.local', 'ranking.staging.svc.cluster.local', 'affinity.ml.svc.cluster.local'];
    expect(lookupHost('affinity', known)).toEqual({ kind: 'found', host: 'affinity.ml.svc.cluster.local' });
    expect(lookupHost('ranking.staging', known)).toEqual({ kind: 'found', host: 'ranking.staging.svc.cluster.local' });
    expect(lookupHost('ranking.ml.svc', known)).toEqual({ kind: 'found', host: 'ranking.ml.svc.cluster.local' });
    expect(lookupHost('ranking.ml.svc.cluster.local.', known)).toEqual({ kind: 'found', host: 'ranking.ml.svc.cluster.local' });
    expect(lookupHost('ranking', known)).toEqual({ kind: 'ambiguous', candidates: known.slice(0, 2) });
    expect(lookupHost('nope', known)).toEqual({ kind: 'unknown' });
  });
});

describe('Routing (public entry point)', () => {
  const objects = load(join(REFERENCE, 'content-ranking.yaml')).map(d => d.object);

  test('explainManifests explains a request by short host name', () => {
    const e = Routing.explainManifests(objects, 'content-ranking-svc', { headers: { 'x-user-segment': 'premium' } });
    expect(e.matchedRoute).toMatchObject({ index: 0 });
    expect(e.destinations.map(d => [d.subset, d.percent])).toEqual([['v47', 100]]);
  });

  test('an unknown host names the known hosts', () => {
    expect(() => Routing.fromManifests(objects).explain('content-ranking', {})).toThrow(
      '[manifests] host: "content-ranking" is not a host of any VirtualService or DestinationRule (allowed: "content-ranking-svc.ml-serving.svc.cluster.local")',
    );
  });

  test('hosts lists every host', () => {
    expect(Routing.fromManifests(objects).hosts).toEqual(['content-ranking-svc.ml-serving.svc.cluster.local']);
  });
});
