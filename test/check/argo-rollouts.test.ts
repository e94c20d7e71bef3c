import { join } from 'path';
import { checkDocuments } from '../../src/check/checker';
import { readManifests } from '../../src/check/read-manifests';

const FIXTURES = join(__dirname, '..', 'fixtures', 'check', 'argo-rollouts');

/** `kind/name path [rule]` of the Argo findings of a fixture. */
function argoFindings(file: string): string[] {
  const read = readManifests([join(FIXTURES, file)]);
  return checkDocuments(read.documents).findings.filter(f => f.rule.startsWith('reference/argo-'))
    .map(f => `${f.severity} ${f.kind}/${f.name} ${f.path} [${f.rule}]`).sort();
}

describe('check knows Argo Rollouts 1.9.1 (src/check/reference/argo-rollouts.ts)', () => {
  test('the four problems of the old example, written by hand', () => {
    expect(argoFindings('old-example.yaml')).toEqual([
      // 1. UpdateHash deletes the warm subset.
      'error DestinationRule/content-ranking spec.subsets[2] [reference/argo-dr-extra-subset]',
      // 2. The premium route, the A/B arm and the mirror name the canary subset.
      'error VirtualService/content-ranking spec.http[0] [reference/argo-canary-subset-pinned]',
      'error VirtualService/content-ranking spec.http[1] [reference/argo-canary-subset-pinned]',
      'error VirtualService/content-ranking spec.http[2] [reference/argo-canary-subset-pinned]',
      // 3. The gateway's split is not the Rollout's.
      'error VirtualService/recsys-api spec.http[0].route [reference/argo-unmanaged-split]',
      // 4. The first apply would run the canary's template at once.
      'warning Rollout/content-ranking spec.template.metadata.labels.version [reference/argo-first-apply]',
    ]);
  });

  test('messages cite Argo\'s source and name the way out', () => {
    const read = readManifests([join(FIXTURES, 'old-example.yaml')]);
    const findings = checkDocuments(read.documents).findings;
    const message = (rule: string) => findings.find(f => f.rule === `reference/${rule}`)!.message;
    expect(message('argo-dr-extra-subset')).toContain('argo-rollouts v1.9.1 rollout/trafficrouting/istio/istio.go');
    expect(message('argo-canary-subset-pinned')).toContain('argo-rollouts v1.9.1 rollout/canary.go');
    expect(message('argo-unmanaged-split')).toContain('Add {name: recsys-api, routes: [content-ranking-default]} to trafficRouting.istio.virtualServices');
    expect(message('argo-first-apply')).toContain('docs/FAQ.md');
  });

  test('the rules of Argo\'s own validation and of ValidateHTTPRoutes', () => {
    expect(argoFindings('invalid-steps.yaml')).toEqual([
      'error Rollout/scorer spec.strategy.canary.steps[0].setWeight [reference/argo-set-weight]',
      'error Rollout/scorer spec.strategy.canary.steps[1] [reference/argo-step]',
      'error Rollout/scorer spec.strategy.canary.steps[2].setHeaderRoute [reference/argo-managed-route]',
      'error Rollout/scorer spec.strategy.canary.steps[3] [reference/argo-step]',
      'error VirtualService/scorer spec.http [reference/argo-route-not-found]',
    ]);
  });
});
