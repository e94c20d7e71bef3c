/**
 * `cdk8s-ml-mesh import <files or dirs...> [--check] [--module cdk8s-ml-mesh]`: read hand-written
 * VirtualService/DestinationRule (and Service) YAML and print a cdk8s program that produces the
 * same routing with this library's constructs, adopting the existing pods and object names.
 *
 * Every program is synthesized in memory before it is printed (a program that would throw is
 * never printed), and explained on requests derived from every input route next to the input:
 * whatever differs is listed in the program's header, with what was not imported and what the
 * library adds by default.
 *
 * Exit codes: 0 the program routes every derived request as the input does and everything was
 * imported; 1 a program was printed, with its differences listed; 2 bad usage, unreadable or
 * malformed input, or nothing importable; 3 internal error (main.ts).
 */
import { READING_POLICY, readRouting } from './read-routing';
import { runProgram } from './run-program';
import { addedByDefault } from '../migrate/added-defaults';
import { compareRouting, RequestVerdict } from '../migrate/compare';
import { findRefusals } from '../migrate/refusals';
import { renderProgram, ServiceInput, ServiceObjects, splitRoutes, toProgram } from '../migrate/to-typescript';
import { planVersions } from '../migrate/versions';
import { isIstioRoutingObject, routingFromObjects } from '../routing/from-istio';
import { ServiceRouting } from '../routing/route-table';
import { toFqdn } from '../util/hosts';
import { ManifestDocument } from '../util/manifest-document';

const USAGE = `usage: cdk8s-ml-mesh import <files or dirs...> [--check] [--module <name>]

Reads VirtualService, DestinationRule and Service manifests and prints TypeScript that produces
the same mesh routing with cdk8s-ml-mesh constructs (ModelService adopting the existing pods and
object names, routeMatching, CanaryRollout, ShadowMirror, ...). The program is synthesized in
memory first and explained next to the input on requests derived from every input route; its
header lists every difference, what was not imported (and why), what was assumed, and what the
library adds by default (mTLS, authorization, alerts).

options:
  --check           print the verdict instead of the program: each derived request, and what
                    differs between the input and the synthesized program
  --module <name>   module to import the constructs from (default cdk8s-ml-mesh)
  -h, --help        show this help

${READING_POLICY}

exit codes: 0 the program routes alike and everything was imported, 1 a program with listed
            differences, 2 bad usage, unreadable or malformed input, or nothing importable,
            3 internal error`;

type Out = (s: string) => void;

export async function runImportCommand(argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const paths: string[] = [];
  let module = 'cdk8s-ml-mesh';
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--module' && argv[i + 1] !== undefined) module = argv[++i];
    else if (argv[i] === '--check') check = true;
    else if (argv[i].startsWith('-')) return usage(err, `unknown option "${argv[i]}"`);
    else paths.push(argv[i]);
  }
  if (paths.length === 0) return usage(err, 'no files or directories given');
  const read = readRouting('import', paths, err);
  if (!read) return 2;
  const imported = read.imported;
  const refusals = findRefusals(read.documents, imported);
  const gatewayTargets = gatewayBoundTargets(read.documents);
  const inputs: ServiceInput[] = [];
  for (const routing of imported.table.services.filter(s => !refusals.hosts.has(s.host))) {
    const objects = objectsOf(routing, read.documents, gatewayTargets);
    const versions = planVersions(routing, objects.selector ?? { app: routing.name });
    const why = defaultRouteRefusal(routing, versions.versionOf);
    if (why) refusals.lines.push(`${routing.host}: ${why}`);
    else inputs.push({ routing, objects, versions });
  }
  refusals.notes.forEach(n => err(`note: ${n}`));
  refusals.lines.forEach(r => err(`not imported: ${r}`));
  if (inputs.length === 0) {
    err('import: nothing to import (no VirtualService or DestinationRule of a cluster Service that the library can express)');
    return 2;
  }
  const program = toProgram(inputs);
  const run = runProgram(program);
  if ('error' in run) {
    // A bug of the generator, said as one line: never print a program that does not synthesize.
    err(`import: the generated program does not synthesize, so it is not printed: ${run.error} (please report this with the input)`);
    return 3;
  }
  const produced = routingFromObjects(run.manifests);
  const verdicts = inputs.map(i => ({
    host: i.routing.host,
    verdicts: compareVerdicts(i, produced.table.services.find(s => s.host === i.routing.host)),
  }));
  const requestDifferences = verdicts.flatMap(v => v.verdicts.filter(r => r.differences.length > 0)
    .map(r => `${v.host}: ${r.request}: ${r.differences.join('; ')}`));
  const differences = [...refusals.lines.map(r => `not imported: ${r}`), ...program.differences, ...requestDifferences];
  const added = addedByDefault(read.documents.map(d => d.object), run.manifests, inputs.map(i => i.routing), produced.table.services);
  if (!check) {
    // With --check the report on stdout holds these lists.
    program.differences.forEach(d => err(`cannot express: ${d}`));
    requestDifferences.forEach(d => err(`differs: ${d}`));
    program.assumptions.forEach(a => err(`assumed: ${a}`));
    added.forEach(a => err(`added by default: ${a}`));
  }
  const requests = verdicts.reduce((n, v) => n + v.verdicts.length, 0);
  const verdict = differences.length === 0
    ? `Verdict: routes alike: ${requests} request${requests === 1 ? '' : 's'} derived from every input route, explained on the input and on this program, get${requests === 1 ? 's' : ''} the same answer.`
    : `Verdict: ${differences.length} difference${differences.length === 1 ? '' : 's'} (listed below); ${requests - requestDifferences.length} of ${requests} derived requests get the same answer.`;
  if (check) {
    out(checkReport(verdicts, verdict, differences, program.assumptions, added));
  } else {
    out(renderProgram(program, [
      'Generated by `cdk8s-ml-mesh import`: the same routing, expressed with cdk8s-ml-mesh constructs.',
      verdict,
      ...section('Differences (review before use):', differences),
      ...section('Assumed (not in the input; check before use):', program.assumptions),
      ...section('Added by cdk8s-ml-mesh by default (not in the input):', added),
    ], module));
  }
  return differences.length === 0 ? 0 : 1;
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length ? [title, ...lines.map(l => `  - ${l}`)] : [];
}

