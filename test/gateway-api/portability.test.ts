import * as path from 'path';
import { main } from '../../src/cli/main';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'explain', 'mixed-versions.yaml');

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['portability', ...args], s => out.push(s), s => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cdk8s-ml-mesh portability', () => {
  test('lists what a hand-written VirtualService would lose under a profile, exit 1', async () => {
    const r = await run(FIXTURE, '--profile', 'istio-ambient');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('fraud-scoring.risk.svc.cluster.local (' + FIXTURE + '#2): 9 things would be lost with Gateway API profile istio-ambient');
    expect(r.out).toContain('routes[2].fault: fault injection has no Gateway API equivalent');
    expect(r.out).toContain('routes[3].retries: retries is only in Gateway API\'s experimental channel');
    expect(lines[lines.length - 1]).toBe('0 of 1 service portable to Gateway API (profile istio-ambient, standard channel)');
  });

  test('the experimental channel keeps retries; json output', async () => {
    const r = await run(FIXTURE, '--profile', 'istio-sidecar', '--channel', 'experimental', '--format', 'json');
    const json = JSON.parse(r.out);
    expect(json.channel).toBe('experimental');
    expect(json.services[0].losses.some((l: string) => l.includes('experimental channel'))).toBe(false);
  });

  test('a rendering of our own Gateway API output is not a VirtualService set: nothing to port', async () => {
    const r = await run(path.join(__dirname, '..', 'fixtures', 'gateway-api-upstream', 'valid', 'standard', 'multicluster'), '--profile', 'gke');
    expect([r.code, r.out]).toEqual([0, '0 of 0 services portable to Gateway API (profile gke, standard channel)']);
  });

  test('bad usage: exit 2 with the reason', async () => {
    expect(await run(FIXTURE)).toMatchObject({ code: 2, err: expect.stringContaining('--profile is required') });
    expect(await run(FIXTURE, '--profile', 'nginx')).toMatchObject({ code: 2, err: expect.stringContaining('--profile must be one of istio-sidecar') });
    expect(await run('no-such-dir', '--profile', 'gke')).toMatchObject({ code: 2, err: expect.stringContaining('no-such-dir: no such file or directory') });
  });
});
