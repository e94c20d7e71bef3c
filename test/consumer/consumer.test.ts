/**
 * The package as users get it: `npm pack`, then a fresh app made of exactly the files the README's
 * "Use it in your repo" section shows (test/consumer/app), the tarball installed from the file and
 * the peers from the registry, then the app's `cdk8s synth`, `cdk8s-ml-mesh check dist/` and jest.
 * Needs lib/ built: `npm test` compiles and bundles before jest runs.
 */
import { execFileSync, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const repo = join(__dirname, '..', '..');
const template = join(__dirname, 'app');
const FILES = ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'main.ts', 'main.test.ts'];

/** The child's environment: ours without the outer npm/jest run's settings. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|JEST_|INIT_CWD$|NODE_OPTIONS$)/i.test(k)));
  return { ...env, CDK8S_CHECK_UPGRADE: 'false', NO_COLOR: '1' };
}

/** Run `command`; its stdout and stderr together, or only stdout. Throws unless it exits 0. */
function run(cwd: string, command: string, args: string[], stdoutOnly = false): string {
  const r = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${r.status}:\n${output.slice(-4000)}`);
  return stdoutOnly ? r.stdout : output;
}

describe('installed from the packed tarball into a fresh app', () => {
  let work: string;
  let app: string;

  beforeAll(() => {
    if (!existsSync(join(repo, 'lib', 'index.js')) || !existsSync(join(repo, 'lib', 'vendor', 'THIRD-PARTY-LICENSES.txt'))) {
      throw new Error('lib/ is not built: run `npx projen compile` (npm test does) before this test');
    }
    work = mkdtempSync(join(tmpdir(), 'mesh-consumer-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, env: childEnv(), encoding: 'utf8' }));
    app = join(work, 'app');
    cpSync(template, app, { recursive: true });
    run(app, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed[0].filename)]);
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the README shows every file of the app, verbatim', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    for (const file of FILES) {
      expect({ file, inReadme: readme.includes(readFileSync(join(template, file), 'utf8').trimEnd()) }).toEqual({ file, inReadme: true });
    }
  });

  test('the package has no runtime dependencies but its peers, and does not install CDK for Terraform', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'cdk8s-ml-mesh', 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-28', 'cdktf', 'constructs']);
    expect(pkg.peerDependenciesMeta).toEqual({ cdktf: { optional: true } });
    expect(existsSync(join(app, 'node_modules', 'cdktf'))).toBe(false);
  });

  test('`npm run synth` writes the manifests and ROUTING.md, and `cdk8s-ml-mesh check dist/` passes', () => {
    const synth = run(app, 'npm', ['run', 'synth']);
    expect(synth).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(readdirSync(join(app, 'dist')).sort()).toEqual(['ROUTING.md', 'ranking.k8s.yaml']);
    expect(readFileSync(join(app, 'dist', 'ROUTING.md'), 'utf8')).toContain('content-ranking');
    expect(run(app, 'npx', ['cdk8s-ml-mesh', 'check', 'dist/'])).toMatch(/^no problems in \d+ documents/m);
  }, 300_000);

  test("the app's own jest tests (a snapshot and an explain assertion) pass, and again against the written snapshot", () => {
    expect(run(app, 'npx', ['jest', '--ci=false'])).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(run(app, 'npx', ['jest', '--ci'])).toMatch(/Snapshots:\s+1 passed, 1 total/);
  }, 300_000);

  test('the example platform, from the package: synthesized for Istio and for Gateway API, both checked, explain agrees on every request', () => {
    // The example's own files, importing the package instead of ../../src.
    const example = join(app, 'example');
    mkdirSync(example, { recursive: true });
    for (const file of ['platform.ts', 'main.ts', 'gateway-api.ts']) {
      const text = readFileSync(join(repo, 'examples', 'recommendation-platform', file), 'utf8').replace(/from '\.\.\/\.\.\/src'/g, "from 'cdk8s-ml-mesh'");
      writeFileSync(join(example, file), text);
    }
    // The Istio rendering of the variant gateway-api.ts renders (main.ts runs the progressive canary).
    const variant = readFileSync(join(example, 'main.ts'), 'utf8')
      .replace("import { RecommendationPlatform } from './platform';", "import { PORTABLE_VARIANT, RecommendationPlatform } from './platform';")
      .replace("new RecommendationPlatform(app, 'recommendation');", "new RecommendationPlatform(app, 'recommendation', PORTABLE_VARIANT);");
    expect(variant.match(/PORTABLE_VARIANT/g)).toHaveLength(2);
    writeFileSync(join(example, 'istio-variant.ts'), variant);
    const synth = (file: string, out: string) => run(app, 'npx', ['cdk8s', 'synth', '--check-upgrade', 'false', '-a', `npx ts-node example/${file}`, '-o', out]);
    synth('main.ts', 'dist');
    synth('istio-variant.ts', 'dist-istio');
    synth('gateway-api.ts', 'dist-gateway-api');
    expect(run(app, 'npx', ['cdk8s-ml-mesh', 'check', 'dist/'])).toMatch(/^no problems in \d+ documents/m);
    const kinds = (dir: string) => new Set(readdirSync(join(app, dir, 'recommendation')).map(f => f.split('.')[0]));
    expect(kinds('dist-istio').has('VirtualService')).toBe(true);
    expect([kinds('dist-gateway-api').has('HTTPRoute'), kinds('dist-gateway-api').has('Gateway')]).toEqual([true, true]);
    expect(run(app, 'npx', ['cdk8s-ml-mesh', 'check', 'dist-istio/'])).toMatch(/^no problems in \d+ documents/m);
    expect(run(app, 'npx', ['cdk8s-ml-mesh', 'check', 'dist-gateway-api/', '--gateway-api-channel', 'experimental'])).toMatch(/^no problems in \d+ documents/m);
    // The same requests, read back from each rendering with its own API's semantics.
    const requests = [
      ['--host', 'content-ranking.ml-serving', '-H', 'x-user-segment=premium'],
      ['--host', 'content-ranking.ml-serving'],
      ['--host', 'diversity-reranker.ml-serving', '-H', 'x-model-version=v9'],
      ['--host', 'diversity-reranker.ml-serving'],
      ['--host', 'recsys.example.com', '--gateway', 'ml-serving/recsys-api', '--uri', '/api/v1/ranking/score', '-H', 'x-user-segment=premium'],
      ['--host', 'recsys.example.com', '--gateway', 'ml-serving/recsys-api', '--uri', '/api/v1/rerank/x'],
    ];
    for (const request of requests) {
      const answer = (dir: string) => {
        const r = JSON.parse(run(app, 'npx', ['cdk8s-ml-mesh', 'explain', `${dir}/`, ...request, '--format', 'json'], true));
        // Through the gateway the Istio rendering prefixes route names with the model's (one VirtualService for all models).
        const route = request.includes('--gateway') ? undefined : r.matchedRoute?.name;
        return { route, destinations: r.destinations.map((d: any) => [d.host, d.subset, d.percent]) };
      };
      expect({ request, ...answer('dist-gateway-api') }).toEqual({ request, ...answer('dist-istio') });
    }
  }, 600_000);
});
