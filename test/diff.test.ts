import { HostChangeKind, Routing, RoutingChangeKind, RoutingDiffFormat } from '../src';

/** A model `ranking` in namespace `ml`: premium users pinned to v47, everyone else 85/10/5, 10% shadowed to v47. */
function base(): any[] {
  const resilience = { timeout: '200ms', retries: { attempts: 2, perTryTimeout: '80ms', retryOn: '5xx' } };
  const to = (subset: string, weight?: number) => ({ destination: { host: 'ranking', subset }, ...(weight === undefined ? {} : { weight }) });
  return [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'ranking', namespace: 'ml' },
      spec: {
        hosts: ['ranking'],
        http: [
          { name: 'premium', match: [{ headers: { 'x-user-segment': { exact: 'premium' } } }], route: [to('v47')], ...resilience },
          {
            name: 'default',
            route: [to('v45', 85), to('v47', 10), to('v43', 5)],
            mirror: { host: 'ranking', subset: 'v47' },
            mirrorPercentage: { value: 10 },
            ...resilience,
          },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'ranking', namespace: 'ml' },
      spec: {
        host: 'ranking',
        trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' }, outlierDetection: { consecutive5xxErrors: 5 } },
        subsets: ['v45', 'v47', 'v43'].map(v => ({ name: v, labels: { app: 'ranking', version: v } })),
      },
    },
  ];
}

type Docs = any[];
const http = (docs: Docs): any[] => docs[0].spec.http;
const weights = (docs: Docs, ...w: number[]) => w.forEach((weight, i) => { http(docs)[1].route[i].weight = weight; });
const swap = (list: any[], i: number, j: number) => { [list[i], list[j]] = [list[j], list[i]]; };
const mobile = { name: 'mobile', match: [{ headers: { 'x-client': { prefix: 'mobile-' } } }], route: [{ destination: { host: 'ranking', subset: 'v43' } }], timeout: '200ms', retries: { attempts: 2, perTryTimeout: '80ms', retryOn: '5xx' } };
const arm = (id: string, regex: string, subset: string) => ({ name: `ab-${id}-${subset}`, match: [{ headers: { 'x-ab-bucket': { regex } } }], route: [{ destination: { host: 'ranking', subset } }], timeout: '200ms', retries: { attempts: 2, perTryTimeout: '80ms', retryOn: '5xx' } });
const free = { ...mobile, name: 'free', match: [{ headers: { 'x-user-segment': { exact: 'free' } } }] };

