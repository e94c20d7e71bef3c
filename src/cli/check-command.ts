/**
 * `cdk8s-ml-mesh check <files or dirs...> [--format text|json] [--layers schema,webhook,reference]`
 * Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad usage, 3 internal error (main.ts).
 */
import { ALL_LAYERS, checkPaths, MissingPathError } from '../check/checker';
import { CheckLayer } from '../check/finding';
import { formatJson, formatText } from '../check/format-findings';
import { MAX_DEPTH, MAX_DOCUMENTS, MAX_FILE_BYTES } from '../check/read-manifests/limits';
import { GatewayApiChannel } from '../check/schema';

export const CHECK_USAGE = `usage: cdk8s-ml-mesh check <files or dirs...> [--format text|json] [--layers schema,webhook,reference]
                            [--gateway-api-channel standard|experimental]

Verifies Kubernetes/Istio/KServe manifests offline in three layers:
  schema     CRD/OpenAPI schemas and CEL rules, as the apiserver enforces them
  webhook    Istio 1.30.3's validating webhook (istiod), with Istio's messages
  reference  cross-references across all documents, as 'istioctl analyze' reports them

Directories are read recursively (.yaml, .yml, .json); every YAML document is checked.
Inside directories symbolic links are not followed and FIFOs, sockets and devices are not
opened (each is a warning); paths given here may be links. A path reached twice is read once.

limits (each a finding, never a crash): files over ${MAX_FILE_BYTES / 1024 / 1024} MiB (read/too-large), more than
${MAX_DOCUMENTS} documents in a file (read/too-many-documents), nesting deeper than ${MAX_DEPTH} levels
(read/too-deep), alias bombs (read/alias-bomb) and cyclic aliases (read/alias-cycle).

options:
  --format text|json   text (default): one line per finding, errors then warnings, then a summary;
                       json: {"findings": [{file, document, kind, name, namespace?, path, rule, layer,
                       severity, message}], "summary": {errors, warnings, documents, files, layers}}
  --layers LIST        comma-separated subset of schema,webhook,reference (default: all)
  --gateway-api-channel standard|experimental
                       the Gateway API CRDs the cluster installed (default: standard); the
                       apiserver prunes fields of the other channel, e.g. HTTPRoute retry
  -h, --help           show this help

exit codes: 0 no errors (warnings allowed), 1 errors found (unreadable files included),
            2 bad usage or a path that does not exist, 3 internal error (a bug: please report it)`;

interface CheckArgs {
  readonly paths: string[];
  readonly format: 'text' | 'json';
  readonly layers: CheckLayer[];
  readonly gatewayApiChannel: GatewayApiChannel;
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): CheckArgs | string {
  const paths: string[] = [];
  let format: 'text' | 'json' = 'text';
  let layers: CheckLayer[] = [...ALL_LAYERS];
  let help = false;
  let gatewayApiChannel: GatewayApiChannel = 'standard';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '-h' || flag === '--help') {help = true;} else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json, got ${v === undefined ? 'nothing' : `"${v}"`}`;
      format = v;
    } else if (flag === '--layers') {
      const v = value();
      if (v === undefined || v === '') return '--layers needs a comma-separated list of schema, webhook, reference';
      const names = v.split(',').map(s => s.trim());
      const unknown = names.filter(n => !(ALL_LAYERS as readonly string[]).includes(n));
      if (unknown.length) return `unknown layer${unknown.length > 1 ? 's' : ''} ${unknown.map(u => `"${u}"`).join(', ')} in --layers (allowed: schema, webhook, reference)`;
      layers = names as CheckLayer[];
    } else if (flag === '--gateway-api-channel') {
      const v = value();
      if (v !== 'standard' && v !== 'experimental') return `--gateway-api-channel must be standard or experimental, got ${v === undefined ? 'nothing' : `"${v}"`}`;
      gatewayApiChannel = v;
    } else if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option "${arg}" (allowed: --format, --layers, --gateway-api-channel, --help)`;
    } else {paths.push(arg);}
  }
  return { paths, format, layers, gatewayApiChannel, help };
}

export async function runCheckCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err(`check: ${args}\n\n${CHECK_USAGE}`);
    return 2;
  }
  if (args.help) {
    out(CHECK_USAGE);
    return 0;
  }
  if (args.paths.length === 0) {
    err(`check: no files or directories given\n\n${CHECK_USAGE}`);
    return 2;
  }
  try {
    const outcome = checkPaths(args.paths, { layers: args.layers, gatewayApiChannel: args.gatewayApiChannel });
    if (args.format === 'json') out(formatJson(outcome));
    else for (const line of formatText(outcome)) out(line);
    return outcome.errors > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof MissingPathError) {
      err(`check: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
