/** Small helpers shared by the benchmark sections: child processes, medians, tables. */
import { spawnSync } from 'child_process';
import { join } from 'path';

export const REPO = join(__dirname, '..');

/** Run a TypeScript file of bench/ in a fresh Node process (transpiled, not type-checked). */
export function runTs(file: string, args: string[], cwd = REPO): string {
  return run(process.execPath, ['-r', 'ts-node/register', join(__dirname, file), ...args], cwd,
    { TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_TRANSPILER: 'ts-node/transpilers/swc', TS_NODE_PROJECT: join(REPO, 'tsconfig.dev.json') });
}

export function run(command: string, args: string[], cwd = REPO, env: Record<string, string> = {}): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** Wall time of a command, in seconds. */
export function wall(command: string, args: string[], cwd = REPO, env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  run(command, args, cwd, env);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const lines = [header, header.map(() => '---'), ...rows.map(r => r.map(String))];
  return lines.map(l => `| ${l.join(' | ')} |`).join('\n');
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits);
