/**
 * TEST-ONLY port of the fields Knative's webhook admits in a revision's pod spec, from
 * knative/serving pkg/apis/serving/fieldmask.go (PodSpecMask, PodSecurityContextMask,
 * ContainerMask, SecurityContextMask) at commit 98e5ef90aa7033797aa0a61ef97f3ff7e49a3944, with
 * the defaults of pkg/apis/config/features.go (defaultFeaturesConfig: every podspec-* flag
 * Disabled but multi-container and emptyDir). k8s_validation.go rejects any field the masks
 * drop (apis.CheckDisallowedFields). Only the flags our output could touch are modelled.
 */

/** The config-features flags that decide the fields below. */
export interface KnativeFeatures {
  /** `kubernetes.podspec-securitycontext` */
  readonly podSpecSecurityContext: boolean;
  /** `secure-pod-defaults` (Enabled or AllowRootBounded) */
  readonly securePodDefaults: boolean;
}

export const KNATIVE_DEFAULT_FEATURES: KnativeFeatures = { podSpecSecurityContext: false, securePodDefaults: false };

const POD_ALWAYS = ['serviceAccountName', 'containers', 'volumes', 'imagePullSecrets', 'enableServiceLinks'];
const CONTAINER = ['name', 'args', 'command', 'env', 'workingDir', 'envFrom', 'image', 'imagePullPolicy', 'livenessProbe', 'ports',
  'readinessProbe', 'resources', 'securityContext', 'startupProbe', 'terminationMessagePath', 'terminationMessagePolicy', 'volumeMounts'];
const CONTAINER_SECURITY = ['capabilities', 'readOnlyRootFilesystem', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'allowPrivilegeEscalation', 'seccompProfile'];
const POD_SECURITY = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup', 'supplementalGroups', 'seccompProfile'];

/** The paths of a pod spec Knative's webhook would refuse under `features`. */
export function knativeDisallowedFields(pod: Record<string, any>, features: KnativeFeatures = KNATIVE_DEFAULT_FEATURES): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(pod)) {
    if (v === undefined) continue;
    if (POD_ALWAYS.includes(k)) continue;
    // Only automountServiceAccountToken: false is allowed.
    if (k === 'automountServiceAccountToken' && v === false) continue;
    if (k === 'securityContext' && (features.podSpecSecurityContext || features.securePodDefaults)) {
      out.push(...podSecurityContext(v, features).map(f => `securityContext.${f}`));
      continue;
    }
    out.push(k);
  }
  (pod.containers ?? []).forEach((c: Record<string, any>, i: number) => {
    for (const [k, v] of Object.entries(c)) {
      if (v === undefined) continue;
      if (!CONTAINER.includes(k)) out.push(`containers[${i}].${k}`);
      if (k === 'securityContext') {
        for (const [sk, sv] of Object.entries(v as Record<string, unknown>)) {
          // Only privileged: false is allowed.
          if (!CONTAINER_SECURITY.includes(sk) && !(sk === 'privileged' && sv === false)) out.push(`containers[${i}].securityContext.${sk}`);
        }
      }
    }
  });
  return out;
}

/** PodSecurityContextMask: with secure-pod-defaults alone, only a RuntimeDefault/Unconfined seccomp profile. */
function podSecurityContext(sc: Record<string, any>, features: KnativeFeatures): string[] {
  return Object.keys(sc).filter(k => {
    if (features.podSpecSecurityContext) return !POD_SECURITY.includes(k);
    return !(k === 'seccompProfile' && ['RuntimeDefault', 'Unconfined'].includes(sc.seccompProfile?.type));
  });
}

/**
 * The pod spec KServe builds from an InferenceService predictor: the predictor's pod fields plus
 * the `model` container (KServe v0.20 pkg/apis/serving/v1beta1 PredictorSpec inlines PodSpec).
 */
export function predictorPodSpec(predictor: Record<string, any>): Record<string, any> {
  const {
    model, minReplicas, maxReplicas, labels, annotations,
    canaryTrafficPercent, scaleTarget, scaleMetric, containerConcurrency, timeout, ...pod
  } = predictor;
  const { modelFormat, runtime, protocolVersion, storageUri, ...container } = model ?? {};
  return { ...pod, containers: [{ name: 'kserve-container', ...container }] };
}
