import * as fs from 'fs';
import * as path from 'path';
import { knownKinds, validateSchema } from '../../src/check/schema';
import { check, fixture, httpRoute, summary, virtualService } from '../fixtures/check/schema/helpers';

describe('schema layer: known-good manifests validate', () => {
  test.each([
    'reference-content-ranking.yaml',
    'reference-content-ranking-shadow.yaml',
    'inference-service.yaml',
    'rollout.yaml',
    'service-monitor.yaml',
    'deployment-service.yaml',
  ])('%s has no findings', (file) => {
    const docs = fixture(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(summary(check(doc))).toEqual([]);
  });

  // The fixtures are copies (plus a provenance line) of shared/docs/reference-manifests; CI has shared/ beside the clone.
  const shared = path.resolve(__dirname, '..', '..', '..', 'shared', 'docs', 'reference-manifests');
  (fs.existsSync(shared) ? test : test.skip)('the reference fixtures are verbatim copies of shared/docs/reference-manifests', () => {
    for (const name of ['content-ranking.yaml', 'content-ranking-shadow.yaml']) {
      const copy = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'check', 'schema', `reference-${name}`), 'utf8');
      expect(copy.split('\n').slice(1).join('\n')).toBe(fs.readFileSync(path.join(shared, name), 'utf8'));
    }
  });

  test('the reference manifests use networking.istio.io/v1beta1, which is served', () => {
    const kinds = fixture('reference-content-ranking.yaml').map(d => `${(d as any).apiVersion} ${(d as any).kind}`);
    expect(kinds).toEqual(['networking.istio.io/v1beta1 DestinationRule', 'networking.istio.io/v1beta1 VirtualService']);
  });
});

describe('schema layer: unknown kinds', () => {
  test('an unknown group/kind is a finding, not ignored', () => {
    const findings = check({ apiVersion: 'example.com/v1', kind: 'ModelRoute', metadata: { name: 'x' }, spec: {} });
    expect(summary(findings)).toEqual(['schema/unknown-kind kind']);
    expect(findings[0].message).toContain('no matches for kind "ModelRoute" in version "example.com/v1"');
  });

  test('a known kind at a version the CRD does not serve names the served versions', () => {
    const findings = check(virtualService({ hosts: ['a'] }, 'networking.istio.io/v1alpha2'));
    expect(summary(findings)).toEqual(['schema/unknown-kind kind']);
    expect(findings[0].message).toContain('VirtualService is served as networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1');
  });

  test('every served Istio version of VirtualService is accepted', () => {
    for (const v of ['v1', 'v1beta1', 'v1alpha3']) {
      expect(summary(check(virtualService({ hosts: ['a'] }, `networking.istio.io/${v}`)))).toEqual([]);
    }
  });

  test('missing apiVersion or kind, and non-objects, are reported', () => {
    expect(summary(check({ kind: 'Service', metadata: { name: 'a' } }))).toEqual(['schema/unknown-kind apiVersion']);
    expect(summary(check({ apiVersion: 'v1', metadata: { name: 'a' } }))).toEqual(['schema/unknown-kind kind']);
    expect(summary(check('just a string'))).toEqual(['schema/unknown-kind ']);
    expect(summary(check([{ kind: 'Service' }]))).toEqual(['schema/unknown-kind ']);
  });

  test('an empty document is skipped, as kubectl does', () => {
    expect(check(null)).toEqual([]);
  });

  test('a v1 List is expanded and its items are validated with prefixed paths', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [httpRoute({ timeout: '1s' }), httpRoute({ timeut: '1s' })] };
    expect(summary(check(list))).toEqual(['schema/unknown-field items[1].spec.http[0].timeut']);
  });

  test('knownKinds lists CRD kinds at every served version and the Kubernetes built-ins', () => {
    const kinds = knownKinds();
    for (const k of [
      'networking.istio.io/v1/VirtualService', 'networking.istio.io/v1beta1/VirtualService', 'networking.istio.io/v1alpha3/DestinationRule',
      'serving.kserve.io/v1beta1/InferenceService', 'argoproj.io/v1alpha1/Rollout', 'monitoring.coreos.com/v1/ServiceMonitor',
      'flagger.app/v1beta1/Canary', 'apps/v1/Deployment', 'v1/Service', 'v1/ConfigMap',
    ]) expect(kinds).toContain(k);
    expect(kinds).not.toContain('v1/Status');
    expect([...kinds].sort()).toEqual(kinds);
  });
});

describe('schema layer: finding shape', () => {
  test('findings carry file, document, kind, name, namespace, layer and severity', () => {
    const findings = validateSchema({ file: 'routes.yaml', index: 3, object: httpRoute({ timeout: '0s' }) });
    expect(findings).toEqual([{
      file: 'routes.yaml',
      document: 3,
      kind: 'VirtualService',
      name: 'ranking',
      namespace: 'ml-serving',
      path: 'spec.http[0].timeout',
      rule: 'schema/cel',
      layer: 'schema',
      severity: 'error',
      message: 'spec.http[0].timeout: Invalid value: "0s": must be a valid duration greater than 1ms',
    }]);
  });

  test('the input object is never modified (defaults and pruning work on a copy)', () => {
    const obj = httpRoute({ timeout: null, routes: [] });
    const before = JSON.stringify(obj);
    check(obj);
    expect(JSON.stringify(obj)).toBe(before);
  });
});

describe('schema layer: root-level typos', () => {
  test('a misspelt top-level field is matched against apiVersion, kind and metadata too', () => {
    const { metadata, ...rest } = httpRoute({});
    const findings = check({ ...rest, metdata: metadata });
    expect(summary(findings)).toEqual(['schema/required metadata.name', 'schema/unknown-field metdata', 'schema/cel-not-checked ']);
    expect(findings[1].message).toContain('did you mean "metadata"?');
  });
});

describe('schema layer: Gateway API is checked against its standard channel', () => {
  const route = (rule: Record<string, unknown>) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'ranking', namespace: 'ml' },
    spec: { parentRefs: [{ name: 'ml-gateway' }], rules: [{ backendRefs: [{ name: 'ranking', port: 8080 }], ...rule }] },
  });

  test('a standard HTTPRoute validates', () => {
    expect(summary(check(route({ timeouts: { request: '10s' } })))).toEqual([]);
  });

  test('a field only the experimental channel has (crds/gateway-api/experimental) is reported: the standard CRD prunes it', () => {
    expect(summary(check(route({ retry: { attempts: 2 } })))).toEqual([expect.stringMatching(/ spec\.rules\[0\]\.retry$/)]);
  });
});
