import { isCrdKind } from './apply-order';
import { compactCrdScopes } from '../check/schema/compact';
import { packageRoot } from '../check/schema/repo-root';
import { apiGroupOf, CLUSTER_SCOPED_BUILTINS, isBuiltinApi } from '../util/kube-api';

/**
 * Whether objects of a kind live in a namespace: built-ins from Kubernetes' list, custom resources
 * from a CustomResourceDefinition among the objects themselves or, failing that, the vendored CRDs
 * (Istio, KServe, Argo Rollouts, Flagger, Prometheus Operator). Undefined when nothing says.
 */
export class KubeScopes {
  private vendored: Map<string, boolean> | undefined;
  private readonly fromObjects = new Map<string, boolean>();

  constructor(objects: readonly unknown[]) {
    for (const o of objects as any[]) {
      if (!isCrdKind(String(o?.apiVersion), String(o?.kind))) continue;
      const spec = o.spec ?? {};
      if (typeof spec.group === 'string' && typeof spec.names?.kind === 'string') {
        this.fromObjects.set(`${spec.group}/${spec.names.kind}`, spec.scope !== 'Cluster');
      }
    }
  }

  namespaced(apiVersion: string, kind: string): boolean | undefined {
    if (isBuiltinApi(apiVersion)) return !CLUSTER_SCOPED_BUILTINS.has(kind);
    const key = `${apiGroupOf(apiVersion)}/${kind}`;
    return this.fromObjects.get(key) ?? this.vendoredScopes().get(key);
  }

  /** Read only when a custom resource comes without a namespace (the compact schema index says). */
  private vendoredScopes(): Map<string, boolean> {
    if (!this.vendored) this.vendored = compactCrdScopes(packageRoot());
    return this.vendored;
  }
}
