import * as kplus from 'cdk8s-plus-28';
import { checkObject, factory } from './util/checks';

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
   * Compute resources of the model container.
   * @default - cdk8s-plus defaults (requests 1000m CPU / 512Mi, limits 1500m / 2048Mi)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Environment variables of the model container.
   * @default - none
   */
  readonly env?: { [name: string]: string };
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
   * @default - the runtime's default
   */
  readonly cpu?: string;
  /**
   * Memory request, e.g. `'4Gi'`.
   * @default - the runtime's default
   */
  readonly memory?: string;
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

  /** @internal */
  public readonly _deployment?: DeploymentBackendOptions;
  /** @internal */
  public readonly _kserve?: KServeBackendOptions;

  private constructor(deployment: DeploymentBackendOptions | undefined, kserve: KServeBackendOptions | undefined) {
    this._deployment = deployment;
    this._kserve = kserve;
  }

  /** Whether KServe serves this version in Knative mode. */
  public get isKnative(): boolean {
    return this._kserve?.deploymentMode === KServeDeploymentMode.KNATIVE;
  }
}
