import { execSync } from 'child_process';
import { contentRanking, httpRoutes, synth, synthYaml, testChart } from './util';
import { AbExperiment, CanaryRollout, RequestMatch, ShadowMirror } from '../src';
import { re2FullMatch } from '../src/util/re2';

const HOST = 'content-ranking.ml-serving.svc.cluster.local';
const dest = (subset: string, weight: number) => ({ destination: { host: HOST, subset }, weight });

/** The full content-ranking setup. */
function fullSetup() {
  const chart = testChart();
  const ranking = contentRanking(chart);
  ranking.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47');
  const canary = new CanaryRollout(chart, 'ranking-canary', {
    service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }, { version: 'v43', percent: 5 }],
  });
  const shadow = new ShadowMirror(chart, 'ranking-shadow', { service: ranking, target: 'v47', percent: 10 });
  const ab = new AbExperiment(chart, 'ranking-ab', {
    service: ranking, experimentId: 'ranking-q4', arms: [{ version: 'v45', percent: 80 }, { version: 'v47', percent: 20 }],
  });
  return { chart, ranking, canary, shadow, ab };
}

describe('routing constructs together', () => {
  test('snapshot of the full content-ranking routing', () => {
    expect(synthYaml(fullSetup().chart)).toMatchSnapshot();
  });

  test('premium route first, experiment routes next, default route last with 85/10/5', () => {
    const routes = httpRoutes(synth(fullSetup().chart), 'content-ranking');
    expect(routes.map(r => r.name)).toEqual(['match-to-v47', 'ab-ranking-q4-v45', 'ab-ranking-q4-v47', 'default']);
    expect(routes[0].match).toEqual([{ headers: { 'x-user-segment': { exact: 'premium' } } }]);
    expect(routes[0].route).toEqual([dest('v47', 100)]);
    const last = routes[routes.length - 1];
    expect(last.match).toBeUndefined();
    expect(last.route).toEqual([dest('v45', 85), dest('v47', 10), dest('v43', 5)]);
  });

  test('only the default route is mirrored, 10% to v47', () => {
    const routes = httpRoutes(synth(fullSetup().chart), 'content-ranking');
    expect(routes[3].mirror).toEqual({ host: HOST, subset: 'v47' });
    expect(routes[3].mirrorPercentage).toEqual({ value: 10 });
    expect(routes.slice(0, 3).every(r => r.mirror === undefined)).toBe(true);
  });

  test('construction order does not matter: the route order is the library\'s job', () => {
    const chart = testChart();
    const ranking = contentRanking(chart);
    new ShadowMirror(chart, 's', { service: ranking, target: 'v47', percent: 10 });
    new CanaryRollout(chart, 'c', { service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
    new AbExperiment(chart, 'ab', { service: ranking, experimentId: 'x', arms: [{ version: 'v45', percent: 50 }, { version: 'v47', percent: 50 }] });
    ranking.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47');
    expect(httpRoutes(synth(chart), 'content-ranking').map(r => r.name)).toEqual(['match-to-v47', 'ab-x-v45', 'ab-x-v47', 'default']);
  });

  test('canary exposes the champion share', () => {
    expect(fullSetup().canary.championPercent).toBe(85);
  });
});

describe('AbExperiment', () => {
  test('bucket regexes cover 0..99 exactly once, and nothing else', () => {
    const { ab } = fullSetup();
    expect(ab.armBuckets.map(b => [b.version, b.first, b.last])).toEqual([['v45', 0, 79], ['v47', 80, 99]]);
    for (let n = 0; n < 100; n++) {
      const owners = ab.armBuckets.filter(b => re2FullMatch(b.regex, String(n)));
      expect(owners.map(o => o.version)).toEqual([n < 80 ? 'v45' : 'v47']);
    }
    for (const outside of ['100', '-1', '07', '', 'abc', '1 ', '999']) {
      expect(ab.armBuckets.filter(b => re2FullMatch(b.regex, outside))).toEqual([]);
    }
  });

  test('many uneven arms still partition the buckets', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    const ab = new AbExperiment(chart, 'ab', {
      service: svc, experimentId: 'three', arms: [{ version: 'v45', percent: 33 }, { version: 'v47', percent: 34 }, { version: 'v43', percent: 33 }],
    });
    const counts = ab.armBuckets.map(b => [...Array(100).keys()].filter(n => re2FullMatch(b.regex, String(n))).length);
    expect(counts).toEqual([33, 34, 33]);
  });

  test('the route matches the bucket header with a regex', () => {
    const routes = httpRoutes(synth(fullSetup().chart), 'content-ranking');
    expect(routes[1].match).toEqual([{ headers: { 'x-ab-bucket': { regex: '(?:[0-9]|[1-7][0-9])' } } }]);
    expect(routes[2].match).toEqual([{ headers: { 'x-ab-bucket': { regex: '(?:8[0-9]|9[0-9])' } } }]);
  });

  test('a custom header and bucket count', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    const ab = new AbExperiment(chart, 'ab', {
      service: svc, experimentId: 'e', bucketHeader: 'x-exp-e', buckets: 1000, arms: [{ version: 'v45', percent: 90 }, { version: 'v47', percent: 10 }],
    });
    expect(ab.armBuckets.map(b => [b.first, b.last])).toEqual([[0, 899], [900, 999]]);
    expect(Object.keys(httpRoutes(synth(chart), 'content-ranking')[0].match[0].headers)).toEqual(['x-exp-e']);
  });

  test('0% arms get no route', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    new AbExperiment(chart, 'ab', { service: svc, experimentId: 'e', arms: [{ version: 'v45', percent: 100 }, { version: 'v47', percent: 0 }] });
    expect(httpRoutes(synth(chart), 'content-ranking').map(r => r.name)).toEqual(['ab-e-v45', 'default']);
  });

  // md5("<userId>:<experimentId>"), first 8 hex digits as an integer, modulo buckets. Vectors
  // computed independently with `printf '%s' 'user-1:ranking-q4' | md5sum`.
  test.each([
    ['user-1', 'ranking-q4', 100],
    ['user-2', 'ranking-q4', 100],
    ['alice', 'ranking-q4', 100],
    ['alice', 'other-exp', 100],
    ['12345', 'ranking-q4', 1000],
  ])('bucketFor(%s, %s, %d) matches md5sum', (user, exp, buckets) => {
    const hex = execSync(`printf '%s' '${user}:${exp}' | md5sum`).toString().slice(0, 8);
    expect(AbExperiment.bucketFor(user, exp, buckets)).toBe(parseInt(hex, 16) % buckets);
  });

  // Literal vectors: a changed hash scheme would silently reassign users, so it must fail here.
  test('bucketFor fixed vectors', () => {
    expect([
      AbExperiment.bucketFor('user-1', 'ranking-q4'),
      AbExperiment.bucketFor('user-2', 'ranking-q4'),
      AbExperiment.bucketFor('alice', 'ranking-q4'),
      AbExperiment.bucketFor('12345', 'ranking-q4', 1000),
    ]).toEqual([27, 77, 9, 81]);
  });
});

