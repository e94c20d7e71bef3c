import { spawnSync } from 'child_process';
import { join } from 'path';
import { main } from '../../src/cli/main';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join('test', 'fixtures', 'check');

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(ROOT); // fixture paths in the output are relative, as a user would type them
  try {
    const code = await main(['check', ...argv], s => out.push(s), s => err.push(s));
    return { code, out, err };
  } finally {
    process.chdir(cwd);
  }
}

describe('cdk8s-ml-mesh check (main)', () => {
  const contentRanking = join(FIXTURES, 'content-ranking', 'content-ranking.yaml');

  test('text output: errors, then warnings, then a summary; exit 1 on errors', async () => {
    const { code, out, err } = await run(contentRanking);
    expect(code).toBe(1);
    expect(err).toEqual([]);
    const hostNotFound = (rule: string) => `  ${contentRanking}#1 VirtualService ml-serving/content-ranking-vs ${rule}.destination.host [reference/IST0101-host] Referenced host not found: "content-ranking-svc" (no Service, ServiceEntry or InferenceService in the checked manifests provides content-ranking-svc.ml-serving.svc.cluster.local)`;
    expect(out).toEqual([
      'errors (3):',
      hostNotFound('spec.http[0].route[0]'),
      hostNotFound('spec.http[1].route[0]'),
      hostNotFound('spec.http[1].route[1]'),
      'warnings (1):',
      `  ${contentRanking}#0 DestinationRule ml-serving/content-ranking-dr spec.host [reference/IST0174] The host content-ranking-svc defined in the DestinationRule does not match any services in the mesh.`,
      '3 errors, 1 warning in 2 documents from 1 file (layers: schema, webhook, reference)',
    ]);
  });

  test('--layers schema,webhook: clean, exit 0', async () => {
    const { code, out } = await run('--layers', 'schema,webhook', join(FIXTURES, 'content-ranking'));
    expect(code).toBe(0);
    expect(out).toEqual(['no problems in 4 documents from 2 files (layers: schema, webhook)']);
  });

  test('warnings alone exit 0', async () => {
    const { code, out } = await run('--layers=webhook', join(FIXTURES, 'warnings-only.yaml'));
    expect(code).toBe(0);
    expect(out[0]).toBe('warnings (2):');
    expect(out.slice(1, 3).map(l => l.split(' [')[1].split(']')[0])).toEqual(['webhook/mirror-percent-deprecated', 'webhook/unreachable-rule']);
    expect(out[3]).toBe('0 errors, 2 warnings in 1 document from 1 file (layers: webhook)');
  });

  test('--format json: findings and a summary', async () => {
    const { code, out } = await run('--format', 'json', contentRanking);
    expect(code).toBe(1);
    const parsed = JSON.parse(out.join('\n'));
    expect(parsed.summary).toEqual({ errors: 3, warnings: 1, documents: 2, files: 1, layers: ['schema', 'webhook', 'reference'] });
    expect(parsed.findings[0]).toEqual({
      file: contentRanking,
      document: 0,
      kind: 'DestinationRule',
      name: 'content-ranking-dr',
      namespace: 'ml-serving',
      path: 'spec.host',
      rule: 'reference/IST0174',
      layer: 'reference',
      severity: 'warning',
      message: 'The host content-ranking-svc defined in the DestinationRule does not match any services in the mesh.',
    });
    expect(parsed.findings.map((f: any) => f.path)).toEqual([
      'spec.host', 'spec.http[0].route[0].destination.host', 'spec.http[1].route[0].destination.host', 'spec.http[1].route[1].destination.host',
    ]);
  });

  test('--help prints the usage and exits 0', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('usage: cdk8s-ml-mesh check <files or dirs...> [--format text|json] [--layers schema,webhook,reference]');
  });

  test.each<[string, string[], string]>([
    ['an unknown option', ['--strict', contentRanking], 'check: unknown option "--strict" (allowed: --format, --layers, --gateway-api-channel, --help)'],
    ['an unknown layer', ['--layers', 'schema,lint', contentRanking], 'check: unknown layer "lint" in --layers (allowed: schema, webhook, reference)'],
    ['an unknown format', ['--format', 'xml', contentRanking], 'check: --format must be text or json, got "xml"'],
    ['no paths', ['--format', 'json'], 'check: no files or directories given'],
    ['a missing path', [join(FIXTURES, 'missing.yaml')], `check: path not found: ${join(FIXTURES, 'missing.yaml')} (give existing files or directories)`],
  ])('bad usage: %s exits 2', async (_title, argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0].split('\n')[0]).toBe(message);
  });
});

describe('bin/cdk8s-ml-mesh check (child process)', () => {
  const bin = join(ROOT, 'bin', 'cdk8s-ml-mesh');
  const exec = (...argv: string[]) => spawnSync(process.execPath, [bin, 'check', ...argv], { cwd: ROOT, encoding: 'utf8' });

  test('exit codes 1, 0 and 2', () => {
    const errors = exec(join(FIXTURES, 'content-ranking-broken'));
    expect(errors.status).toBe(1);
    expect(errors.stdout).toContain('[webhook/weight-negative] weight -10 < 0');
    expect(exec(join(FIXTURES, 'content-ranking-served')).status).toBe(0);
    const usage = exec('--layers', 'nope', FIXTURES);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('unknown layer "nope"');
  });
});
