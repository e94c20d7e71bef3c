import { runCheckCommand } from './check-command';
import { runDiffCommand } from './diff-command';
import { runExplainCommand } from './explain-command';
import { runImportCommand } from './import-command';
import { runPortabilityCommand } from './portability-command';
import { runTerraformCommand } from './terraform-command';

/** Exit codes of every command. */
export const EXIT_OK = 0;
/** `check`: errors found; `explain`: no route matches or the host is unknown. */
export const EXIT_FINDINGS = 1;
/** Bad usage (unknown option, missing argument, path not found). */
export const EXIT_USAGE = 2;
/** A bug in this tool: one line on stderr, never a stack trace (unless CDK8S_ML_MESH_DEBUG is set). */
export const EXIT_INTERNAL = 3;

export const DEBUG_ENV = 'CDK8S_ML_MESH_DEBUG';

const USAGE = `usage: cdk8s-ml-mesh <command> [options]

commands:
  check <files or dirs...>   verify mesh manifests offline (schema, Istio webhook, cross-references)
  explain <files or dirs...> --host <host> [-H name=value ...] [--uri /path] [--method GET]
                             show which model versions a request reaches
  diff <base> <head> [--format text|markdown|json]
                             what changes in routing between two sets of manifests
  terraform <files or dirs...> [--out tf]
                             write the manifests as Terraform JSON (kubernetes_manifest resources)
  import <files or dirs...>  print a cdk8s-ml-mesh program producing the same routing as hand-written YAML
  portability <files or dirs...> --profile <profile>
                             what Gateway API routing with an implementation profile would lose

run 'cdk8s-ml-mesh <command> --help' for a command's options

exit codes: 0 clean, 1 findings (check: errors; explain: no route), 2 bad usage,
            3 internal error (a bug: please report it)`;

type Out = (s: string) => void;

/**
 * Run one command and return its exit code. This is the one top-level guard: whatever a command
 * throws is an internal error (exit 3), printed as one line with a hint.
 */
export async function main(argv: string[], out: Out = s => process.stdout.write(s + '\n'),
  err: Out = s => process.stderr.write(s + '\n')): Promise<number> {
  try {
    return await dispatch(argv, out, err);
  } catch (e) {
    for (const line of internalErrorLines(e, process.env[DEBUG_ENV])) {
      try {
        err(line);
      } catch {
        // stderr is gone: the exit code still says what happened
      }
    }
    return EXIT_INTERNAL;
  }
}

async function dispatch(argv: string[], out: Out, err: Out): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': return runCheckCommand(rest, out, err);
    case 'explain': return runExplainCommand(rest, out, err);
    case 'diff': return runDiffCommand(rest, out, err);
    case 'terraform': return runTerraformCommand(rest, out, err);
    case 'import': return runImportCommand(rest, out, err);
    case 'portability': return runPortabilityCommand(rest, out, err);
    case '--help': case '-h': case 'help': out(USAGE); return EXIT_OK;
    default:
      err(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
      return EXIT_USAGE;
  }
}

/** One line and a hint; the stack only when `debug` is set (and not "0"). */
export function internalErrorLines(e: unknown, debug?: string): string[] {
  const message = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0].slice(0, 500);
  const line = `internal error: ${message} (please report this; rerun with ${DEBUG_ENV}=1 for a stack trace)`;
  const stack = e instanceof Error && e.stack ? e.stack : undefined;
  return debug && debug !== '0' && stack ? [line, stack] : [line];
}
