import { KServeBackendOptions, KServeDeploymentMode, KServeProtocol } from '../model-backend';
import { PredictorWire, ResourcesWire } from '../wire/kserve';

export { DEPLOYMENT_MODE_ANNOTATION } from './deployment-mode';

/** Formats whose KServe runtimes (Python model servers, TF Serving) accept `--model_name`. */
const MODEL_NAME_ARG_FORMATS = new Set(['sklearn', 'xgboost', 'lightgbm', 'pmml', 'paddle', 'huggingface', 'tensorflow']);

/** The port KServe's model containers listen on. */
export const KSERVE_CONTAINER_PORT = 8080;

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

/** The predictor of one version; `labels` become pod labels (subset selection, telemetry). */
export function predictorSpec(o: KServeBackendOptions, served: { name: string; viaArg: boolean }, labels: Record<string, string>,
  canaryTrafficPercent?: number): PredictorWire {
  return {
    minReplicas: o.minReplicas ?? 1,
    maxReplicas: o.maxReplicas,
    labels,
    canaryTrafficPercent,
    model: {
      modelFormat: { name: o.modelFormat, version: o.modelFormatVersion },
      runtime: o.runtime,
      protocolVersion: o.protocolVersion,
      storageUri: o.storageUri,
      args: served.viaArg ? [`--model_name=${served.name}`] : undefined,
      resources: resourcesOf(o),
    },
  };
}

function resourcesOf(o: KServeBackendOptions): ResourcesWire | undefined {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  // Extended resources need only a limit (the request defaults to it).
  const limits = o.gpus ? { 'nvidia.com/gpu': String(o.gpus) } : undefined;
  if (!limits && Object.keys(requests).length === 0) return undefined;
  return { requests: Object.keys(requests).length ? requests : undefined, limits };
}
