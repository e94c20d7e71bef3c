import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { unsafe } from './argo/assert-safe';
import { simulate } from './argo/simulate';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { MeshApp, RoutingReport } from '../src';
import { main } from '../src/cli/main';

/** The example's manifests: the first progressive apply, or the next one (v47's template). */
function example(firstApply: boolean): any[] {
  const chart = new RecommendationPlatform(new App(), 'recommendation', { rankingFirstApply: firstApply });
  return (chart as Chart).toJson();
}

const ranking = (objects: any[]) => objects.filter(o => o.metadata?.labels?.['app.kubernetes.io/name'] === 'content-ranking' || o.kind === 'VirtualService' || o.kind === 'DestinationRule');

describe('the example on Argo Rollouts 1.9.1 (a port of its Istio router, test/argo/istio-port.ts)', () => {
  const first = example(true);
  const next = example(false);
  const states = simulate(ranking(first), ranking(next));

  test('every moment: no request reaches a subset without pods, no subset is deleted, every VirtualService carries the stage\'s weights', () => {
    expect(states.map(s => s.moment)).toEqual(['install', 'installed', 'applied', 'start', 'stage 1', 'stage 2', 'stage 3', 'stage 4', 'promoting', 'aborted', 'promoted']);
    for (const state of states) expect(unsafe(state, state.moment.startsWith('install') ? first : next)).toEqual([]);
  });
});

