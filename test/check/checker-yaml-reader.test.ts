import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import { parseAllDocuments, stringify, ToStringOptions } from 'yaml';
import { parseBlockYaml } from '../../src/check/read-manifests/block-yaml';
import { LimitExceeded, MAX_ALIAS_COUNT, MAX_DEPTH } from '../../src/check/read-manifests/limits';

const reference = (text: string) => parseAllDocuments(text).map(d => d.toJS());

/** The fast path either declines (undefined) or agrees exactly with the `yaml` package. */
function agrees(text: string): boolean {
  const fast = parseBlockYaml(text);
  if (fast === undefined) return true;
  const docs = parseAllDocuments(text);
  // The yaml package accepting input with errors is not a result to agree with; the fast path must decline it.
  if (docs.some(d => d.errors.length > 0)) return false;
  const same = isDeepStrictEqual(fast, docs.map(d => d.toJS()));
  if (!same && process.env.DEBUG_YAML) console.log(JSON.stringify(text), JSON.stringify(fast), JSON.stringify(docs.map(d => d.toJS())));
  return same;
}

/** Plain scalars the YAML 1.2 core schema resolves to something else than a string, and near misses. */
const CORE_SCHEMA_TOKENS = [
  'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
  'null', 'Null', 'NULL', 'nULL', '~', '', '0', '-0', '+0', '012', '+12', '-12', '1_000', '0o17', '0o8', '0O17', '0x1F', '0x1f',
  '0X1F', '0x', '0b101', '1e3', '1E-3', '-1.5e+3', '.5', '+.5', '-.5', '1.', '1.2.3', '.', '.inf', '-.inf', '+.Inf', '.INF',
  '.nan', '.NaN', '.NAN', '-.nan', 'inf', 'nan', '1:2', '12:30:00', '2001-12-14', '0.1', '3.14159', '1e', 'e3',
];

const longWords = fc.array(fc.constantFrom('model', 'serving', 'a', 'canary', 'x', '', ' ', '#', ':', '-', '"', "'", '\\', '\n', '\n\n', '  indented', 'tab\there', 'é', '\u2028', 'sum(rate(x[5m]))'), { maxLength: 30 })
  .map(words => words.join(' '));
