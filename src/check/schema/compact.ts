import * as fs from 'fs';
import * as path from 'path';
import type { RawSchema } from './schema-node';

/**
 * The compact schema artifact (`schemas/compact/`): the vendored CRDs and Kubernetes 1.28
 * definitions as JSON, descriptions dropped and each CRD's repeated per-version schemas stored once.
 * `check` and the synth-time check read it instead of megabytes of CRD YAML: the package ships it
 * and not the YAML, and a first synth parses only the kinds it meets. `npm run schemas` rebuilds it
 * from `crds/` and `schemas/k8s-1.28/`; a test fails when it is stale.
 */
export const COMPACT_DIR = path.join('schemas', 'compact');
export const COMPACT_INDEX = 'index.json';
export const COMPACT_BUILTINS = 'k8s-1.28.json';

/** One served `group/version/Kind` of a vendored CRD. */
export interface CompactKind {
  /** File (in the compact directory) that holds the CRD's schemas. */
  readonly file: string;
  /** Index of this version's schema in the file's `schemas`. */
  readonly schema: number;
  readonly namespaced: boolean;
  readonly statusSubresource: boolean;
  /** The vendored file the CRD came from, for messages. */
  readonly origin: string;
}

export interface CompactIndex {
  /** By `group/version/Kind`. */
  readonly kinds: Record<string, CompactKind>;
  /** Kinds that replace `kinds` when a channel is chosen, by channel name (`experimental`). */
  readonly channels?: Record<string, Record<string, CompactKind>>;
}

/**
 * Release channels of Gateway API. A cluster installs one channel's CRDs for the whole group (since
 * v1.5 a ValidatingAdmissionPolicy refuses mixing), and the apiserver prunes fields its channel lacks,
 * so `check` validates against the channel the cluster runs: `standard` unless told otherwise.
 */
export type GatewayApiChannel = 'standard' | 'experimental';

/** Directories under `crds/` that hold a non-default channel, by channel; the main scan skips them. */
export const CHANNEL_DIRS: Readonly<Record<Exclude<GatewayApiChannel, 'standard'>, string>> = {
  experimental: path.join('gateway-api', 'experimental'),
};

/** Every file of the artifact, by name, as it should be written (deterministic JSON). */
export function buildCompactSchemas(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const crds = path.join(root, 'crds');
  const channelDirs = Object.values(CHANNEL_DIRS).map(d => path.join(crds, d));
  const kinds = compactKinds(root, crds, channelDirs, '', files);
  const channels = Object.fromEntries(Object.entries(CHANNEL_DIRS).map(([channel, dir]) =>
    [channel, compactKinds(root, path.join(crds, dir), [], `${channel}.`, files)]));
  files.set(COMPACT_INDEX, `${JSON.stringify({ kinds, channels }, undefined, 1)}\n`);
  const defs = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'k8s-1.28', '_definitions.json'), 'utf8'));
  const definitions: Record<string, RawSchema> = defs.definitions ?? defs;
  const stripped = Object.fromEntries(Object.entries(definitions).map(([name, def]) => [name, stripSchema(def)]));
  files.set(COMPACT_BUILTINS, `${JSON.stringify({ definitions: stripped })}\n`);
  return files;
}

/** The kinds of the CRDs under `dir` (without `skip`), their schema files added to `files` named `<prefix><group>_<Kind>.json`. */
function compactKinds(root: string, dir: string, skip: readonly string[], prefix: string, files: Map<string, string>): Record<string, CompactKind> {
  const kinds: Record<string, CompactKind> = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library stays light
  const { scanCrdDirectory } = require('./crd-source') as typeof import('./crd-source');
  for (const chunk of scanCrdDirectory(dir, skip)) {
    const { group, kind, namespaced } = chunk.header;
    const file = `${prefix}${group}_${kind}.json`;
    const schemas: string[] = [];
    const origin = path.relative(root, chunk.file).split(path.sep).join('/');
    for (const version of chunk.definition().spec?.versions ?? []) {
      if (version?.served === false || !version?.schema?.openAPIV3Schema) continue;
      const key = `${group}/${version.name}/${kind}`;
      if (kinds[key]) continue;
      const text = JSON.stringify(stripSchema(version.schema.openAPIV3Schema));
      if (!schemas.includes(text)) schemas.push(text);
      kinds[key] = { file, schema: schemas.indexOf(text), namespaced, statusSubresource: version.subresources?.status !== undefined, origin };
    }
    if (schemas.length) files.set(file, `{"schemas":[${schemas.join(',')}]}\n`);
  }
  return Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Write the artifact into `<root>/schemas/compact`, replacing what was there. */
export function writeCompactSchemas(root: string): number {
  const dir = path.join(root, COMPACT_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = buildCompactSchemas(root);
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  return files.size;
}

/** Keywords that only document a schema; nothing validates with them. */
const DOC_KEYWORDS = new Set(['description', 'example', 'externalDocs']);

/**
 * A schema without its documentation. Only schema keywords are dropped: a property that happens to
 * be named `description` (a key of `properties`) is a field and stays.
 */
export function stripSchema(node: any): any {
  if (Array.isArray(node)) return node.map(stripSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_KEYWORDS.has(key)) continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([name, child]) => [name, stripSchema(child)]));
    } else if (SUBSCHEMA_KEYWORDS.has(key)) {
      out[key] = stripSchema(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

const SUBSCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'not']);

/** The artifact's index under `<root>/schemas/compact`. */
export function readCompactIndex(root: string): CompactIndex {
  return JSON.parse(fs.readFileSync(path.join(root, COMPACT_DIR, COMPACT_INDEX), 'utf8')) as CompactIndex;
}

/** Whether each vendored CRD kind (`group/Kind`) is namespaced, from the artifact's index alone. */
export function compactCrdScopes(root: string): Map<string, boolean> {
  const index = readCompactIndex(root);
  const scopes = new Map<string, boolean>();
  for (const [key, kind] of Object.entries(index.kinds)) {
    const [group, , name] = key.split('/');
    scopes.set(`${group}/${name}`, kind.namespaced);
  }
  return scopes;
}
