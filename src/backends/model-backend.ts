import * as kplus from 'cdk8s-plus-28';
import { HealthProbe } from '../security/health-probe';
import { checkObject, factory } from '../util/checks';

/** How KServe runs an InferenceService. It cannot be changed after creation (delete and recreate). */
export enum KServeDeploymentMode {
  /**
   * Plain Deployment and Service per InferenceService ("RawDeployment"). Our VirtualService and
   * DestinationRule route across versions, so every routing construct works.
   */
  STANDARD = 'Standard',
  /**
   * Knative Service with revisions; KServe owns the VirtualService for the model's host. Scales to
   * zero; only "latest + previous revision" canaries (`canaryTrafficPercent`), no header routes,
   * experiments or mirroring.
   */
  KNATIVE = 'Knative',
}

/** The inference protocol a KServe model server speaks; all versions of one service must agree. */
export enum KServeProtocol {
  /** KServe v1: `POST /v1/models/<name>:predict`. */
  V1 = 'v1',
  /** Open inference protocol (v2) over HTTP: `POST /v2/models/<name>/infer`. */
  V2 = 'v2',
  /** Open inference protocol (v2) over gRPC. */
  GRPC_V2 = 'grpc-v2',
}

/** The wire protocol a model server speaks; it names the Service port so Istio picks the right proxy codec. */
export enum ModelProtocol {
  /** HTTP/1.1 (or HTTP/2 negotiated): Service port `http`. */
  HTTP = 'http',
  /** gRPC: Service port `grpc` with `appProtocol: grpc`, gRPC retry conditions by default. */
  GRPC = 'grpc',
}

/** Options of a version served by a plain Deployment. */
export interface DeploymentBackendOptions {
  /** Container image that serves the model. */
  readonly image: string;
  /**
   * Port the model server listens on.
   * @default - the service port
   */
  readonly containerPort?: number;
  /**
   * Compute resources of the model container. Declare them: without them (and without
   * `resourcesWaiver` on the version) the version gets 1 CPU / 2Gi requests = limits, reported
   * as "defaulted" in ROUTING.md.
   * @default - requests and limits of 1 CPU and 2Gi memory (reported)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Readiness probe of the model container.
   * @default - a TCP check on the container port every 10s
   */
  readonly readinessProbe?: HealthProbe;
  /**
   * Liveness probe of the model container.
   * @default - a TCP check on the container port after 30s, every 10s, restart after 6 failures
   */
  readonly livenessProbe?: HealthProbe;
  /**
   * Environment variables of the model container.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Protocol the model server speaks.
   * @default ModelProtocol.HTTP
   */
  readonly protocol?: ModelProtocol;
}

/** Options of a version whose pods exist already and are not created by this library. */
export interface ExistingWorkloadOptions {
  /**
   * Labels that select exactly this version's pods (the DestinationRule subset's labels),
   * e.g. `{ 'model-version': 'v43' }`.
   */
  readonly podLabels: { [key: string]: string };
  /**
   * Port the pods serve on.
   * @default - the service port
   */
  readonly containerPort?: number;
  /**
   * Protocol the pods speak.
   * @default ModelProtocol.HTTP
   */
  readonly protocol?: ModelProtocol;
  /**
   * The workload that runs the pods, e.g. `Deployment/content-ranking-v43`: named in the routing
   * report, and, when the pods carry no `version` label, how alerts, gates and dashboards select
   * the version's series (Istio's `destination_workload` is the name of the pods' owner).
   * @default - not named in the report; pods without a `version` label cannot be observed
   */
  readonly workload?: string;
  /**
   * The service account the pods run under: their mesh identity when this model calls other
   * services (`grantInvoke(thisModel)`). No ServiceAccount is created for adopted pods.
   * @default "default" (the namespace's default service account, which pods without one use)
   */
  readonly serviceAccount?: string;
}

