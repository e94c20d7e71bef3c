import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import { parseAllDocuments, stringify, ToStringOptions } from 'yaml';
import { parseBlockYaml } from '../../src/check/read-manifests/block-yaml';

const reference = (text: string) => parseAllDocuments(text).map(d => d.toJS());

/** The fast path either declines (undefined) or agrees exactly with the `yaml` package. */
function agrees(text: string): boolean {
  const fast = parseBlockYaml(text);
  return fast === undefined || isDeepStrictEqual(fast, reference(text));
}

const key = fc.oneof(fc.string(), fc.constantFrom('app.kubernetes.io/name', 'model-version', 'x-user-segment', '8080', 'true', 'null', '- a', 'a: b', '#c'));
const scalar = fc.oneof(
  fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
  fc.constantFrom('', ' ', '0x1F', '0o17', '1e3', '.inf', '~', 'yes', '-', '- x', 'a: b', 'a #b', '"q"', "'q'", 'multi\nline\n', 'trailing  \n', '%VAR%', '*alias', '&anchor', '!tag', '@at', '`tick`'),
);
const value = fc.letrec(tie => ({
  node: fc.oneof({ maxDepth: 4 }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;

const styles: ToStringOptions[] = [
  {}, { indentSeq: false }, { lineWidth: 24, minContentWidth: 8 }, { defaultStringType: 'QUOTE_DOUBLE' }, { defaultStringType: 'QUOTE_SINGLE' },
  { collectionStyle: 'flow' }, { indent: 4 }, { defaultStringType: 'BLOCK_LITERAL' },
];

describe('fast YAML reader agrees with the yaml package', () => {
  test.each(styles.map((s, i) => [i, s] as const))('generated documents, stringify style %i', (_i, style) => {
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), docs => {
      const text = docs.map(d => stringify(d, style)).join('---\n');
      return agrees(text);
    }), { numRuns: 300 });
  });

  const manifest = stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'r', namespace: 'ml', labels: { 'app.kubernetes.io/name': 'r' } },
    spec: { hosts: ['r'], http: [{ match: [{ headers: { 'x-user': { exact: 'premium' } } }], route: [{ destination: { host: 'r', subset: 'v2' }, weight: 100 }], timeout: '200ms' }] },
  });

  test.each<[string, string]>([
    ['a cdk8s-style manifest', manifest],
    ['kubectl-style indentless sequences and comments', 'spec:\n  # comment\n  subsets:\n  - name: v45   # trailing\n    labels:\n      model-version: "v45"\n  - name: v47\n'],
    ['flow collections', 'a: {b: [1, "two", {c: d}], e: []}\nf: [ ]\n'],
    ['literal block scalars', 'a: |\n  line 1\n    indented\n\n  last\nb: |-\n  x\nc: |+\n  y\n\nd: 1\n'],
    ['multi-line plain scalars', 'description: a long\n  description that\n\n  continues\nnext: x\n'],
    ['quoted keys and escapes', '"a: b": 1\n\'c\': "\\u00e9\\t\\x41"\n'],
    ['sequences of sequences and nulls', '- - 1\n  - 2\n-\n- ~\n'],
    ['document markers and empty documents', '---\na: 1\n--- # second\n---\n# only a comment\n---\nb: 2\n'],
  ])('%s', (_title, text) => {
    expect(agrees(text)).toBe(true);
  });

  test('the fast path takes most generated documents (it must not silently decline everything)', () => {
    const samples = fc.sample(value, { seed: 42, numRuns: 300 });
    const taken = samples.filter(v => parseBlockYaml(stringify(v)) !== undefined).length;
    expect(taken).toBeGreaterThan(samples.length / 2);
  });

  test('manifests take the fast path', () => {
    expect(parseBlockYaml(manifest)).toEqual(reference(manifest));
    expect(parseBlockYaml('spec:\n  subsets:\n  - name: v45\n    labels: {model-version: v45}\n')).toEqual([{ spec: { subsets: [{ name: 'v45', labels: { 'model-version': 'v45' } }] } }]);
  });

  test.each<[string, string]>([
    ['duplicate keys (the yaml package reports them)', 'a: 1\na: 2\n'],
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['folded scalars', 'a: >\n  x\n  y\n'],
    ['multi-line quoted scalars', 'a: "x\n  y"\n'],
    ['nested mappings on one line', 'a: b: c\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
  ])('declines %s', (_title, text) => {
    expect(parseBlockYaml(text)).toBeUndefined();
  });
});
