import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { compileRules } from '../../src/check/schema/cel/cel-rule';
import { buildCompactSchemas, CHANNEL_DIRS, stripSchema } from '../../src/check/schema/compact';
import { headerOf, scanCrdDirectory, scanHeader } from '../../src/check/schema/crd-source';
import { SchemaRegistry } from '../../src/check/schema/registry';
import { packageRoot } from '../../src/check/schema/repo-root';
import { re2Error } from '../../src/util/re2';

const root = packageRoot();
const crdDir = path.join(root, 'crds');
/** Scanned once for the file; the first test parses each version item before the whole CRD. */
const channelDir = path.join(crdDir, CHANNEL_DIRS.experimental);
/** The default registry's CRDs (the standard Gateway API channel), and the experimental channel's. */
const chunks = scanCrdDirectory(crdDir, [channelDir]);
const experimental = scanCrdDirectory(channelDir);

describe('schema registry', () => {
  test('the package root is found by walking up to crds/ and schemas/', () => {
    expect(fs.existsSync(path.join(root, 'crds', 'istio', 'istio-crds.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'schemas', 'k8s-1.28', '_definitions.json'))).toBe(true);
    expect(path.relative(root, __dirname)).toBe(path.join('test', 'check'));
  });

  test('the line scan of every vendored CRD agrees with a full YAML parse', () => {
    expect(chunks.length).toBeGreaterThanOrEqual(28);
    for (const chunk of chunks) {
      // version() first, so it parses just the item the scan located; then compare with the whole CRD.
      const items = chunk.header.versions.map(v => chunk.version(v));
      const definition = chunk.definition();
      expect({ file: chunk.file, ...chunk.header }).toEqual({ file: chunk.file, ...headerOf(definition) });
      expect(items).toEqual(chunk.header.versions.map(v => definition.spec.versions.find((x: any) => x.name === v)));
    }
  });

  test('the scan gives up (so the caller parses) on layouts it does not understand', () => {
    const flow = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {group: a.io, names: {kind: A}, scope: Namespaced, versions: [{name: v1, served: true}]}\n';
    expect(scanHeader(flow)).toBeUndefined();
    expect(scanHeader(fs.readFileSync(path.join(crdDir, 'flagger', 'flagger.app_crds.yaml'), 'utf8').split(/^---$/m)[0])?.header)
      .toEqual({ group: 'flagger.app', kind: 'Canary', namespaced: true, versions: ['v1beta1'] });
    expect(headerOf(YAML.parse(flow))).toEqual({ group: 'a.io', kind: 'A', namespaced: true, versions: ['v1'] });
  });

  test('every served version of every vendored CRD resolves to a schema', () => {
    const registry = SchemaRegistry.instance();
    const crdKinds = chunks.flatMap(c => c.header.versions.map(v => [`${c.header.group}/${v}`, c.header.kind]));
    expect(crdKinds.length).toBeGreaterThanOrEqual(45);
    for (const [apiVersion, kind] of crdKinds) {
      const schema = registry.lookup(apiVersion, kind);
      expect(schema?.source).toBe('crd');
      expect(schema?.root.types).toEqual(['object']);
    }
    const channel = SchemaRegistry.instance('experimental');
    for (const c of experimental) {
      for (const v of c.header.versions) expect(channel.lookup(`${c.header.group}/${v}`, c.header.kind)?.origin).toMatch(/^crds[/\\]gateway-api[/\\]experimental[/\\]/);
    }
  });

  test('built-in kinds come from the Kubernetes 1.28 definitions; $refs resolve to shared nodes', () => {
    const registry = SchemaRegistry.instance();
    const deployment = registry.lookup('apps/v1', 'Deployment')!;
    expect(deployment.source).toBe('builtin');
    const podSpec = deployment.root.properties()!.get('spec')!.properties()!.get('template')!.properties()!.get('spec')!;
    const statefulSet = registry.lookup('apps/v1', 'StatefulSet')!;
    expect(statefulSet.root.properties()!.get('spec')!.properties()!.get('template')!.properties()!.get('spec')).toBe(podSpec);
    expect(registry.lookup('v1', 'Namespace')!.namespaced).toBe(false);
    expect(registry.lookup('apps/v2', 'Deployment')).toBeUndefined();
  });

  test('every x-kubernetes-validations rule in the vendored CRDs can be evaluated (or is a transition rule), every pattern compiles in RE2', () => {
    const statuses = new Map<string, string>();
    const badPatterns: string[] = [];
    let total = 0;
    const visit = (node: any): void => {
      if (!node || typeof node !== 'object') return;
      if (typeof node.pattern === 'string' && re2Error(node.pattern) !== undefined) badPatterns.push(node.pattern);
      for (const junctor of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? []), node.not]) visit(junctor);
      if (Array.isArray(node['x-kubernetes-validations'])) {
        for (const rule of compileRules(node['x-kubernetes-validations'])) {
          total++;
          statuses.set(rule.rule, rule.status === 'unsupported' ? `unsupported: ${rule.unsupportedReason}` : rule.status);
        }
      }
      for (const child of Object.values(node.properties ?? {})) visit(child);
      visit(node.items);
      if (typeof node.additionalProperties === 'object') visit(node.additionalProperties);
    };
    for (const chunk of [...chunks, ...experimental]) {
      for (const version of chunk.definition().spec.versions) visit(version.schema?.openAPIV3Schema);
    }
    expect(total).toBeGreaterThanOrEqual(360); // `grep -c 'rule:'` over crds/ finds 364
    expect(statuses.size).toBeGreaterThanOrEqual(38);
    const notReady = [...statuses].filter(([, status]) => status !== 'ready');
    // Every rule is evaluated, including the experimental XBackend's format.dns1123Label() (schema-cel-format.test.ts);
    // only the transition rule is left, which the apiserver does not evaluate on create.
    expect(notReady).toEqual([['self == oldSelf', 'transition']]);
    expect(badPatterns).toEqual([]);
  });
});

describe('compact schema artifact', () => {
  test('schemas/compact is what `npm run schemas` builds from crds/ and schemas/k8s-1.28 (rebuild it after re-vendoring)', () => {
    const dir = path.join(root, 'schemas', 'compact');
    const built = buildCompactSchemas(root);
    expect(fs.readdirSync(dir).sort()).toEqual([...built.keys()].sort());
    for (const [name, text] of built) expect({ name, same: fs.readFileSync(path.join(dir, name), 'utf8') === text }).toEqual({ name, same: true });
  });

  test('descriptions are dropped but a field named "description" is kept', () => {
    const stripped = stripSchema({ description: 'doc', type: 'object', properties: { description: { type: 'string', description: 'x' } }, items: { example: 1, type: 'string' } });
    expect(stripped).toEqual({ type: 'object', properties: { description: { type: 'string' } }, items: { type: 'string' } });
  });

  test('the compact registry and the YAML registry compile the same schemas', () => {
    const compact = SchemaRegistry.fromCompact(root);
    const yaml = SchemaRegistry.fromDirectory(root);
    expect(compact.knownKinds()).toEqual(yaml.knownKinds());
    for (const key of ['networking.istio.io/v1/VirtualService', 'serving.kserve.io/v1beta1/InferenceService', 'argoproj.io/v1alpha1/Rollout']) {
      const [group, version, kind] = key.split('/');
      const a = compact.lookup(`${group}/${version}`, kind)!;
      const b = yaml.lookup(`${group}/${version}`, kind)!;
      expect([a.namespaced, a.statusSubresource, a.origin.split(path.sep).join('/')]).toEqual([b.namespaced, b.statusSubresource, b.origin.split(path.sep).join('/')]);
    }
  });
});
