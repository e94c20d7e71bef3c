/**
 * Reading hostile input (issue 11, CLI robustness): each limit and file-system case gives its
 * finding and exit code; duplicate paths are read once; a bug exits 3 with one line.
 * The random version of these cases is cli-fuzz.test.ts.
 */
import { spawn, spawnSync } from 'child_process';
import { closeSync, copyFileSync, ftruncateSync, linkSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readManifests } from '../../src/check/read-manifests';
import { MAX_DEPTH, MAX_DOCUMENTS, MAX_FILE_BYTES } from '../../src/check/read-manifests/limits';
import { internalErrorLines, main } from '../../src/cli/main';
import { aliasBomb, nested, PLATFORM, virtualService } from '../cli-fuzz/layouts';
import { runCli } from '../cli-fuzz/run-cli';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cdk8s-ml-mesh');
const CONTENT_RANKING = join(ROOT, 'test', 'fixtures', 'check', 'content-ranking');

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cli-robust-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** `rule message` of every read finding, with the temporary directory cut off. */
function readLines(...paths: string[]): string[] {
  return readManifests(paths).findings.map(f => `${f.file.slice(dir.length + 1)}#${f.document} ${f.severity} [${f.rule}] ${f.message}`);
}

const bin = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

describe('limits: a finding, never an exception', () => {
  test('an alias bomb', () => {
    expect(readLines(file('bomb.yaml', aliasBomb(8)))).toEqual([
      'bomb.yaml#0 error [read/alias-bomb] aliases expand this document too far (more than the limit of 1000 alias resolutions; a "billion laughs" document); not read',
    ]);
  });

  test('an alias inside its own anchor (a cyclic object)', () => {
    expect(readLines(file('cycle.yaml', 'kind: ConfigMap\ndata: &d\n  x: *d\n'))).toEqual([
      'cycle.yaml#0 error [read/alias-cycle] an alias refers to a node that contains it, so the document is cyclic (Kubernetes rejects it: "anchor value contains itself"); not read',
    ]);
  });

  test.each(['block-map', 'block-seq', 'flow-seq', 'flow-map', 'tabbed'] as const)('nesting (%s): the limit is read, one level more or 20,000 are read/too-deep', style => {
    const ok = readManifests([file('ok.yaml', nested(style, MAX_DEPTH))]);
    expect(ok.findings).toEqual([]);
    expect(ok.documents).toHaveLength(1);
    for (const depth of [MAX_DEPTH + 1, 20_000]) {
      expect(readLines(file(`deep-${depth}.yaml`, nested(style, depth)))).toEqual([
        `deep-${depth}.yaml#0 error [read/too-deep] document nests mappings and sequences more than ${MAX_DEPTH} levels deep (limit ${MAX_DEPTH}); not read`,
      ]);
    }
  });

  test('too many documents: counted before parsing, and JSON array elements after', () => {
    expect(readLines(file('many.yaml', '---\na: 1\n'.repeat(MAX_DOCUMENTS + 1)))).toEqual([
      `many.yaml#0 error [read/too-many-documents] file holds at least ${MAX_DOCUMENTS + 1} documents, over the limit of ${MAX_DOCUMENTS}; not read (split it into smaller files)`,
    ]);
    expect(readLines(file('many.json', `[${Array(MAX_DOCUMENTS + 1).fill('{}').join(',')}]`))).toEqual([
      `many.json#0 error [read/too-many-documents] file holds ${MAX_DOCUMENTS + 1} documents, over the limit of ${MAX_DOCUMENTS}; not read (split it into smaller files)`,
    ]);
    const atLimit = readManifests([file('limit.yaml', '---\na: 1\n'.repeat(MAX_DOCUMENTS))]);
    expect(atLimit.findings).toEqual([]);
    expect(atLimit.documents).toHaveLength(MAX_DOCUMENTS);
  });

  test('a collection as a key: no process warning on stderr', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const read = readManifests([file('key.yaml', '? {hosts: [model]}\n: x\n')]);
      expect(read.documents).toHaveLength(1);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  test('a file over the size limit is not read', () => {
    const path = join(dir, 'huge.yaml');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1); // sparse
    closeSync(fd);
    expect(readLines(path)).toEqual(['huge.yaml#0 error [read/too-large] file is 64 MiB, over the limit of 64 MiB; not read (split it into smaller files)']);
  });

  test('a huge single line and binary garbage are ordinary input', () => {
    const line = readManifests([file('line.yaml', `a: ${'x'.repeat(5_000_000)}\n`)]);
    expect(line.findings).toEqual([]);
    expect(line.documents[0].object.a).toHaveLength(5_000_000);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    writeFileSync(join(dir, 'garbage.yaml'), garbage);
    const rules = readManifests([join(dir, 'garbage.yaml')]).findings.map(f => f.rule);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatch(/^yaml\//);
  });
});

const describeLinks = PLATFORM.symlinks ? describe : describe.skip;
describeLinks('directory walks: links are not followed, non-regular files not opened, each said', () => {
  test('links and broken links in a walk are warnings; the same links given explicitly are followed or errors', () => {
    const target = file('target/inside.yaml', virtualService('model'));
    file('walk/a.yaml', virtualService('model'));
    symlinkSync(join(dir, 'target'), join(dir, 'walk', 'x.yaml'));
    symlinkSync(target, join(dir, 'walk', 'link.yaml'));
    symlinkSync(join(dir, 'walk', 'loop.yaml'), join(dir, 'walk', 'loop.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'walk', 'dangling.yaml'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'walk', 'not-a-manifest')); // never read: not reported
    const walk = join(dir, 'walk');
    expect(readLines(walk)).toEqual([
      `walk/dangling.yaml#0 warning [read/broken-symlink] dangling symbolic link (-> ${dir}/nowhere.yaml): its target does not exist; not read`,
      `walk/link.yaml#0 warning [read/symlink-skipped] symbolic link to a regular file (-> ${target}) not followed inside a directory walk; give it on the command line to read it`,
      `walk/loop.yaml#0 warning [read/broken-symlink] symbolic link (-> ${dir}/walk/loop.yaml) is a loop; not read`,
      `walk/x.yaml#0 warning [read/symlink-skipped] symbolic link to a directory (-> ${dir}/target) not followed inside a directory walk; give it on the command line to read it`,
    ]);
    expect(readManifests([walk]).files).toEqual([join(walk, 'a.yaml')]);
    const explicit = readManifests([join(walk, 'x.yaml'), join(walk, 'link.yaml')]);
    expect(explicit.files).toEqual([join(walk, 'x.yaml', 'inside.yaml')]); // link.yaml is the same file: read once
    expect(readLines(join(walk, 'loop.yaml'), join(walk, 'dangling.yaml')).map(l => l.split(' [')[0] + ' ' + l.split(' ')[2])).toEqual([
      'walk/loop.yaml#0 error [read/broken-symlink]', 'walk/dangling.yaml#0 error [read/broken-symlink]',
    ]);
  });

  test('check exits 0 on warnings alone and 1 on an explicit broken link; explain prints the warning', async () => {
    file('walk/a.yaml', virtualService('model'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'walk', 'dangling.yaml'));
    const walk = join(dir, 'walk');
    const checked = await runCli(['check', '--layers', 'schema,webhook', walk]);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain('[read/broken-symlink] dangling symbolic link');
    expect((await runCli(['check', join(walk, 'dangling.yaml')])).code).toBe(1);
    const explained = await runCli(['explain', walk, '--host', 'model']);
    expect(explained.code).toBe(0);
    expect(explained.err).toContain(`warning: ${join(walk, 'dangling.yaml')}: dangling symbolic link`);
  });
});

const describeFifo = PLATFORM.fifo ? describe : describe.skip;
describeFifo('a FIFO named x.yaml', () => {
  // A child process with a timeout: if a regression opened the FIFO, the test fails instead of hanging jest.
  test('in a directory: a warning, never opened (no hang); given explicitly: an error', () => {
    file('walk/a.yaml', virtualService('model'));
    const fifo = join(dir, 'walk', 'x.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const run = bin(['check', '--layers', 'schema,webhook', join(dir, 'walk'), fifo]);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${fifo}#0 [read/not-a-regular-file] is a FIFO (named pipe), not a regular file; not opened`);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['errors (1):', `  ${fifo}#0 [read/not-a-regular-file] is a FIFO (named pipe), not a regular file; not opened`]);
    expect(run.stdout).toContain('warnings (1):');
  });
});

// Root reads every file whatever its mode (CI containers often run as root): then this cannot be built.
const describeUnreadable = PLATFORM.unreadable ? describe : describe.skip;
describeUnreadable('an unreadable file (not root)', () => {
  test('is a read/unreadable finding naming EACCES', async () => {
    const path = file('walk/locked.yaml', virtualService('model'));
    spawnSync('chmod', ['000', path]);
    const run = await runCli(['check', join(dir, 'walk')]);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`${path}#0 [read/unreadable] cannot be read: permission denied (EACCES)`);
  });
});

describe('duplicate paths are read once', () => {
  test('check dist dist, a file and its directory, dir and dir/: the same answer as once (no false IST0109)', async () => {
    const vs = file('dist/vs.yaml', virtualService('model'));
    const dist = join(dir, 'dist');
    const once = await runCli(['check', '--format', 'json', dist]);
    expect(JSON.parse(once.out).summary).toMatchObject({ documents: 1, files: 1 });
    for (const argv of [[dist, dist], [vs, dist], [dist, `${dist}/`, vs]]) {
      const twice = await runCli(['check', '--format', 'json', ...argv]);
      expect(twice.code).toBe(once.code);
      expect(JSON.parse(twice.out)).toEqual(JSON.parse(once.out));
    }
    expect(JSON.parse(once.out).findings.map((f: any) => f.rule)).not.toContain('reference/IST0109');
  });

  test('a hard link is the same file (read once); a copy is another file', () => {
    const a = file('a.yaml', virtualService('model'));
    linkSync(a, join(dir, 'hard.yaml'));
    copyFileSync(a, join(dir, 'copy.yaml'));
    expect(readManifests([dir, a]).files.map(f => f.slice(dir.length + 1))).toEqual(['a.yaml', 'copy.yaml']);
  });
});

describe('exit code 3: an internal error is one line and a hint', () => {
  test('whatever a command throws, main() returns 3 and prints one line', async () => {
    const err: string[] = [];
    const code = await main(['check', CONTENT_RANKING], () => { throw new RangeError('Maximum call stack size exceeded'); }, s => err.push(s));
    expect(code).toBe(3);
    expect(err).toEqual(['internal error: RangeError: Maximum call stack size exceeded (please report this; rerun with CDK8S_ML_MESH_DEBUG=1 for a stack trace)']);
  });

  test('CDK8S_ML_MESH_DEBUG=1 adds the stack', () => {
    const e = new Error('boom\nmore');
    expect(internalErrorLines(e)).toEqual(['internal error: Error: boom (please report this; rerun with CDK8S_ML_MESH_DEBUG=1 for a stack trace)']);
    expect(internalErrorLines(e, '1')[1]).toContain('    at ');
    expect(internalErrorLines('thrown string', '0')).toEqual(['internal error: thrown string (please report this; rerun with CDK8S_ML_MESH_DEBUG=1 for a stack trace)']);
  });

  test('bin/cdk8s-ml-mesh: exit 3, one line on stderr, no stack trace; CDK8S_ML_MESH_DEBUG=1 adds it', () => {
    const preload = { NODE_OPTIONS: `--require ${join(ROOT, 'test', 'fixtures', 'cli', 'throw-on-stdout.js')}` };
    const run = bin(['check', CONTENT_RANKING], preload);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('internal error: Error: injected failure (please report this; rerun with CDK8S_ML_MESH_DEBUG=1 for a stack trace)\n');
    const debug = bin(['explain', CONTENT_RANKING, '--host', 'content-ranking-svc.ml-serving'], { ...preload, CDK8S_ML_MESH_DEBUG: '1' });
    expect(debug.status).toBe(3);
    // explain prints a warning about its input first
    expect(debug.stderr).toMatch(/\ninternal error: Error: injected failure .*\nError: injected failure\nsecond line of the message\n {4}at /);
  });

  test('a reader that goes away (`check dist | head -1`) is not an error: the exit code stays the check\'s', async () => {
    for (let i = 0; i < 400; i++) file(`many/f${i}.yaml`, 'a: 1\n'); // 400 findings: more than one pipe buffer
    const child = spawn(process.execPath, [BIN, 'check', join(dir, 'many')], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>(resolve => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  test('usage errors stay 2: unknown command, no command', async () => {
    expect((await runCli(['lint'])).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['explain', CONTENT_RANKING])).code).toBe(2);
  });
});
