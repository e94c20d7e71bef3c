import { destinationShares, envoyPercent, evaluate } from '../src/routing/evaluate';
import { FaultKind, RouteOutcome } from '../src/routing/explanation';
import { HttpRouteRule, MatchBlock, ServiceRouting, WeightedDestination } from '../src/routing/route-table';

const HOST = 'ranking.ml.svc.cluster.local';

function to(subset: string, weight = 100): WeightedDestination {
  return { host: HOST, subset, weight };
}

function route(name: string, matches: MatchBlock[], destinations: WeightedDestination[], extra: Partial<HttpRouteRule> = {}): HttpRouteRule {
  return { name, matches, destinations, mirrors: [], origin: 'match', ...extra };
}

function service(...routes: HttpRouteRule[]): ServiceRouting {
  return { name: 'ranking', namespace: 'ml', host: HOST, versions: [], routes };
}

function subsetsOf(svc: ServiceRouting, request: Parameters<typeof evaluate>[1]): string[] {
  return evaluate(svc, request).destinations.map(d => `${d.subset}:${d.percent}`);
}

describe('route order and match logic', () => {
  const svc = service(
    route('premium', [{ headers: { 'x-user-segment': { kind: 'exact', value: 'premium' } } }], [to('v47')]),
    route('beta-or-internal', [
      { headers: { 'x-beta': { kind: 'exact', value: '1' } }, uri: { kind: 'prefix', value: '/rank' } },
      { headers: { 'x-internal': { kind: 'exact', value: 'yes' } } },
    ], [to('v46')]),
    route('default', [], [to('v45')]),
  );

  test('the first matching route wins even when later routes match too', () => {
    const e = evaluate(svc, { headers: { 'x-user-segment': 'premium', 'x-internal': 'yes' } });
    expect(e.matchedRoute).toMatchObject({ index: 0, name: 'premium', matchIndex: 0 });
    expect(subsetsOf(svc, { headers: { 'x-user-segment': 'premium', 'x-internal': 'yes' } })).toEqual(['v47:100']);
  });

  test('all conditions of one block must hold (AND)', () => {
    expect(evaluate(svc, { headers: { 'x-beta': '1' }, uri: '/other' }).matchedRoute?.name).toBe('default');
    expect(evaluate(svc, { headers: { 'x-beta': '1' }, uri: '/rank/top' }).matchedRoute).toMatchObject({ name: 'beta-or-internal', matchIndex: 0 });
  });

  test('blocks are ORed', () => {
    expect(evaluate(svc, { headers: { 'x-internal': 'yes' } }).matchedRoute).toMatchObject({ index: 1, matchIndex: 1 });
  });

  test('a route without matches catches everything', () => {
    const e = evaluate(svc, {});
    expect(e.matchedRoute).toMatchObject({ index: 2, name: 'default' });
    expect(e.matchedRoute?.matchIndex).toBeUndefined();
  });

  test('header names are case-insensitive, values are not', () => {
    expect(evaluate(svc, { headers: { 'X-User-Segment': 'premium' } }).matchedRoute?.name).toBe('premium');
    expect(evaluate(svc, { headers: { 'x-user-segment': 'Premium' } }).matchedRoute?.name).toBe('default');
  });

  test('the trace says why each earlier route did not match', () => {
    const e = evaluate(svc, { headers: { 'x-beta': '1' }, uri: '/other' });
    expect(e.trace[0]).toBe('route 0 "premium": no match (header x-user-segment (absent) does not match exact "premium")');
    expect(e.trace[1]).toContain('match[0]: uri "/other" does not match prefix "/rank"');
    expect(e.trace[2]).toBe('route 2 "default": matches (no conditions)');
  });
});