describe('the simulation catches the four problems of the old example (hand-broken copies of the manifests)', () => {
  const first = ranking(example(true));
  const next = ranking(example(false));
  const edit = (objects: any[], kind: string, name: string, change: (o: any) => void) => objects.map(o => {
    if (o.kind !== kind || o.metadata.name !== name) return o;
    const copy = JSON.parse(JSON.stringify(o));
    change(copy);
    return copy;
  });
  const problemsOf = (broken: any[]) => simulate(first, broken).flatMap(s => unsafe(s, s.moment.startsWith('install') ? first : broken));

  test('a warm version\'s subset in the managed DestinationRule is deleted by UpdateHash', () => {
    const broken = edit(next, 'DestinationRule', 'content-ranking', dr => dr.spec.subsets.push({ name: 'v43', labels: { 'app.kubernetes.io/name': 'content-ranking', 'version': 'v43' } }));
    expect(problemsOf(broken)).toContain('start: DestinationRule content-ranking lost subset "v43"');
  });

  test('a route pinned to the canary subset black-holes at the start and after an abort', () => {
    const broken = edit(next, 'VirtualService', 'content-ranking', vs => {
      vs.spec.http[0].route = [{ destination: { host: 'content-ranking.ml-serving.svc.cluster.local', subset: 'v47' } }];
    });
    const problems = problemsOf(broken);
    expect(problems.filter(p => p.includes('route "premium" sends to') && p.includes('subset "v47", which selects no ready pod')).map(p => p.split(':')[0]))
      .toEqual(['start', 'aborted']);
  });

  test('a gateway VirtualService the Rollout does not name stays at 100/0', () => {
    const broken = edit(next, 'Rollout', 'content-ranking', ro => {
      ro.spec.strategy.canary.trafficRouting.istio.virtualServices = ro.spec.strategy.canary.trafficRouting.istio.virtualServices.slice(0, 1);
    });
    const r = simulate(first, broken).find(s => s.moment === 'stage 2')!;
    const gatewayVs = r.objects.find(o => o.kind === 'VirtualService' && o.metadata.name === 'recsys-api')!;
    const route = gatewayVs.spec.http.find((h: any) => h.name === 'content-ranking-default');
    expect(route.route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v45', 100], ['v47', 0]]);
  });
});

describe('first apply', () => {
  const first = ranking(example(true));
  const next = ranking(example(false));
  /** The versions of the ready pods the stable subset selects once installed. */
  const stableVersions = (objects: any[]) => {
    const installed = simulate(objects).find(s => s.moment === 'installed')!;
    const dr = installed.objects.find(o => o.kind === 'DestinationRule' && o.metadata.name === 'content-ranking')!;
    const stable = dr.spec.subsets.find((s: any) => s.name === 'v45').labels;
    return [...new Set(installed.pods.filter(p => Object.entries(stable).every(([k, v]) => p[k] === v)).map(p => p.version))];
  };

  test('the example\'s first apply installs the champion\'s template: stable is v45, and v45\'s Deployment serves until the Rollout is ready', () => {
    expect(stableVersions(first)).toEqual(['v45']);
    const install = simulate(first)[0];
    expect(unsafe(install, first)).toEqual([]);
    expect(first.filter(o => o.kind === 'Deployment').map(o => o.metadata.name)).toEqual(['content-ranking-v45']);
  });

  test('installing the challenger\'s template first would skip every stage: Argo scales a new Rollout\'s template to full at once (docs/FAQ.md)', () => {
    expect(stableVersions(next)).toEqual(['v47']);
  });
});

describe('the report\'s timeline and explain --stage agree with the simulation at every moment of the example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argo-timeline-'));
  const app = new MeshApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const chart = new RecommendationPlatform(app, 'recommendation', { rankingFirstApply: false });
  app.synth();
  const next = ranking(chart.toJson());
  const states = simulate(ranking(example(true)), next);
  /** Timeline moment → simulated moment ('rest' is the next apply before Argo reconciles: both subsets on the stable pods). */
  const moments: Array<[string, string]> = [['rest', 'applied'], ['start', 'start'], ['1', 'stage 1'], ['2', 'stage 2'], ['3', 'stage 3'], ['4', 'stage 4'],
    ['5', 'promoting'], ['aborted', 'aborted'], ['promoted', 'promoted']];

  async function explain(args: string[]): Promise<any> {
    let out = '';
    let err = '';
    const code = await main(['explain', dir, ...args, '--format', 'json'], s => { out += s; }, s => { err += s; });
    expect({ code, errors: err.split('\n').filter(l => l.startsWith('explain:')) }).toEqual({ code: 0, errors: [] });
    return JSON.parse(out);
  }

  /** Pods (count and versions) the live DestinationRule's subset selects in the simulated cluster. */
  function selected(moment: string, subset: string): { count: number; versions: string[] } {
    const state = states.find(s => s.moment === moment)!;
    const dr = state.objects.find(o => o.kind === 'DestinationRule' && o.metadata.name === 'content-ranking')!;
    const labels = dr.spec.subsets.find((s: any) => s.name === subset).labels;
    const pods = state.pods.filter(p => Object.entries(labels).every(([k, v]) => p[k] === v));
    return { count: pods.length, versions: [...new Set(pods.map(p => p.version))] };
  }

  test.each(moments)('moment %s (simulated: %s): mesh and gateway weights, and the pods behind each subset', async (id, simulated) => {
    const state = states.find(s => s.moment === simulated)!;
    const mesh = await explain(['--host', 'content-ranking', '--stage', id]);
    const gateway = await explain(['--host', 'recsys.example.com', '--gateway', 'ml-serving/recsys-api', '--uri', '/api/v1/ranking/score', '--stage', id]);
    for (const e of [mesh, gateway]) {
      const share = (subset: string) => e.destinations.find((d: any) => d.subset === subset)?.percent ?? 0;
      expect([share('v47'), share('v45')]).toEqual([state.canaryWeight, 100 - state.canaryWeight]);
    }
    const m = mesh.progressive.moment;
    const canary = selected(simulated, 'v47');
    const stable = selected(simulated, 'v45');
    expect([m.canaryPods, m.stablePods]).toEqual([canary.count, stable.count]);
    if (canary.count > 0) expect([m.canaryPodVersion]).toEqual(canary.versions);
    expect([m.stablePodVersion]).toEqual(stable.versions);
  });

  test('the routing report shows the same timeline', () => {
    const report = RoutingReport.ofConstructs(chart);
    for (const [id, simulated] of moments) {
      const state = states.find(s => s.moment === simulated)!;
      const canary = selected(simulated, 'v47');
      const stable = selected(simulated, 'v45');
      const pods = (p: { count: number; versions: string[] }) => (p.count === 0 ? '**no pod**' : `${p.count} × \`${p.versions[0]}\``);
      expect(report).toContain(`| \`${id}\` | ${state.canaryWeight}% | ${100 - state.canaryWeight}% | ${pods(canary)} | ${pods(stable)} |`);
    }
  });
});
