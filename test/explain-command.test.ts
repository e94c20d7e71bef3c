import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';
import { REFERENCE_MANIFESTS } from './util';
import { main } from '../src/cli/main';

const REFERENCE = REFERENCE_MANIFESTS;
const FIXTURES = join(__dirname, 'fixtures', 'explain');
const MALFORMED = join(__dirname, 'fixtures', 'explain-malformed');
const RANKING = 'content-ranking-svc.ml-serving.svc.cluster.local';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['explain', ...argv], s => out.push(s), s => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('explain --format json', () => {
  test('premium header: route 0, v47 100%', async () => {
    const r = await run(join(REFERENCE, 'content-ranking.yaml'), '--host', 'content-ranking-svc', '-H', 'x-user-segment=premium', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      matchedRoute: { index: 0, name: null },
      destinations: [{ host: RANKING, subset: 'v47', port: null, percent: 100 }],
      mirrors: [],
      faults: [],
    });
  });

  test('default route: v45 90 / v47 10', async () => {
    const r = await run(join(REFERENCE, 'content-ranking.yaml'), '--host', RANKING, '--format=json');
    expect(JSON.parse(r.out)).toEqual({
      matchedRoute: { index: 1, name: null },
      destinations: [{ host: RANKING, subset: 'v45', port: null, percent: 90 }, { host: RANKING, subset: 'v47', port: null, percent: 10 }],
      mirrors: [],
      faults: [],
    });
  });

  test('shadow file: v45 100%, 10% mirrored to v47', async () => {
    const r = await run(join(REFERENCE, 'content-ranking-shadow.yaml'), '--host', 'content-ranking-svc.ml-serving', '--format', 'json');
    expect(JSON.parse(r.out)).toMatchObject({
      destinations: [{ host: RANKING, subset: 'v45', percent: 100 }],
      mirrors: [{ host: RANKING, subset: 'v47', percent: 10 }],
    });
  });

  test('faults and named routes from a directory read recursively', async () => {
    const r = await run(FIXTURES, '--host', 'fraud-scoring.risk', '--uri', '/score?explain=1', '-H', 'x-debug: yes', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      matchedRoute: { index: 2, name: 'debug' },
      destinations: [{ host: 'fraud-scoring.risk.svc.cluster.local', subset: 'v2', port: null, percent: 100 }],
      mirrors: [
        { host: 'fraud-scoring.risk.svc.cluster.local', subset: 'v1', port: null, percent: 25 },
        { host: 'fraud-shadow.risk.svc.cluster.local', subset: null, port: null, percent: 100 },
      ],
      faults: [{ kind: 'delay', percent: 20, delayMs: 1500 }, { kind: 'abort', percent: 0.5, httpStatus: 503 }],
    });
    // Import warnings go to stderr, never into the JSON on stdout.
    expect(r.err).toContain('warning: ');
  });

  test('ports of destinations and mirrors; each warning once for a three-host VirtualService', async () => {
    const r = await run(join(MALFORMED, 'three-hosts.yaml'), '--host', 'b.ml', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      destinations: [{ host: 'a.ml.svc.cluster.local', subset: null, port: 8080, percent: 100 }],
      mirrors: [{ host: 'a.ml.svc.cluster.local', subset: 'shadow', port: 9000, percent: 100 }],
    });
    const warnings = r.err.split('\n').filter(l => l.startsWith('warning: '));
    expect(warnings).toHaveLength(2); // the timeout, and the shadow subset no DestinationRule defines
    expect(new Set(warnings).size).toBe(2);
  });

  test('a redirect route adds an action', async () => {
    const r = await run(join(FIXTURES, 'mixed-versions.yaml'), '--host', 'fraud-scoring.risk', '--uri', '/v0/x', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ matchedRoute: { index: 0, name: 'legacy-path' }, destinations: [], action: { kind: 'redirect', code: 308, uri: '/v1/' } });
  });

  test('--method selects a method-matched route', async () => {
    const r = await run(join(FIXTURES, 'mixed-versions.yaml'), '--host', 'fraud-scoring.risk', '--uri', '/score/batch', '--method', 'POST', '--format', 'json');
    expect(JSON.parse(r.out)).toMatchObject({ matchedRoute: { name: 'retired' }, action: { kind: 'directResponse', status: 410 } });
  });
});

describe('explain text output', () => {
  test('shows the route, every version with its percent, mirrors, timeout, retries and the trace', async () => {
    const r = await run(join(REFERENCE, 'content-ranking.yaml'), '--host', 'content-ranking-svc', '-H', 'x-user-segment=free');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      `host     ${RANKING}`,
      'request  GET /  (x-user-segment: free)',
      `route    #1  [${join(REFERENCE, 'content-ranking.yaml')}#1 spec.http[1]]`,
      'versions',
      '  v45      90%',
      '  v47      10%',
      'timeout  200ms',
      'retries  2 attempts, 80ms per try, on 5xx,gateway-error,connect-failure,retriable-4xx',
      'why',
      '  route 0: no match (header x-user-segment "free" does not match exact "premium")',
      '  route 1: matches (no conditions)',
    ]);
  });

  test('mirrors and faults are listed', async () => {
    const r = await run(FIXTURES, '--host', 'fraud-scoring', '--uri', '/score?explain=1', '-H', 'x-debug=1');
    expect(r.out).toContain('mirrors  (copies; responses discarded)\n  v1                                       25%\n  fraud-shadow.risk.svc.cluster.local     100%');
    expect(r.out).toContain('fault    delay 1500ms on 20% of requests\nfault    abort with 503 on 0.5% of requests');
  });
});

