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
import { channelProblem, isProfileName, profileCode, profileOf, profileProblem, ProfileName, PROFILE_NAMES } from './profile-option';
import { READING_POLICY, readRouting } from './read-routing';
import { runProgram } from './run-program';
import { addedByDefault } from '../migrate/added-defaults';
import { compareRouting, RequestVerdict } from '../migrate/compare';
import { gatewayApiInputs } from '../migrate/gateway-api-services';
import { istioInputs } from '../migrate/istio-services';
import { findRefusals } from '../migrate/refusals';
import { renderProgram, ServiceInput, splitRoutes, toProgram } from '../migrate/to-typescript';
import { GatewayApiReleaseChannel } from '../render/gateway-api/profile';
import { routingFromObjects } from '../routing/from-istio';
import { ServiceRouting } from '../routing/route-table';

/** The profile when none is given: Istio with sidecars, the mesh the library's Istio target assumes. */
const DEFAULT_PROFILE: ProfileName = 'istio-sidecar';

const USAGE = `usage: cdk8s-ml-mesh import <files or dirs...> [--check] [--module <name>] [--profile <name>] [--channel <name>]

Reads VirtualService, DestinationRule and Service manifests, or Gateway API mesh routes (HTTPRoutes
and GRPCRoutes attached to a Service, GAMMA, with the Services they name), and prints TypeScript that
produces the same mesh routing with cdk8s-ml-mesh constructs (ModelService adopting the existing
pods and object names, routeMatching, CanaryRollout, ShadowMirror, ...). The program is synthesized
in memory first and explained next to the input on requests derived from every input route; its
header lists every difference, what was not imported (and why), what was assumed, and what the
library adds by default (mTLS, authorization, alerts).

Gateway API input gives a program rendered under RoutingTarget.gatewayApi(<profile>): versions are
the backend Services named <model>-<version> (their selectors are the versions' pod labels), and a
DestinationRule of a version Service is that version's traffic policy. Routes bound to a Gateway,
consumer routes and what the reader or the profile cannot carry are refused per host.

options:
  --check           print the verdict instead of the program: each derived request, and what
                    differs between the input and the synthesized program
  --module <name>   module to import the constructs from (default cdk8s-ml-mesh)
  --profile <name>  Gateway API implementation profile of the program: ${PROFILE_NAMES.join(', ')}
                    (default ${DEFAULT_PROFILE}); given, the program targets Gateway API even for
                    Istio input, whose hosts are then refused
  --channel <name>  Gateway API CRD channel of the cluster: standard (default) or experimental
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
  const args = parseArgs(argv);
  if (typeof args === 'string') return usage(err, args);
  const read = readRouting('import', args.paths, err);
  if (!read) return 2;
  const imported = read.imported;
  const refusals = findRefusals(read.documents, imported);
  // Gateway API mesh routes in the input (or --profile) choose the Gateway API target for the whole program.
  const gatewayApi = args.profile !== undefined || imported.table.services.some(s => s.readFrom === 'gateway-api');
  const profileName = args.profile ?? DEFAULT_PROFILE;
  const gateway = gatewayApi ? gatewayApiInputs(read.documents, imported, profileOf(profileName, args.channel), refusals.hosts) : undefined;
  refusals.lines.push(...gateway?.refusals ?? []);
  const candidates = gateway?.inputs ?? istioInputs(read.documents, imported, refusals.hosts);
  const inputs: ServiceInput[] = [];
  for (const input of candidates) {
    const why = defaultRouteRefusal(input.routing, input.versions.versionOf);
    if (why) refusals.lines.push(`${input.routing.host}: ${why}`);
    else inputs.push(input);
  }
  refusals.notes.forEach(n => err(`note: ${n}`));
  refusals.lines.forEach(r => err(`not imported: ${r}`));
  if (inputs.length === 0) {
    err('import: nothing to import (no VirtualService, DestinationRule, or HTTPRoute/GRPCRoute attached to a Service, of a cluster Service that the library can express)');
    return 2;
  }
  const target = gatewayApi ? {
    code: `RoutingTarget.gatewayApi(${profileCode(profileName, args.channel)})`,
    imports: ['RoutingTarget', 'GatewayApiProfile',
      ...args.channel === GatewayApiReleaseChannel.EXPERIMENTAL ? ['GatewayApiReleaseChannel'] : []],
  } : undefined;
  const check = args.check;
  const module = args.module;
  const program = toProgram(inputs, target);
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
  const about = target ? gatewayApiHeader(profileName, args.profile === undefined, target.code) : [];
  const requests = verdicts.reduce((n, v) => n + v.verdicts.length, 0);
  const verdict = differences.length === 0
    ? `Verdict: routes alike: ${requests} request${requests === 1 ? '' : 's'} derived from every input route, explained on the input and on this program, get${requests === 1 ? 's' : ''} the same answer.`
    : `Verdict: ${differences.length} difference${differences.length === 1 ? '' : 's'} (listed below); ${requests - requestDifferences.length} of ${requests} derived requests get the same answer.`;
  if (check) {
    out(checkReport(verdicts, [verdict, ...about], differences, program.assumptions, added));
  } else {
    out(renderProgram(program, [
      'Generated by `cdk8s-ml-mesh import`: the same routing, expressed with cdk8s-ml-mesh constructs.',
      verdict,
      ...about,
      ...section('Differences (review before use):', differences),
      ...section('Assumed (not in the input; check before use):', program.assumptions),
      ...section('Added by cdk8s-ml-mesh by default (not in the input):', added),
    ], module));
  }
  return differences.length === 0 ? 0 : 1;
}

interface Args {
  readonly paths: string[];
  readonly module: string;
  readonly check: boolean;
  readonly profile?: ProfileName;
  readonly channel: GatewayApiReleaseChannel;
}

function parseArgs(argv: readonly string[]): Args | string {
  const paths: string[] = [];
  let module = 'cdk8s-ml-mesh';
  let check = false;
  let profile: ProfileName | undefined;
  let channel = GatewayApiReleaseChannel.STANDARD;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--module' && argv[i + 1] !== undefined) {
      module = argv[++i];
    } else if (argv[i] === '--profile') {
      const v = argv[++i];
      if (!isProfileName(v)) return profileProblem(v);
      profile = v;
    } else if (argv[i] === '--channel') {
      const v = argv[++i];
      const problem = channelProblem(v);
      if (problem) return problem;
      channel = v as GatewayApiReleaseChannel;
    } else if (argv[i] === '--check') {
      check = true;
    } else if (argv[i].startsWith('-')) {
      return `unknown option "${argv[i]}"`;
    } else {
      paths.push(argv[i]);
    }
  }
  return paths.length === 0 ? 'no files or directories given' : { paths, module, check, profile, channel };
}

function gatewayApiHeader(profile: ProfileName, byDefault: boolean, code: string): string[] {
  return [
    `Routing: Gateway API, rendered under ${code}: profile ${profile}${byDefault ? ` (the default; --profile names another: ${PROFILE_NAMES.join(', ')})` : ' (--profile)'}.`,
    'Versions: the backend Services named <model>-<version> (HTTPRoute has no subsets); their selectors are the versions\' pod labels.',
  ];
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length ? [title, ...lines.map(l => `  - ${l}`)] : [];
}

function checkReport(verdicts: ReadonlyArray<{ host: string; verdicts: RequestVerdict[] }>, verdict: readonly string[],
  differences: readonly string[], assumptions: readonly string[], added: readonly string[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    lines.push(v.host);
    for (const r of v.verdicts) lines.push(`  ${r.differences.length ? 'DIFFERS' : 'same   '}  ${r.request}${r.differences.map(d => `\n             ${d}`).join('')}`);
  }
  const list = (title: string, xs: readonly string[]) => (xs.length ? ['', title, ...xs.map(x => `  - ${x}`)] : []);
  return [...lines, '', ...verdict, ...list('Differences:', differences), ...list('Assumed:', assumptions), ...list('Added by default:', added)].join('\n');
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
