import { applyTier, isCrdKind, isNamespaceKind, TIER_BUILTIN, TIER_CUSTOM } from './apply-order';
import { KubeScopes } from './kube-scope';
import { resourceNames } from './resource-names';
import { apiGroupOf, isBuiltinApi } from '../util/kube-api';

/** One Kubernetes object and where it came from (`dist/x.k8s.yaml#0`, `chart recommendation`), for messages. */
export interface SourcedObject {
  readonly object: unknown;
  readonly source: string;
}

/** One `kubernetes_manifest` resource to write. */
export interface PlannedManifest {
  /** Terraform resource name: the address is `kubernetes_manifest.<name>`. */
  readonly name: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly objectName: string;
  readonly namespace?: string;
  readonly tier: number;
  /** The object as Terraform must see it: templates escaped, fields the provider refuses removed. */
  readonly manifest: Record<string, unknown>;
  /** Names of the resources this one is applied after. */
  readonly dependsOn: string[];
}

export interface ManifestPlan {
  /** In apply order: tier, then namespace, kind, name. */
  readonly resources: PlannedManifest[];
  /** Objects that cannot become a resource (left out). */
  readonly problems: string[];
  /** Resources written that may still fail in Terraform. */
  readonly warnings: string[];
}

export interface PlanOptions {
  /** Namespace for namespaced objects without one (kubernetes_manifest requires it). */
  readonly defaultNamespace: string;
}

interface Candidate {
  readonly apiVersion: string;
  readonly kind: string;
  readonly group: string;
  readonly objectName: string;
  readonly namespace?: string;
  readonly tier: number;
  readonly manifest: Record<string, unknown>;
}

/**
 * Turn synthesized objects into `kubernetes_manifest` resources with stable names and a working
 * apply order. Pure: the same objects in any order give the same plan.
 */
export function planManifests(objects: readonly SourcedObject[], options: PlanOptions): ManifestPlan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const scopes = new KubeScopes(objects.map(o => o.object));
  const seen = new Map<string, string>();
  const candidates: Candidate[] = [];
  for (const { object, source } of objects) {
    const candidate = toCandidate(object, source, scopes, options, problems, warnings);
    if (!candidate) continue;
    const identity = `${candidate.group}/${candidate.kind}/${candidate.namespace ?? ''}/${candidate.objectName}`;
    const first = seen.get(identity);
    if (first) {
      problems.push(`${source}: ${describe(candidate)} is defined twice (first in ${first}); Terraform would apply one object twice`);
      continue;
    }
    seen.set(identity, source);
    candidates.push(candidate);
  }
  candidates.sort(compareCandidates);
  const names = resourceNames(candidates.map(c => ({ group: c.group, kind: c.kind, namespace: c.namespace, name: c.objectName })));
  const resources = candidates.map((c, i) => ({
    name: names[i],
    apiVersion: c.apiVersion,
    kind: c.kind,
    objectName: c.objectName,
    ...(c.namespace !== undefined ? { namespace: c.namespace } : {}),
    tier: c.tier,
    manifest: c.manifest,
    dependsOn: dependenciesOf(c, candidates, names),
  }));
  return { resources, problems, warnings };
}

function toCandidate(object: unknown, source: string, scopes: KubeScopes, options: PlanOptions,
  problems: string[], warnings: string[]): Candidate | undefined {
  const o = object as Record<string, any>;
  const apiVersion = o?.apiVersion;
  const kind = o?.kind;
  const name = o?.metadata?.name;
  if (typeof apiVersion !== 'string' || !apiVersion || typeof kind !== 'string' || !kind) {
    problems.push(`${source}: not a Kubernetes object (apiVersion and kind are required)`);
    return undefined;
  }
  if (typeof name !== 'string' || !name) {
    problems.push(`${source}: ${kind} has no metadata.name (kubernetes_manifest cannot track generateName)`);
    return undefined;
  }
  let namespace: string | undefined = typeof o.metadata.namespace === 'string' && o.metadata.namespace ? o.metadata.namespace : undefined;
  // A custom resource's given namespace is kept as is: the vendored CRDs are scanned only when one is missing.
  const namespaced = namespace !== undefined && !isBuiltinApi(apiVersion) ? true : scopes.namespaced(apiVersion, kind);
  if (namespace === undefined && namespaced === true) namespace = options.defaultNamespace;
  if (namespace === undefined && namespaced === undefined) {
    warnings.push(`${source}: ${kind} ${name} has no metadata.namespace and no known CRD says whether ${kind} is namespaced; `
      + 'Terraform will fail with "Namespace required" if it is');
  }
  if (namespace !== undefined && namespaced === false) namespace = undefined;
  return {
    apiVersion,
    kind,
    group: apiGroupOf(apiVersion),
    objectName: name,
    namespace,
    tier: applyTier(apiVersion, kind),
    manifest: forTerraform(o, namespace),
  };
}

/**
 * The object as kubernetes_manifest accepts it: `status` and `metadata.creationTimestamp` removed (the
 * provider refuses the first and reports the second as a change on every plan), the namespace filled in
 * (or dropped on cluster-scoped kinds), and `${` / `%{` escaped so Terraform does not read them as templates.
 */
function forTerraform(o: Record<string, any>, namespace: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) {
    if (key !== 'status') out[key] = key === 'metadata' ? metadataFor(value, namespace) : value;
  }
  return escapeTemplates(out) as Record<string, unknown>;
}

function metadataFor(metadata: Record<string, any>, namespace: string | undefined): Record<string, unknown> {
  const { creationTimestamp: _created, namespace: _given, name, ...rest } = metadata;
  return { name, ...(namespace !== undefined ? { namespace } : {}), ...rest };
}

/** Terraform JSON reads every string (and object key) as a template: `${` and `%{` must be doubled. */
export function escapeTemplates(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/([$%])\{/g, '$1$1{');
  if (Array.isArray(value)) return value.map(escapeTemplates);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeTemplates(k) as string, escapeTemplates(v)]));
  }
  return value;
}

/**
 * What must exist before an object is applied: its Namespace; for a custom resource also its CRD and
 * the built-in objects of its namespace it refers to (Services, Deployments, ServiceAccounts).
 */
function dependenciesOf(c: Candidate, all: readonly Candidate[], names: readonly string[]): string[] {
  const deps: string[] = [];
  all.forEach((other, i) => {
    if (other === c) return;
    const isItsNamespace = c.namespace !== undefined && isNamespaceKind(other.apiVersion, other.kind) && other.objectName === c.namespace;
    const isItsCrd = c.tier === TIER_CUSTOM && isCrdKind(other.apiVersion, other.kind)
      && (other.manifest.spec as any)?.group === c.group && (other.manifest.spec as any)?.names?.kind === c.kind;
    const isBuiltinNeighbour = c.tier === TIER_CUSTOM && c.namespace !== undefined && other.tier === TIER_BUILTIN && other.namespace === c.namespace;
    if (isItsNamespace || isItsCrd || isBuiltinNeighbour) deps.push(names[i]);
  });
  return deps;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return a.tier - b.tier || cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.kind, b.kind)
    || cmp(a.objectName, b.objectName) || cmp(a.group, b.group);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(c: Candidate): string {
  return `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.objectName}`;
}
