import { Testing } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';

const HOST = 'content-ranking.ml-serving.svc.cluster.local';
const ranking = () => new RecommendationPlatform(Testing.app(), 'recommendation').contentRanking;
const shares = (e: { destinations: Array<{ subset?: string; percent: number }> }) => e.destinations.map(d => [d.subset, d.percent]);

describe('ModelService.explain on the example platform', () => {
  test('premium users go to v47, 100%', () => {
    const e = ranking().explain({ headers: { 'x-user-segment': 'premium' } });
    expect(e.matchedRoute).toMatchObject({ index: 0, name: 'premium' });
    expect(shares(e)).toEqual([['v47', 100]]);
    expect(e.mirrors).toEqual([]);
  });

  test('everyone else: v45 100% as written (Argo Rollouts moves v47 through its stages at run time), with 10% mirrored to v47', () => {
    const e = ranking().explain({ headers: { 'x-user-segment': 'standard' } });
    expect(e.matchedRoute).toMatchObject({ index: 3, name: 'default' });
    expect(shares(e)).toEqual([['v45', 100]]);
    expect(e.mirrors.map(m => [m.host, m.subset, m.percent])).toEqual([[HOST, 'v47', 10]]);
    expect(e.timeoutMs).toBe(200);
  });

  test('header names are case-insensitive, as in Envoy', () => {
    expect(shares(ranking().explain({ headers: { 'X-User-Segment': 'premium' } }))).toEqual([['v47', 100]]);
  });

  test('A/B buckets: 0..79 go to v45, 80..99 to v47', () => {
    const svc = ranking();
    expect(shares(svc.explain({ headers: { 'x-ab-bucket': '0' } }))).toEqual([['v45', 100]]);
    expect(shares(svc.explain({ headers: { 'x-ab-bucket': '79' } }))).toEqual([['v45', 100]]);
    expect(shares(svc.explain({ headers: { 'x-ab-bucket': '80' } }))).toEqual([['v47', 100]]);
    expect(svc.explain({ headers: { 'x-ab-bucket': '100' } }).matchedRoute?.name).toBe('default');
  });

  test('premium wins over the experiment: explicit matches come first', () => {
    expect(shares(ranking().explain({ headers: { 'x-user-segment': 'premium', 'x-ab-bucket': '3' } }))).toEqual([['v47', 100]]);
  });
});
