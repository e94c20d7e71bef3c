import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import * as lib from '../src';
import { importProgram, runPrintedProgram as runProgram } from './import-program';
import { main } from '../src/cli/main';

const REFERENCE = path.join(__dirname, '..', '..', 'shared', 'docs', 'reference-manifests');

const readYaml = (file: string) => parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJSON());

describe('cdk8s-ml-mesh import', () => {
  test.each([
    ['content-ranking.yaml', [{ headers: { 'x-user-segment': 'premium' } }, {}, { headers: { 'x-user-segment': 'free' }, uri: '/rank' }]],
    ['content-ranking-shadow.yaml', [{}, { headers: { 'x-user-segment': 'premium' } }]],
  ])('%s: the generated program, synthesized, routes every request as the input does', async (file, requests) => {
    const input = path.join(REFERENCE, file);
    const { code, program } = await importProgram(input);
    // content-ranking.yaml: the premium route has no timeout or retries, the generated one inherits the service's: listed, exit 1.
    expect(code).toBe(file === 'content-ranking.yaml' ? 1 : 0);
    expect(program).toMatchSnapshot();
    const ours = lib.Routing.fromManifests(runProgram(program));
    const theirs = lib.Routing.fromManifests(readYaml(input));
    const host = 'content-ranking-svc.ml-serving.svc.cluster.local';
    expect(ours.hosts).toEqual([host]);
    for (const request of requests) {
      const a = ours.explain(host, request);
      const b = theirs.explain(host, request);
      const seen = (e: lib.Explanation) => [e.outcome, e.matchedRoute?.index, e.destinations, e.mirrors, e.faults];
      expect(seen(a)).toEqual(seen(b));
      // Timeouts and retries agree wherever the import did not say otherwise (the default route).
      if (a.matchedRoute?.name === 'default') expect([a.timeoutMs, a.retries]).toEqual([b.timeoutMs, b.retries]);
    }
    // The output takes over the team's object names and passes check.
    const names = runProgram(program).filter(o => ['Service', 'VirtualService', 'DestinationRule', 'Deployment'].includes(o.kind))
      .map(o => `${o.kind}/${o.metadata.name}`).sort();
    expect(names).toEqual(['DestinationRule/content-ranking-dr', 'Service/content-ranking-svc', `VirtualService/${file === 'content-ranking.yaml' ? 'content-ranking-vs' : 'content-ranking-shadow'}`]);
    expect(lib.MeshCheck.checkManifests(runProgram(program)).findings).toEqual([]);
  });

  test('says precisely what it cannot express, what it assumed and what the library adds; exit 1 with differences', async () => {
    const { code, notes, program } = await importProgram(path.join(REFERENCE, 'content-ranking.yaml'));
    expect(code).toBe(1);
    const host = 'content-ranking-svc.ml-serving.svc.cluster.local';
    expect(notes.filter(n => n.startsWith('cannot express') || n.startsWith('differs'))).toEqual([
      `cannot express: ${host}: route 0: has no timeout, but the generated route inherits the service's (the default route's)`,
      `cannot express: ${host}: route 0: has no retries, but the generated route inherits the service's (the default route's)`,
      `differs: ${host}: GET / -H 'x-user-segment: premium': timeout: input none / program 200ms; retries: input none / program {"attempts":2,"perTryTimeoutMs":80,"retryOn":["5xx","gateway-error","connect-failure","retriable-4xx"]}`,
    ]);
    expect(notes).toContain(`assumed: ${host}: the Service's selector is not in the input; the program assumes { app: 'content-ranking-svc' } (set selector to labels every version's pods share)`);
    expect(notes.filter(n => n.startsWith('added by default')).map(n => n.split(':')[1].trim())).toEqual([
      'Service ml-serving/content-ranking-svc', 'AuthorizationPolicy ml-serving/content-ranking-svc', 'PrometheusRule ml-serving/content-ranking-svc',
      'ConfigMap ml-serving/content-ranking-svc-dashboard', 'PeerAuthentication ml-serving/default (STRICT)', `DestinationRule of ${host}`,
    ]);
    expect(program).toContain('// Verdict: 3 differences (listed below); 1 of 2 derived requests get the same answer.');
    expect(program).toContain('// Differences (review before use):');
  });

  test('--check prints the verdict per derived request instead of the program', async () => {
    const { code, program } = await importProgram('--check', path.join(REFERENCE, 'content-ranking-shadow.yaml'));
    expect(code).toBe(0);
    expect(program).not.toContain('new ModelService');
    expect(program).toMatch(/^content-ranking-svc\.ml-serving\.svc\.cluster\.local\n  same     GET \/\n/);
    expect(program).toContain('Verdict: routes alike');
    const differs = await importProgram('--check', path.join(REFERENCE, 'content-ranking.yaml'));
    expect(differs.code).toBe(1);
    expect(differs.program).toContain("DIFFERS  GET / -H 'x-user-segment: premium'\n             timeout: input none / program 200ms");
  });

  test('one reading policy: a link inside a directory is a warning, malformed routing is refused (as explain and diff do)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-policy-'));
    fs.copyFileSync(path.join(REFERENCE, 'content-ranking-shadow.yaml'), path.join(dir, 'vs.yaml'));
    fs.symlinkSync('.', path.join(dir, 'self'));
    const linked = await importProgram(dir);
    expect(linked.code).toBe(0);
    expect(linked.notes.some(n => n.startsWith('warning:') && n.includes('[read/symlink-skipped]'))).toBe(true);
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'import-malformed-'));
    fs.writeFileSync(path.join(bad, 'vs.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: m}\nspec:\n  hosts: [m]\n  http: oops\n');
    for (const command of ['import', 'diff', 'explain']) {
      const out: string[] = [];
      const err: string[] = [];
      const args = command === 'diff' ? [bad, bad] : command === 'explain' ? [bad, '--host', 'm'] : [bad];
      expect([command, await main([command, ...args], s => out.push(s), s => err.push(s))]).toEqual([command, 2]);
      expect([command, err.join('\n')]).toEqual([command, expect.stringContaining('is malformed, so')]);
    }
    for (const command of ['import', 'diff', 'explain']) {
      const out: string[] = [];
      await main([command, '--help'], s => out.push(s), () => undefined);
      expect([command, out.join('\n')]).toEqual([command, expect.stringContaining('read as every cdk8s-ml-mesh command reads them')]);
    }
  });

  test('refuses with the reason what it cannot take over: external hosts, TCP routes, delegates (exit 2, nothing printed)', async () => {
    const corpus = path.join(__dirname, 'fixtures', 'import-corpus');
    const cases: Array<[string, RegExp]> = [
      ['bookinfo/egress-rule-google-apis.yaml', /www\.googleapis\.com: not a Service of the cluster/],
      ['istio-api/vs-line676-bookinfo-mongo.yaml', /its TCP routes \(spec\.tcp\) are not expressible/],
      ['istio-api/vs-line536-productpage.yaml', /a delegate \(no spec\.hosts\)/],
      ['httpbin/httpbin-gateway.yaml', /is bound to gateway default\/httpbin-gateway: not imported as mesh routing/],
    ];
    for (const [file, reason] of cases) {
      const r = await importProgram(path.join(corpus, file));
      expect([file, r.code, r.program]).toEqual([file, 2, '']);
      expect([file, r.notes.some(n => reason.test(n))]).toEqual([file, true]);
    }
    // A TCP split is never turned into an HTTP route.
    const tcp = await importProgram(path.join(corpus, 'tcp-echo', 'tcp-echo-all-v1.yaml'));
    expect(tcp.code).toBe(2);
    expect(tcp.notes).toContain('not imported: tcp-echo.default.svc.cluster.local: a TCP/TLS route forwards to it; the library routes HTTP only, so it is not imported');
  });

  test('without a DestinationRule, versions are inferred from the subsets the routes name, and said', async () => {
    const corpus = path.join(__dirname, 'fixtures', 'import-corpus');
    const r = await importProgram(path.join(corpus, 'bookinfo', 'virtual-service-reviews-80-20.yaml'));
    expect(r.code).toBe(0);
    expect(r.program).toContain("{ name: 'v1', backend: ModelBackend.existing({ podLabels: { app: 'reviews', version: 'v1' } }) }");
    expect(r.program).toContain("champion: 'v1', challengers: [{ version: 'v2', percent: 20 }]");
    expect(r.program).toMatch(/no DestinationRule for this host in the input: versions v1, v2 are inferred from the subsets the routes name/);
    // With the Service, its port and target port are kept.
    const withService = await importProgram(path.join(corpus, 'istio-io', 'mirroring', '0-httpbin-service.yaml'), path.join(corpus, 'istio-io', 'mirroring', '1-httpbin-v1.yaml'));
    expect(withService.code).toBe(0);
    expect(withService.program).toContain('port: 8000,');
    expect(withService.program).toContain("ModelBackend.existing({ podLabels: { version: 'v1' }, containerPort: 80 })");
  });

  test('round trip of our own output: the example platform imports to a program that routes the same', async () => {
    const platform = new RecommendationPlatform(cdk8s.Testing.app(), 'recommendation');
    const manifests = cdk8s.Testing.synth(platform);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'));
    fs.writeFileSync(path.join(dir, 'all.yaml'), cdk8s.Yaml.stringify(...manifests));
    const { code, program, notes } = await importProgram(dir);
    // The ingress VirtualService (ModelIngress) is gateway-bound: not imported, and said.
    expect(code).toBe(1);
    expect(notes.filter(n => n.startsWith('not imported'))).toEqual([expect.stringMatching(/recsys\.example\.com is bound to gateway ml-serving\/recsys-api/)]);
    // The pods' shared label is in the input (our Services), so nothing but the KServe-owned host is unexpressible.
    expect(notes.filter(n => n.startsWith('cannot express'))).toEqual([]);
    const ours = lib.Routing.fromManifests(runProgram(program));
    const theirs = lib.Routing.fromManifests(manifests);
    // KServe routes the Knative-mode model's host itself: the program keeps it out (the note says so).
    expect(theirs.hosts.filter(h => !ours.hosts.includes(h))).toEqual(['freshness-booster.ml-serving.svc.cluster.local']);
    expect(notes.find(n => n.startsWith('note: freshness-booster.ml-serving.svc.cluster.local is not generated: KServe routes'))).toBeDefined();
    for (const host of ours.hosts) {
      const requests: lib.ExplainRequest[] = [{}, { headers: { 'x-user-segment': 'premium' } }, { headers: { 'x-ab-bucket': '90' } }, { headers: { 'x-model-version': 'v9' } }];
      for (const request of requests) {
        const a = ours.explain(host, request);
        const b = theirs.explain(host, request);
        const seen = (e: lib.Explanation) => [host, e.matchedRoute?.index, e.destinations, e.mirrors, e.timeoutMs, e.retries];
        expect(seen(a)).toEqual(seen(b));
      }
    }
  });

  test('usage errors', async () => {
    expect((await importProgram()).code).toBe(2);
    expect((await importProgram('--bogus', 'x')).code).toBe(2);
    expect((await importProgram(path.join(REFERENCE, 'missing.yaml'))).code).toBe(2);
  });
});
