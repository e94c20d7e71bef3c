/**
 * Installing or loading the core package never needs CDK for Terraform: the main entry's import graph
 * does not reach `cdktf`, and package.json declares cdktf only as an optional peer dependency.
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

const ROOT = join(__dirname, '..', '..');

/** Every module specifier imported (statically or by require) by the files reachable from `entry`. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map(m => m[1]);
    for (const s of specifiers) {
      if (!s.startsWith('.')) {
        packages.add(s);
        continue;
      }
      const base = resolve(dirname(file), s);
      const target = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
      if (!target) throw new Error(`${file}: cannot resolve ${s}`);
      visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}

test('src/index.ts never imports cdktf, @cdktf/* or the terraform-cdktf module', () => {
  const { files, packages } = importGraph(join(ROOT, 'src', 'index.ts'));
  expect(files.size).toBeGreaterThan(20);
  expect([...files].some(f => f.includes('terraform/terraform-manifests.ts'))).toBe(true);
  expect([...files].filter(f => f.includes('terraform-cdktf'))).toEqual([]);
  expect([...packages].filter(p => p === 'cdktf' || p.startsWith('@cdktf/') || p.startsWith('cdktf-'))).toEqual([]);
});

test('the CDKTF module is what imports cdktf, reachable as cdk8s-ml-mesh/terraform-cdktf', () => {
  expect(importGraph(join(ROOT, 'src', 'terraform-cdktf', 'index.ts')).packages).toContain('cdktf');
  expect(readFileSync(join(ROOT, 'terraform-cdktf.js'), 'utf8')).toMatch(/module\.exports = require\('\.\/lib\/terraform-cdktf'\);/);
  expect(readFileSync(join(ROOT, 'terraform-cdktf.d.ts'), 'utf8')).toMatch(/export \* from '\.\/lib\/terraform-cdktf';/);
});

test('package.json: cdktf is an optional peer dependency, never a dependency', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.dependencies?.cdktf).toBeUndefined();
  expect(pkg.bundledDependencies ?? []).not.toContain('cdktf');
  expect(pkg.peerDependencies.cdktf).toBeDefined();
  expect(pkg.peerDependenciesMeta.cdktf).toEqual({ optional: true });
  for (const deps of [pkg.dependencies, pkg.peerDependencies, pkg.devDependencies]) {
    expect(Object.keys(deps ?? {}).filter(d => d.startsWith('@cdktf/') || d === 'cdktf-cdk8s')).toEqual([]);
  }
  expect(pkg.main).toBe('lib/index.js');
  expect(pkg.exports).toBeUndefined();
});
