/** Run the CLI in-process and judge one fuzz layout (shared by the jest suite and bench/fuzz-cli.ts). */
import { rmSync } from 'fs';
import { expectedRule, isReadOnce, Layout, materialize } from './layouts';
import { main } from '../../src/cli/main';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await main(argv, s => out.push(s), s => err.push(s));
  } catch (e) {
    // main() must never throw: make the property fail with the reason
    return { code: -1, out: out.join('\n'), err: `main() threw: ${e instanceof Error ? e.stack : String(e)}` };
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Problems with the CLI's answer for one layout; empty when it behaved. */
export async function judgeLayout(layout: Layout): Promise<string[]> {
  const { root, paths, argv } = materialize(layout);
  try {
    const problems: string[] = [];
    const check = await runCli(['check', '--format', 'json', ...argv]);
    problems.push(...generic('check', check));
    if (check.code === 0 || check.code === 1) {
      const findings: { file: string; rule: string }[] = JSON.parse(check.out).findings;
      layout.entries.forEach((entry, i) => {
        const rule = expectedRule(entry);
        if (!rule) return;
        const count = findings.filter(f => f.file === paths[i] && f.rule === rule).length;
        if (count === 0) problems.push(`check: no ${rule} finding for ${entry.kind} ${paths[i]}`);
        if (isReadOnce(entry) && count > 1) problems.push(`check: ${count} ${rule} findings for ${paths[i]} (read more than once)`);
      });
    }
    const text = await runCli(['check', ...argv]);
    problems.push(...generic('check (text)', text));
    if (text.code !== check.code) problems.push(`check: exit ${text.code} with text output, ${check.code} with JSON`);
    const explain = await runCli(['explain', ...argv, '--host', 'model']);
    problems.push(...generic('explain', explain));
    return problems;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Whatever the input: exit 0, 1 or 2 (3 means a bug), and no stack trace in the output. */
function generic(command: string, run: CliRun): string[] {
  const problems: string[] = [];
  if (![0, 1, 2].includes(run.code)) problems.push(`${command}: exit code ${run.code}: ${run.err.slice(0, 2000)}`);
  const stack = `${run.out}\n${run.err}`.split('\n').find(line => /^\s+at /.test(line));
  if (stack) problems.push(`${command}: stack trace in the output: ${stack}`);
  return problems;
}
