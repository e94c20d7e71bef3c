import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkDeploymentOptions, checkImage, checkInferencePoolOptions, checkKServeOptions, DEFAULT_EPP_PORT, INT32_MAX } from './backend-checks';
import { hardenedContainerProps, patchHardenedDeployment } from './deployment-security';
import { DeploymentBackendOptions, EndpointPickerFailureMode, KServeBackendOptions, KServeDeploymentMode, ModelBackend, ModelProtocol } from './model-backend';
import { deploymentProbes, kserveDeclaresResources, kserveProbes, resourcesOrigin } from './workload-security';
import { InferencePoolTarget, ResourcesOrigin, TrafficPolicySpec, VersionTarget } from '../routing/route-table';
import { createServiceAccount } from '../security/service-account';
import { MODEL_NAME_LABEL } from '../util/annotations';
import { at, checkDnsName, checkInstance, checkInt, checkObject, fail, show, Where } from '../util/checks';
import { claimName } from '../util/claims';
import { CircuitBreaker } from '../values/circuit-breaker';
import { ConnectionPool } from '../values/connection-pool';
import {
  DEPLOYMENT_MODE_ANNOTATION, deploymentModeOf, KSERVE_CONTAINER_PORT, kserveTargetPort, PredictorSecurity, predictorSpec, servedModelName,
} from './kserve/inference-service-spec';
import { clusterAssumptionsOf } from '../cluster/assumptions';
import { LoadBalancer } from '../values/load-balancer';
import { toTrafficPolicySpec } from '../values/traffic-policy';
import { KSERVE_V1BETA1 } from '../wire/api-versions';

/** One live version of a model: the champion, a candidate, or a warm legacy version. */
export interface ModelVersionOptions {
  /**
   * Version id, e.g. `v45`. It names the Istio subset, the `version` pod label and the workload
   * (`<modelName>-<name>`), so it must be a DNS-1123 label (no dots: `v1.2` is rejected by Istio).
   */
  readonly name: string;
  /**
   * Container image of a Deployment-served version; shorthand for `backend: ModelBackend.deployment({ image })`.
   * @default - none; give `image` or `backend`
   */
  readonly image?: string;
  /**
   * What serves this version.
   * @default - a Deployment running `image`
   */
  readonly backend?: ModelBackend;
  /**
   * Number of pods of a Deployment-served version (KServe versions use `minReplicas`/`maxReplicas`).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Circuit breaker for this version only (overrides the service's).
   * @default - the service's circuit breaker
   */
  readonly circuitBreaker?: CircuitBreaker;
  /**
   * Connection pool for this version only (overrides the service's).
   * @default - the service's connection pool
   */
  readonly connectionPool?: ConnectionPool;
  /**
   * Load balancer for this version only (overrides the service's).
   * @default - the service's load balancer
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Run this version without resource requests and limits (BestEffort), for the reason given.
   * The reason is shown in ROUTING.md. Not allowed together with declared resources.
   * @default - no waiver: declared resources, or 1 CPU / 2Gi (reported as defaulted)
   */
  readonly resourcesWaiver?: string;
  /**
   * Mount the version's service account token into its pods (only if the model server calls the
   * Kubernetes API).
   * @default false
   */
  readonly mountServiceAccountToken?: boolean;
}

/** Props of a ModelVersion; create versions with `ModelService.addVersion()`. */
export interface ModelVersionProps extends ModelVersionOptions {
  /** The model's name: workloads are named `<modelName>-<version>`. */
  readonly modelName: string;
  /** The service port, the container port of Deployment versions unless they set `containerPort`. */
  readonly servicePort: number;
  /**
   * Namespace of the workload.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Labels the stable Service selects by; pods we create carry them as well.
   * @default - `app.kubernetes.io/name: <modelName>`
   */
  readonly serviceSelector?: { [key: string]: string };
}

/**
 * One version of a ModelService, served by a Deployment or a KServe InferenceService. Its pods
 * carry `app.kubernetes.io/name` and `version` (Istio's canonical service and revision for
 * per-version telemetry, and what the DestinationRule subset selects); Deployment pods also
 * carry `app`.
 */
