import * as path from 'path';
import { checkDocuments, checkPaths } from '../../src/check/checker';

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

describe('Gateway API reference checks on mesh (GAMMA) routes', () => {
  const service = (name: string, port: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ml' }, spec: { ports: [{ port }] } });
  const route = (parentPort: number, backendPort: number, backend = 'ranking-v1') => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'ranking', namespace: 'ml' },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: 'ranking', port: parentPort }], rules: [{ backendRefs: [{ name: backend, port: backendPort }] }] },
  });
  const findings = (objects: object[]) => checkDocuments(objects.map((object, index) => ({ file: 'x.yaml', index, object })), { layers: ['reference'] })
    .findings.map(f => `${f.severity} ${f.rule} ${f.path}`);

  test('ports the Services expose, and targets that exist: no finding', () => {
    expect(findings([service('ranking', 8080), service('ranking-v1', 8080), route(8080, 8080)])).toEqual([]);
  });

  test('a port the parent or backend Service does not expose is an error; a missing backend a warning', () => {
    expect(findings([service('ranking', 8080), service('ranking-v1', 8080), route(80, 9090)])).toEqual([
      'error reference/gateway-api-parent-port spec.parentRefs[0].port',
      'error reference/gateway-api-backend-port spec.rules[0].backendRefs[0].port',
    ]);
    expect(findings([route(8080, 8080, 'ranking-v9')])).toEqual([
      'warning reference/gateway-api-parent-not-found spec.parentRefs[0]',
      'warning reference/gateway-api-backend-not-found spec.rules[0].backendRefs[0]',
    ]);
  });
});
