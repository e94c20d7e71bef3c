/**
 * `cdk8s-ml-mesh import <files or dirs...> [--module cdk8s-ml-mesh]`: read hand-written
 * VirtualService/DestinationRule (and Service) YAML and print a cdk8s program that produces the
 * same routing with this library's constructs, adopting the existing pods and object names.
 * What the constructs cannot express is listed on stderr and in the program's header.
 *
 * Exit codes: 0 a program was printed, 1 no routing found, 2 bad usage or unreadable input.
 */
import { ManifestDocument } from '../check/finding';
import { readManifests } from '../check/read-manifests';
import { ServiceObjects, toTypeScript } from '../migrate/to-typescript';
import { isIstioRoutingObject, routingFromDocuments } from '../routing/from-istio';
import { ServiceRouting } from '../routing/route-table';
import { toFqdn } from '../util/hosts';

const USAGE = `usage: cdk8s-ml-mesh import <files or dirs...> [--module <name>]

Reads VirtualService, DestinationRule and Service manifests and prints TypeScript that produces
the same mesh routing with cdk8s-ml-mesh constructs (ModelService adopting the existing pods and
object names, routeMatching, CanaryRollout, ShadowMirror, ...). Parts the constructs cannot
express are listed on stderr and at the top of the program.

options:
  --module <name>   module to import the constructs from (default cdk8s-ml-mesh)
  -h, --help        show this help`;

type Out = (s: string) => void;

export async function runImportCommand(argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const paths: string[] = [];
  let module = 'cdk8s-ml-mesh';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--module' && argv[i + 1] !== undefined) module = argv[++i];
    else if (argv[i].startsWith('-')) return usage(err, `unknown option "${argv[i]}"`);
    else paths.push(argv[i]);
  }
  if (paths.length === 0) return usage(err, 'no files or directories given');
  const read = readManifests(paths);
  const problems = [...read.missing.map(p => `${p}: no such file or directory`), ...read.findings.map(f => `${f.file}#${f.document}: ${f.message}`)];
  if (problems.length) {
    problems.forEach(p => err(`import: ${p}`));
    return 2;
  }
  const imported = routingFromDocuments(read.documents);
  imported.warnings.forEach(w => err(`warning: ${w}`));
  // A host KServe routes (Knative mode) is not ours to generate: its InferenceService is the program.
  const kserveOwned = imported.table.services.filter(s => s.routedBy);
  kserveOwned.forEach(s => err(`note: ${s.host} is not generated: ${s.routedBy}; keep its InferenceService as it is`));
  const services = imported.table.services.filter(s => !s.host.startsWith('*') && !s.routedBy);
  if (services.length === 0) {
    err('import: no VirtualService or DestinationRule found');
    return 1;
  }
  const program = toTypeScript(services, s => objectsOf(s, read.documents), module);
  program.unsupported.forEach(u => err(`cannot express: ${u}`));
  out(program.code);
  return 0;
}

function usage(err: Out, problem: string): number {
  err(`import: ${problem}\n\n${USAGE}`);
  return 2;
}

/** The VirtualService, DestinationRule and Service a service's routing was read from. */
export function objectsOf(s: ServiceRouting, docs: readonly ManifestDocument[]): ServiceObjects {
  const ns = (o: any) => (typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default');
  const routing = docs.map(d => d.object).filter(isIstioRoutingObject);
  const vs = routing.find(o => o.kind === 'VirtualService' && (o.spec?.gateways ?? []).length === 0
    && (o.spec?.hosts ?? []).some((h: unknown) => typeof h === 'string' && toFqdn(h, ns(o)) === s.host));
  const dr = routing.find(o => o.kind === 'DestinationRule' && typeof o.spec?.host === 'string' && toFqdn(o.spec.host, ns(o)) === s.host);
  const svc = docs.map(d => d.object).find(o => o?.kind === 'Service' && o.apiVersion === 'v1'
    && o.metadata?.name === s.name && ns(o) === (s.namespace ?? 'default'));
  return { virtualServiceName: vs?.metadata?.name, destinationRuleName: dr?.metadata?.name, selector: svc?.spec?.selector };
}
