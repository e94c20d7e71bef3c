import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { MeshApp } from '../src';
import { checkPaths } from '../src/check/checker';
import { main } from '../src/cli/main';

/** Synthesize the example exactly as `cdk8s synth` does, into a fresh directory. */
function synthExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'example-'));
  const app = new MeshApp({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  new RecommendationPlatform(app, 'recommendation');
  app.synth();
  return dir;
}

/** Replace `from` by `to` in one synthesized file (a hand edit a reviewer might miss). */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, 'recommendation', file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`edit did not apply to ${file}`);
  writeFileSync(path, changed);
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, s => { out += s + '\n'; }, s => { out += s + '\n'; });
  return { code, out };
}

describe('check on the synthesized example platform', () => {
  test('every manifest is accepted by the CRD and Kubernetes 1.28 schemas, Istio\'s webhook rules and the cross-reference checks', () => {
    const outcome = checkPaths([synthExample()]);
    expect(outcome.findings).toEqual([]);
    expect(outcome.documents).toBe(53);
    expect(outcome.layers).toEqual(['schema', 'webhook', 'reference']);
  });

  test('`cdk8s-ml-mesh check dist/` exits 0', async () => {
    const { code, out } = await cli(['check', synthExample()]);
    expect(code).toBe(0);
    expect(out).toMatch(/no problems in 53 documents/i);
  });

  test.each([
    ['a subset typo', 'VirtualService.content-ranking.k8s.yaml', /subset: v45/, 'subset: v44',
      'reference/IST0101-subset', 'spec.http[0].route[0].destination.subset'],
    ['a zero timeout', 'VirtualService.user-affinity.k8s.yaml', /timeout: 150ms/, 'timeout: 0s',
      'webhook/duration', 'spec.http[0].timeout'],
    ['a misplaced mirrorPercent', 'VirtualService.user-affinity.k8s.yaml', /        subset: v13\n      mirrorPercentage:\n        value: 20\n/,
      '        subset: v13\n        mirrorPercent: 20\n', 'schema/unknown-field', 'spec.http[0].mirror.mirrorPercent'],
    ['a negative weight', 'VirtualService.diversity-reranker.k8s.yaml', /weight: 95/, 'weight: -95',
      'webhook/weight-negative', 'spec.http[1].route[0].weight'],
    ['a subset selecting no pods', 'DestinationRule.session-context.k8s.yaml', /version: v2/, 'version: v2-old',
      'reference/IST0173', 'spec.subsets[1].labels'],
  ])('a broken copy with %s fails with the rule and the path', async (_what, file, from, to, rule, path) => {
    const dir = synthExample();
    edit(dir, file, from, to);
    const { code, out } = await cli(['check', dir, '--format', 'json']);
    expect(code).toBe(1);
    const findings = JSON.parse(out).findings;
    expect(findings).toContainEqual(expect.objectContaining({ rule, path, severity: 'error' }));
  });
});
