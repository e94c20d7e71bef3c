import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { ApiObject, Chart, Lazy, YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { ModelService, RequestMatch } from '../src';
import { MeshApp } from '../src/constructs/mesh-app';
import { RoutingReport } from '../src/constructs/routing-report';

function outdir(): string {
  return mkdtempSync(join(tmpdir(), 'mesh-app-'));
}

describe('MeshApp', () => {
  test('synth writes the manifests and ROUTING.md for every model service', () => {
    const dir = outdir();
    const app = new MeshApp({ outdir: dir });
    new RecommendationPlatform(app, 'platform');
    app.synth();
    const report = readFileSync(join(dir, 'ROUTING.md'), 'utf8');
    expect(report).toBe(RoutingReport.ofConstructs(app));
    for (const model of ['content-ranking', 'user-affinity', 'session-context', 'diversity-reranker', 'freshness-booster']) {
      expect(report).toContain(`\n## ${model}\n`);
    }
    expect(existsSync(join(dir, 'platform.k8s.yaml'))).toBe(true);
  });

  test('the report follows the route table the constructs build', () => {
    const dir = outdir();
    const app = new MeshApp({ outdir: dir, routingReportFile: 'docs/routing.md' });
    new RecommendationPlatform(app, 'platform');
    app.synth();
    const lines = readFileSync(join(dir, 'docs', 'routing.md'), 'utf8').split('\n');
    expect(lines.find(l => l.includes('`v45`') && l.startsWith('| **content-ranking**'))).toContain('| 100% |');
    expect(lines).toContain('| 1 | 5% | 95% | 10m | gates pass → next stage; a gate fails → abort, back to 100% champion; no data → pause |');
    expect(lines).toContain('| `ModelChallengerLatencyRegression` | `v47` | P99 bucket starts over 1.1 × the end of champion v45\'s P99 bucket over 5m |');
  });

  test('nothing is written when validation fails, and the report can be turned off', () => {
    const dir = outdir();
    const app = new MeshApp({ outdir: dir });
    const chart = new Chart(app, 'broken', { namespace: 'ml-serving' });
    const svc = new ModelService(chart, 'ranking', { modelName: 'ranking', versions: [{ name: 'v1', image: 'img:v1' }] });
    svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v9');
    expect(() => app.synth()).toThrow(/v9/);
    expect(existsSync(join(dir, 'ROUTING.md'))).toBe(false);

    const quiet = outdir();
    const app2 = new MeshApp({ outdir: quiet, routingReport: false });
    new RecommendationPlatform(app2, 'platform');
    app2.synth();
    expect(existsSync(join(quiet, 'ROUTING.md'))).toBe(false);
  });

  test('a failure while writing leaves the previous output untouched and no staging files', () => {
    const dir = outdir();
    const good = new MeshApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new RecommendationPlatform(good, 'platform');
    good.synth();
    const before = readdirSync(join(dir, 'platform')).sort();

    const bad = new MeshApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new RecommendationPlatform(bad, 'platform');
    // Passes validation, then fails while files are being written (as a library bug would).
    new ApiObject(new Chart(bad, 'zz-late'), 'boom', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'boom' },
      data: Lazy.any({ produce: () => { throw new Error('serialization failed'); } }),
    });
    expect(() => bad.synth()).toThrow(/serialization failed/);
    expect(readdirSync(join(dir, 'platform')).sort()).toEqual(before);
    // Only this output's staging files: other synths (other suites, other checkouts) share the temp directory.
    expect(readdirSync(join(dir, '..')).filter(f => f.startsWith(`.${basename(dir)}.staging`))).toEqual([]);
  });
});