describe('no match', () => {
  test('no route matches: NO_ROUTE (404), no destinations', () => {
    const svc = service(route('only-premium', [{ headers: { 'x-user-segment': { kind: 'exact', value: 'premium' } } }], [to('v47')]));
    const e = evaluate(svc, { headers: { 'x-user-segment': 'free' } });
    expect(e.outcome).toBe(RouteOutcome.NO_ROUTE);
    expect(e.matchedRoute).toBeUndefined();
    expect(e.destinations).toEqual([]);
    expect(e.trace[e.trace.length - 1]).toContain('404');
  });

  test('a host without routes gets Istio\'s implicit default route to the whole host', () => {
    const e = evaluate(service(), {});
    expect(e.outcome).toBe(RouteOutcome.FORWARD);
    expect(e.matchedRoute).toEqual({ index: -1, name: 'default' });
    expect(e.destinations).toEqual([{ host: HOST, percent: 100, port: undefined }]);
  });
});

describe('string matches', () => {
  const only = (block: MatchBlock) => service(route('m', [block], [to('v1')]));
  const matches = (block: MatchBlock, request: Parameters<typeof evaluate>[1]) => evaluate(only(block), request).outcome === RouteOutcome.FORWARD;

  test('regex is an RE2 full match, not a search', () => {
    const block: MatchBlock = { headers: { 'x-ab-bucket': { kind: 'regex', value: '8[0-9]' } } };
    expect(matches(block, { headers: { 'x-ab-bucket': '85' } })).toBe(true);
    expect(matches(block, { headers: { 'x-ab-bucket': '185' } })).toBe(false);
    expect(matches(block, { headers: { 'x-ab-bucket': '850' } })).toBe(false);
  });

  test('regex alternation is anchored as a whole', () => {
    const block: MatchBlock = { headers: { b: { kind: 'regex', value: '[0-9]|[1-7][0-9]' } } };
    expect(matches(block, { headers: { b: '79' } })).toBe(true);
    expect(matches(block, { headers: { b: '80' } })).toBe(false);
    expect(matches(block, { headers: { b: '7x' } })).toBe(false);
  });

  test('prefix and exact', () => {
    expect(matches({ uri: { kind: 'prefix', value: '/v1/' } }, { uri: '/v1/rank' })).toBe(true);
    expect(matches({ uri: { kind: 'prefix', value: '/v1/' } }, { uri: '/v2/rank' })).toBe(false);
    expect(matches({ uri: { kind: 'exact', value: '/rank' } }, { uri: '/rank' })).toBe(true);
    expect(matches({ uri: { kind: 'exact', value: '/rank' } }, { uri: '/rank/' })).toBe(false);
  });

  test('URI matching ignores the query string and fragment', () => {
    expect(matches({ uri: { kind: 'exact', value: '/rank' } }, { uri: '/rank?user=1#x' })).toBe(true);
    expect(matches({ uri: { kind: 'regex', value: '/rank' } }, { uri: '/rank?user=1' })).toBe(true);
  });

  test('ignoreUriCase applies to exact and prefix, not to regex (Envoy ignores case_sensitive for safe_regex)', () => {
    expect(matches({ uri: { kind: 'prefix', value: '/Rank' }, ignoreUriCase: true }, { uri: '/rANK/x' })).toBe(true);
    expect(matches({ uri: { kind: 'exact', value: '/Rank' }, ignoreUriCase: true }, { uri: '/rank' })).toBe(true);
    expect(matches({ uri: { kind: 'exact', value: '/Rank' } }, { uri: '/rank' })).toBe(false);
    expect(matches({ uri: { kind: 'regex', value: '/Rank' }, ignoreUriCase: true }, { uri: '/rank' })).toBe(false);
  });

  test('method, authority and scheme with their defaults (GET, the service host, http)', () => {
    expect(matches({ method: { kind: 'exact', value: 'GET' } }, {})).toBe(true);
    expect(matches({ method: { kind: 'exact', value: 'POST' } }, {})).toBe(false);
    expect(matches({ method: { kind: 'exact', value: 'POST' } }, { method: 'POST' })).toBe(true);
    expect(matches({ authority: { kind: 'prefix', value: 'ranking.ml' } }, {})).toBe(true);
    expect(matches({ authority: { kind: 'exact', value: 'api.example.com' } }, { headers: { Host: 'api.example.com' } })).toBe(true);
    expect(matches({ scheme: { kind: 'exact', value: 'https' } }, {})).toBe(false);
  });

  test('query parameters come from the uri, percent-decoded, first value wins', () => {
    const block: MatchBlock = { queryParams: { model: { kind: 'exact', value: 'v 2' } } };
    expect(matches(block, { uri: '/rank?model=v%202&model=v3' })).toBe(true);
    expect(matches(block, { uri: '/rank?model=v3&model=v%202' })).toBe(false);
    expect(matches(block, { uri: '/rank', queryParams: { model: 'v 2' } })).toBe(true);
  });

  test('a header condition needs the header present, even for exact ""', () => {
    expect(matches({ headers: { 'x-empty': { kind: 'exact', value: '' } } }, {})).toBe(false);
    expect(matches({ headers: { 'x-empty': { kind: 'exact', value: '' } } }, { headers: { 'x-empty': '' } })).toBe(true);
  });

  test('a presence match (regex "*", from an empty StringMatch) matches any value', () => {
    expect(matches({ headers: { 'x-debug': { kind: 'regex', value: '*' } } }, { headers: { 'x-debug': 'anything' } })).toBe(true);
    expect(matches({ headers: { 'x-debug': { kind: 'regex', value: '*' } } }, {})).toBe(false);
  });

  test('withoutHeaders: inverted, a missing header reads as empty', () => {
    const block: MatchBlock = { withoutHeaders: { 'x-user-segment': { kind: 'exact', value: 'premium' } } };
    expect(matches(block, {})).toBe(true);
    expect(matches(block, { headers: { 'x-user-segment': 'free' } })).toBe(true);
    expect(matches(block, { headers: { 'x-user-segment': 'premium' } })).toBe(false);
    // A regex matching the empty string excludes requests without the header too.
    expect(matches({ withoutHeaders: { 'x-a': { kind: 'regex', value: '.*' } } }, {})).toBe(false);
  });

  test('withoutHeaders presence match means "header absent"', () => {
    const block: MatchBlock = { withoutHeaders: { 'x-debug': { kind: 'regex', value: '*' } } };
    expect(matches(block, {})).toBe(true);
    expect(matches(block, { headers: { 'x-debug': '' } })).toBe(false);
  });

  test('port, source labels, source namespace and gateways', () => {
    expect(matches({ port: 8080 }, {})).toBe(false);
    expect(matches({ port: 8080 }, { port: 8080 })).toBe(true);
    expect(matches({ sourceLabels: { app: 'web' } }, { sourceLabels: { app: 'web', tier: 'fe' } })).toBe(true);
    expect(matches({ sourceLabels: { app: 'web' } }, {})).toBe(false);
    expect(matches({ sourceNamespace: 'shop' }, {})).toBe(false);
    expect(matches({ sourceNamespace: 'shop' }, { sourceNamespace: 'shop' })).toBe(true);
    expect(matches({ gateways: ['istio-system/ingress'] }, {})).toBe(false);
    expect(matches({ gateways: ['istio-system/ingress'] }, { gateway: 'istio-system/ingress' })).toBe(true);
    // With gateways set, Istio's sourceMatchHTTP does not look at source labels at all.
    expect(matches({ gateways: ['mesh'], sourceLabels: { app: 'web' } }, {})).toBe(true);
  });
});

