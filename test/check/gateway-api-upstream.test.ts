import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPaths } from '../../src/check/checker';

/** Upstream Gateway API v1.6.1 YAML (see test/fixtures/gateway-api-upstream/SOURCES.md). */
const ROOT = path.join(__dirname, '..', 'fixtures', 'gateway-api-upstream');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

const errorsOf = (outcome: ReturnType<typeof checkPaths>) =>
  outcome.findings.filter(f => f.severity === 'error').map(f => `${path.relative(ROOT, f.file)} ${f.path} [${f.rule}] ${f.message}`);

describe('check on upstream Gateway API YAML', () => {
  test('0 errors on the standard examples, against the standard-channel CRDs (CEL included)', () => {
    const outcome = checkPaths([path.join(ROOT, 'valid', 'standard')]);
    expect(errorsOf(outcome)).toEqual([]);
    expect(outcome.documents).toBeGreaterThan(100);
  });

  test('0 errors on all examples against the experimental channel', () => {
    expect(errorsOf(checkPaths([path.join(ROOT, 'valid')], { gatewayApiChannel: 'experimental' }))).toEqual([]);
  });

  test('the standard channel does not serve the experimental-only versions (an apiserver would refuse them)', () => {
    const outcome = checkPaths([path.join(ROOT, 'valid', 'experimental', 'v1alpha3')]);
    expect(outcome.findings.map(f => f.rule)).toContain('schema/unknown-kind');
  });

  for (const channel of ['standard', 'experimental'] as const) {
    test(`every upstream invalid example (${channel}) draws an error`, () => {
      const files = yamlFiles(path.join(ROOT, 'invalid', channel));
      expect(files.length).toBeGreaterThan(0);
      const outcome = checkPaths(files, { gatewayApiChannel: channel });
      const flagged = new Set(outcome.findings.filter(f => f.severity === 'error').map(f => f.file));
      expect(files.filter(f => !flagged.has(f)).map(f => path.relative(ROOT, f))).toEqual([]);
    });
  }

  test('an experimental field is unknown to the standard channel and accepted by the experimental one', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'default' },
      spec: { rules: [{ retry: { attempts: 2, codes: [503] }, backendRefs: [{ name: 'svc', port: 80 }] }] },
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-')), 'route.json');
    fs.writeFileSync(file, JSON.stringify(route));
    const standard = checkPaths([file], { layers: ['schema'] });
    expect(standard.findings.map(f => [f.path, f.rule])).toEqual([['spec.rules[0].retry', 'schema/unknown-field']]);
    expect(checkPaths([file], { layers: ['schema'], gatewayApiChannel: 'experimental' }).errors).toBe(0);
  });
});