describe('explain exit codes', () => {
  test.each([['edge/other-gw'], ['mesh']])('1 and a JSON reason when the VirtualService does not apply (viewed from %s)', async gateway => {
    const file = join(FIXTURES, 'nested', 'gateway-and-delegate.yaml');
    const r = await run(file, '--host', 'scoring.example.com', '--gateway', gateway, '--format', 'json');
    // The VirtualService is bound to edge/public-gw only, so it does not apply to this traffic.
    expect(r.code).toBe(1);
    const view = gateway === 'mesh' ? 'mesh traffic (sidecars)' : `gateway ${gateway}`;
    const message = `the VirtualService for scoring.example.com (${file}#0) does not apply to ${view}: it is bound to edge/public-gw (explain it as traffic through edge/public-gw)`;
    expect(JSON.parse(r.out)).toEqual({
      host: 'scoring.example.com',
      matchedRoute: null,
      destinations: [],
      mirrors: [],
      faults: [],
      reason: { code: 'does-not-apply', message },
    });
    expect(r.err.split('\n').filter(l => l.startsWith('explain:'))).toEqual([`explain: ${message}`]);
  });

  test('1 and a 404 message when the routes exist but none matches', async () => {
    const yaml = join(FIXTURES, 'no-default-route.yaml');
    const r = await run(yaml, '--host', 'ranking.ml', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      matchedRoute: null,
      destinations: [],
      mirrors: [],
      faults: [],
      reason: { code: 'no-route', message: 'no route of ranking.ml.svc.cluster.local matches this request; Istio answers 404 (NR)' },
    });
    expect(r.err).toBe('explain: no route of ranking.ml.svc.cluster.local matches this request; Istio answers 404 (NR)');
  });

  test('1 for an unknown host, listing the known hosts', async () => {
    const r = await run(join(REFERENCE, 'content-ranking.yaml'), '--host', 'content-ranking');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`explain: host "content-ranking" is not a host of any VirtualService, DestinationRule or Gateway API route in ${join(REFERENCE, 'content-ranking.yaml')}; known hosts: ${RANKING}`);
    const json = await run(join(REFERENCE, 'content-ranking.yaml'), '--host', 'content-ranking', '--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ host: 'content-ranking', matchedRoute: null, destinations: [], reason: { code: 'unknown-host' } });
    expect(JSON.parse(json.out).reason.message).toContain('known hosts: ');
  });

  test.each([
    ['http-not-a-list.yaml', 'ranking.ml', 'spec.http: must be a list of HTTP routes; got "oops"'],
    ['route-entries.yaml', 'scoring.ml', 'spec.http[0]: an http route must be an object; got "oops"'],
  ])('2 for malformed routing (%s): reported, never guessed as the default route', async (file, host, problem) => {
    const r = await run(join(MALFORMED, file), '--host', host, '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ matchedRoute: null, destinations: [], reason: { code: 'malformed' } });
    expect(json.reason.message).toContain(problem);
    expect(r.err).toContain(problem);
    const text = await run(join(MALFORMED, file), '--host', host);
    expect(text.code).toBe(2);
    expect(text.out).toBe('');
    expect(text.err).not.toContain('default route');
  });

  test.each([
    [['--host', 'x'], 'no files or directories given'],
    [[REFERENCE], '--host is required'],
    [[REFERENCE, '--host', 'x', '--format', 'yaml'], '--format "yaml" is not supported (allowed: text, json)'],
    [[REFERENCE, '--host', 'x', '--colour'], 'unknown option "--colour"'],
    [[REFERENCE, '--host', 'x', '-H', 'novalue'], '-H "novalue" is not a header (allowed: name=value or "name: value")'],
    [[REFERENCE, '--host', 'x', '--uri', 'rank'], '--uri "rank" must start with "/"'],
    [[REFERENCE, '--host', 'x', '--host', 'y'], '--host given twice'],
    [[REFERENCE, '--host'], '--host needs a value'],
  ])('2 for bad usage: %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`explain: ${message}`);
  });

  test('2 for a missing file or unparsable YAML, naming the file', async () => {
    const missing = await run('/nonexistent/routes.yaml', '--host', 'x');
    expect(missing).toMatchObject({ code: 2, err: 'explain: /nonexistent/routes.yaml: no such file or directory' });
    const broken = await run(join(FIXTURES, 'broken.yaml.txt'), '--host', 'x');
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^explain: .*broken\.yaml\.txt#0: .*line \d+/);
  });

  test('--help prints usage and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: cdk8s-ml-mesh explain');
  });
});

describe('the real bin/cdk8s-ml-mesh', () => {
  test('explains from a shell, JSON on stdout, exit 0', async () => {
    const bin = join(__dirname, '..', 'bin', 'cdk8s-ml-mesh');
    // bin/ registers ts-node with the swc transpiler, which needs transpile-only mode.
    const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' };
    const { stdout } = await promisify(execFile)(process.execPath,
      [bin, 'explain', join(REFERENCE, 'content-ranking.yaml'), '--host', 'content-ranking-svc', '-H', 'x-user-segment=premium', '--format', 'json'], { env });
    expect(JSON.parse(stdout).destinations).toEqual([{ host: RANKING, subset: 'v47', port: null, percent: 100 }]);
  });

  test('exits 1 when no route matches', async () => {
    const bin = join(__dirname, '..', 'bin', 'cdk8s-ml-mesh');
    const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' };
    await expect(promisify(execFile)(process.execPath, [bin, 'explain', join(FIXTURES, 'no-default-route.yaml'), '--host', 'ranking'], { env }))
      .rejects.toMatchObject({ code: 1 });
  });
});