describe('weights', () => {
  test('weights are relative: 550/500', () => {
    const shares = destinationShares([to('v45', 550), to('v47', 500)]);
    expect(shares.map(s => s.percent)).toEqual([(550 * 100) / 1050, (500 * 100) / 1050]);
    expect(shares[0].percent).toBeCloseTo(52.381, 3);
  });

  test('zero weights are dropped when there are several destinations', () => {
    expect(destinationShares([to('v45', 0), to('v47', 3), to('v43', 1)]).map(s => `${s.subset}:${s.percent}`))
      .toEqual(['v47:75', 'v43:25']);
  });

  test('a single destination gets 100% whatever its weight, even 0', () => {
    expect(destinationShares([to('v47', 0)])).toEqual([{ host: HOST, subset: 'v47', port: undefined, percent: 100 }]);
    expect(destinationShares([to('v47', 7)])[0].percent).toBe(100);
  });

  test('all-zero weights with several destinations route nowhere (Istio rejects them)', () => {
    expect(destinationShares([to('v45', 0), to('v47', 0)])).toEqual([]);
  });
});

describe('mirrors and faults', () => {
  test('mirror percents pass through; 0% mirrors are not configured', () => {
    const svc = service(route('default', [], [to('v45')], {
      mirrors: [{ host: HOST, subset: 'v47', percent: 10 }, { host: HOST, subset: 'v43', percent: 0 }, { host: HOST, subset: 'v48', percent: 100 }],
    }));
    expect(evaluate(svc, {}).mirrors).toEqual([{ host: HOST, subset: 'v47', percent: 10 }, { host: HOST, subset: 'v48', percent: 100 }]);
  });

  test('percents are truncated to Envoy\'s millionths', () => {
    expect(envoyPercent(33.333333)).toBe(33.3333);
    expect(envoyPercent(0)).toBe(0);
    expect(envoyPercent(100)).toBe(100);
  });

  test('faults with their percents; 0% faults inject nothing', () => {
    const svc = service(route('default', [], [to('v45')], {
      fault: { delay: { fixedDelayMs: 5000, percent: 10 }, abort: { httpStatus: 503, percent: 0 } },
    }));
    expect(evaluate(svc, {}).faults).toEqual([{ kind: FaultKind.DELAY, percent: 10, delayMs: 5000 }]);
  });

  test('timeout and retries of the matched route are reported', () => {
    const svc = service(route('default', [], [to('v45')], { timeoutMs: 200, retries: { attempts: 2, perTryTimeoutMs: 80, retryOn: ['5xx'] } }));
    const e = evaluate(svc, {});
    expect(e.timeoutMs).toBe(200);
    expect(e.retries).toEqual({ attempts: 2, perTryTimeoutMs: 80, retryOn: ['5xx'] });
  });
});