/** [case, change the base (both sides), change the head only, expected text ('' = no change)]. */
const CASES: Array<[string, (d: Docs) => void, (d: Docs) => void, string]> = [
  ['canary weight change', () => {}, d => weights(d, 70, 25, 5),
    'ranking: v47 10% → 25% of default traffic (v45 85% → 70%); premium route unchanged'],
  ['unnamed routes are numbered', d => { delete http(d)[0].name; delete http(d)[1].name; }, d => weights(d, 70, 25, 5),
    'ranking: v47 10% → 25% of default traffic (v45 85% → 70%); route #0 unchanged'],
  ['weights rescaled, same shares', () => {}, d => weights(d, 17, 2, 1), ''],
  ['50/50 rescaled to 1/1', d => { http(d)[1].route.pop(); weights(d, 50, 50); }, d => weights(d, 1, 1), ''],
  ['a zero weight dropped', d => weights(d, 85, 15, 0), d => { http(d)[1].route.pop(); }, ''],
  ['reorder of routes no request can both match', d => http(d).splice(1, 0, free), d => swap(http(d), 0, 1), ''],
  ['reorder of routes with the same outcome', d => http(d).splice(1, 0, { ...mobile, route: [{ destination: { host: 'ranking', subset: 'v47' } }] }),
    d => swap(http(d), 0, 1), ''],
  ['reorder that changes who gets what', d => http(d).splice(1, 0, mobile), d => swap(http(d), 0, 1),
    'ranking: mobile route moved above premium route: requests matching both now go to v43 instead of v47; default route unchanged'],
  ['a route moved below the catch-all', () => {}, d => swap(http(d), 0, 1),
    'ranking: default route moved above premium route: requests matching both now go to v45 85%, v47 10%, v43 5% instead of v47'],
  ['mirror removed', () => {}, d => { delete http(d)[1].mirror; delete http(d)[1].mirrorPercentage; },
    'ranking: mirror to v47 removed (was 10% of default traffic); premium route unchanged'],
  ['mirror added', () => {}, d => { http(d)[0].mirror = { host: 'ranking', subset: 'v43' }; http(d)[0].mirrorPercentage = { value: 5 }; },
    'ranking: mirror to v43 added (5% of premium traffic); default route unchanged'],
  ['mirror percent changed', () => {}, d => { http(d)[1].mirrorPercentage = { value: 25 }; },
    'ranking: mirror to v47 10% → 25% of default traffic; premium route unchanged'],
  ['timeout changed on every route', () => {}, d => http(d).forEach(r => { r.timeout = '300ms'; }), 'ranking: timeout 200ms → 300ms'],
  ['timeout changed on one route', () => {}, d => { http(d)[0].timeout = '500ms'; },
    'ranking: timeout 200ms → 500ms on premium route; default route unchanged'],
  ['retries changed', () => {}, d => http(d).forEach(r => { r.retries = { attempts: 3, perTryTimeout: '80ms', retryOn: '5xx,reset' }; }),
    'ranking: retries 2 attempts, 80ms per try, on 5xx → 3 attempts, 80ms per try, on 5xx,reset'],
  ['fault added', () => {}, d => { http(d)[0].fault = { abort: { httpStatus: 503, percentage: { value: 5 } } }; },
    'ranking: fault none → abort 503 on 5% on premium route; default route unchanged'],
  ['match changed', () => {}, d => { http(d)[0].match[0].headers['x-user-segment'].exact = 'gold'; },
    'ranking: premium route match header "x-user-segment" is "premium" → header "x-user-segment" is "gold"; default route unchanged'],
  ['route added', () => {}, d => http(d).splice(1, 0, mobile),
    'ranking: new mobile route (header "x-client" starts with "mobile-" → v43); premium and default routes unchanged'],
  ['A/B experiment added', () => {}, d => http(d).splice(1, 0, arm('q1', '(?:[0-9]|[1-4][0-9])', 'v45'), arm('q1', '[5-9][0-9]', 'v47')),
    'ranking: new A/B experiment q1 (x-ab-bucket 0–49 → v45, 50–99 → v47); premium and default routes unchanged'],
  ['A/B experiment replaced', d => http(d).splice(1, 0, arm('q4', '(?:[0-9]|[1-7][0-9])', 'v45'), arm('q4', '(?:8[0-9]|9[0-9])', 'v47')),
    d => http(d).splice(1, 2, arm('q1', '(?:[0-9]|[1-4][0-9])', 'v45'), arm('q1', '[5-9][0-9]', 'v48')),
    'ranking: new A/B experiment q1 (x-ab-bucket 0–49 → v45, 50–99 → v48); A/B experiment q4 removed (was x-ab-bucket 0–79 → v45, 80–99 → v47); premium and default routes unchanged'],
  ['A/B arm resized', d => http(d).splice(1, 0, arm('q4', '(?:[0-9]|[1-7][0-9])', 'v45'), arm('q4', '(?:8[0-9]|9[0-9])', 'v47')),
    d => { http(d)[1].match[0].headers['x-ab-bucket'].regex = '[0-9]'; },
    'ranking: ab-q4-v45 route match header "x-ab-bucket" matches "(?:[0-9]|[1-7][0-9])" (buckets 0–79) → header "x-ab-bucket" matches "[0-9]" (buckets 0–9); premium, ab-q4-v47 and default routes unchanged'],
  ['route removed', () => {}, d => http(d).shift(),
    'ranking: premium route removed (was header "x-user-segment" is "premium" → v47); default route unchanged'],
  ['route renamed', () => {}, d => { http(d)[0].name = 'vip'; },
    'ranking: route premium renamed vip; default route unchanged'],
  ['DestinationRule policy change', () => {}, d => { d[1].spec.trafficPolicy.loadBalancer.simple = 'ROUND_ROBIN'; },
    'ranking: load balancer least request → round robin'],
  ['per-version policy added', () => {}, d => { d[1].spec.subsets[0].trafficPolicy = { connectionPool: { http: { http1MaxPendingRequests: 50 } } }; },
    'ranking: v45 connection pool none → max 50 pending requests'],
  ['subset added', () => {}, d => d[1].spec.subsets.push({ name: 'v48', labels: { app: 'ranking', version: 'v48' } }),
    'ranking: version v48 added'],
  ['subset retired with its traffic', () => {}, d => { http(d)[1].route.pop(); weights(d, 90, 10); d[1].spec.subsets.pop(); },
    'ranking: v45 85% → 90% of default traffic (v43 5% → 0%); premium route unchanged; version v43 retired'],
  ['host renamed', () => {}, d => {
    d.forEach(o => { o.metadata.name = 'ranking-v2'; });
    d[0].spec.hosts = ['ranking-v2'];
    d[1].spec.host = 'ranking-v2';
    http(d).forEach(r => (r.route ?? []).concat(r.mirror ? [{ destination: r.mirror }] : []).forEach((x: any) => { x.destination.host = 'ranking-v2'; }));
  }, 'ranking → ranking-v2: host renamed from ranking.ml.svc.cluster.local to ranking-v2.ml.svc.cluster.local'],
];

