/**
 * `import` on real-world VirtualServices (test/fixtures/import-corpus, sources in SOURCES.md):
 * each file alone and with the objects its source applies with it. Every printed program
 * type-checks and synthesizes; every round trip routes alike on requests derived from the input's
 * routes, or the program's header lists differences and the exit code is 1; exit 0 never comes
 * with a difference this test finds on its own.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { importProgram, Imported, runPrintedProgram, typeCheck } from './import-program';
import * as lib from '../src';
import { routingFromObjects } from '../src/routing/from-istio';
import { StringMatchSpec } from '../src/routing/route-table';

const CORPUS = path.join(__dirname, 'fixtures', 'import-corpus');
const at = (...p: string[]) => path.join(CORPUS, ...p);
const yamlIn = (dir: string) => fs.readdirSync(at(dir)).filter(f => f.endsWith('.yaml')).map(f => at(dir, f));

/** Each file alone, then as its source applies it. */
const RUNS: string[][] = [
  ...['bookinfo', 'httpbin', 'tcp-echo', 'helloworld', 'argo-rollouts', 'istio-api'].flatMap(d => yamlIn(d).map(f => [f])),
  ...yamlIn('bookinfo').filter(f => path.basename(f).startsWith('virtual-service-') || path.basename(f).startsWith('fault-'))
    .map(f => [at('bookinfo', 'bookinfo-services.yaml'), at('bookinfo', 'destination-rule-all.yaml'), f]),
  [at('bookinfo', 'bookinfo-services.yaml'), at('bookinfo', 'destination-rule-all.yaml'), at('bookinfo', 'bookinfo-gateway.yaml')],
  [at('httpbin', 'httpbin.yaml'), at('httpbin', 'httpbin-gateway.yaml')],
  [at('helloworld', 'helloworld.yaml'), at('helloworld', 'helloworld-gateway.yaml')],
  ...['tcp-echo-all-v1.yaml', 'tcp-echo-20-v2.yaml'].map(f => [at('tcp-echo', 'tcp-echo-services.yaml'), at('tcp-echo', f)]),
  [at('istio-io', 'mirroring', '0-httpbin-service.yaml'), at('istio-io', 'mirroring', '1-httpbin-v1.yaml')],
  ...fs.readdirSync(at('istio-io', 'request-timeouts')).map(f => [at('bookinfo', 'destination-rule-all.yaml'), at('istio-io', 'request-timeouts', f)]),
];

const name = (files: string[]) => files.map(f => path.relative(CORPUS, f)).join(' + ');
const readAll = (files: string[]) => files.flatMap(f => parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJSON()).filter(o => o));

/** Requests that meet each input route's conditions (exact and prefix values as given). */
function requestsOf(input: any[], host: string): lib.ExplainRequest[] {
  const requests: lib.ExplainRequest[] = [{}];
  const literal = (m: StringMatchSpec | undefined) => (m && m.kind !== 'regex' ? m.value : undefined);
  for (const route of routingFromObjects(input).table.services.find(s => s.host === host)?.routes ?? []) {
    for (const m of route.matches) {
      const headers = Object.fromEntries(Object.entries(m.headers ?? {}).filter(([, v]) => literal(v)).map(([k, v]) => [k, literal(v)!]));
      requests.push({ headers, uri: literal(m.uri) ?? '/', method: literal(m.method) });
    }
  }
  return requests;
}

/** Hosts where the program sends some derived request elsewhere than the input does. */
function differingHosts(input: any[], output: any[]): string[] {
  const theirs = lib.Routing.fromManifests(input);
  const ours = lib.Routing.fromManifests(output);
  const seen = (e: lib.Explanation) => JSON.stringify([e.outcome, e.destinations.map(d => `${d.host}/${d.subset === 'all' ? '' : d.subset ?? ''} ${d.percent}`).sort(),
    e.mirrors.map(m => `${m.host}/${m.subset ?? ''} ${m.percent}`).sort(), e.faults, e.timeoutMs, e.retries, e.rewrite, e.redirect, e.directResponse, e.cors]);
  return ours.hosts.filter(host => theirs.hosts.includes(host)
    && requestsOf(input, host).some(r => seen(ours.explain(host, r)) !== seen(theirs.explain(host, r))));
}