/** What a Gateway does when the endpoint picker does not answer (InferencePool `endpointPickerRef.failureMode`). */
export enum EndpointPickerFailureMode {
  /** Requests fail (the Inference Extension's default: no request reaches an endpoint the picker did not choose). */
  FAIL_CLOSE = 'FailClose',
  /** Requests go to an endpoint the Gateway picks itself. */
  FAIL_OPEN = 'FailOpen',
}

/** The endpoint picker (EPP) of an InferencePool: the ext-proc Service that chooses a pod per request. */
export interface EndpointPickerOptions {
  /** Name of the endpoint picker's Service, in the model's namespace. */
  readonly serviceName: string;
  /**
   * Port of the endpoint picker's gRPC ext-proc server.
   * @default 9002 (the Inference Extension's EPP)
   */
  readonly port?: number;
  /**
   * What the Gateway does when the picker does not answer.
   * @default EndpointPickerFailureMode.FAIL_CLOSE
   */
  readonly failureMode?: EndpointPickerFailureMode;
}

/**
 * Options of a version served through an InferencePool (LLM serving with the Gateway API Inference
 * Extension): model-server pods that run already (e.g. vLLM), selected by `podLabels`, and the endpoint
 * picker that chooses one per request. Gateways (ModelIngress) route to the pool; mesh routes reach the
 * pods through the version's Service.
 */
export interface InferencePoolBackendOptions extends ExistingWorkloadOptions {
  /** The pool's endpoint picker. Istio and GKE drop a pool without one (istio inferencepool_collection.go). */
  readonly endpointPicker: EndpointPickerOptions;
  /**
   * Ports the model servers serve on (1 to 8, unique): the pool's `targetPorts`.
   * @default - [containerPort]
   */
  readonly targetPorts?: number[];
}

/** Options of a version served by a KServe InferenceService. */
export interface KServeBackendOptions {
  /** Model format matched against the serving runtimes, e.g. `xgboost`, `sklearn`, `pytorch`. */
  readonly modelFormat: string;
  /**
   * Model format version.
   * @default - any version the runtime supports
   */
  readonly modelFormatVersion?: string;
  /** Where the model artifacts live, e.g. `s3://models/content-ranking/v47`. */
  readonly storageUri: string;
  /**
   * Explicit (Cluster)ServingRuntime name.
   * @default - KServe picks a runtime that supports the format
   */
  readonly runtime?: string;
  /**
   * Inference protocol.
   * @default KServeProtocol.V1
   */
  readonly protocolVersion?: KServeProtocol;
  /**
   * Model name in request paths (`/v1/models/<name>:predict`). Kept equal across versions so
   * one client path works whichever version serves the request; for KServe's own Python and
   * TensorFlow servers it is set with `--model_name`.
   * @default - the ModelService's modelName where the runtime takes `--model_name`, otherwise the InferenceService name
   */
  readonly servedModelName?: string;
  /**
   * CPU request, e.g. `'1'` or `'500m'`.
   * @default "1" (KServe's default; reported as defaulted)
   */
  readonly cpu?: string;
  /**
   * Memory request, e.g. `'4Gi'`.
   * @default "2Gi" (KServe's default; reported as defaulted)
   */
  readonly memory?: string;
  /**
   * CPU limit.
   * @default - the CPU request
   */
  readonly cpuLimit?: string;
  /**
   * Memory limit.
   * @default - the memory request
   */
  readonly memoryLimit?: string;
  /**
   * Readiness probe of the model server.
   * @default - `GET /v2/health/ready` (v2), `GET /v1/models/<served model name>` (v1), TCP (grpc-v2)
   */
  readonly readinessProbe?: HealthProbe;
  /**
   * Liveness probe of the model server.
   * @default - `GET /v2/health/live` (v2), otherwise TCP; after 30s, every 10s, restart after 6 failures
   */
  readonly livenessProbe?: HealthProbe;
  /**
   * NVIDIA GPUs per pod (`nvidia.com/gpu` limit).
   * @default 0
   */
  readonly gpus?: number;
  /**
   * Minimum pods; 0 (scale to zero) only in Knative mode.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Maximum pods for autoscaling.
   * @default - KServe's default
   */
  readonly maxReplicas?: number;
  /**
   * KServe deployment mode; always written as the `serving.kserve.io/deploymentMode` annotation,
   * because KServe's shipped default (Knative) differs from its code default (Standard).
   * @default KServeDeploymentMode.STANDARD
   */
  readonly deploymentMode?: KServeDeploymentMode;
  /**
   * Port the model server's gRPC endpoint listens on, for `protocolVersion: GRPC_V2`
   * (declared as the container port `h2c`, as KServe expects).
   * @default 8081 (KServe's Python model servers)
   */
  readonly grpcPort?: number;
  /**
   * KServe's own revision canary. Only meaningful in Knative mode, where a CanaryRollout sets it
   * for you; in Standard mode KServe silently ignores it, so setting it there is an error.
   * @default - not set
   */
  readonly canaryTrafficPercent?: number;
}

