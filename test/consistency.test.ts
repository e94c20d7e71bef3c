/**
 * Consistency: simulated traffic through the evaluator's choices reproduces the configured
 * percents. 100,000 requests are drawn from a seeded PRNG (deterministic: the same numbers on
 * every run), each is evaluated, a destination is picked by the evaluator's percents and each
 * mirror fires with its percent, exactly as Envoy picks a weighted cluster and samples a mirror.
 *
 * The statistics. For k outcomes with expected probabilities p_i and n trials, Pearson's
 * X² = Σ (O_i − n·p_i)² / (n·p_i) follows a χ² distribution with k − 1 degrees of freedom
 * when the probabilities are right. We reject at significance 0.001, i.e. X² above the 99.9%
 * quantile of χ²(k − 1): 10.828 (1 df), 13.816 (2 df), 16.266 (3 df) (standard tables). A
 * correct evaluator therefore fails for only 0.1% of seeds, and the seed is fixed, so the test
 * is stable. In tolerance terms: with n ≈ 56,000 default-route requests a share of 10% has a
 * standard error of √(0.1·0.9/56,000) ≈ 0.13 percentage points, so an evaluator off by even
 * half a point (85/10/5 vs 85.5/9.5/5) is about 4 standard errors out and X² exceeds the
 * threshold; the last test shows that a wrong split is rejected, so the check has teeth.
 */
import { Testing } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { collectRouteTable } from '../src/constructs/collect';
import { evaluate } from '../src/routing/evaluate';
import { Explanation } from '../src/routing/explanation';
import { routingFromObjects } from '../src/routing/from-istio';
import { ServiceRouting } from '../src/routing/route-table';
import { contentRanking } from './fixtures/explain/platform-table';

const N = 100_000;
const CHI2_999: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266 };

/** mulberry32: a small, well-distributed 32-bit PRNG; returns floats in [0, 1). */
/* eslint-disable no-bitwise */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

/** Pearson's X² of observed counts against expected probabilities (which sum to 1). */
function chiSquare(observed: readonly number[], probabilities: readonly number[]): number {
  const n = observed.reduce((a, b) => a + b, 0);
  return observed.reduce((x2, o, i) => x2 + (o - n * probabilities[i]) ** 2 / (n * probabilities[i]), 0);
}

function expectFits(observed: readonly number[], probabilities: readonly number[]): void {
  const x2 = chiSquare(observed, probabilities);
  const critical = CHI2_999[probabilities.length - 1];
  if (x2 > critical) {
    throw new Error(`X² = ${x2.toFixed(2)} > ${critical} (df ${probabilities.length - 1}): observed ${observed.join('/')} does not fit ${probabilities.join('/')}`);
  }
}

/** Who sends the request: 20% premium users, 30% of the rest carry an A/B bucket 0..99. */
const P_PREMIUM = 0.2;
const P_BUCKET = 0.3;

interface Tally {
  readonly byRoute: Map<string, number>;
  /** route name → served subset → count */
  readonly served: Map<string, Map<string, number>>;
  /** route name → [requests, mirrored to v47] */
  readonly mirrored: Map<string, [number, number]>;
  readonly servedOverall: Map<string, number>;
}

function simulate(service: ServiceRouting, seed: number): Tally {
  const random = prng(seed);
  const tally: Tally = { byRoute: new Map(), served: new Map(), mirrored: new Map(), servedOverall: new Map() };
  const cache = new Map<string, Explanation>();
  for (let i = 0; i < N; i++) {
    const headers: Record<string, string> = {};
    if (random() < P_PREMIUM) headers['x-user-segment'] = 'premium';
    else if (random() < P_BUCKET) headers['x-ab-bucket'] = String(Math.floor(random() * 100));
    // The evaluator is deterministic per request; caching by request keeps 100k draws fast.
    const key = JSON.stringify(headers);
    const e = cache.get(key) ?? evaluate(service, { headers });
    cache.set(key, e);
    const route = e.matchedRoute!.name!;
    bump(tally.byRoute, route);
    const subset = pickByPercent(e.destinations.map(d => [d.subset!, d.percent]), random() * 100);
    bump(mapOf(tally.served, route), subset);
    bump(tally.servedOverall, subset);
    const m = tally.mirrored.get(route) ?? [0, 0];
    m[0]++;
    for (const mirror of e.mirrors) if (random() * 100 < mirror.percent && mirror.subset === 'v47') m[1]++;
    tally.mirrored.set(route, m);
  }
  return tally;
}

