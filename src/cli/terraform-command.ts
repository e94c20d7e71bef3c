/**
 * `cdk8s-ml-mesh terraform <files or dirs...> [--out tf] [--default-namespace default] [--no-provider]`:
 * synthesized manifests as plain Terraform JSON, one `kubernetes_manifest` per object.
 *
 * Exit codes: 0 written, 1 unreadable input (nothing written), 2 bad usage.
 */
import { readManifests } from '../check/read-manifests';
import { planManifests, SourcedObject } from '../terraform/plan';
import { MANIFESTS_FILE, PROVIDERS_FILE, renderTerraformFiles } from '../terraform/terraform-json';
import { writeTerraformFiles } from '../terraform/write-files';
import { DNS1123_LABEL_RULE, isDns1123Label } from '../util/dns';

export const TERRAFORM_USAGE = `usage: cdk8s-ml-mesh terraform <files or dirs...> [--out <dir>] [options]

Writes synthesized manifests (e.g. dist/ from 'cdk8s synth') as Terraform JSON for Terraform or
OpenTofu: one kubernetes_manifest resource per object, named <kind>_<namespace>_<name>, with
depends_on so Namespaces and CRDs apply first, then built-in objects, then custom resources
(Istio, KServe, Argo Rollouts, Prometheus Operator). Directories are read recursively
(.yaml, .yml, .json; *.tf.json files are skipped).

files written:
  ${PROVIDERS_FILE}    terraform.required_providers (hashicorp/kubernetes) and provider "kubernetes" {}
  ${MANIFESTS_FILE}    the kubernetes_manifest resources

options:
  --out <dir>                 output directory, created if missing (default tf)
  --default-namespace <ns>    namespace for namespaced objects without one (default default)
  --no-provider               leave out the provider block (when the files are a module)
  -h, --help                  show this help

exit codes: 0 written, 1 unreadable input (nothing written), 2 bad usage`;

type Out = (s: string) => void;

interface TerraformArgs {
  readonly paths: string[];
  readonly out: string;
  readonly defaultNamespace: string;
  readonly providerBlock: boolean;
}

export async function runTerraformCommand(argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(TERRAFORM_USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err(`terraform: ${args}\n\n${TERRAFORM_USAGE}`);
    return 2;
  }
  try {
    return convert(args, out, err);
  } catch (e) {
    err(`terraform: ${(e as Error).message}`);
    return 1;
  }
}

function convert(args: TerraformArgs, out: Out, err: Out): number {
  const read = readManifests(args.paths);
  const isTerraform = (file: string) => /\.tf\.json$/i.test(file);
  const objects: SourcedObject[] = read.documents.filter(d => !isTerraform(d.file)).map(d => ({ object: d.object, source: `${d.file}#${d.index}` }));
  const plan = planManifests(objects, { defaultNamespace: args.defaultNamespace });
  const problems = [
    ...read.missing.map(p => `${p}: no such file or directory`),
    ...read.findings.filter(f => !isTerraform(f.file)).map(f => `${f.file}#${f.document}: ${f.message}`),
    ...plan.problems,
    ...(objects.length === 0 && read.missing.length === 0 ? [`no Kubernetes objects found in ${args.paths.join(', ')}`] : []),
  ];
  if (problems.length > 0) {
    for (const p of problems) err(`terraform: ${p}`);
    err('terraform: nothing written');
    return 1;
  }
  for (const w of plan.warnings) err(`warning: ${w}`);
  const written = writeTerraformFiles(args.out, renderTerraformFiles(plan, { providerBlock: args.providerBlock }));
  out(`wrote ${plan.resources.length} kubernetes_manifest resource${plan.resources.length === 1 ? '' : 's'}: ${written.join(', ')}`);
  return 0;
}

function parseArgs(argv: readonly string[]): TerraformArgs | string {
  const paths: string[] = [];
  const values: Record<string, string> = {};
  let providerBlock = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--no-provider' && eq < 0) {
      providerBlock = false;
      continue;
    }
    if (flag !== '--out' && flag !== '--default-namespace') return `unknown option "${flag}" (allowed: --out, --default-namespace, --no-provider, --help)`;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return `${flag} needs a value`;
    if (values[flag] !== undefined) return `${flag} given twice`;
    values[flag] = value;
  }
  if (paths.length === 0) return 'no files or directories given';
  const defaultNamespace = values['--default-namespace'] ?? 'default';
  if (!isDns1123Label(defaultNamespace)) return `--default-namespace "${defaultNamespace}" is not a namespace name (${DNS1123_LABEL_RULE})`;
  return { paths, out: values['--out'] ?? 'tf', defaultNamespace, providerBlock };
}
