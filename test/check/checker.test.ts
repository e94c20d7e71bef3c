import { join } from 'path';
import { checkPaths, comparePaths, MissingPathError } from '../../src/check/checker';
import { CheckLayer, MeshCheck } from '../../src/check/mesh-check';
import { readManifests } from '../../src/check/read-manifests';

const FIXTURES = join(__dirname, '..', 'fixtures', 'check');
const fixture = (...parts: string[]) => join(FIXTURES, ...parts);
const lines = (paths: string[], layers?: Array<'schema' | 'webhook' | 'reference'>) =>
  checkPaths(paths, { layers }).findings.map(f => `${f.file.slice(FIXTURES.length + 1)}#${f.document} ${f.path} [${f.rule}] ${f.message}`);

describe('check: the hand-written content-ranking routing', () => {
  test('all layers: the VirtualService routes to a host no Service in the run provides', () => {
    const outcome = checkPaths([fixture('content-ranking', 'content-ranking.yaml')]);
    expect(outcome.documents).toBe(2);
    expect(outcome.errors).toBe(3);
    expect(outcome.warnings).toBe(1);
    expect(lines([fixture('content-ranking', 'content-ranking.yaml')])).toEqual([
      'content-ranking/content-ranking.yaml#0 spec.host [reference/IST0174] The host content-ranking-svc defined in the DestinationRule does not match any services in the mesh.',
      ...['spec.http[0].route[0]', 'spec.http[1].route[0]', 'spec.http[1].route[1]'].map(p =>
        `content-ranking/content-ranking.yaml#1 ${p}.destination.host [reference/IST0101-host] Referenced host not found: "content-ranking-svc" (no Service, ServiceEntry or InferenceService in the checked manifests provides content-ranking-svc.ml-serving.svc.cluster.local)`),
    ]);
  });

  test('schema and webhook layers only: clean', () => {
    const outcome = checkPaths([fixture('content-ranking')], { layers: ['schema', 'webhook'] });
    expect(outcome.documents).toBe(4);
    expect(outcome.findings).toEqual([]);
    expect(outcome.layers).toEqual(['schema', 'webhook']);
  });

  test('the routing and its shadow variant in one run: two mesh VirtualServices for one host, two DestinationRules', () => {
    const rules = checkPaths([fixture('content-ranking')], { layers: ['reference'] }).findings.map(f => f.rule);
    expect(rules.filter(r => r === 'reference/IST0109')).toHaveLength(2);
    expect(rules.filter(r => r === 'reference/duplicate-destination-rule')).toHaveLength(2);
  });

  test('with its Service and one Deployment per version: clean in all three layers', () => {
    const outcome = checkPaths([fixture('content-ranking-served')]);
    expect(outcome.findings).toEqual([]);
    expect(outcome.documents).toBe(6);
    expect(outcome.files).toBe(2);
  });

  test('a broken copy: each change yields one precise finding', () => {
    const file = 'content-ranking-broken/content-ranking.yaml';
    expect(lines([fixture('content-ranking-broken')], ['webhook', 'reference'])).toEqual([
      `${file}#0 spec.subsets[2].labels [reference/IST0173] The Subset v49 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). (no workload in the checked manifests has pod labels model-version=v49)`,
      `${file}#0 spec.trafficPolicy.outlierDetection.maxEjectionPercent [webhook/outlier-percent] percentage 150 is not in range 0..100`,
      `${file}#1 spec.http[0].retries.retryOn [webhook/retry-on] " gateway-error" is not a valid retryOn policy`,
      `${file}#1 spec.http[0].route[1].destination.subset [reference/IST0101-subset] Referenced host+subset in destinationrule not found: "content-ranking-svc+v48" (DestinationRules for ml-serving/content-ranking-svc define subsets: v45, v47, v49)`,
      `${file}#1 spec.http[0].route[1].weight [webhook/weight-negative] weight -10 < 0`,
      `${file}#1 spec.http[0].timeout [webhook/duration] duration must be greater than 1ms`,
      `${file}#1 spec.http[1].match[0] [webhook/unreachable-rule] virtualService rule #1 not used (route without matches defined before)`,
    ]);
  });

  test('the schema layer reports the 0s timeout too, at the same path', () => {
    const schema = checkPaths([fixture('content-ranking-broken')], { layers: ['schema'] }).findings;
    expect(schema.map(f => `${f.layer} ${f.document} ${f.path}`)).toEqual(['schema 1 spec.http[0].timeout']);
  });
});

