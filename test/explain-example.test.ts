import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { main } from '../src/cli/main';

const HOST = 'content-ranking.ml-serving.svc.cluster.local';
/** The static variant keeps the premium pin, the A/B test and the shadow on v47 (the progressive one refuses them, see argo-limits.ts). */
const ranking = () => new RecommendationPlatform(Testing.app(), 'recommendation', { staticRankingCanary: true }).contentRanking;
const progressiveRanking = () => new RecommendationPlatform(Testing.app(), 'recommendation').contentRanking;
const shares = (e: { destinations: Array<{ subset?: string; percent: number }> }) => e.destinations.map(d => [d.subset, d.percent]);

describe('ModelService.explain on the example platform', () => {
  test('premium users go to v47, 100%', () => {
    const e = ranking().explain({ headers: { 'x-user-segment': 'premium' } });
    expect(e.matchedRoute).toMatchObject({ index: 0, name: 'premium' });
    expect(shares(e)).toEqual([['v47', 100]]);
    expect(e.mirrors).toEqual([]);
  });

  test('everyone else: 85/10/5 with 10% mirrored to v47; progressive: v45 100% as written (Argo moves v47 through its stages at run time)', () => {
    const e = ranking().explain({ headers: { 'x-user-segment': 'standard' } });
    expect(e.matchedRoute).toMatchObject({ index: 3, name: 'default' });
    expect(shares(e)).toEqual([['v45', 85], ['v47', 10], ['v43', 5]]);
    expect(e.mirrors.map(m => [m.host, m.subset, m.percent])).toEqual([[HOST, 'v47', 10]]);
    expect(e.timeoutMs).toBe(200);
    const p = progressiveRanking().explain({ headers: { 'x-user-segment': 'standard' } });
    expect(p.matchedRoute).toMatchObject({ index: 1, name: 'default' });
    expect(shares(p)).toEqual([['v45', 100]]);
    expect(p.mirrors).toEqual([]);
    expect(shares(progressiveRanking().explain({ headers: { 'x-user-segment': 'premium' } }))).toEqual([['v45', 100]]);
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

describe('the example platform\'s ingress: `explain --gateway` agrees with the mesh view', () => {
  const cli = async (dir: string, ...argv: string[]) => {
    const out: string[] = [];
    const code = await main(['explain', dir, '--format', 'json', ...argv], s => out.push(s), () => undefined);
    return { code, json: JSON.parse(out.join('\n')) };
  };

  test('for every shared route of content-ranking and diversity-reranker, on the synthesized YAML', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-ingress-'));
    fs.writeFileSync(path.join(dir, 'all.yaml'), Yaml.stringify(...Testing.synth(new RecommendationPlatform(Testing.app(), 'recommendation', { staticRankingCanary: true }))));
    const cases: Array<[string, string, string[]]> = [
      ['content-ranking', '/api/v1/ranking', ['-H', 'x-user-segment=premium']],
      ['content-ranking', '/api/v1/ranking', ['-H', 'x-ab-bucket=3']],
      ['content-ranking', '/api/v1/ranking', ['-H', 'x-ab-bucket=90']],
      ['content-ranking', '/api/v1/ranking', []],
      ['diversity-reranker', '/api/v1/rerank', ['-H', 'x-model-version=v9']],
      ['diversity-reranker', '/api/v1/rerank', []],
    ];
    for (const [host, prefix, headers] of cases) {
      const mesh = await cli(dir, '--host', host, '--uri', '/v2/models/x/infer', ...headers);
      const edge = await cli(dir, '--host', 'recsys.example.com', '--gateway', 'ml-serving/recsys-api', '--uri', `${prefix}/v2/models/x/infer`, ...headers);
      expect([edge.code, mesh.code]).toEqual([0, 0]);
      expect(edge.json.destinations).toEqual(mesh.json.destinations);
      expect(edge.json.mirrors).toEqual(mesh.json.mirrors);
      expect(edge.json.rewrite).toEqual({ path: '/v2/models/x/infer' });
      // The response names the version that answered.
      for (const d of edge.json.destinations) expect(d.headers.response.set['x-model-version']).toBe(d.subset);
    }
  });
});
