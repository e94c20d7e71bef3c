import * as fs from 'fs';
import * as path from 'path';
import { main } from './src/cli/main';
(async () => {
  const root = 'test/fixtures/import-corpus';
  const runs: string[][] = [];
  for (const dir of fs.readdirSync(root).filter(d => fs.statSync(path.join(root, d)).isDirectory())) {
    for (const f of fs.readdirSync(path.join(root, dir)).filter(f => f.endsWith('.yaml'))) runs.push([path.join(root, dir, f)]);
  }
  for (const paths of runs) {
    const out: string[] = []; const err: string[] = [];
    const code = await main(['import', ...paths, ...process.argv.slice(2)], s => out.push(s), s => err.push(s));
    console.log(`== ${paths.join(' ')} EXIT ${code}`);
    for (const e of err.filter(l => !l.startsWith('added by default') && !l.startsWith('assumed') && !l.startsWith('warning'))) console.log('   ' + e.slice(0, 300));
  }
})();