describe('check: reading files and directories', () => {
  test('directories are read recursively in name order; only .yaml, .yml and .json files', () => {
    const read = readManifests([fixture('reading')]);
    expect(read.files.map(f => f.slice(FIXTURES.length + 1))).toEqual([
      'reading/a.yaml', 'reading/b.json', 'reading/nested/c.yml', 'reading/nested/z-broken.yaml', 'reading/scalar.yaml',
    ]);
    expect(read.documents.map(d => `${d.file.slice(FIXTURES.length + 1)}#${d.index} ${d.object.metadata.name}`)).toEqual([
      'reading/a.yaml#0 first', 'reading/a.yaml#2 third', 'reading/b.json#0 json-a', 'reading/b.json#1 json-b', 'reading/nested/c.yml#0 nested',
      'reading/nested/z-broken.yaml#0 fine',
    ]);
    expect(read.documents[1].object.data.script).toBe('echo "hello"\nexit 0\n');
  });

  test('syntax errors and non-objects are findings, not exceptions', () => {
    expect(lines([fixture('reading')])).toEqual([
      'reading/nested/z-broken.yaml#1  [yaml/syntax] Flow sequence in block collection must be sufficiently indented and end with a ] at line 11, column 3',
      'reading/scalar.yaml#0  [yaml/not-an-object] document is a string; expected a Kubernetes object (a mapping with apiVersion, kind and metadata)',
    ]);
  });

  test('a missing path is an error naming it', () => {
    expect(() => checkPaths([fixture('nope.yaml')])).toThrow(MissingPathError);
    expect(() => checkPaths([fixture('nope.yaml')])).toThrow(/path not found: .*nope\.yaml/);
  });

  test('a file given explicitly is read whatever its extension', () => {
    expect(readManifests([fixture('reading', 'nested', 'notes.txt')]).documents.map(d => d.object)).toEqual([
      { 'not a manifest': 'ignored when walking directories' },
    ]);
  });
});

describe('check: ordering', () => {
  test('list indices compare as numbers', () => {
    const paths = ['spec.http[10].route[0]', 'spec.http[2].route[1]', 'spec.http[2].route[0].weight', 'spec.hosts[0]', 'spec.http[2]'];
    expect([...paths].sort(comparePaths)).toEqual(['spec.hosts[0]', 'spec.http[2]', 'spec.http[2].route[0].weight', 'spec.http[2].route[1]', 'spec.http[10].route[0]']);
  });
});

describe('MeshCheck (jsii API)', () => {
  const vs = (weight: number) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'r', namespace: 'ml' },
    spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' }, weight }] }] },
  });

  test('checkManifests on in-memory objects', () => {
    const result = MeshCheck.checkManifests([vs(-1)], { layers: [CheckLayer.WEBHOOK] });
    expect(result.ok).toBe(false);
    expect(result.errorCount).toBe(1);
    expect(result.findings).toEqual([{
      file: '<manifests>',
      document: 0,
      kind: 'VirtualService',
      name: 'r',
      resourceNamespace: 'ml',
      path: 'spec.http[0].route[0].weight',
      rule: 'webhook/weight-negative',
      layer: CheckLayer.WEBHOOK,
      severity: 'error',
      message: 'weight -1 < 0',
    }]);
    expect(MeshCheck.checkManifests([vs(1)], { layers: [CheckLayer.WEBHOOK] }).ok).toBe(true);
  });

  test('checkFiles with the default layers, and the defaultNamespace option', () => {
    const result = MeshCheck.checkFiles([fixture('content-ranking-served')]);
    expect(result).toMatchObject({ ok: true, errorCount: 0, warningCount: 0, documentCount: 6, fileCount: 2 });
    const inOtherNamespace = MeshCheck.checkManifests([{ ...vs(1), metadata: { name: 'r' } }], { layers: [CheckLayer.REFERENCE], defaultNamespace: 'team-a' });
    expect(inOtherNamespace.findings.map(f => f.message)).toEqual([
      'Referenced host not found: "r" (no Service, ServiceEntry or InferenceService in the checked manifests provides r.team-a.svc.cluster.local)',
    ]);
  });
});