describe('import on a real-world corpus', () => {
  const results = new Map<string, { files: string[]; imported: Imported }>();
  beforeAll(async () => {
    for (const files of RUNS) results.set(name(files), { files, imported: await importProgram(...files) });
  });

  test('the corpus is what SOURCES.md lists, and modest', () => {
    expect(RUNS.length).toBeGreaterThan(60);
    const sources = fs.readFileSync(at('SOURCES.md'), 'utf8');
    for (const dir of ['bookinfo', 'httpbin', 'tcp-echo', 'helloworld', 'argo-rollouts', 'istio-api', 'istio-io']) expect(sources).toContain(`\`${dir}/`);
  });

  test('never a crash: each run prints a program (exit 0 or 1) or refuses with the reason (exit 2)', () => {
    for (const [run, { imported }] of results) {
      expect([run, imported.code]).toEqual([run, expect.any(Number)]);
      expect([run, [0, 1, 2].includes(imported.code)]).toEqual([run, true]);
      if (imported.code === 2) expect([run, imported.program, imported.notes.some(n => /^(import|not imported):/.test(n))]).toEqual([run, '', true]);
      else expect([run, imported.program]).toEqual([run, expect.stringContaining('app.synth();')]);
    }
  });

  test('every printed program type-checks against the library', () => {
    const printed = new Map([...results].filter(([, r]) => r.imported.code !== 2).map(([run, r], i) => [`p${i}`, { run, program: r.imported.program }]));
    expect(printed.size).toBeGreaterThan(40);
    const diagnostics = typeCheck(new Map([...[...printed].map(([k, v]) => [k, v.program] as [string, string]),
      ['broken', "import { ModelService } from 'cdk8s-ml-mesh';\nnew ModelService(undefined as any, 'm', { modelName: 1 });\n"]]));
    // The checker sees errors (this one is a wrong prop type), so an empty list below means something.
    expect(diagnostics.get('broken')!.join()).toMatch(/not assignable to type 'string'/);
    diagnostics.delete('broken');
    const failures = [...diagnostics].filter(([, d]) => d.length > 0).map(([k, d]) => `${printed.get(k)!.run}: ${d.join('; ')}`);
    expect(failures).toEqual([]);
  });

  test('every printed program synthesizes; routes alike, or lists its differences and exits 1', () => {
    let alike = 0;
    for (const [run, { files, imported }] of results) {
      if (imported.code === 2) continue;
      const output = runPrintedProgram(imported.program);
      expect(output.length).toBeGreaterThan(0);
      const header = imported.program.split('\n').filter(l => l.startsWith('//')).join('\n');
      const differing = differingHosts(readAll(files), output);
      if (imported.code === 0) {
        // Exit 0: nothing listed, and this test's own comparison finds nothing either.
        expect([run, differing, header.includes('Differences')]).toEqual([run, [], false]);
        expect(header).toContain('Verdict: routes alike');
        alike++;
      } else {
        expect([run, header.includes('Differences (review before use):')]).toEqual([run, true]);
        for (const host of differing) expect([run, header.includes(host)]).toEqual([run, true]);
      }
    }
    expect(alike).toBeGreaterThan(20);
  });

  test('what the library adds by default is said', () => {
    const { imported } = results.get(name([at('bookinfo', 'virtual-service-reviews-80-20.yaml')]))!;
    expect(imported.program).toMatch(/PeerAuthentication default\/default \(STRICT\)/);
    expect(imported.program).toMatch(/AuthorizationPolicy default\/reviews: an ALLOW policy/);
    expect(imported.program).toMatch(/PrometheusRule default\/reviews/);
    expect(imported.program).toMatch(/client TLS ISTIO_MUTUAL/);
  });
});
