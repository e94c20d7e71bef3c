import { InferenceServiceSpecPredictor, ResourceRequirements } from '../../wire/generated/kserve';
import { ProbeJson } from '../../wire/probe-json';
import { KServeBackendOptions, KServeDeploymentMode, KServeProtocol } from '../model-backend';
import {
  CONTAINER_SECURITY_CONTEXT, kserveResources, POD_SECURITY_CONTEXT, TMP_MOUNT_PATH, TMP_VOLUME_NAME,
} from '../workload-security';

export { DEPLOYMENT_MODE_ANNOTATION } from '../../routing/kserve-deployment-mode';

/** Formats whose KServe runtimes (Python model servers, TF Serving) accept `--model_name`. */
const MODEL_NAME_ARG_FORMATS = new Set(['sklearn', 'xgboost', 'lightgbm', 'pmml', 'paddle', 'huggingface', 'tensorflow']);

/** The port KServe's model containers listen on. */
export const KSERVE_CONTAINER_PORT = 8080;

/** The gRPC port of KServe's Python model servers. */
export const KSERVE_GRPC_PORT = 8081;

/** The port the stable Service forwards to for a KServe version. */
export function kserveTargetPort(o: KServeBackendOptions): number {
  return protocolOf(o) === KServeProtocol.GRPC_V2 ? o.grpcPort ?? KSERVE_GRPC_PORT : KSERVE_CONTAINER_PORT;
}

export function deploymentModeOf(o: KServeBackendOptions): KServeDeploymentMode {
  return o.deploymentMode ?? KServeDeploymentMode.STANDARD;
}

export function protocolOf(o: KServeBackendOptions): KServeProtocol {
  return o.protocolVersion ?? KServeProtocol.V1;
}

/** The model name in request paths, and whether we must pass `--model_name` to get it. */
export function servedModelName(o: KServeBackendOptions, modelName: string, isvcName: string): { name: string; viaArg: boolean } {
  const canSet = MODEL_NAME_ARG_FORMATS.has(o.modelFormat);
  if (o.servedModelName) return { name: o.servedModelName, viaArg: canSet };
  return canSet ? { name: modelName, viaArg: true } : { name: isvcName, viaArg: false };
}

/** The path clients call, e.g. `/v1/models/content-ranking:predict`. */
export function inferencePath(protocol: KServeProtocol, name: string): string {
  switch (protocol) {
    case KServeProtocol.V1: return `/v1/models/${name}:predict`;
    case KServeProtocol.V2: return `/v2/models/${name}/infer`;
    case KServeProtocol.GRPC_V2: return `grpc inference.GRPCInferenceService/ModelInfer model_name=${name}`;
  }
}

/** The pod identity and hardening of one version's predictor. */
export interface PredictorSecurity {
  readonly serviceAccountName: string;
  readonly mountServiceAccountToken: boolean;
  readonly resourcesWaived: boolean;
  readonly probes: { readonly readiness?: ProbeJson; readonly liveness?: ProbeJson };
  /**
   * Whether the pod may carry a securityContext. Knative's webhook refuses one unless
   * `kubernetes.podspec-securitycontext` is enabled in config-features (disabled by default;
   * knative/serving pkg/apis/serving/fieldmask.go PodSpecMask, pkg/apis/config/features.go), so
   * Knative-mode predictors keep runAsNonRoot and seccomp on the container only.
   */
  readonly podSecurityContext: boolean;
  /** Pod labels that get the pods an istio-proxy sidecar (the app's SidecarInjection). */
  readonly injectionLabels: Readonly<Record<string, string>>;
}

/** The predictor of one version; `labels` become pod labels (subset selection, telemetry). */
export function predictorSpec(o: KServeBackendOptions, served: { name: string; viaArg: boolean }, labels: Record<string, string>,
  security: PredictorSecurity, canaryTrafficPercent?: number): InferenceServiceSpecPredictor {
  const container = CONTAINER_SECURITY_CONTEXT;
  return {
    minReplicas: o.minReplicas ?? 1,
    maxReplicas: o.maxReplicas,
    labels: { ...labels, ...security.injectionLabels },
    canaryTrafficPercent,
    serviceAccountName: security.serviceAccountName,
    automountServiceAccountToken: security.mountServiceAccountToken,
    securityContext: security.podSecurityContext
      ? { runAsNonRoot: POD_SECURITY_CONTEXT.runAsNonRoot, seccompProfile: { ...POD_SECURITY_CONTEXT.seccompProfile } }
      : undefined,
    volumes: [{ name: TMP_VOLUME_NAME, emptyDir: {} }],
    model: {
      modelFormat: { name: o.modelFormat, version: o.modelFormatVersion },
      runtime: o.runtime,
      protocolVersion: o.protocolVersion,
      storageUri: o.storageUri,
      args: served.viaArg ? [`--model_name=${served.name}`] : undefined,
      resources: resourcesOf(o, security.resourcesWaived),
      securityContext: { ...container, capabilities: { drop: [...container.capabilities.drop] }, seccompProfile: { ...container.seccompProfile } },
      volumeMounts: [{ name: TMP_VOLUME_NAME, mountPath: TMP_MOUNT_PATH }],
      readinessProbe: security.probes.readiness,
      livenessProbe: security.probes.liveness,
      // KServe serves gRPC on the container port named h2c (HTTP/2 cleartext).
      ports: protocolOf(o) === KServeProtocol.GRPC_V2 ? [{ name: 'h2c', containerPort: kserveTargetPort(o), protocol: 'TCP' }] : undefined,
    },
  };
}

/** Declared or default requests and limits (see kserveResources); a waiver keeps only requested GPUs. */
function resourcesOf(o: KServeBackendOptions, waived: boolean): ResourceRequirements | undefined {
  if (waived) return o.gpus ? { limits: { 'nvidia.com/gpu': String(o.gpus) } } : undefined;
  const { requests, limits } = kserveResources(o);
  return { requests: { ...requests }, limits: { ...limits } };
}