describe('routes that do not forward', () => {
  test('redirect, direct response and delegate are reported with their outcome', () => {
    const redirect: HttpRouteRule = { ...route('old', [{ uri: { kind: 'prefix', value: '/old' } }], []), redirect: { code: 301, uri: '/new' } };
    const direct: HttpRouteRule = { ...route('gone', [{ uri: { kind: 'prefix', value: '/gone' } }], []), directResponse: { status: 410, body: 'gone' } };
    const delegate: HttpRouteRule = { ...route('team', [], []), delegate: { name: 'team-routes', namespace: 'ml' } };
    const svc = service(redirect, direct, delegate);
    expect(evaluate(svc, { uri: '/old/x' })).toMatchObject({ outcome: RouteOutcome.REDIRECT, redirect: { code: 301, uri: '/new' }, destinations: [] });
    expect(evaluate(svc, { uri: '/gone' })).toMatchObject({ outcome: RouteOutcome.DIRECT_RESPONSE, directResponse: { status: 410, body: 'gone' } });
    expect(evaluate(svc, { uri: '/' })).toMatchObject({ outcome: RouteOutcome.DELEGATE, delegate: { name: 'team-routes', namespace: 'ml' } });
  });
});

describe('whole-percent splits stay whole numbers', () => {
  // Found by the property tests: (58 / 100) * 100 is 57.99999999999999.
  test.each([7, 14, 28, 29, 55, 56, 57, 58])('a %i%% challenger', challenger => {
    const shares = destinationShares([
      { host: 'm', subset: 'v1', weight: 100 - challenger },
      { host: 'm', subset: 'v2', weight: challenger },
    ]).map(d => d.percent);
    expect(shares).toEqual([100 - challenger, challenger]);
  });
});
