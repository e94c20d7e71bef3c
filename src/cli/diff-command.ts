/**
 * `cdk8s-ml-mesh diff <base> <head> [--format text|markdown|json]`: what changes in routing
 * between two sets of manifests (synthesized directories or any VirtualService/DestinationRule
 * YAML), per host, in words.
 *
 * Exit codes: 0 routing unchanged, 1 routing changed, 2 bad usage or unreadable input.
 */
import { ReadRouting, READING_POLICY, readRouting } from './read-routing';
import { diffRouteTables } from '../routing/diff/diff-table';
import { RoutingDiff } from '../routing/diff/diff-types';
import { RoutingDiffFormat } from '../routing/diff/render-diff';
import { isIstioRoutingObject, routingFromDocuments } from '../routing/from-istio';
import { normaliseGateway } from '../routing/from-istio-hosts';
import { ManifestDocument } from '../util/manifest-document';

export const DIFF_USAGE = `usage: cdk8s-ml-mesh diff <base> <head> [--format text|markdown|json] [--gateway <ns/name>]

Compares the routing of two sets of manifests (files or directories, read recursively;
VirtualService and DestinationRule objects, other kinds are ignored) and says, per model host,
what changes: each version's share of every route's traffic (a reorder or a weight change that
does not change who gets what is no change), routes added, removed or reordered (with what a new
route does), mirrors, timeouts, retries, faults, rewrites, redirects and direct responses, header
operations (route and destination level), CORS, TCP and TLS routes, DestinationRule policies,
versions added or retired, hosts renamed. Without --gateway it compares the mesh's routing and
that of every gateway a VirtualService is bound to, and says whose traffic each change affects.

options:
  --format text|markdown|json   text (default): one line per changed host, nothing when unchanged;
                                markdown: a pull-request comment; json: the RoutingDiff structure
  --gateway <ns/name>           compare only the routing of traffic entering through this gateway
                                (mesh: only sidecar-to-sidecar traffic; default: every view)
  -h, --help                    show this help

${READING_POLICY}

exit codes: 0 routing unchanged, 1 routing changed, 2 bad usage`;

type Out = (s: string) => void;
type Format = 'text' | 'markdown' | 'json';
const FORMATS: readonly Format[] = ['text', 'markdown', 'json'];

interface DiffArgs {
  readonly paths: string[];
  readonly format: Format;
  readonly gateway?: string;
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): DiffArgs | string {
  const paths: string[] = [];
  let format: Format | undefined;
  let gateway: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      help = true;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (format !== undefined) return '--format given twice';
      if (!FORMATS.includes(value as Format)) return `--format ${value === undefined ? 'needs a value' : `"${value}" is not supported`} (allowed: ${FORMATS.join(', ')})`;
      format = value as Format;
    } else if (arg === '--gateway' || arg.startsWith('--gateway=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (gateway !== undefined) return '--gateway given twice';
      if (!value) return '--gateway needs a value (mesh, or a gateway as namespace/name)';
      gateway = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option "${arg}" (allowed: --format, --gateway, --help)`;
    } else {
      paths.push(arg);
    }
  }
  if (!help && paths.length !== 2) return `expected exactly two paths, <base> and <head>; got ${paths.length}`;
  return { paths, format: format ?? 'text', gateway, help };
}

export async function runDiffCommand(argv: string[], out: Out, err: Out): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err(`diff: ${args}\n\n${DIFF_USAGE}`);
    return 2;
  }
  if (args.help) {
    out(DIFF_USAGE);
    return 0;
  }
  try {
    const [base, head] = args.paths.map(p => readRouting('diff', [p], err, { gateway: args.gateway }));
    if (!base || !head) return 2;
    const diff = args.gateway ? diffRouteTables(base.imported.table, head.imported.table) : diffEveryView(base, head);
    const text = args.format === 'json' ? RoutingDiffFormat.json(diff)
      : args.format === 'markdown' ? RoutingDiffFormat.markdown(diff) : RoutingDiffFormat.text(diff);
    if (text !== '') out(text);
    return diff.changed ? 1 : 0;
  } catch (e) {
    // Never a stack trace: the message is enough to act on.
    err(`diff: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

/**
 * The mesh's routing and that of every gateway a VirtualService on either side is bound to, each
 * host tagged with whose traffic it is when there is more than the mesh.
 */
function diffEveryView(base: ReadRouting, head: ReadRouting): RoutingDiff {
  const gateways = [...new Set([...gatewaysOf(base.documents), ...gatewaysOf(head.documents)])].sort();
  const mesh = diffRouteTables(base.imported.table, head.imported.table);
  if (gateways.length === 0) return mesh;
  const views = [{ view: 'mesh', diff: mesh }, ...gateways.map(gateway => ({
    view: gateway,
    diff: diffRouteTables(routingFromDocuments(base.documents, { gateway }).table, routingFromDocuments(head.documents, { gateway }).table),
  }))];
  const hosts = views.flatMap(({ view, diff }) => diff.hosts.map(h => ({ ...h, view })));
  return { changed: hosts.length > 0, hosts };
}

/** Gateways (`namespace/name`) that VirtualServices or their routes are bound to. */
function gatewaysOf(docs: readonly ManifestDocument[]): string[] {
  const out: string[] = [];
  for (const o of docs.map(d => d.object).filter(isIstioRoutingObject)) {
    if (o.kind !== 'VirtualService') continue;
    const ns = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default';
    const routes = ['http', 'tcp', 'tls'].flatMap(k => (Array.isArray(o.spec?.[k]) ? o.spec[k] : []));
    const named = [o.spec?.gateways, ...routes.flatMap((r: any) => (Array.isArray(r?.match) ? r.match.map((m: any) => m?.gateways) : []))];
    for (const list of named) {
      for (const g of Array.isArray(list) ? list : []) if (typeof g === 'string' && g !== 'mesh') out.push(normaliseGateway(g, ns));
    }
  }
  return out;
}