export class ModelVersion extends Construct {
  /** Version id and subset name. */
  public readonly versionName: string;
  /** Labels selecting this version's pods (the subset's labels). */
  public readonly podLabels: { [key: string]: string };
  /** The Deployment serving this version, when Deployment-served. */
  public readonly deployment?: kplus.Deployment;
  /** The InferenceService of a KServe Standard-mode version. */
  public readonly inferenceService?: ApiObject;
  /** The port the version's pods serve on. */
  public readonly targetPort: number;
  /** The backend serving this version. */
  public readonly backend: ModelBackend;
  /**
   * The ServiceAccount the version's pods run under (`<modelName>-<version>`), its mesh identity.
   * @default - none for an adopted version (`ModelBackend.existing`): its pods keep their own
   */
  public readonly serviceAccount?: ApiObject;
  /** Name of the version's ServiceAccount. */
  public readonly serviceAccountName: string;
  private readonly replicas?: number;
  private readonly serviceSelector: { [key: string]: string };
  private readonly trafficPolicy?: TrafficPolicySpec;
  private readonly resources: ResourcesOrigin;
  private readonly mountToken: boolean;
  private readonly modelName: string;

  /**
   * Use `ModelService.addVersion()`. The construct id is `Version-<name>`: a bare version name
   * such as `constructor` would collide with the construct tree's own properties.
   */
  constructor(scope: Construct, props: ModelVersionProps) {
    checkObject(props, { path: scope.node.path, field: 'versions[]' }, '{ name, image? | backend?, replicas?, ... }');
    const where: Where = { path: scope.node.path, field: `versions[${typeof props.name === 'string' ? JSON.stringify(props.name) : show(props.name)}]` };
    checkDnsName(props.name, at(where, 'name'), 'version name');
    super(scope, `Version-${props.name}`);
    this.versionName = props.name;
    this.backend = backendOf(props, where);
    const existing = this.backend._existing;
    this.podLabels = existing ? checkPodLabels(existing.podLabels, at(where, 'backend.podLabels'))
      : { [MODEL_NAME_LABEL]: props.modelName, version: props.name };
    this.serviceSelector = props.serviceSelector ?? {};
    this.trafficPolicy = toTrafficPolicySpec(props, where);
    this.modelName = props.modelName;
    const ks = this.backend._kserve;
    // A Knative-mode version has no workload of its own (the service's InferenceService serves it);
    // an adopted one runs already.
    if (!this.backend.isKnative && !existing) claimWorkloadName(this, ks ? 'InferenceService' : 'Deployment', props, where);
    if (existing) {
      // Adopted pods keep the identity they run under; we only name it (for callers and the report).
      this.serviceAccountName = existing.serviceAccount ?? 'default';
    } else {
      this.serviceAccountName = `${props.modelName}-${props.name}`;
      claimWorkloadName(this, 'ServiceAccount', props, where);
      this.serviceAccount = createServiceAccount(this, this.serviceAccountName, props.namespace, this.podLabels);
    }
    this.mountToken = props.mountServiceAccountToken ?? false;
    if (typeof this.mountToken !== 'boolean') fail(at(where, 'mountServiceAccountToken'), `${JSON.stringify(this.mountToken)} is not a boolean`, 'true or false');
    const declared = ks ? kserveDeclaresResources(ks) : this.backend._deployment?.resources !== undefined;
    this.resources = resourcesOrigin(declared || existing !== undefined, props.resourcesWaiver, where);
    if (existing) {
      if (props.replicas !== undefined) fail(at(where, 'replicas'), 'an existing workload is scaled by whoever runs it', 'no replicas for ModelBackend.existing(...)');
      this.replicas = undefined;
      this.targetPort = checkInt(existing.containerPort ?? props.servicePort, at(where, 'backend.containerPort'), 1, 65535);
    } else if (ks) {
      this.replicas = checkKServe(ks, props, where);
      this.targetPort = kserveTargetPort(ks);
      if (deploymentModeOf(ks) === KServeDeploymentMode.STANDARD) {
        this.inferenceService = this.createInferenceService(ks, props);
      } else {
        this._predictorSecurity(); // the service renders it later: check the probes where they were given
      }
    } else {
      const d = this.backend._deployment!;
      this.replicas = checkInt(props.replicas ?? 1, at(where, 'replicas'), 0, INT32_MAX);
      this.targetPort = checkInt(d.containerPort ?? props.servicePort, at(where, 'containerPort'), 1, 65535);
      this.deployment = this.createDeployment(d, props, where);
    }
  }