/** Envoy's weighted pick: walk the cumulative shares until the draw falls inside one. */
function pickByPercent(shares: Array<[string, number]>, draw: number): string {
  let acc = 0;
  for (const [name, percent] of shares) {
    acc += percent;
    if (draw < acc) return name;
  }
  return shares[shares.length - 1][0];
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function mapOf(map: Map<string, Map<string, number>>, key: string): Map<string, number> {
  if (!map.has(key)) map.set(key, new Map());
  return map.get(key)!;
}

const counts = (map: Map<string, number> | undefined, keys: string[]) => keys.map(k => map?.get(k) ?? 0);

/**
 * content-ranking as the hand-made table, as the constructs build it, and as read back from the
 * synthesized YAML; with its canary in static mode (85/10/5): on Argo Rollouts the weights as
 * written are 100/0/0 and Argo moves them at run time.
 */
function sources(): Array<[string, ServiceRouting]> {
  const chart = new RecommendationPlatform(Testing.app(), 'platform', { staticRankingCanary: true });
  const fromConstructs = collectRouteTable(chart).services.find(s => s.name === 'content-ranking')!;
  const fromYaml = routingFromObjects(Testing.synth(chart)).table.services.find(s => s.host === 'content-ranking.ml-serving.svc.cluster.local')!;
  return [['hand-made table', contentRanking], ['constructs route table', fromConstructs], ['synthesized manifests', fromYaml]];
}

describe.each(sources())('content-ranking traffic, %s', (_label, service) => {
  const tally = simulate(service, 0x5eed);

  test('routes: premium 20%, A/B arms 80/20 of bucketed traffic, the rest default', () => {
    const pBucketed = (1 - P_PREMIUM) * P_BUCKET;
    expectFits(counts(tally.byRoute, ['premium', 'ab-ranking-q4-v45', 'ab-ranking-q4-v47', 'default']),
      [P_PREMIUM, pBucketed * 0.8, pBucketed * 0.2, (1 - P_PREMIUM) * (1 - P_BUCKET)]);
  });

  test('default route serves 85% v45 / 10% v47 / 5% v43', () => {
    expectFits(counts(tally.served.get('default'), ['v45', 'v47', 'v43']), [0.85, 0.10, 0.05]);
  });

  test('matched routes serve their single version every time', () => {
    expect(counts(tally.served.get('premium'), ['v45', 'v47', 'v43'])).toEqual([0, tally.byRoute.get('premium'), 0]);
    expect(counts(tally.served.get('ab-ranking-q4-v45'), ['v45', 'v47', 'v43'])).toEqual([tally.byRoute.get('ab-ranking-q4-v45'), 0, 0]);
    expect(counts(tally.served.get('ab-ranking-q4-v47'), ['v45', 'v47', 'v43'])).toEqual([0, tally.byRoute.get('ab-ranking-q4-v47'), 0]);
  });

  test('10% of default traffic is mirrored to v47, nothing else is', () => {
    const [requests, mirrored] = tally.mirrored.get('default')!;
    expectFits([mirrored, requests - mirrored], [0.10, 0.90]);
    for (const route of ['premium', 'ab-ranking-q4-v45', 'ab-ranking-q4-v47']) expect(tally.mirrored.get(route)![1]).toBe(0);
  });

  test('overall version shares match the configuration', () => {
    const pDefault = (1 - P_PREMIUM) * (1 - P_BUCKET);
    const pBucketed = (1 - P_PREMIUM) * P_BUCKET;
    const v45 = pBucketed * 0.8 + pDefault * 0.85;
    const v43 = pDefault * 0.05;
    expectFits(counts(tally.servedOverall, ['v45', 'v47', 'v43']), [v45, 1 - v45 - v43, v43]);
  });
});

describe('the check has teeth', () => {
  test('a split off by half a percentage point is rejected', () => {
    const tally = simulate(contentRanking, 0x5eed);
    expect(() => expectFits(counts(tally.served.get('default'), ['v45', 'v47', 'v43']), [0.855, 0.095, 0.05])).toThrow(/does not fit/);
  });

  test('chiSquare is Pearson\'s statistic', () => {
    // 60/40 observed against 50/50: (10² + 10²) / 50 = 4.
    expect(chiSquare([60, 40], [0.5, 0.5])).toBeCloseTo(4, 10);
  });
});
