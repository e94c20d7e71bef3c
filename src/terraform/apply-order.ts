import { apiGroupOf, isBuiltinApi } from '../util/kube-api';

/**
 * Apply tiers: Terraform creates a tier only after what it needs from the tier before.
 * 0: Namespaces and CustomResourceDefinitions (everything else lives in or is typed by them);
 * 1: built-in objects (ServiceAccount, Service, ConfigMap, Deployment, ...);
 * 2: custom resources (Istio, KServe, Argo Rollouts, Prometheus Operator, ...), which refer to tier 1.
 */
export const TIER_FOUNDATION = 0;
export const TIER_BUILTIN = 1;
export const TIER_CUSTOM = 2;

export function applyTier(apiVersion: string, kind: string): number {
  if (isNamespaceKind(apiVersion, kind) || isCrdKind(apiVersion, kind)) return TIER_FOUNDATION;
  return isBuiltinApi(apiVersion) ? TIER_BUILTIN : TIER_CUSTOM;
}

export function isNamespaceKind(apiVersion: string, kind: string): boolean {
  return apiVersion === 'v1' && kind === 'Namespace';
}

export function isCrdKind(apiVersion: string, kind: string): boolean {
  return apiGroupOf(apiVersion) === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition';
}
