/**
 * The one reading policy of `explain`, `diff` and `import` (and the file half of `check`): the
 * same reader (`readManifests`), the same limits, and the same answer to each problem, so the
 * commands never disagree on one input.
 *
 * - a warning of the reader (a symbolic link met inside a directory walk) is printed, and reading
 *   goes on;
 * - an error of the reader (a syntax error, a document that is not an object, a limit exceeded, a
 *   path that cannot be read or does not exist) refuses the whole input: exit 2, nothing printed;
 * - a host whose VirtualService is malformed (e.g. `http: "oops"`) is refused: its routing is
 *   unknowable, so no command guesses.
 */
import { readManifests } from '../check/read-manifests';
import { FromIstioOptions, ImportedRouting, routingFromDocuments } from '../routing/from-istio';
import { ManifestDocument } from '../util/manifest-document';

/** The policy in words, for each command's help. */
export const READING_POLICY = `input: files (.yaml, .yml, .json; multi-document YAML, JSON arrays) and directories
(recursively, in name order), read as every cdk8s-ml-mesh command reads them: a symbolic link
inside a directory is not followed (a warning; give it on the command line to read it); a
syntax error, a document that is not an object, a path that cannot be read or an input over the
reader's limits refuses the whole input (exit 2); a host whose VirtualService is malformed is
refused, never guessed (exit 2).`;

type Out = (s: string) => void;

export interface ReadRouting {
  readonly documents: readonly ManifestDocument[];
  readonly imported: ImportedRouting;
}

/**
 * Read `paths` under the policy. Undefined (after saying why on `err`, prefixed with `command`)
 * when the input is refused. `refuseMalformed: false` leaves malformed hosts to the caller
 * (explain refuses only the host it is asked about).
 */
export function readRouting(command: string, paths: readonly string[], err: Out,
  options: FromIstioOptions & { readonly refuseMalformed?: boolean } = {}): ReadRouting | undefined {
  const read = readManifests(paths);
  for (const f of read.findings.filter(w => w.severity === 'warning')) err(`warning: ${f.file}: ${f.message} [${f.rule}]`);
  const problems = [
    ...read.missing.map(p => `${p}: no such file or directory`),
    ...read.findings.filter(f => f.severity !== 'warning').map(f => `${f.file}#${f.document}: ${f.message} [${f.rule}]`),
  ];
  if (problems.length > 0) {
    for (const p of problems) err(`${command}: ${p}`);
    return undefined;
  }
  const imported = routingFromDocuments(read.documents, options);
  for (const w of imported.warnings) err(`warning: ${w}`);
  if (options.refuseMalformed !== false && imported.malformed.size > 0) {
    for (const [host, messages] of imported.malformed) {
      err(`${command}: the routing of ${host} is malformed, so ${command} will not guess:`);
      for (const m of messages) err(`  ${m}`);
    }
    return undefined;
  }
  return { documents: read.documents, imported };
}
