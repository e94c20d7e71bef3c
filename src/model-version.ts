import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CircuitBreaker } from './circuit-breaker';
import { ConnectionPool } from './connection-pool';
import { LoadBalancer } from './load-balancer';
import { TrafficPolicySpec, VersionTarget } from './routing/route-table';
import { toTrafficPolicySpec } from './traffic-policy';
import { at, checkInt, fail, Where } from './util/checks';
import { DNS1123_LABEL_RULE, isDns1123Label } from './util/dns';

/** One live version of a model: the champion, a candidate, or a warm legacy version. */
export interface ModelVersionOptions {
  /**
   * Version id, e.g. `v45`. It names the Istio subset, the `version` pod label and the workload
   * (`<modelName>-<name>`), so it must be a DNS-1123 label (no dots: `v1.2` is rejected by Istio).
   */
  readonly name: string;
  /** Container image that serves this version. */
  readonly image: string;
  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;
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
}

/** Props of a ModelVersion; create versions with `ModelService.addVersion()`. */
export interface ModelVersionProps extends ModelVersionOptions {
  /** The model's name: workloads are named `<modelName>-<version>` and labelled `app: <modelName>`. */
  readonly modelName: string;
  /** The service port, the container port unless `containerPort` is set. */
  readonly servicePort: number;
  /**
   * Namespace of the workload.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * One version of a ModelService: a Deployment whose pods carry the `app` and `version` labels
 * that the service's DestinationRule subset selects and Istio telemetry reports per version.
 */
export class ModelVersion extends Construct {
  /** Version id and subset name. */
  public readonly versionName: string;
  /** Pod labels selecting this version. */
  public readonly podLabels: { [key: string]: string };
  /** The workload serving this version. */
  public readonly deployment: kplus.Deployment;
  /** Number of pods. */
  public readonly replicas: number;
  private readonly trafficPolicy?: TrafficPolicySpec;

  /** Use `ModelService.addVersion()`; the construct id is the version name. */
  constructor(scope: Construct, props: ModelVersionProps) {
    const where: Where = { path: scope.node.path, field: `versions["${props.name}"]` };
    if (!isDns1123Label(props.name ?? '')) {
      fail(at(where, 'name'), `"${props.name}" is not a valid version name`, DNS1123_LABEL_RULE);
    }
    super(scope, props.name);
    const options = props;
    const ctx = { modelName: props.modelName, namespace: props.namespace, port: props.servicePort };
    this.versionName = options.name;
    this.replicas = checkInt(options.replicas ?? 1, at(where, 'replicas'), 0);
    this.podLabels = { app: ctx.modelName, version: options.name };
    this.trafficPolicy = toTrafficPolicySpec(options, where);
    this.deployment = this.createDeployment(options, ctx, where);
  }

  /** @internal this version as a route-table subset */
  public _target(): VersionTarget {
    return { name: this.versionName, labels: this.podLabels, trafficPolicy: this.trafficPolicy, backend: 'deployment', replicas: this.replicas };
  }

  private createDeployment(options: ModelVersionOptions, ctx: { modelName: string; namespace?: string; port: number }, where: Where): kplus.Deployment {
    if (!options.image) fail(at(where, 'image'), 'an image is required', 'a container image reference');
    const port = checkInt(options.containerPort ?? ctx.port, at(where, 'containerPort'), 1, 65535);
    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: `${ctx.modelName}-${options.name}`, namespace: ctx.namespace, labels: this.podLabels },
      replicas: this.replicas,
      select: false,
      podMetadata: { labels: this.podLabels },
      containers: [{
        name: 'model',
        image: options.image,
        ports: [{ number: port, name: 'http' }],
        resources: options.resources,
        envVariables: envOf(options.env),
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: this.podLabels }));
    // cdk8s-plus labels pods with their construct path; a refactor of the construct tree would
    // then restart every model pod. Our selectors use app/version only, so drop it.
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    return deployment;
  }
}

function envOf(env: { [name: string]: string } | undefined): { [name: string]: kplus.EnvValue } | undefined {
  if (!env) return undefined;
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)]));
}