const key = fc.oneof(fc.string(), fc.constantFrom('app.kubernetes.io/name', 'model-version', 'x-user-segment', '8080', 'true', 'null', '- a', 'a: b', '#c', '<<', '&a', '*a', '?', '"q"'));
const scalar = fc.oneof(
  fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), longWords,
  fc.constantFrom(...CORE_SCHEMA_TOKENS, ' ', '-', '- x', 'a: b', 'a #b', '"q"', "'q'", 'multi\nline\n', 'trailing  \n', '\n\nlead', ' lead\nx', 'x\n\n', '%VAR%', '*alias', '&anchor', '!tag', '@at', '`tick`', '...', '---', '[a]', '{a: 1}'),
);
const value = fc.letrec(tie => ({
  node: fc.oneof({ maxDepth: 4 }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;
/** Documents that reuse objects: `yaml.stringify` writes them as anchors and aliases. */
const shared = fc.tuple(value, fc.array(fc.nat(4), { maxLength: 4 })).map(([v, uses]) => {
  const objects = { a: { k: v }, b: [v, 'x'] };
  return Object.fromEntries(uses.map((u, i) => [`use${i}`, u % 2 === 0 ? objects.a : objects.b]));
});

const styles: ToStringOptions[] = [
  {}, { indentSeq: false }, { lineWidth: 24, minContentWidth: 8 }, { lineWidth: 20, minContentWidth: 0, defaultStringType: 'QUOTE_DOUBLE' },
  { defaultStringType: 'QUOTE_DOUBLE' }, { defaultStringType: 'QUOTE_SINGLE' }, { lineWidth: 20, minContentWidth: 0, defaultStringType: 'QUOTE_SINGLE' },
  { collectionStyle: 'flow' }, { collectionStyle: 'flow', lineWidth: 30 }, { indent: 4 }, { indent: 3, indentSeq: false },
  { defaultStringType: 'BLOCK_LITERAL' }, { defaultStringType: 'BLOCK_FOLDED', lineWidth: 30, minContentWidth: 0 }, { blockQuote: 'folded' },
  { doubleQuotedAsJSON: true }, { defaultKeyType: 'PLAIN', simpleKeys: true }, { nullStr: '~', trueStr: 'True', falseStr: 'FALSE' },
];
const separators = ['---\n', '...\n---\n', '--- # next\n', '...\n# between\n---\n'];

describe('fast YAML reader agrees with the yaml package', () => {
  test.each(styles.map((s, i) => [i, JSON.stringify(s), s] as const))('generated documents, stringify style %i %s', (_i, _name, style) => {
    fc.assert(fc.property(fc.array(fc.oneof(value, shared), { minLength: 1, maxLength: 3 }), fc.constantFrom(...separators), (docs, separator) => {
      const text = docs.map(d => stringify(d, style)).join(separator);
      return agrees(text);
    }), { numRuns: 200 });
  });

  /** Hand-written scalars: each core-schema token plain, single- and double-quoted, as a value, an item and in flow. */
  test.each(CORE_SCHEMA_TOKENS.map(t => [t] as const))('core schema scalar %j', token => {
    const forms = [token, `'${token}'`, `"${token}"`];
    for (const form of forms) {
      for (const text of [`a: ${form}\n`, `- ${form}\n`, `a: [${form}, x]\n`, `{k: ${form}}\n`, `a:\n  - ${form} # comment\n`, `${form}\n`]) {
        expect(agrees(text)).toBe(true);
      }
    }
  });

  const manifest = stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'r', namespace: 'ml', labels: { 'app.kubernetes.io/name': 'r' } },
    spec: { hosts: ['r'], http: [{ match: [{ headers: { 'x-user': { exact: 'premium' } } }], route: [{ destination: { host: 'r', subset: 'v2' }, weight: 100 }], timeout: '200ms' }] },
  });

  /** Each of these is read by the fast path, and agrees. */
  test.each<[string, string]>([
    ['a cdk8s-style manifest', manifest],
    ['kubectl-style indentless sequences and comments', 'spec:\n  # comment\n  subsets:\n  - name: v45   # trailing\n    labels:\n      model-version: "v45"\n  - name: v47\n'],
    ['flow collections', 'a: {b: [1, "two", {c: d}], e: []}\nf: [ ]\n'],
    ['flow collections over several lines', 'a:\n  [\n    x,\n    { q: "w, ]" },\n    y\n  ]\nb: { c: 1,\n  d: [2,\n    3] } # done\n'],
    ['literal block scalars', 'a: |\n  line 1\n    indented\n\n  last\nb: |-\n  x\nc: |+\n  y\n\nd: 1\n'],
    ['folded block scalars', 'a: >\n  folded\n  text\n\n  para\n    more\n    indented\n  back\nb: >-\n  x\n  y\nc: >+\n  z\n\nd: 1\n'],
    ['block scalars with indentation indicators', 'a: |2\n     lead\n    x\nb:\n  - |1-\n     y\n  - >2+\n      z\n\n'],
    ['leading empty lines in block scalars', 'a: >\n\n  x\nb: |\n\n\n  y\n'],
    ['multi-line plain scalars', 'description: a long\n  description that\n\n  continues\nnext: x\n'],
    ['multi-line double-quoted scalars with escapes', 'a: "folded\n  line\n\n  para \\\n  joined\\\n  \\ spaced \\t\\u00e9"\nb: "x"\n'],
    ['multi-line single-quoted scalars', "a: 'it''s\n  folded\n\n\n  twice'\n- x\n".replace('- x\n', '')],
    ['quoted keys and escapes', '"a: b": 1\n\'c\': "\\u00e9\\t\\x41"\n'],
    ['sequences of sequences and nulls', '- - 1\n  - 2\n-\n- ~\n- - - deep\n'],
    ['anchors and aliases', 'a: &x 1\nb: *x\nc: &m\n  k: v\nd: *m # again\ne:\n  - &s [1, 2]\n  - *s\n'],
    ['document markers and empty documents', '---\na: 1\n--- # second\n---\n# only a comment\n---\nb: 2\n...\n---\nc: 3\n...\n'],
  ])('reads %s', (_title, text) => {
    expect(parseBlockYaml(text)).toBeDefined();
    expect(agrees(text)).toBe(true);
  });

  test('an alias is the anchored value itself, as the yaml package gives it', () => {
    const [doc] = parseBlockYaml('a: &m {k: v}\nb: *m\n') as Array<Record<string, unknown>>;
    expect(doc.a).toBe(doc.b);
  });

  test.each(styles.map((s, i) => [i, JSON.stringify(s), s] as const))('the fast path takes most generated documents in style %i %s (it must not silently decline)', (_i, _name, style) => {
    const samples = fc.sample(fc.oneof(value, shared), { seed: 42, numRuns: 300 });
    const taken = samples.filter(v => parseBlockYaml(stringify(v, style)) !== undefined).length;
    // In flow style the shared objects' anchors and aliases sit inside flow collections: slow path.
    expect(taken).toBeGreaterThan(samples.length * (style.collectionStyle === 'flow' ? 0.5 : 0.7));
  });

  test('manifests take the fast path', () => {
    expect(parseBlockYaml(manifest)).toEqual(reference(manifest));
    expect(parseBlockYaml('spec:\n  subsets:\n  - name: v45\n    labels: {model-version: v45}\n')).toEqual([{ spec: { subsets: [{ name: 'v45', labels: { 'model-version': 'v45' } }] } }]);
  });

  test.each<[string, string]>([
    ['duplicate keys (the yaml package reports them)', 'a: 1\na: 2\n'],
    ['an alias inside its own anchor (a cycle)', 'a: &x\n  b: *x\n'],
    ['an alias to an anchor not defined yet', 'a: *x\nb: &x 1\n'],
    ['tags', 'a: !!str 1\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['a quoted scalar never closed', 'a: "x\n  y\n'],
    ['a multi-line quoted scalar not indented enough', 'a:\n  b: "x\n  y"\n'],
    ['nested mappings on one line', 'a: b: c\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['a comment inside a multi-line flow collection', 'a: [x, # c\n  y]\n'],
  ])('declines %s', (_title, text) => {
    expect(parseBlockYaml(text)).toBeUndefined();
  });
});

describe('the fast reader keeps the limits', () => {
  test('nesting deeper than MAX_DEPTH is a too-deep value, never a stack overflow', () => {
    const deep = `${Array.from({ length: MAX_DEPTH + 1 }, (_, i) => `${' '.repeat(i * 2)}k:`).join('\n')} 1\n`;
    const [first] = parseBlockYaml(deep) as unknown[];
    expect(first).toBeInstanceOf(LimitExceeded);
    expect((first as LimitExceeded).rule).toBe('read/too-deep');
    const flow = `a: ${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}\n`;
    expect((parseBlockYaml(flow) as LimitExceeded[])[0].rule).toBe('read/too-deep');
  });

  test('an alias that would nest past MAX_DEPTH goes to the yaml package (which reports the depth)', () => {
    const half = Math.ceil(MAX_DEPTH / 2) + 1;
    const anchored = `a: &x ${'['.repeat(half)}${']'.repeat(half)}\n`;
    const nested = `${Array.from({ length: half }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n')} *x\n`;
    expect(parseBlockYaml(anchored + nested.replace(/^k0:/, 'b:'))).toBeUndefined();
    expect(parseBlockYaml(`${anchored}b: *x\n`)).toBeDefined();
  });

  test(`an anchor used more than MAX_ALIAS_COUNT (${MAX_ALIAS_COUNT}) times goes to the yaml package (alias bomb)`, () => {
    const uses = (n: number) => `a: &x [1]\nb:\n${'  - *x\n'.repeat(n)}`;
    expect(parseBlockYaml(uses(MAX_ALIAS_COUNT))).toBeDefined();
    expect(parseBlockYaml(uses(MAX_ALIAS_COUNT + 1))).toBeUndefined();
  });
});