describe('Routing.diff', () => {
  test.each(CASES)('%s', (_name, prepare, change, expected) => {
    const before = base();
    prepare(before);
    const after = structuredClone(before);
    change(after);
    const diff = Routing.diffManifests(before, after);
    expect(RoutingDiffFormat.text(diff)).toBe(expected);
    expect(diff.changed).toBe(expected !== '');
  });

  test('the same manifests: no change, empty text, a Markdown note', () => {
    const diff = Routing.diff(Routing.fromManifests(base()), Routing.fromManifests(base()));
    expect(diff).toEqual({ changed: false, hosts: [] });
    expect(RoutingDiffFormat.text(diff)).toBe('');
    expect(RoutingDiffFormat.markdown(diff)).toBe('### Routing changes\n\nNo routing changes.');
  });

  test('structured result: shares before/after, changes with kinds, risk', () => {
    const after = base();
    weights(after, 70, 25, 5);
    const diff = Routing.diffManifests(base(), after);
    expect(diff.hosts).toHaveLength(1);
    const host = diff.hosts[0];
    expect(host).toMatchObject({ name: 'ranking', host: 'ranking.ml.svc.cluster.local', kind: HostChangeKind.CHANGED, risk: 'challenger share up 15 points' });
    expect(host.shares).toEqual([
      { route: 'default', destination: 'v45', beforePercent: 85, afterPercent: 70 },
      { route: 'default', destination: 'v47', beforePercent: 10, afterPercent: 25 },
    ]);
    expect(host.changes.map(c => [c.kind, c.subject, c.before, c.after])).toEqual([
      [RoutingChangeKind.SHARE, 'v45 share of default traffic', '85%', '70%'],
      [RoutingChangeKind.SHARE, 'v47 share of default traffic', '10%', '25%'],
    ]);
  });

  test('a new champion and a retired version show in the risk line', () => {
    const after = base();
    http(after)[1].route.pop();
    weights(after, 40, 60);
    after[1].spec.subsets.pop();
    expect(Routing.diffManifests(base(), after).hosts[0].risk).toBe('champion v45 → v47, challenger share up 45 points, version v43 retired');
  });

  test('hosts added and removed', () => {
    const other = base().map(o => ({ ...o, metadata: { ...o.metadata, namespace: 'other' } }));
    const diff = Routing.diffManifests(base(), other.slice(0, 1).concat([{ ...other[1], spec: { ...other[1].spec, subsets: [] } }]));
    expect(diff.hosts.map(h => [h.kind, h.name])).toEqual([[HostChangeKind.ADDED, 'ranking.other'], [HostChangeKind.REMOVED, 'ranking.ml']]);
    expect(RoutingDiffFormat.text(diff)).toBe([
      'ranking.other: new host ranking.other.svc.cluster.local: 2 routes, default traffic v45 85%, v47 10%, v43 5%',
      'ranking.ml: host ranking.ml.svc.cluster.local removed (had 2 routes, default traffic v45 85%, v47 10%, v43 5%; versions v45, v47, v43)',
    ].join('\n'));
  });

  test('Markdown: a heading, the risk line and a table per changed model', () => {
    const after = base();
    weights(after, 70, 25, 5);
    http(after).forEach(r => { r.timeout = '300ms'; });
    expect(RoutingDiffFormat.markdown(Routing.diffManifests(base(), after))).toBe([
      '### Routing changes (1 model)',
      '',
      '#### ranking',
      '',
      '**Risk:** challenger share up 15 points',
      '',
      '| Change | Before | After |',
      '|---|---|---|',
      '| v45 share of default traffic | 85% | 70% |',
      '| v47 share of default traffic | 10% | 25% |',
      '| timeout | 200ms | 300ms |',
      '',
      'v47 10% → 25% of default traffic (v45 85% → 70%); timeout 200ms → 300ms',
    ].join('\n'));
  });
});
