/**
 * API.md is generated from the TSDoc by jsii-docgen (`npx projen docgen`, part of the build) and
 * committed; this fails when it no longer matches the public API. Needs the jsii assembly (.jsii),
 * which `npm test` builds before jest runs.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const repo = join(__dirname, '..');

test('API.md is up to date with the TSDoc (regenerate with `npx projen docgen`)', () => {
  if (!existsSync(join(repo, '.jsii'))) throw new Error('.jsii is missing: run `npx projen compile` (npm test does) first');
  const out = join(mkdtempSync(join(tmpdir(), 'api-md-')), 'API.md');
  execFileSync(join(repo, 'node_modules', '.bin', 'jsii-docgen'), ['-o', out], { cwd: repo, stdio: 'pipe' });
  const committed = readFileSync(join(repo, 'API.md'), 'utf8');
  expect(committed === readFileSync(out, 'utf8')).toBe(true);
}, 120_000);
