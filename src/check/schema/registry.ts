import * as fs from 'fs';
import * as path from 'path';
import { BuiltinDefinitions, OBJECT_META } from './builtin-source';
import { CHANNEL_DIRS, COMPACT_BUILTINS, COMPACT_DIR, GatewayApiChannel, readCompactIndex } from './compact';
import { packageRoot } from './repo-root';
import { RawSchema, SchemaContext, SchemaNode, compileSchema } from './schema-node';
import { CLUSTER_SCOPED_BUILTINS } from '../../util/kube-api';

/** Everything the validator needs to know about one apiVersion + kind. */
export interface KindSchema {
  readonly apiVersion: string;
  readonly kind: string;
  readonly source: 'crd' | 'builtin';
  /** Where the schema was read, for messages: `crds/istio/istio-crds.yaml`. */
  readonly origin: string;
  readonly root: SchemaNode;
  /** Namespaced or cluster-scoped; undefined when the source does not say (built-ins not in our list). */
  readonly namespaced: boolean | undefined;
  /** The apiserver resets `status` on create when the status subresource is on, so it is not validated. */
  readonly statusSubresource: boolean;
}

const CRD_CONTEXT: SchemaContext = {
  dialect: 'crd',
  resolveRef: ref => {
    throw new Error(`CRD schemas are structural and cannot use $ref (${ref})`);
  },
};

/** One served version of a CRD, its schema read on demand. */
interface CrdVersion {
  readonly origin: string;
  readonly namespaced: boolean;
  /** The version item (`schema.openAPIV3Schema`, `subresources`). */
  item(): { readonly schema?: { readonly openAPIV3Schema?: RawSchema }; readonly subresources?: { readonly status?: unknown } } | undefined;
}

/**
 * All schemas known to `check`, keyed by `apiVersion/kind`. Built once per process, lazily: the index is
 * cheap, and each CRD is read and compiled when a document of its kind is first seen.
 */
export class SchemaRegistry {
  /** The shared registry of a Gateway API channel (`standard` unless the cluster runs `experimental`). */
  static instance(channel: GatewayApiChannel = 'standard'): SchemaRegistry {
    let found = SchemaRegistry.shared.get(channel);
    if (!found) SchemaRegistry.shared.set(channel, found = SchemaRegistry.fromCompact(packageRoot(), channel));
    return found;
  }

  /** From the compact artifact in `<root>/schemas/compact` (what the package ships). */
  static fromCompact(root: string, channel: GatewayApiChannel = 'standard'): SchemaRegistry {
    const dir = path.join(root, COMPACT_DIR);
    const index = readCompactIndex(root);
    const kinds = { ...index.kinds, ...(channel === 'standard' ? {} : index.channels?.[channel]) };
    const files = new Map<string, RawSchema[]>();
    const schemasOf = (file: string) => {
      if (!files.has(file)) files.set(file, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).schemas);
      return files.get(file)!;
    };
    const versions = new Map(Object.entries(kinds).map(([key, k]) => [key, {
      origin: k.origin,
      namespaced: k.namespaced,
      item: () => ({ schema: { openAPIV3Schema: schemasOf(k.file)[k.schema] }, subresources: k.statusSubresource ? { status: {} } : undefined }),
    }]));
    return new SchemaRegistry(versions, () => BuiltinDefinitions.load(path.join(dir, COMPACT_BUILTINS)));
  }

  /** From the vendored CRD YAML under `<root>/crds` and `<root>/schemas/k8s-1.28` (what the compact artifact is built from). */
  static fromDirectory(root: string, channel: GatewayApiChannel = 'standard'): SchemaRegistry {
    const versions = new Map<string, CrdVersion>();
    // The YAML reader is loaded only here: the compact artifact is what runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library stays light
    const { scanCrdDirectory } = require('./crd-source') as typeof import('./crd-source');
    const crds = path.join(root, 'crds');
    const channelDirs = Object.entries(CHANNEL_DIRS).map(([name, dir]) => ({ name, dir: path.join(crds, dir) }));
    // The chosen channel's CRDs come first, so they win over the standard ones of the same kind.
    const chosen = channelDirs.filter(c => c.name === channel).flatMap(c => scanCrdDirectory(c.dir));
    for (const chunk of [...chosen, ...scanCrdDirectory(crds, channelDirs.map(c => c.dir))]) {
      for (const version of chunk.header.versions) {
        const key = `${chunk.header.group}/${version}/${chunk.header.kind}`;
        if (!versions.has(key)) {
          versions.set(key, { origin: path.relative(root, chunk.file), namespaced: chunk.header.namespaced, item: () => chunk.version(version) });
        }
      }
    }
    return new SchemaRegistry(versions, () => BuiltinDefinitions.load(path.join(root, 'schemas', 'k8s-1.28', '_definitions.json')));
  }

  private static readonly shared = new Map<GatewayApiChannel, SchemaRegistry>();

  private readonly resolved = new Map<string, KindSchema>();
  private builtinDefs: BuiltinDefinitions | undefined;

  private constructor(private readonly crdVersions: ReadonlyMap<string, CrdVersion>,
    private readonly loadBuiltins: () => BuiltinDefinitions) {}

  /** The schema of `apiVersion` + `kind`, or undefined when neither a vendored CRD nor Kubernetes 1.28 serves it. */
  lookup(apiVersion: string, kind: string): KindSchema | undefined {
    const key = `${apiVersion}/${kind}`;
    let found = this.resolved.get(key);
    if (!found) {
      found = this.fromCrd(key, apiVersion, kind) ?? this.fromBuiltins(key, apiVersion, kind);
      if (found) this.resolved.set(key, found);
    }
    return found;
  }

  /** `apiVersion/kind` of every known kind, sorted. */
  knownKinds(): string[] {
    return [...new Set([...this.crdVersions.keys(), ...this.builtins().kinds.keys()])].sort();
  }

  /** The apiVersions that serve `kind`, for the unknown-kind message. */
  versionsOf(kind: string): string[] {
    return this.knownKinds().filter(k => k.endsWith(`/${kind}`)).map(k => k.slice(0, -kind.length - 1));
  }

  /** ObjectMeta, which the apiserver decodes `metadata` into for every kind. */
  objectMeta(): SchemaNode {
    return this.builtins().node(OBJECT_META);
  }

  private builtins(): BuiltinDefinitions {
    if (!this.builtinDefs) this.builtinDefs = this.loadBuiltins();
    return this.builtinDefs;
  }

  private fromCrd(key: string, apiVersion: string, kind: string): KindSchema | undefined {
    const crd = this.crdVersions.get(key);
    if (!crd) return undefined;
    const version = crd.item();
    const raw = version?.schema?.openAPIV3Schema;
    if (!raw) throw new Error(`${crd.origin}: ${kind} ${apiVersion} has no schema.openAPIV3Schema`);
    return {
      apiVersion,
      kind,
      source: 'crd',
      origin: crd.origin,
      root: compileSchema(raw, CRD_CONTEXT),
      namespaced: crd.namespaced,
      statusSubresource: version.subresources?.status !== undefined,
    };
  }

  private fromBuiltins(key: string, apiVersion: string, kind: string): KindSchema | undefined {
    const builtin = this.builtins().kinds.get(key);
    if (!builtin) return undefined;
    return {
      apiVersion,
      kind,
      source: 'builtin',
      origin: `schemas/k8s-1.28/_definitions.json#${builtin.definition}`,
      root: this.builtins().node(builtin.definition),
      namespaced: CLUSTER_SCOPED_BUILTINS.has(kind) ? false : undefined,
      statusSubresource: false,
    };
  }
}
