/**
 * `cdk8s-ml-mesh portability <files or dirs...> --profile <name> [--channel standard|experimental] [--format text|json]`:
 * for VirtualService-routed services, what Gateway API with an implementation profile would lose.
 * Exit codes: 0 everything portable, 1 something would be lost, 2 bad usage or unreadable input.
 */
import { channelProblem, isProfileName, profileOf, profileProblem, ProfileName, PROFILE_NAMES } from './profile-option';
import { readManifests } from '../check/read-manifests';
import { GatewayApiReleaseChannel } from '../render/gateway-api/profile';
import { formatPortability, portability } from '../report/portability';
import { routingFromDocuments } from '../routing/from-istio';

type Out = (s: string) => void;

export const PORTABILITY_USAGE = `usage: cdk8s-ml-mesh portability <files or dirs...> --profile <profile> [--channel standard|experimental] [--format text|json]

For every model service routed by a VirtualService, lists what Gateway API routing (HTTPRoute, mesh/GAMMA)
with the implementation profile would lose: each feature, why, and the alternative.

options:
  --profile NAME       ${PROFILE_NAMES.join(', ')}
  --channel NAME       the Gateway API CRD channel of the cluster: standard (default) or experimental
  --format text|json   text (default) or JSON
  -h, --help           show this help

exit codes: 0 every service portable, 1 something would be lost, 2 bad usage or unreadable input`;

interface Args {
  readonly paths: string[];
  readonly profile?: ProfileName;
  readonly channel: GatewayApiReleaseChannel;
  readonly format: 'text' | 'json';
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const paths: string[] = [];
  let profile: ProfileName | undefined;
  let channel = GatewayApiReleaseChannel.STANDARD;
  let format: 'text' | 'json' = 'text';
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '-h' || flag === '--help') {
      help = true;
    } else if (flag === '--profile') {
      const v = value();
      if (!isProfileName(v)) return profileProblem(v);
      profile = v;
    } else if (flag === '--channel') {
      const v = value();
      if (channelProblem(v)) return channelProblem(v)!;
      channel = v as GatewayApiReleaseChannel;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json, got ${v === undefined ? 'nothing' : `"${v}"`}`;
      format = v;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option "${arg}" (allowed: --profile, --channel, --format, --help)`;
    } else {
      paths.push(arg);
    }
  }
  if (!help && paths.length === 0) return 'no files or directories given';
  if (!help && !profile) return `--profile is required (${PROFILE_NAMES.join(', ')})`;
  return { paths, profile, channel, format, help };
}

export async function runPortabilityCommand(argv: string[], out: Out, err: Out): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err(`portability: ${args}\n\n${PORTABILITY_USAGE}`);
    return 2;
  }
  if (args.help) {
    out(PORTABILITY_USAGE);
    return 0;
  }
  const read = readManifests(args.paths);
  const problems = [...read.missing.map(p => `${p}: no such file or directory`), ...read.findings.map(f => `${f.file}#${f.document}: ${f.message}`)];
  for (const p of problems) err(`portability: ${p}`);
  if (problems.length) return 2;
  const imported = routingFromDocuments(read.documents);
  for (const w of imported.warnings) err(`warning: ${w}`);
  const profile = profileOf(args.profile!, args.channel);
  const entries = portability(imported.table, profile);
  if (args.format === 'json') out(JSON.stringify({ profile: profile.name, channel: profile.channel, services: entries }, undefined, 2));
  else for (const line of formatPortability(entries, profile)) out(line);
  return entries.every(e => e.portable) ? 0 : 1;
}
