import { Testing } from 'cdk8s';
import { RankingChart } from './main';

test('the manifests we review', () => {
  const chart = new RankingChart(Testing.app(), 'ranking');
  expect(Testing.synth(chart)).toMatchSnapshot();
});

test('premium users reach v47; everyone else is split 85/10/5', () => {
  const { ranking } = new RankingChart(Testing.app(), 'ranking');
  const premium = ranking.explain({ headers: { 'x-user-segment': 'premium' } });
  expect(premium.matchedRoute?.name).toBe('premium');
  expect(premium.destinations.map(d => [d.subset, d.percent])).toEqual([['v47', 100]]);
  const rest = ranking.explain({});
  expect(rest.destinations.map(d => [d.subset, d.percent])).toEqual([['v45', 85], ['v47', 10], ['v43', 5]]);
});
