/**
 * The apiVersions of the custom kinds we emit: the versions src/wire/generated/ is generated from
 * (scripts/wire-gen/targets.ts; test/wire-types.test.ts keeps the two in step).
 */
export const ISTIO_NETWORKING_V1 = 'networking.istio.io/v1';
export const ISTIO_SECURITY_V1 = 'security.istio.io/v1';
export const KSERVE_V1BETA1 = 'serving.kserve.io/v1beta1';
export const ARGO_ROLLOUTS_V1ALPHA1 = 'argoproj.io/v1alpha1';
export const MONITORING_V1 = 'monitoring.coreos.com/v1';
export const GATEWAY_API_V1 = 'gateway.networking.k8s.io/v1';
export const INFERENCE_POOL_V1 = 'inference.networking.k8s.io/v1';
