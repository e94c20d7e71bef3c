import { runCheckCommand } from './check-command';
import { runDiffCommand } from './diff-command';
import { runExplainCommand } from './explain-command';

const USAGE = `usage: cdk8s-ml-mesh <command> [options]

commands:
  check <files or dirs...>   verify mesh manifests offline (schema, Istio webhook, cross-references)
  explain <files or dirs...> --host <host> [-H name=value ...] [--uri /path] [--method GET]
                             show which model versions a request reaches
  diff <base> <head> [--format text|markdown|json]
                             what changes in routing between two sets of manifests

run 'cdk8s-ml-mesh <command> --help' for a command's options`;

/** Exit codes: 0 clean, 1 problems found, 2 bad usage. */
export async function main(argv: string[], out: (s: string) => void = s => process.stdout.write(s + '\n'),
  err: (s: string) => void = s => process.stderr.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': return runCheckCommand(rest, out, err);
    case 'explain': return runExplainCommand(rest, out, err);
    case 'diff': return runDiffCommand(rest, out, err);
    case '--help': case '-h': case 'help': out(USAGE); return 0;
    default:
      err(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
      return 2;
  }
}
