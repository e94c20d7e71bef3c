import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { exampleApp, synthExampleDir } from './example';
import { TerraformManifests } from '../../src';
import { main } from '../../src/cli/main';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, s => { out += s + '\n'; }, s => { err += s + '\n'; });
  return { code, out, err };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'tf-cli-'));

describe('cdk8s-ml-mesh terraform', () => {
  const dist = synthExampleDir();

  test('`terraform dist/ --out tf/` writes every object of the example, byte for byte what the library writes', async () => {
    const out = join(tmp(), 'tf');
    const { code, out: stdout, err } = await cli(['terraform', dist, '--out', out]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote 23 kubernetes_manifest resources: ${join(out, 'providers.tf.json')}, ${join(out, 'manifests.tf.json')}\n`);
    for (const file of TerraformManifests.fromApp(exampleApp()).files()) {
      expect(readFileSync(join(out, file.fileName), 'utf8')).toBe(file.content);
    }
  });

  test('the output is deterministic and re-running over a directory that holds it skips the *.tf.json files', async () => {
    const out = join(dist, 'tf');
    expect((await cli(['terraform', dist, `--out=${out}`])).code).toBe(0);
    const first = readFileSync(join(out, 'manifests.tf.json'), 'utf8');
    const again = await cli(['terraform', dist, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^wrote 23 kubernetes_manifest resources/);
    expect(readFileSync(join(out, 'manifests.tf.json'), 'utf8')).toBe(first);
  });

  test('--no-provider leaves out the provider block; --default-namespace fills namespaces', async () => {
    const input = tmp();
    writeFileSync(join(input, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n');
    const out = join(tmp(), 'module');
    const { code } = await cli(['terraform', input, '--out', out, '--no-provider', '--default-namespace', 'ml-serving']);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'providers.tf.json'), 'utf8')).provider).toBeUndefined();
    const resources = JSON.parse(readFileSync(join(out, 'manifests.tf.json'), 'utf8')).resource.kubernetes_manifest;
    expect(Object.keys(resources)).toEqual(['configmap_ml-serving_settings']);
    expect(resources['configmap_ml-serving_settings'].manifest.metadata.namespace).toBe('ml-serving');
  });

  test('warnings go to stderr and do not fail the run', async () => {
    const input = tmp();
    writeFileSync(join(input, 'w.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    const { code, err } = await cli(['terraform', input, '--out', join(tmp(), 'tf')]);
    expect(code).toBe(0);
    expect(err).toMatch(/^warning: .*w\.yaml#0: Widget w has no metadata.namespace/);
  });

  test.each([
    ['a missing path', (dir: string) => join(dir, 'nope'), /nope: no such file or directory/],
    ['a YAML syntax error', (dir: string) => { writeFileSync(join(dir, 'bad.yaml'), 'kind: [unclosed\n'); return dir; }, /bad\.yaml#0: /],
    ['a document that is not an object', (dir: string) => { writeFileSync(join(dir, 'list.yaml'), '- a\n- b\n'); return dir; }, /list\.yaml#0: document is a list/],
    ['an object without a name', (dir: string) => { writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n'); return dir; }, /cm\.yaml#0: ConfigMap has no metadata.name/],
    ['no Kubernetes objects at all', (dir: string) => dir, /no Kubernetes objects found in /],
  ])('%s exits 1 and writes nothing', async (_what, prepare, message) => {
    const input = prepare(tmp());
    const out = join(tmp(), 'tf');
    const { code, out: stdout, err } = await cli(['terraform', input, '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(err).toMatch(message);
    expect(err).toMatch(/terraform: nothing written\n$/);
    expect(existsSync(out)).toBe(false);
  });

  test('an output directory that cannot be written exits 1 with a message, not a stack trace', async () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    const { code, err } = await cli(['terraform', dist, '--out', join(file, 'tf')]);
    expect(code).toBe(1);
    expect(err).toMatch(/^terraform: .*(ENOTDIR|EEXIST)/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test.each([
    [[], /no files or directories given/],
    [['--out'], /--out needs a value/],
    [['dist', '--out'], /--out needs a value/],
    [['dist', '--out', 'a', '--out', 'b'], /--out given twice/],
    [['dist', '--format', 'json'], /unknown option "--format"/],
    [['dist', '--default-namespace', 'Bad_NS'], /--default-namespace "Bad_NS" is not a namespace name/],
    [['dist', '--no-provider=yes'], /unknown option "--no-provider"/],
  ])('bad usage %j exits 2 with the usage', async (args, message) => {
    const { code, out, err } = await cli(['terraform', ...args]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toMatch(/usage: cdk8s-ml-mesh terraform/);
  });

  test('--help prints the usage and exits 0; the top-level usage lists the command', async () => {
    const help = await cli(['terraform', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: cdk8s-ml-mesh terraform <files or dirs...>/);
    expect((await cli(['--help'])).out).toMatch(/terraform <files or dirs...> \[--out tf\]/);
  });

  test('--out defaults to tf in the working directory', async () => {
    const cwd = process.cwd();
    const work = tmp();
    process.chdir(work);
    try {
      expect((await cli(['terraform', dist])).code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(work, 'tf', 'manifests.tf.json'))).toBe(true);
  });
});
