/**
 * `diff` on consecutive steps of real tasks: istio.io's traffic-management tasks (request routing,
 * fault injection, traffic shifting, TCP traffic shifting, request timeouts, mirroring) and pairs of
 * the VirtualService reference's examples for the fields no task changes (header operations,
 * retries, CORS, rewrites, redirects, TLS routes). Each step is applied on top of the previous
 * ones as `kubectl apply` does (a later object replaces an earlier one of the same kind and name).
 * Sources: test/fixtures/import-corpus/SOURCES.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { main } from '../src/cli/main';

const CORPUS = path.join(__dirname, 'fixtures', 'import-corpus');
const B = (f: string) => `bookinfo/${f}.yaml`;

/** The cluster after applying `files` in order, written to a fresh directory. */
function state(files: readonly string[]): string {
  const objects = new Map<string, unknown>();
  for (const f of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(CORPUS, f), 'utf8')).map(d => d.toJSON()).filter(o => o)) {
      objects.set(`${doc.kind}/${doc.metadata?.namespace ?? 'default'}/${doc.metadata?.name}`, doc);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-task-'));
  fs.writeFileSync(path.join(dir, 'cluster.yaml'), [...objects.values()].map(o => stringify(o)).join('---\n'));
  return dir;
}

async function diffSteps(before: readonly string[], after: readonly string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(['diff', state(before), state(after)], s => out.push(s), () => undefined);
  return { code, out: out.join('\n') };
}

const BOOKINFO = [B('destination-rule-all'), B('virtual-service-all-v1')];

describe('diff on real task sequences', () => {
  test('request routing: a route for jason is added (a match, no \'route route\')', async () => {
    const r = await diffSteps(BOOKINFO, [...BOOKINFO, B('virtual-service-reviews-test-v2')]);
    expect(r).toEqual({ code: 1, out: 'reviews: new route #0 (header "end-user" is "jason" → v2); default route unchanged' });
  });

  test('fault injection: a fault that arrives with a new route is said; then the fault changes', async () => {
    const routed = [...BOOKINFO, B('virtual-service-reviews-test-v2')];
    const delay = await diffSteps(routed, [...routed, B('virtual-service-ratings-test-delay')]);
    expect(delay).toEqual({ code: 1, out: 'ratings: new route #0 (header "end-user" is "jason" → v1; fault delay 7s on 100%); default route unchanged' });
    const abort = await diffSteps([...routed, B('virtual-service-ratings-test-delay')], [...routed, B('virtual-service-ratings-test-abort')]);
    expect(abort).toEqual({ code: 1, out: 'ratings: fault delay 7s on 100% → abort 500 on 100% on route #0; default route unchanged' });
  });

  test('traffic shifting: shares move, then everything goes to v3', async () => {
    const half = await diffSteps(BOOKINFO, [...BOOKINFO, B('virtual-service-reviews-50-v3')]);
    expect(half).toEqual({ code: 1, out: 'reviews: v3 0% → 50% of default traffic (v1 100% → 50%)' });
    const all = await diffSteps([...BOOKINFO, B('virtual-service-reviews-50-v3')], [...BOOKINFO, B('virtual-service-reviews-v3')]);
    expect(all).toEqual({ code: 1, out: 'reviews: v3 50% → 100% of default traffic (v1 50% → 0%)' });
  });

  test('TCP traffic shifting: a gateway-bound TCP split change is seen, with whose traffic it is', async () => {
    const r = await diffSteps(['tcp-echo/tcp-echo-all-v1.yaml'], ['tcp-echo/tcp-echo-all-v1.yaml', 'tcp-echo/tcp-echo-20-v2.yaml']);
    expect(r).toEqual({
      code: 1,
      out: '* (traffic through gateway default/tcp-echo-gateway): TCP route (port 31400): tcp-echo.default.svc.cluster.local/v1 100% → tcp-echo.default.svc.cluster.local/v1 80%, tcp-echo.default.svc.cluster.local/v2 20%',
    });
  });

  test('request timeouts: reviews to v2, a delay on ratings, then a timeout', async () => {
    const T = (f: string) => `istio-io/request-timeouts/${f}.yaml`;
    const v2 = await diffSteps(BOOKINFO, [...BOOKINFO, T('1-reviews-v2')]);
    expect(v2).toEqual({ code: 1, out: 'reviews: v2 0% → 100% of default traffic (v1 100% → 0%)' });
    const delayed = [...BOOKINFO, T('1-reviews-v2'), T('2-ratings-delay')];
    expect(await diffSteps([...BOOKINFO, T('1-reviews-v2')], delayed)).toEqual({ code: 1, out: 'ratings: fault none → delay 2s on 100%' });
    expect(await diffSteps(delayed, [...delayed, T('3-reviews-timeout')])).toEqual({ code: 1, out: 'reviews: timeout none → 500ms' });
  });

  test('mirroring: a mirror to v2 is added', async () => {
    const M = (f: string) => `istio-io/mirroring/${f}.yaml`;
    const r = await diffSteps([M('0-httpbin-service'), M('1-httpbin-v1')], [M('0-httpbin-service'), M('1-httpbin-v1'), M('2-mirror-v2')]);
    expect(r).toEqual({ code: 1, out: 'httpbin: mirror to v2 added (100% of all traffic)' });
  });

  const A = (f: string) => `istio-api/${f}.yaml`;

  test('header operations, route and destination level (reference: split → split with headers)', async () => {
    const r = await diffSteps([A('vs-line880-reviews-route')], [A('vs-line583-reviews-route')]);
    expect(r).toEqual({ code: 1, out: 'reviews: header operations none → request set test="true"; header operations to v1 none → response remove foo' });
  });

  test('retries and CORS (reference: retries example → CORS example), faults (→ fault example)', async () => {
    const cors = await diffSteps([A('vs-line1318-ratings-route')], [A('vs-line1388-ratings-route')]);
    expect(cors).toEqual({
      code: 1,
      out: 'ratings: retries 3 attempts, 2s per try, on gateway-error,connect-failure,refused-stream → mesh default; '
        + 'CORS none → origins "https://example.com" (methods POST,GET, headers X-Foo-Bar, max age 86400s, credentials not allowed)',
    });
    const fault = await diffSteps([A('vs-line1318-ratings-route')], [A('vs-line1535-ratings-route')]);
    expect(fault.out).toContain('fault none → abort 400 on 0.1%');
  });

  test('rewrites and redirects (reference: rewrite example → redirect example), direct responses', async () => {
    const r = await diffSteps([A('vs-line1244-ratings-route')], [A('vs-line1059-ratings-route')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('new route #0 (path is "/v1/getProductRatings" → redirect 301 to "newratings.default.svc.cluster.local/v1/bookRatings")');
    expect(r.out).toContain('route #0 removed (was path starts with "/ratings" → v1; rewrite path to "/v1/bookRatings")');
    const direct = await diffSteps([A('vs-line1151-ratings-route')], [A('vs-line1196-ratings-route')]);
    expect(direct.code).toBe(1);
  });

  test('TLS routes: a new SNI-routed host through a gateway', async () => {
    const r = await diffSteps([B('destination-rule-all')], [B('destination-rule-all'), A('vs-line635-bookinfo-sni')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^\*\.bookinfo\.com \(traffic through gateway default\/mygateway\): new host \*\.bookinfo\.com: 0 routes; 2 TCP\/TLS routes/m);
  });

  test('the same step twice: no change, exit 0', async () => {
    expect(await diffSteps(BOOKINFO, BOOKINFO)).toEqual({ code: 0, out: '' });
  });
});
