import * as path from 'path';
import { checkPaths } from '../../src/check/checker';

/** Gateway API v1.6.1 conformance cases (test/fixtures/gateway-api-upstream/SOURCES.md), with their base manifests. */
const DIR = path.join(__dirname, '..', 'fixtures', 'gateway-api-upstream', 'conformance');

function referenceFindings(test: string): string[] {
  const outcome = checkPaths([path.join(DIR, 'base-manifests.yaml'), path.join(DIR, `${test}.yaml`)]);
  return outcome.findings.filter(f => f.layer === 'reference' || f.severity === 'error').map(f => `${f.severity} ${f.rule} ${f.path}`);
}

describe('Gateway API reference checks, against the conformance suite\'s expectations', () => {
  test.each([
    // conformance/tests/<name>.go: the route condition the conformance test expects.
    ['httproute-simple-same-namespace', []], // Accepted, ResolvedRefs
    ['httproute-cross-namespace', []], // parentRef to a Gateway in another namespace whose listener allows it
    ['httproute-reference-grant', []], // ReferenceGrant permits the cross-namespace backend
    ['httproute-invalid-cross-namespace-backend-ref', ['error reference/gateway-api-ref-not-permitted spec.rules[0].backendRefs[0].namespace']], // RefNotPermitted
    ['httproute-invalid-reference-grant', ['error reference/gateway-api-ref-not-permitted spec.rules[0].backendRefs[0].namespace']], // grants that do not match
    ['httproute-invalid-nonexistent-backendref', ['warning reference/gateway-api-backend-not-found spec.rules[0].backendRefs[0]']], // BackendNotFound
    ['httproute-invalid-parentref-not-matching-section-name', ['error reference/gateway-api-no-matching-listener spec.parentRefs[0]']], // NoMatchingParent
    ['httproute-invalid-parentref-not-matching-listener-port', ['error reference/gateway-api-no-matching-listener spec.parentRefs[0]']], // NoMatchingParent
  ])('%s', (name, expected) => {
    expect(referenceFindings(name)).toEqual(expected);
  });
});
