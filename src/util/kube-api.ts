/**
 * What the Kubernetes 1.28 API server serves without any CRD: its API groups and which of its kinds
 * are cluster-scoped. The OpenAPI definitions (`schemas/k8s-1.28/_definitions.json`) list the groups
 * but not the scopes; test/terraform-json.test.ts keeps the group list in step with them.
 */

/** Built-in API groups ('' is the core group, `apiVersion: v1`). */
export const BUILTIN_API_GROUPS: ReadonlySet<string> = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io',
  'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
]);

/** Cluster-scoped built-in kinds of Kubernetes 1.28 (the OpenAPI definitions do not record scope). */
export const CLUSTER_SCOPED_BUILTINS: ReadonlySet<string> = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterCIDR', 'ClusterRole', 'ClusterRoleBinding',
  'ClusterTrustBundle', 'ComponentStatus', 'CustomResourceDefinition', 'FlowSchema', 'IPAddress', 'IngressClass',
  'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration',
  'ResourceClass', 'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectReview', 'SelfSubjectRulesReview',
  'StorageClass', 'StorageVersion', 'SubjectAccessReview', 'TokenReview', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

/** The API group of an apiVersion: `networking.istio.io/v1` → `networking.istio.io`, `v1` → ''. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True when the API server serves this apiVersion itself; false for custom resources (CRD-backed). */
export function isBuiltinApi(apiVersion: string): boolean {
  return BUILTIN_API_GROUPS.has(apiGroupOf(apiVersion));
}