/** What serves a model version: a plain Deployment or a KServe InferenceService. */
export class ModelBackend {
  /**
   * A Deployment running `image` (the default when a version gives only `image`). The options
   * are checked where the version is declared, so errors name the version.
   */
  public static deployment(options: DeploymentBackendOptions): ModelBackend {
    return new ModelBackend(checkObject(options, factory('ModelBackend.deployment', 'options'), '{ image, containerPort?, resources?, env? }'), undefined);
  }

  /**
   * A KServe InferenceService (Standard mode unless `deploymentMode` says otherwise). The options
   * are checked where the version is declared, so errors name the version.
   */
  public static kserve(options: KServeBackendOptions): ModelBackend {
    return new ModelBackend(undefined, checkObject(options, factory('ModelBackend.kserve', 'options'), '{ modelFormat, storageUri, ... }'));
  }

  /**
   * Pods that already run and that we route to without creating them (adopting a hand-written
   * setup): no Deployment or InferenceService is emitted; the subset selects `podLabels`.
   */
  public static existing(options: ExistingWorkloadOptions): ModelBackend {
    return new ModelBackend(undefined, undefined, options);
  }

  /**
   * Model servers that run already, reached by Gateways through an InferencePool and its endpoint picker
   * (Gateway API routing target, `RoutingTarget.gatewayApi` with an Inference Extension profile). Like
   * `existing`, no workload is emitted; the version renders an InferencePool.
   */
  public static inferencePool(options: InferencePoolBackendOptions): ModelBackend {
    const o = checkObject(options, factory('ModelBackend.inferencePool', 'options'), '{ podLabels, endpointPicker, targetPorts?, ... }');
    return new ModelBackend(undefined, undefined, o, o);
  }

  /** @internal */
  public readonly _deployment?: DeploymentBackendOptions;
  /** @internal */
  public readonly _kserve?: KServeBackendOptions;
  /** @internal */
  public readonly _existing?: ExistingWorkloadOptions;
  /** @internal */
  public readonly _inferencePool?: InferencePoolBackendOptions;

  private constructor(deployment: DeploymentBackendOptions | undefined, kserve: KServeBackendOptions | undefined,
    existing?: ExistingWorkloadOptions, inferencePool?: InferencePoolBackendOptions) {
    this._deployment = deployment;
    this._kserve = kserve;
    this._existing = existing;
    this._inferencePool = inferencePool;
  }

  /** The protocol this backend speaks. */
  public get protocol(): ModelProtocol {
    if (this._kserve) return this._kserve.protocolVersion === KServeProtocol.GRPC_V2 ? ModelProtocol.GRPC : ModelProtocol.HTTP;
    return (this._deployment ?? this._existing)?.protocol ?? ModelProtocol.HTTP;
  }

  /** Whether KServe serves this version in Knative mode. */
  public get isKnative(): boolean {
    return this._kserve?.deploymentMode === KServeDeploymentMode.KNATIVE;
  }
}