function checkReport(verdicts: ReadonlyArray<{ host: string; verdicts: RequestVerdict[] }>, verdict: string,
  differences: readonly string[], assumptions: readonly string[], added: readonly string[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    lines.push(v.host);
    for (const r of v.verdicts) lines.push(`  ${r.differences.length ? 'DIFFERS' : 'same   '}  ${r.request}${r.differences.map(d => `\n             ${d}`).join('')}`);
  }
  const list = (title: string, xs: readonly string[]) => (xs.length ? ['', title, ...xs.map(x => `  - ${x}`)] : []);
  return [...lines, '', verdict, ...list('Differences:', differences), ...list('Assumed:', assumptions), ...list('Added by default:', added)].join('\n');
}

function compareVerdicts(input: ServiceInput, produced: ServiceRouting | undefined): RequestVerdict[] {
  if (!produced) return [{ request: 'any request', differences: ['the program does not route this host'] }];
  return compareRouting(input.routing, produced, input.versions.wholeService);
}

/** Why a ModelService cannot take over the host: its catch-all forwards somewhere it cannot. */
function defaultRouteRefusal(s: ServiceRouting, versionOf: (subset: string | undefined) => string | undefined): string | undefined {
  const last = splitRoutes(s.routes).defaultRoute;
  if (!last || last.redirect || last.directResponse || last.delegate) return undefined;
  const live = last.destinations.filter(d => d.weight > 0 || last.destinations.length === 1);
  const foreign = live.filter(d => d.host !== s.host || versionOf(d.subset) === undefined);
  if (foreign.length === 0) return undefined;
  const d = foreign[0];
  return d.host !== s.host
    ? `its catch-all route forwards to another host (${d.host}); a ModelService's default route sends to its own versions, so it is not imported`
    : `its catch-all route sends to subset "${d.subset}", which the DestinationRule does not define (IST0101: Istio answers 503); not imported`;
}

function usage(err: Out, problem: string): number {
  err(`import: ${problem}\n\n${USAGE}`);
  return 2;
}

const namespaceOf = (o: any) => (typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default');

/** Hosts gateway-bound VirtualServices forward to (their ModelServices must let the gateway call). */
function gatewayBoundTargets(docs: readonly ManifestDocument[]): Set<string> {
  const targets = new Set<string>();
  for (const o of docs.map(d => d.object).filter(isIstioRoutingObject)) {
    const gateways: unknown[] = Array.isArray(o.spec?.gateways) ? o.spec.gateways : [];
    if (o.kind !== 'VirtualService' || gateways.length === 0 || gateways.includes('mesh')) continue;
    for (const route of Array.isArray(o.spec?.http) ? o.spec.http : []) {
      for (const d of Array.isArray(route?.route) ? route.route : []) {
        if (typeof d?.destination?.host === 'string') targets.add(toFqdn(d.destination.host, namespaceOf(o)));
      }
    }
  }
  return targets;
}

/** The VirtualService, DestinationRule and Service a service's routing was read from. */
export function objectsOf(s: ServiceRouting, docs: readonly ManifestDocument[], gatewayTargets: ReadonlySet<string> = new Set()): ServiceObjects {
  const routing = docs.map(d => d.object).filter(isIstioRoutingObject);
  const vs = routing.find(o => o.kind === 'VirtualService' && (o.spec?.gateways ?? []).length === 0
    && (o.spec?.hosts ?? []).some((h: unknown) => typeof h === 'string' && toFqdn(h, namespaceOf(o)) === s.host));
  const dr = routing.find(o => o.kind === 'DestinationRule' && typeof o.spec?.host === 'string' && toFqdn(o.spec.host, namespaceOf(o)) === s.host);
  const svc = docs.map(d => d.object).find(o => o?.kind === 'Service' && o.apiVersion === 'v1'
    && o.metadata?.name === s.name && namespaceOf(o) === (s.namespace ?? 'default'));
  const port = Array.isArray(svc?.spec?.ports) ? svc.spec.ports[0] : undefined;
  return {
    virtualServiceName: vs?.metadata?.name,
    destinationRuleName: dr?.metadata?.name,
    selector: svc?.spec?.selector,
    port: typeof port?.port === 'number' ? port.port : undefined,
    targetPort: typeof port?.targetPort === 'number' ? port.targetPort : undefined,
    calledByGateway: gatewayTargets.has(s.host),
  };
}
