/**
 * `bundle` (after jsii's compile): replace each lib/vendor/*.js, which tsc compiled into a plain
 * re-export of a third-party package, by a bundle of that package's code. The published package then
 * needs no runtime dependency but its peers (cdk8s, cdk8s-plus-28, constructs), ships only the code
 * we call (not @bufbuild/cel-spec's conformance data, ESM copies or docs), and loads each helper as
 * one file. The bundled packages' licenses go to lib/vendor/THIRD-PARTY-LICENSES.txt.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..');
const vendor = path.join(root, 'lib', 'vendor');
const packages = new Set<string>();

for (const file of fs.readdirSync(vendor).filter(f => f.endsWith('.js')).sort()) {
  const outfile = path.join(vendor, file);
  const result = buildSync({
    entryPoints: [outfile],
    outfile,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    minify: true,
  });
  for (const input of Object.keys(result.metafile!.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  console.log(`lib/vendor/${file}: ${(fs.statSync(outfile).size / 1024).toFixed(0)} KiB`);
}

const notices = [...packages].sort().map(name => {
  const dir = path.join(root, 'node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const license = fs.readdirSync(dir).find(f => /^licen[cs]e/i.test(f));
  const text = license ? fs.readFileSync(path.join(dir, license), 'utf8').trim() : `License: ${pkg.license}`;
  return `${name}@${pkg.version} (${pkg.license})\n\n${text}\n`;
});
fs.writeFileSync(path.join(vendor, 'THIRD-PARTY-LICENSES.txt'), `Third-party code bundled into lib/vendor:\n\n${notices.join('\n---\n\n')}`);
console.log(`lib/vendor: bundled ${[...packages].sort().join(', ')}`);
