import * as path from 'path';
import { BuiltinDefinitions, OBJECT_META } from './builtin-source';
import { CrdChunk, scanCrdDirectory } from './crd-source';
import { packageRoot } from './repo-root';
import { SchemaContext, SchemaNode, compileSchema } from './schema-node';
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

/**
 * All schemas known to `check`, keyed by `apiVersion/kind`. Built once per process, lazily: the index is
 * a cheap scan, and each CRD is parsed and compiled when a document of its kind is first seen.
 */
export class SchemaRegistry {
  static instance(): SchemaRegistry {
    if (!SchemaRegistry.shared) SchemaRegistry.shared = SchemaRegistry.fromDirectory(packageRoot());
    return SchemaRegistry.shared;
  }

  static fromDirectory(root: string): SchemaRegistry {
    return new SchemaRegistry(
      root,
      scanCrdDirectory(path.join(root, 'crds')),
      () => BuiltinDefinitions.load(path.join(root, 'schemas', 'k8s-1.28', '_definitions.json')),
    );
  }

  private static shared: SchemaRegistry | undefined;

  private readonly crdChunks = new Map<string, CrdChunk>();
  private readonly resolved = new Map<string, KindSchema>();
  private builtinDefs: BuiltinDefinitions | undefined;

  private constructor(private readonly root: string, chunks: readonly CrdChunk[], private readonly loadBuiltins: () => BuiltinDefinitions) {
    for (const chunk of chunks) {
      for (const version of chunk.header.versions) {
        const key = `${chunk.header.group}/${version}/${chunk.header.kind}`;
        if (!this.crdChunks.has(key)) this.crdChunks.set(key, chunk);
      }
    }
  }

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
    return [...new Set([...this.crdChunks.keys(), ...this.builtins().kinds.keys()])].sort();
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
    const chunk = this.crdChunks.get(key);
    if (!chunk) return undefined;
    const version = chunk.version(apiVersion.slice(apiVersion.indexOf('/') + 1));
    const raw = version?.schema?.openAPIV3Schema;
    if (!raw) throw new Error(`${chunk.file}: ${kind} ${apiVersion} has no schema.openAPIV3Schema`);
    return {
      apiVersion,
      kind,
      source: 'crd',
      origin: path.relative(this.root, chunk.file),
      root: compileSchema(raw, CRD_CONTEXT),
      namespaced: chunk.header.namespaced,
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