  /** @internal this version as a route-table subset */
  public _target(): VersionTarget {
    const ks = this.backend._kserve;
    return {
      name: this.versionName,
      labels: this.podLabels,
      trafficPolicy: this.trafficPolicy,
      backend: this.backendName(),
      replicas: this.replicas,
      gpus: ks?.gpus,
      artifact: ks ? ks.storageUri : this.backend._deployment?.image,
      serviceAccount: this.serviceAccountName,
      resources: this.resources,
      workload: this.backend._existing?.workload?.split('/').pop(),
      inferencePool: this.inferencePoolTarget(),
    };
  }

  private inferencePoolTarget(): InferencePoolTarget | undefined {
    const pool = this.backend._inferencePool;
    if (!pool) return undefined;
    const epp = pool.endpointPicker;
    return {
      targetPorts: [...pool.targetPorts ?? [this.targetPort]],
      endpointPicker: {
        service: epp.serviceName,
        port: epp.port ?? DEFAULT_EPP_PORT,
        failureMode: epp.failureMode ?? EndpointPickerFailureMode.FAIL_CLOSE,
      },
    };
  }

  /** Predictor pod labels: the Service's selector and the subset's labels. */
  private kservePodLabels(): { [key: string]: string } {
    return { ...this.serviceSelector, ...this.podLabels };
  }

  private backendName(): string {
    const { _kserve: ks, _existing: existing } = this.backend;
    const kind = this.backend._inferencePool ? 'inference-pool' : 'existing';
    if (existing) return existing.workload ? `${kind} ${existing.workload}` : kind;
    return ks ? `kserve-${deploymentModeOf(ks).toLowerCase()}` : 'deployment';
  }

  /** @internal identity, hardening and probes of this version's KServe predictor */
  public _predictorSecurity(): PredictorSecurity {
    const ks = this.backend._kserve!;
    // A Knative-mode InferenceService is named after the model; a Standard-mode one after the version.
    const isvcName = this.backend.isKnative ? this.modelName : this.serviceAccountName;
    const served = servedModelName(ks, this.modelName, isvcName).name;
    return {
      serviceAccountName: this.serviceAccountName,
      mountServiceAccountToken: this.mountToken,
      resourcesWaived: this.resources.origin === 'waived',
      podSecurityContext: !this.backend.isKnative || clusterAssumptionsOf(this).knativePodSecurityContext,
      injectionLabels: clusterAssumptionsOf(this).sidecarInjection._podLabels,
      probes: kserveProbes(ks, served, KSERVE_CONTAINER_PORT, { path: this.node.scope!.node.path, field: `versions["${this.versionName}"].backend` }),
    };
  }

  private createDeployment(d: DeploymentBackendOptions, props: ModelVersionProps, where: Where): kplus.Deployment {
    const probes = deploymentProbes(d.readinessProbe, d.livenessProbe, this.targetPort, at(where, 'backend'));
    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: `${props.modelName}-${props.name}`, namespace: props.namespace, labels: this.podLabels },
      replicas: this.replicas,
      select: false,
      // The injection label gets the pod its istio-proxy under a default Istio install (STRICT mTLS
      // and AuthorizationPolicies need it; see SidecarInjection).
      podMetadata: {
        labels: {
          app: props.modelName, ...this.serviceSelector, ...this.podLabels, ...clusterAssumptionsOf(this).sidecarInjection._podLabels,
        },
      },
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccountRef', this.serviceAccountName),
      automountServiceAccountToken: this.mountToken,
      containers: [{
        name: 'model',
        image: d.image,
        ports: [{ number: this.targetPort, name: d.protocol === ModelProtocol.GRPC ? 'grpc' : 'http' }],
        ...hardenedContainerProps(this, d.resources, this.resources, probes),
        envVariables: d.env && Object.fromEntries(Object.entries(d.env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: this.podLabels }));
    // cdk8s-plus labels pods with their construct path; a refactor of the construct tree would
    // then restart every model pod. Our selectors use the labels above only, so drop it.
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    patchHardenedDeployment(deployment, this.resources);
    return deployment;
  }

