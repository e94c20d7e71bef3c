/**
 * The wire types in src/wire/generated/ are generated from the vendored CRDs by scripts/gen-wire.ts
 * (`npm run wire`); they must match what the generator writes today, cover every custom kind we
 * emit, and carry the wire's own field names.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { generateWireFiles, WIRE_DIR } from '../scripts/wire-gen/generate';
import { WIRE_TARGETS } from '../scripts/wire-gen/targets';
import * as apiVersions from '../src/wire/api-versions';

const root = path.join(__dirname, '..');
const generated = generateWireFiles(root);

/** `group/version kind` of every generated spec type. */
const GENERATED_KINDS = new Set(WIRE_TARGETS.flatMap(t => t.kinds.map(k => {
  const crd = t.crds.map(f => YAML.parseAllDocuments(fs.readFileSync(path.join(root, f), 'utf8')).map(d => d.toJS()))
    .flat().find(d => d?.spec?.names?.kind === k.kind);
  return `${crd.spec.group}/${k.version} ${k.kind}`;
})));

test('src/wire/generated is what `npm run wire` writes from the vendored CRDs (run it after re-vendoring crds/)', () => {
  const committed = fs.readdirSync(path.join(root, WIRE_DIR)).map(f => `${WIRE_DIR}/${f}`).sort();
  expect(committed).toEqual([...generated.keys()].sort());
  for (const [file, text] of generated) {
    expect({ file, text: fs.readFileSync(path.join(root, file), 'utf8') }).toEqual({ file, text });
  }
});

test('every custom kind the example platform emits has a generated spec type, at the version emitted', () => {
  const emitted = new Set<string>();
  for (const props of [{}, { staticRankingCanary: true }]) {
    for (const m of Testing.synth(new RecommendationPlatform(Testing.app(), 'recommendation', props))) {
      if (m.apiVersion.includes('.')) emitted.add(`${m.apiVersion} ${m.kind}`);
    }
  }
  expect([...emitted].filter(k => !GENERATED_KINDS.has(k))).toEqual([]);
  expect(emitted.size).toBeGreaterThanOrEqual(8);
});

test('each apiVersion constant is the version of a generated kind', () => {
  const versions = new Set([...GENERATED_KINDS].map(k => k.split(' ')[0]));
  for (const [name, value] of Object.entries(apiVersions)) expect({ name, generated: versions.has(value) }).toEqual({ name, generated: true });
});

test('field names are the wire\'s: no camel-casing (cdk8s import would write consecutive5XxErrors)', () => {
  const istio = generated.get(`${WIRE_DIR}/istio-networking.ts`)!;
  expect(istio).toContain('readonly consecutive5xxErrors?: number;');
  // Both spellings Istio accepts are kept; cdk8s import keeps only one of two names that camel-case alike.
  expect(istio).toContain('readonly mirror_percent?: number;');
  expect(istio).toContain('readonly mirrorPercent?: number;');
});

test('Gateway API fields and values only the experimental channel has are marked in TSDoc', () => {
  const gatewayApi = generated.get(`${WIRE_DIR}/gateway-api.ts`)!;
  const markedField = (field: string) => new RegExp(`@experimental Gateway API experimental channel only: [^\\n]*\\n\\s*\\*/\\n\\s*readonly ${field}\\?`).test(gatewayApi);
  // In experimental/httproutes.yaml but not in standard/httproutes.yaml (Gateway API v1.6.1).
  expect(['retry', 'sessionPersistence', 'useDefaultGateways', 'externalAuth'].filter(f => !markedField(f))).toEqual([]);
  expect(gatewayApi).toContain('Values only the experimental channel accepts: "ExternalAuth".');
  // A standard field is not marked.
  expect(/@experimental[^/]*\*\/\n\s*readonly backendRefs\?/.test(gatewayApi)).toBe(false);
});

test('generated files hold types only: nothing that emits JavaScript', () => {
  for (const [file, text] of generated) {
    const code = text.split('\n').filter(l => !/^\s*(\/\/|\/\*\*|\*)/.test(l));
    expect({ file, runtime: code.filter(l => /^export (?!interface )/.test(l)) }).toEqual({ file, runtime: [] });
  }
});
