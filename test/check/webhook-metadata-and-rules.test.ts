import { destinationRule, httpVs, virtualService, webhookLines } from './webhook-helpers';
import { goFloat, goQuote } from '../../src/check/webhook/go-format';

describe('webhook: metadata rules for every Istio kind', () => {
  test('istio.io/dry-run on a VirtualService rejects before the spec is looked at', () => {
    expect(webhookLines(httpVs({ timeout: '0s' }, {}))).toHaveLength(1);
    const object = { ...httpVs({ timeout: '0s' }), metadata: { name: 'ranking', namespace: 'ml', annotations: { 'istio.io/dry-run': 'true' } } };
    expect(webhookLines(object)).toEqual([
      'webhook/dry-run-annotation metadata.annotations[istio.io/dry-run] ml/ranking has unsupported annotation istio.io/dry-run, please remove the annotation',
    ]);
  });

  test('istio.io/dry-run is allowed on an AuthorizationPolicy', () => {
    const policy = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'ml', annotations: { 'istio.io/dry-run': 'true' } }, spec: {} };
    expect(webhookLines(policy)).toEqual([]);
    const bad = { ...policy, metadata: { ...policy.metadata, annotations: { 'istio.io/dry-run': 'maybe' } } };
    expect(webhookLines(bad)).toEqual([
      'webhook/dry-run-annotation metadata.annotations[istio.io/dry-run] ml/p has annotation istio.io/dry-run with invalid value (maybe): strconv.ParseBool: parsing "maybe": invalid syntax',
    ]);
  });

  test.each([
    ['internal.istio.io/webhook-always-reject', '"internal.istio.io/webhook-always-reject" annotation found, rejecting'],
    ['internal.istio.io/parents', '"internal.istio.io/parents" annotation found, this may not be set by users'],
  ])('internal annotation %s', (annotation, message) => {
    const gateway = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'ml', annotations: { [annotation]: 'x' } }, spec: {} };
    expect(webhookLines(gateway)).toEqual([`webhook/internal-annotation metadata.annotations[${annotation}] ${message}`]);
  });

  test('unknown top-level field', () => {
    const object = { ...destinationRule({ host: 'ranking' }), extra: 1 };
    expect(webhookLines(object)).toEqual(['webhook/unknown-top-level-field extra unknown field "extra" on DestinationRule resource ml/ranking']);
  });

  test('the namespace defaults to "default" like the request namespace', () => {
    const object = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r' }, spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' } }] }] }, bogus: true };
    expect(webhookLines(object)).toEqual(['webhook/unknown-top-level-field bogus unknown field "bogus" on VirtualService resource default/r']);
  });

  test('non-Istio kinds are not the webhook layer\'s business', () => {
    expect(webhookLines({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', annotations: { 'istio.io/dry-run': 'true' } }, extra: 1 })).toEqual([]);
    expect(webhookLines('not an object')).toEqual([]);
  });

  test('mistyped fields do not crash the webhook layer (the schema layer reports them)', () => {
    expect(webhookLines(virtualService({ hosts: 'ranking', http: [{ route: 'x', timeout: 5, retries: 'no' }] }))).toEqual([
      'webhook/http-route-required spec.http[0] HTTP route, redirect or direct_response is required',
    ]);
  });
});

describe('webhook: unreachable rules and ineffective matches (IST0130/IST0131 warnings)', () => {
  const ISTIO_ONLY = '(Istio accepts the rule and itself warns only for exact duplicate matches and simple URI-prefix overlaps)';
  const to = (subset: string) => [{ destination: { host: 'ranking', subset } }];
  const premium = { headers: { 'x-user-segment': { exact: 'premium' } } };

  test.each<[string, unknown[], string[]]>([
    ['catch-all last is fine', [{ match: [premium], route: to('v2') }, { route: to('v1') }], []],
    ['rules after a catch-all, once per match', [{ route: to('v1') }, { match: [premium, { uri: { prefix: '/beta' } }], route: to('v2') }], [
      'W webhook/unreachable-rule spec.http[1].match[0] virtualService rule #1 not used (route without matches defined before)',
      'W webhook/unreachable-rule spec.http[1].match[1] virtualService rule #1 not used (route without matches defined before)',
    ]],
    ['a second catch-all', [{ route: to('v1') }, { name: 'fallback', route: to('v2') }],
      ['W webhook/unreachable-rule spec.http[1] virtualService rule "fallback" not used (only the last rule can have no matches)']],
    ['a repeated match (names ignored)', [{ name: 'a', match: [{ ...premium, name: 'm1' }], route: to('v2') }, { name: 'b', match: [{ ...premium, name: 'm2' }], route: to('v3') }, { route: to('v1') }], [
      'W webhook/ineffective-match spec.http[1].match[0] virtualService rule "b" match "m2" is not used (duplicate/overlapping match in rule "a")',
      'W webhook/unreachable-rule spec.http[1] virtualService rule "b" not used (all matches used by prior rules)',
    ]],
    ['a longer prefix after a shorter one', [{ match: [{ uri: { prefix: '/api' } }], route: to('v1') }, { match: [{ uri: { prefix: '/api/v2' } }], route: to('v2') }],
      ['W webhook/ineffective-match spec.http[1].match[0] virtualService rule #1 match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
        `W webhook/shadowed-rule spec.http[1] virtualService rule #1 can never match: match #0 is caught first by rule #0 match #0 ${ISTIO_ONLY}`]],
    ['a longer prefix first is fine', [{ match: [{ uri: { prefix: '/api/v2' } }], route: to('v2') }, { match: [{ uri: { prefix: '/api' } }], route: to('v1') }], []],
    ['prefixes with different headers do not overlap', [{ match: [{ uri: { prefix: '/api' }, ...premium }], route: to('v2') }, { match: [{ uri: { prefix: '/api/v2' } }], route: to('v1') }], []],
    ['an exact URI behind a prefix', [{ name: 'api', match: [{ uri: { prefix: '/api' } }], route: to('v1') }, { name: 'api-x', match: [{ uri: { exact: '/api/x' } }], route: to('v2') }],
      [`W webhook/shadowed-rule spec.http[1] virtualService rule #1 "api-x" can never match: match #0 is caught first by rule #0 "api" match #0 ${ISTIO_ONLY}`]],
    ['a header behind a match-all regex on that header', [{ match: [{ headers: { 'x-a': { regex: '.*' } } }], route: to('v1') }, { match: [{ headers: { 'X-A': { exact: 'b' } }, name: 'b' }], route: to('v2') }],
      [`W webhook/shadowed-rule spec.http[1] virtualService rule #1 can never match: match #0 "b" is caught first by rule #0 match #0 ${ISTIO_ONLY}`]],
    ['extra conditions behind the same conditions, across ORed matches', [
      { match: [premium], route: to('v2') },
      { match: [{ uri: { prefix: '/b' } }], route: to('v2') },
      { match: [{ ...premium, method: { exact: 'POST' } }, { uri: { prefix: '/b/' } }], route: to('v3') },
    ], ['W webhook/ineffective-match spec.http[2].match[1] virtualService rule #2 match #1 of prefix /b/ is not used (duplicate/overlapping match in rule #0 of prefix /b on #1)',
      `W webhook/shadowed-rule spec.http[2] virtualService rule #2 can never match: match #0 is caught first by rule #0 match #0; match #1 is caught first by rule #1 match #0 ${ISTIO_ONLY}`]],
    ['one ORed match not covered: no warning', [{ match: [premium], route: to('v2') }, { match: [{ ...premium, method: { exact: 'POST' } }, { uri: { prefix: '/b/' } }], route: to('v3') }], []],
  ])('%s', (_title, http, expected) => {
    expect(webhookLines(virtualService({ hosts: ['ranking'], http }))).toEqual([...expected].sort());
  });

  test('shadowed rules: VS-level gateways are inherited by matches without their own', () => {
    const http = [{ match: [{ uri: { prefix: '/' } }], route: to('v2') }, { match: [{ uri: { prefix: '/a' }, gateways: ['other'] }], route: to('v3') }];
    const shadowed = (gateways: string[]) => webhookLines(virtualService({ hosts: ['ranking'], gateways, http })).filter(l => l.includes('shadowed-rule'));
    expect(shadowed(['gw'])).toEqual([]);
    expect(shadowed(['gw', 'other'])).toHaveLength(1);
  });

  test('shadowed rules: a rule with an unreadable condition is not reasoned about', () => {
    const http = [{ match: [{ uri: { glob: '/a' } }], route: to('v2') }, { match: [{ uri: { prefix: '/a' } }], route: to('v3') }];
    expect(webhookLines(virtualService({ hosts: ['ranking'], http })).filter(l => l.includes('shadowed-rule'))).toEqual([]);
  });

  test('TCP rules: duplicate matches', () => {
    const tcp = [{ match: [{ port: 5432 }], route: to('a') }, { match: [{ port: 5432 }], route: to('b') }];
    expect(webhookLines(virtualService({ hosts: ['ranking'], tcp }))).toEqual([
      'W webhook/ineffective-match spec.tcp[1].match[0] virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)',
      'W webhook/unreachable-rule spec.tcp[1] virtualService rule #1 not used (all matches used by prior rules)',
    ]);
  });
});

describe('Go formatting used in messages', () => {
  test.each<[number, string]>([[150, '150'], [0.00001, '1e-05'], [100.5, '100.5'], [1e6, '1e+06'], [123456, '123456'], [0, '0'], [-2.5, '-2.5']])('%%v of %p', (v, text) => {
    expect(goFloat(v)).toBe(text);
  });

  test('%q escapes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\x01')).toBe('"a\\"b\\\\c\\n\\x01"');
  });
});