  private createInferenceService(ks: KServeBackendOptions, props: ModelVersionProps): ApiObject {
    const name = `${props.modelName}-${props.name}`;
    return new ApiObject(this, 'InferenceService', {
      apiVersion: KSERVE_V1BETA1,
      kind: 'InferenceService',
      metadata: {
        name,
        namespace: props.namespace,
        labels: this.podLabels,
        annotations: { [DEPLOYMENT_MODE_ANNOTATION]: KServeDeploymentMode.STANDARD },
      },
      spec: { predictor: predictorSpec(ks, servedModelName(ks, props.modelName, name), this.kservePodLabels(), this._predictorSecurity()) },
    });
  }
}

/** `<modelName>-<version>` must be unique per namespace: `a` + `b-c` and `a-b` + `c` collide. */
function claimWorkloadName(version: ModelVersion, kind: string, props: ModelVersionProps, where: Where): void {
  const name = `${props.modelName}-${props.name}`;
  const other = claimName(version, `${kind} ${props.namespace ?? ''}/${name}`);
  if (other) {
    fail(at(where, 'name'), `${kind} "${name}" is also created by ${other}; applying both would overwrite one with the other`, 'model and version names whose "<modelName>-<version>" is unique in the namespace');
  }
}

/** Adopted pods' labels: at least one (the subset selects exactly these). */
function checkPodLabels(labels: { [key: string]: string }, where: Where): { [key: string]: string } {
  if (!labels || typeof labels !== 'object' || Object.keys(labels).length === 0) fail(where, 'an existing workload needs labels that select its pods', 'e.g. { "model-version": "v43" }');
  return { ...labels };
}

const BACKEND_RULE = 'image: "<container image>", or backend: ModelBackend.deployment(...) / ModelBackend.kserve(...) / ModelBackend.existing(...) / ModelBackend.inferencePool(...)';

function backendOf(props: ModelVersionProps, where: Where): ModelBackend {
  if (props.image !== undefined && props.backend !== undefined) fail(at(where, 'image'), 'give either image or backend, not both', 'image (a Deployment) or backend');
  if (props.backend !== undefined) {
    const backend = checkInstance(props.backend, at(where, 'backend'), ModelBackend, BACKEND_RULE);
    if (backend._kserve) checkKServeOptions(backend._kserve, at(where, 'backend'));
    else if (backend._inferencePool) checkInferencePoolOptions(backend._inferencePool, at(where, 'backend'));
    else if (!backend._existing) checkDeploymentOptions(backend._deployment!, at(where, 'backend'));
    return backend;
  }
  if (props.image === undefined) fail(at(where, 'backend'), 'a version needs an image or a backend', BACKEND_RULE);
  return ModelBackend.deployment({ image: checkImage(props.image, at(where, 'image')) });
}

/** KServe rules that depend on the mode; returns the minimum replicas. */
function checkKServe(ks: KServeBackendOptions, props: ModelVersionProps, where: Where): number {
  const w = at(where, 'backend');
  const knative = deploymentModeOf(ks) === KServeDeploymentMode.KNATIVE;
  if (props.replicas !== undefined) fail(at(where, 'replicas'), 'KServe versions scale with minReplicas/maxReplicas', 'backend: ModelBackend.kserve({ minReplicas, maxReplicas })');
  if (ks.minReplicas === 0 && !knative) {
    fail(at(w, 'minReplicas'), 'Standard mode scales with an HPA, which cannot scale to zero', 'minReplicas >= 1, or deploymentMode: KServeDeploymentMode.KNATIVE for scale-to-zero');
  }
  const min = checkInt(ks.minReplicas ?? 1, at(w, 'minReplicas'), 0);
  if (ks.maxReplicas !== undefined) {
    checkInt(ks.maxReplicas, at(w, 'maxReplicas'), Math.max(min, 1));
  }
  const hostLabel = `${props.modelName}-${props.name}-predictor-${props.namespace ?? 'default'}`;
  if (!knative && hostLabel.length > 63) {
    fail(at(where, 'name'), `KServe derives the DNS label "${hostLabel}" (${hostLabel.length} characters) from the model, version and namespace; over 63 it cannot reconcile the InferenceService`, 'model, version and namespace names shorter by together at least ' + (hostLabel.length - 63) + ' characters');
  }
  if (ks.canaryTrafficPercent !== undefined && !knative) {
    fail(at(w, 'canaryTrafficPercent'), 'KServe silently ignores canaryTrafficPercent in Standard mode, so no traffic would shift', 'a CanaryRollout over Standard-mode versions (our VirtualService splits the traffic), or deploymentMode: KServeDeploymentMode.KNATIVE');
  }
  return min;
}