describe('ShadowMirror', () => {
  test('allRoutes mirrors matched and experiment routes too', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v45');
    new ShadowMirror(chart, 's', { service: svc, target: 'v47', percent: 5, allRoutes: true });
    for (const r of httpRoutes(synth(chart), 'content-ranking')) {
      expect(r.mirrorPercentage).toEqual({ value: 5 });
    }
  });

  test('two mirrors render as mirrors[] with their own percentages', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    new ShadowMirror(chart, 's1', { service: svc, target: 'v47', percent: 10 });
    new ShadowMirror(chart, 's2', { service: svc, target: 'v43' });
    const [route] = httpRoutes(synth(chart), 'content-ranking');
    expect(route.mirror).toBeUndefined();
    expect(route.mirrors).toEqual([
      { destination: { host: HOST, subset: 'v47' }, percentage: { value: 10 } },
      { destination: { host: HOST, subset: 'v43' }, percentage: { value: 100 } },
    ]);
  });
});

describe('RequestMatch', () => {
  test('all() ANDs conditions into one block; any() ORs blocks', () => {
    const m = RequestMatch.any(
      RequestMatch.all(RequestMatch.header('x-user-segment', 'premium'), RequestMatch.uriPrefix('/v2/')),
      RequestMatch.headerRegex('x-tenant', 'acme-[a-z]+'),
    );
    expect(m._blocks()).toEqual([
      { headers: { 'x-user-segment': { kind: 'exact', value: 'premium' } }, uri: { kind: 'prefix', value: '/v2/' } },
      { headers: { 'x-tenant': { kind: 'regex', value: 'acme-[a-z]+' } } },
    ]);
    expect(m.toString()).toBe('header x-user-segment = "premium" AND uri starts with "/v2/" OR header x-tenant ~ "acme-[a-z]+"');
  });

  test('all() distributes over any()', () => {
    const m = RequestMatch.all(RequestMatch.any(RequestMatch.header('a', '1'), RequestMatch.header('a', '2')), RequestMatch.method('POST'));
    expect(m._blocks()).toHaveLength(2);
    expect(m._blocks().every(b => b.method?.value === 'POST')).toBe(true);
  });

  test('renders every condition kind', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    svc.routeMatching(RequestMatch.all(
      RequestMatch.headerPrefix('x-client', 'mobile-'), RequestMatch.uriExact('/predict'), RequestMatch.method('POST'), RequestMatch.queryParam('debug', 'true'),
    ), 'v43', { name: 'mobile-debug' });
    svc.routeMatching(RequestMatch.uriRegex('/v[0-9]+/rank'), 'v47');
    const routes = httpRoutes(synth(chart), 'content-ranking');
    expect(routes[0].match).toEqual([{
      headers: { 'x-client': { prefix: 'mobile-' } }, uri: { exact: '/predict' }, method: { exact: 'POST' }, queryParams: { debug: { exact: 'true' } },
    }]);
    expect(routes[1].match).toEqual([{ uri: { regex: '/v[0-9]+/rank' } }]);
  });
});

