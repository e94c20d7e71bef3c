import { ApiObject, Chart, Duration, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DEPLOYMENT_MODE_ANNOTATION, KSERVE_CONTAINER_PORT, kserveTargetPort } from '../backends/kserve/inference-service-spec';
import { servingPathProblems } from '../backends/kserve/serving-path';
import { KServeDeploymentMode, ModelBackend, ModelProtocol } from '../backends/model-backend';
import { MODEL_NAME_LABEL, ModelVersion, ModelVersionOptions } from '../backends/model-version';
import { ModelObservability, Observability } from '../observability/observability';
import { withArgoSubsets } from '../progressive/argo-rollout';
import { checkRouteForIstio } from '../render/istio/check-route';
import { renderDestinationRuleSpec, renderVirtualServiceSpec } from '../render/istio/render-istio';
import { knativeInferenceServiceSpec, knativeProblems, knativeSplitOf } from '../render/knative/knative-service';
import { DefaultSplitContributor, ExperimentContributor, MirrorContributor, VersionRef } from '../routing/contributors';
import { effectiveRouting } from '../routing/effective';
import { evaluate } from '../routing/evaluate';
import { Explanation, ExplainRequest } from '../routing/explanation';
import { knativeDestinations } from '../routing/from-kserve';
import { KnativeSplit, knativeRoutingNote, PREVIOUS_VERSION_ANNOTATION } from '../routing/kserve-deployment-mode';
import {
  CorsSpec, FaultSpec, HeadersSpec, HttpRouteRule, isForwarding, RetryPolicySpec, ServiceAccessSpec, ServiceRouting, TrafficPolicySpec,
  WeightedDestination,
} from '../routing/route-table';
import { validateServiceRouting } from '../routing/validate-routing';
import { KNATIVE_LOCAL_GATEWAY_CALLER, KNATIVE_SYSTEM_CALLER, principalOf, renderAuthorizationPolicySpec } from '../security/authorization';
import { Caller, ICaller } from '../security/caller';
import { MtlsMode, NamespaceSecurity } from '../security/namespace-security';
import { appChecksObjects, checkApiObjects } from '../synth/object-check';
import { ADOPTED_SUBSETS_ANNOTATION } from '../util/annotations';
import {
  at, checkArray, checkDnsName, checkInstance, checkInt, checkObject, checkOptionalDuration, checkString, checkStringMap, fail, optional, show, Where,
} from '../util/checks';
import { claimName } from '../util/claims';
import { listOf, MeshConfigError, Problem, problemAt } from '../util/errors';
import { serviceHost } from '../util/hosts';
import { RevisionMemo, routingGeneration, SynthPassMemo, touchRouting } from '../util/memo';
import { addMeshValidation } from '../util/validation';
import { CircuitBreaker } from '../values/circuit-breaker';
import { ConnectionPool } from '../values/connection-pool';
import { FaultInjection } from '../values/fault-injection';
import { LoadBalancer } from '../values/load-balancer';
import { ActionRouteOptions, ModelRoute, RouteOptions } from '../values/model-route';
import { IModelService } from '../values/model-service-ref';
import { RequestMatch } from '../values/request-match';
import { RetryPolicy, toRetrySpec } from '../values/retry-policy';
import { CorsPolicy, DirectResponse, mergeHeaders, Redirect, RouteHeaders, toCorsSpec, toHeadersSpec } from '../values/route-action';
import { toTrafficPolicySpec } from '../values/traffic-policy';
import { ISTIO_NETWORKING_V1, ISTIO_SECURITY_V1, KSERVE_V1BETA1 } from '../wire/api-versions';
import { InferenceServiceSpec } from '../wire/generated/kserve';

/** Props of a ModelService. */
export interface ModelServiceProps {
  /**
   * The model's name. It names the Kubernetes Service (the stable host
   * `<modelName>.<namespace>.svc.cluster.local`), the VirtualService and the DestinationRule.
   * A DNS-1035 label: lower case letters, digits and '-', starting with a letter.
   */
  readonly modelName: string;
  /**
   * Namespace of every object the service creates.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Port of the stable Service (and of the model containers unless a version overrides it).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Live versions of the model. More can be added with `addVersion()`.
   * @default - none; add at least one before synthesis
   */
  readonly versions?: ModelVersionOptions[];
  /**
   * Version that receives the default route when no CanaryRollout splits it.
   * @default - the first version
   */
  readonly defaultVersion?: string;
  /**
   * Request timeout of every route.
   * @default - no timeout (Istio's default)
   */
  readonly timeout?: Duration;
  /**
   * Retries of every route.
   * @default - Istio's mesh default (2 attempts on connect-failure, refused-stream, unavailable, cancelled)
   */
  readonly retries?: RetryPolicy;
  /**
   * Circuit breaker (outlier detection) for every version.
   * @default - none
   */
  readonly circuitBreaker?: CircuitBreaker;
  /**
   * Connection pool limits for every version.
   * @default - Istio's defaults
   */
  readonly connectionPool?: ConnectionPool;
  /**
   * Load balancing across a version's pods.
   * @default - Istio's default (LEAST_REQUEST)
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Fault injection on every route, for resilience tests.
   * @default - none
   */
  readonly fault?: FaultInjection;
  /**
   * Header operations on every route (request and response), e.g. pass tracing context on.
   * A route's own operations are applied after these.
   * @default - none
   */
  readonly headers?: RouteHeaders;
  /**
   * Name of the Kubernetes Service, which also names the stable host
   * `<serviceName>.<namespace>.svc.cluster.local`. Set it to take over an existing Service.
   * @default - the modelName
   */
  readonly serviceName?: string;
  /**
   * Name of the VirtualService (to take over an existing one in place, e.g. `content-ranking-vs`).
   * @default - the modelName
   */
  readonly virtualServiceName?: string;
  /**
   * Name of the DestinationRule (to take over an existing one in place, e.g. `content-ranking-dr`).
   * @default - the modelName
   */
  readonly destinationRuleName?: string;
  /**
   * Labels the stable Service selects pods by. Every version's pods must carry them: pods we
   * create get them; required when a version adopts existing pods (`ModelBackend.existing`),
   * which may not carry our default label.
   * @default - `app.kubernetes.io/name: <modelName>`
   */
  readonly selector?: { [key: string]: string };
  /**
   * CORS policy of every route (a route's own `cors` replaces it).
   * @default - none
   */
  readonly cors?: CorsPolicy;
  /**
   * Response header naming the version that answered (e.g. `x-model-version: v47`), set per
   * destination so it is right on split routes too.
   * @default - none
   */
  readonly versionHeader?: string;
  /**
   * Who may call the service: `Caller.serviceAccount(ns, name)`, `Caller.namespace(ns)`,
   * `Caller.ingressGateway()`, or another ModelService. Rendered as an ALLOW AuthorizationPolicy
   * on the service's pods; anyone else is denied. More with `grantInvoke()`.
   * @default - nobody: every request to the service is denied until a caller is allowed
   */
  readonly allowedCallers?: ICaller[];
  /**
   * Per-version alerts (a PrometheusRule) and a Grafana dashboard from Istio's metrics.
   * @default Observability.enabled()
   */
  readonly observability?: Observability;
}


/**
 * A model behind one stable host, with up to several live versions. Creates one Service, one
 * workload per version (a Deployment or a KServe InferenceService), one DestinationRule with a
 * subset per version and one VirtualService whose routes are gathered from `routeMatching()`,
 * CanaryRollout, AbExperiment and ShadowMirror.
 *
 * When the versions are KServe Knative-mode versions, KServe owns the host: the service then
 * creates a single InferenceService named after the model and no Service or Istio objects.
 */
export class ModelService extends Construct implements ICaller, IModelService {
  /** Whether `x` is a ModelService. */
  public static isModelService(x: any): x is ModelService {
    return x !== null && typeof x === 'object' && MODEL_SERVICE in x;
  }

  /** The model's name (Service, VirtualService and DestinationRule name). */
  public readonly modelName: string;
  /** Namespace, when known. */
  public readonly namespace?: string;
  /** The stable host callers use. */
  public readonly host: string;
  /** Service port. */
  public readonly port: number;
  /** The protocol of the model's versions (from the first version). */
  public readonly protocol: ModelProtocol;
  /** Whether KServe serves this model in Knative mode (and owns its host). */
  public readonly knative: boolean;
  /** The stable Kubernetes Service (not in Knative mode). */
  public readonly service?: kplus.Service;
  /** The VirtualService (escape hatch: `addJsonPatch`; not in Knative mode). */
  public readonly virtualService?: ApiObject;
  /** The DestinationRule (escape hatch: `addJsonPatch`; not in Knative mode). */
  public readonly destinationRule?: ApiObject;
  /** The InferenceService of a Knative-mode model. */
  public readonly inferenceService?: ApiObject;
  /** The AuthorizationPolicy that allows exactly the declared callers. */
  public readonly authorizationPolicy: ApiObject;
  /** The namespace's mTLS and default-deny settings (shared by every service of the namespace). */
  public readonly namespaceSecurity: NamespaceSecurity;
  /** Alerts and dashboard (child `Observability`), unless disabled. */
  public readonly observability?: ModelObservability;

  private readonly where: Where;
  private readonly _versions: ModelVersion[] = [];
  private readonly matchRoutes: ModelRoute[] = [];
  private readonly experiments: ExperimentContributor[] = [];
  private readonly mirrors: MirrorContributor[] = [];
  private readonly defaultVersion?: string;
  private readonly timeoutMs?: number;
  private readonly retries?: RetryPolicySpec;
  private readonly fault?: FaultSpec;
  private readonly headers?: HeadersSpec;
  private readonly versionHeader?: string;
  private readonly cors?: CorsSpec;
  private readonly selector?: { [key: string]: string };
  private readonly trafficPolicy?: TrafficPolicySpec;
  private canary?: DefaultSplitContributor;
  private readonly routingMemo = new RevisionMemo<ServiceRouting>();
  private readonly problemsMemo = new RevisionMemo<Problem[]>();
  private readonly objectCheckMemo = new SynthPassMemo<Problem[]>();
  private readonly callers: Caller[] = [];

  constructor(scope: Construct, id: string, props: ModelServiceProps) {
    super(scope, id);
    Object.defineProperty(this, MODEL_SERVICE, { value: true });
    this.where = { path: this.node.path, field: '' };
    checkObject(props, { path: this.node.path, field: 'props' }, 'ModelServiceProps: { modelName, versions?, ... }');
    this.modelName = checkDnsName(props.modelName, this.field('modelName'), 'model name (it names a Kubernetes Service)', '1035');
    this.namespace = checkNamespace(props.namespace, chartOf(this).namespace, this.field('namespace'));
    const serviceName = checkDnsName(props.serviceName ?? this.modelName, this.field('serviceName'), 'Service name', '1035');
    this.host = serviceHost(serviceName, this.namespace);
    this.selector = optional(props.selector, this.field('selector'), (m, w) => ({ ...checkStringMap(m, w, (k: string) => k, 'pod labels: { key: value }') }));
    this.port = checkInt(props.port ?? 8080, this.field('port'), 1, 65535);
    this.defaultVersion = optional(props.defaultVersion, this.field('defaultVersion'), (v, w) => checkDnsName(v, w, 'version name'));
    this.timeoutMs = checkOptionalDuration(props.timeout, this.field('timeout'));
    this.protocol = props.versions?.[0]?.backend?.protocol ?? ModelProtocol.HTTP;
    this.retries = props.retries !== undefined ? optional(props.retries, this.field('retries'), toRetrySpec)
      // KServe routes a Knative-mode host itself, so no route of ours to put the default on.
      : this.protocol === ModelProtocol.GRPC && !(props.versions ?? []).some(v => v.backend?.isKnative) ? GRPC_RETRIES : undefined;
    this.fault = optional(props.fault, this.field('fault'), checkFault);
    this.headers = toHeadersSpec(props.headers);
    this.versionHeader = props.versionHeader;
    this.cors = toCorsSpec(props.cors);
    checkRouteForIstio(this.decorate({ matches: [], destinations: [{ host: 'h', subset: 'v', weight: 100 }], mirrors: [], origin: 'default' }), this.field('headers/versionHeader/cors'));
    this.trafficPolicy = toTrafficPolicySpec(props, this.where);
    const versions = optional(props.versions, this.field('versions'), (list, w) => checkArray(list, w, (v, vw) => checkObject(v, vw, VERSION_RULE), `a list of ${VERSION_RULE}`)) ?? [];
    claimHost(this);
    this.knative = versions.some(v => v.backend instanceof ModelBackend && v.backend!.isKnative);
    const metadata = { name: this.modelName, namespace: props.namespace };
    this.namespaceSecurity = NamespaceSecurity.of(this, this.namespace);
    const policyOwner = claimName(this, `AuthorizationPolicy ${this.namespace ?? ''}/${this.modelName}`);
    if (policyOwner) fail(this.field('modelName'), `AuthorizationPolicy "${this.modelName}" is also created by ${policyOwner}`, 'a model name other than "default-deny"');
    if (props.allowedCallers !== undefined && !Array.isArray(props.allowedCallers)) {
      fail(this.field('allowedCallers'), `${String(props.allowedCallers)} is not a list`, 'a list of callers, e.g. [Caller.serviceAccount(ns, name)]');
    }
    (props.allowedCallers ?? []).forEach((c, i) => this.addCaller(c, this.field(`allowedCallers[${i}]`)));

    if (this.knative) {
      const other = claimName(this, `InferenceService ${this.namespace ?? ''}/${this.modelName}`);
      if (other) fail(this.field('modelName'), `InferenceService "${this.modelName}" is also created by ${other}`, 'a unique name in the namespace');
      versions.forEach(v => this.addVersion(v));
      this.inferenceService = new ApiObject(this, 'InferenceService', {
        apiVersion: KSERVE_V1BETA1,
        kind: 'InferenceService',
        metadata: {
          ...metadata,
          labels: { [MODEL_NAME_LABEL]: this.modelName },
          annotations: {
            [DEPLOYMENT_MODE_ANNOTATION]: KServeDeploymentMode.KNATIVE,
            [PREVIOUS_VERSION_ANNOTATION]: Lazy.any({ produce: () => this.knativeSplit().previous }),
          },
        },
        spec: Lazy.any({ produce: () => this.knativeSpec() }),
      });
    } else {
      this.service = new kplus.Service(this, 'Service', {
        metadata: { ...metadata, name: serviceName, labels: { [MODEL_NAME_LABEL]: this.modelName } },
        ports: [{ name: this.protocol, port: this.port, targetPort: targetPortOf(versions[0], this.port) }],
      });
      for (const [key, value] of Object.entries(this.selector ?? { [MODEL_NAME_LABEL]: this.modelName })) this.service.selectLabel(key, value);
      // Istio picks the proxy codec from appProtocol (or the port name): HTTP/1.1 would break gRPC.
      if (this.protocol === ModelProtocol.GRPC) ApiObject.of(this.service).addJsonPatch(JsonPatch.add('/spec/ports/0/appProtocol', 'grpc'));
      versions.forEach(v => this.addVersion(v));
      this.destinationRule = new ApiObject(this, 'DestinationRule', {
        apiVersion: ISTIO_NETWORKING_V1,
        kind: 'DestinationRule',
        metadata: { ...metadata, name: claimObjectName(this, 'DestinationRule', props.destinationRuleName, 'destinationRuleName') },
        spec: Lazy.any({ produce: () => renderDestinationRuleSpec(this._routing()) }),
      });
      this.annotateAdopted();
      this.virtualService = new ApiObject(this, 'VirtualService', {
        apiVersion: ISTIO_NETWORKING_V1,
        kind: 'VirtualService',
        metadata: { ...metadata, name: claimObjectName(this, 'VirtualService', props.virtualServiceName, 'virtualServiceName') },
        spec: Lazy.any({ produce: () => renderVirtualServiceSpec(this._routing()) }),
      });
    }
    this.authorizationPolicy = new ApiObject(this, 'AuthorizationPolicy', {
      apiVersion: ISTIO_SECURITY_V1,
      kind: 'AuthorizationPolicy',
      metadata,
      spec: Lazy.any({ produce: () => renderAuthorizationPolicySpec(this._routing().access!) }),
    });
    this.observability = (props.observability ?? Observability.enabled())._attach(this);
    // This service's own problems (CanaryRollout, AbExperiment and ShadowMirror report theirs).
    addMeshValidation(this, () => this.validate());
  }

  /** The versions, in the order they were added. */
  /** @internal every pod template this service renders gets these annotations */
  public _annotatePods(annotations: Record<string, string>): void {
    for (const v of this._versions) {
      if (v.deployment) ApiObject.of(v.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { ...annotations }));
      v.inferenceService?.addJsonPatch(JsonPatch.add('/spec/predictor/annotations', { ...annotations }));
    }
    this.inferenceService?.addJsonPatch(JsonPatch.add('/spec/predictor/annotations', { ...annotations }));
  }

  /** @internal labels the stable Service selects: every version's pods carry them */
  public _podSelector(): Record<string, string> {
    return { ...(this.selector ?? { [MODEL_NAME_LABEL]: this.modelName }) };
  }

  public get versions(): ModelVersion[] {
    return [...this._versions];
  }

  /** Names of the versions, in the order they were added. */
  public get versionNames(): string[] {
    return this._versions.map(v => v.versionName);
  }

  /** Add a live version: a Deployment and a DestinationRule subset. */
  public addVersion(options: ModelVersionOptions): ModelVersion {
    const index = this._versions.length;
    checkObject(options, this.field(`versions[${index}]`), VERSION_RULE);
    if (this._versions.some(v => v.versionName === options.name)) {
      fail(this.field(`versions[${index}].name`), `version "${options.name}" is declared twice`, 'unique version names');
    }
    const version = new ModelVersion(this, {
      ...options, modelName: this.modelName, servicePort: this.port, namespace: this.namespace, serviceSelector: this.selector,
    });
    this._versions.push(version);
    touchRouting();
    this.annotateAdopted();
    return version;
  }

  /** Name the adopted subsets on the DestinationRule, for `check` (see ADOPTED_SUBSETS_ANNOTATION). */
  private annotateAdopted(): void {
    const adopted = this._versions.filter(v => v.backend._existing).map(v => v.versionName);
    if (adopted.length) this.destinationRule?.metadata.addAnnotation(ADOPTED_SUBSETS_ANNOTATION, adopted.join(','));
  }

  /**
   * Allow `caller` to call this service (a `Caller`, or another ModelService: then every one of
   * its versions' service accounts). Returns the caller's identity as allowed.
   */
  public grantInvoke(caller: ICaller): Caller {
    return this.addCaller(caller, this.field(`grantInvoke[${this.callers.length}]`));
  }

  /** This service as a caller of other services: the service accounts of all of its versions. */
  public get callerIdentity(): Caller {
    if (this.namespace === undefined) {
      fail(this.field('namespace'), `ModelService ${this.node.path} has no namespace, so its service accounts have no mesh identity to allow`, 'a namespace on the ModelService or its chart');
    }
    return Caller._lazy(() => ({
      description: `ModelService ${this.modelName}`,
      principals: this._versions.map(v => principalOf(this.namespace!, v.serviceAccountName)),
    }));
  }

  /**
   * Send every request that matches `match` to `version`. Matched routes come first, in the
   * order they are added, before experiments and the default route.
   */
  public routeMatching(match: RequestMatch, version: string, options: RouteOptions = {}): ModelRoute {
    const where = this.field(`routeMatching[${this.matchRoutes.length}]`);
    checkInstance(match, at(where, 'match'), RequestMatch, 'a RequestMatch, e.g. RequestMatch.header(name, value)');
    checkDnsName(version, at(where, 'version'), 'version name');
    checkObject(options, at(where, 'options'), 'RouteOptions: { name?, timeout?, retries?, fault? }');
    optional(options.name, at(where, 'name'), (n, w) => checkString(n, w, 'a route name: letters, digits and -_.:/ (at most 253)', /^[A-Za-z0-9][-A-Za-z0-9_.:/]*$/, 253, 'a valid route name'));
    const name = this.uniqueRouteName(options.name ?? `match-to-${version}`);
    // Validate now, so a bad value fails where it was given.
    match._check(at(where, 'match'));
    checkOptionalDuration(options.timeout, at(where, 'timeout'));
    optional(options.retries, at(where, 'retries'), toRetrySpec);
    optional(options.fault, at(where, 'fault'), checkFault);
    const route = new ModelRoute(name, match, version, options);
    checkRouteForIstio(this.matchRoute(route, {}), where);
    this.matchRoutes.push(route);
    touchRouting();
    return route;
  }

  /**
   * Answer every request that matches `match` with a redirect; no model is called. Ordered
   * with the `routeMatching` routes, in the order added.
   */
  public redirectMatching(match: RequestMatch, redirect: Redirect, options: ActionRouteOptions = {}): ModelRoute {
    return this.addActionRoute(match, options, 'redirect', redirect, undefined);
  }

  /**
   * Answer every request that matches `match` with a fixed response, e.g. a maintenance page
   * (`DirectResponse.of(503, 'down for maintenance')`); no model is called.
   */
  public respondMatching(match: RequestMatch, response: DirectResponse, options: ActionRouteOptions = {}): ModelRoute {
    return this.addActionRoute(match, options, 'direct-response', undefined, response);
  }

  private addActionRoute(match: RequestMatch, options: ActionRouteOptions, base: string,
    redirect: Redirect | undefined, response: DirectResponse | undefined): ModelRoute {
    const where = this.field(`routeMatching[${this.matchRoutes.length}]`);
    match._check(at(where, 'match'));
    const route = new ModelRoute(this.uniqueRouteName(options.name ?? base), match, undefined,
      { name: options.name, headers: options.headers }, redirect, response);
    checkRouteForIstio(this.matchRoute(route, {}), where);
    this.matchRoutes.push(route);
    touchRouting();
    return route;
  }

  private uniqueRouteName(base: string): string {
    const taken = new Set(this.matchRoutes.map(r => r.name));
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    return name;
  }

  /**
   * Where a request to this service goes, by Istio's rules: the matched route, each version with
   * its share of traffic, mirrors and faults. Meant for unit tests of routing intent:
   * `expect(ranking.explain({ headers: { 'x-user-segment': 'premium' } }).destinations)...`
   */
  public explain(request: ExplainRequest = {}): Explanation {
    return evaluate(this._effectiveRouting(), checkExplainRequest(request, { path: `${this.node.path}.explain`, field: 'request' }));
  }

  /**
   * @internal The routing the written VirtualService and DestinationRule configure, escape-hatch
   * patches included (see effectiveRouting): what `explain()` and the routing report describe.
   */
  public _effectiveRouting(): ServiceRouting {
    const intended = this._routing();
    const written = [this.virtualService, this.destinationRule].filter((o): o is ApiObject => o !== undefined);
    return effectiveRouting(intended, written.map(o => ({ path: o.node.path, json: o.toJson() })));
  }

  /** @internal registered by CanaryRollout */
  public _useDefaultSplit(c: DefaultSplitContributor): void {
    if (this.canary) {
      throw new MeshConfigError(c.path, 'service', `ModelService ${this.node.path} already has a CanaryRollout (${this.canary.path}); a service has one default route, so at most one CanaryRollout`, 'one CanaryRollout per ModelService');
    }
    this.canary = c;
    touchRouting();
  }

  /** @internal registered by AbExperiment */
  public _addExperiment(e: ExperimentContributor): void {
    const clash = this.experiments.find(x => x.header === e.header);
    if (clash) {
      throw new MeshConfigError(e.path, 'bucketHeader', `header "${e.header}" is already used by experiment ${clash.path} on ${this.node.path}; two experiments cannot share a bucket header`, 'a header no other experiment on this service uses');
    }
    this.experiments.push(e);
    touchRouting();
  }

  /** @internal registered by ShadowMirror */
  public _addMirror(m: MirrorContributor): void {
    const clash = this.mirrors.find(x => x.version === m.version);
    if (clash) {
      throw new MeshConfigError(m.path, 'target', `version "${m.version}" is already mirrored by ${clash.path}`, 'one ShadowMirror per target version');
    }
    this.mirrors.push(m);
    touchRouting();
  }

  /**
   * @internal The service's complete, validated route table. Throws when the configuration is
   * invalid, so nothing is rendered from a broken table.
   */
  public _routing(): ServiceRouting {
    const problems = this.problems();
    if (problems.length) throw MeshConfigError.of(problems);
    return this.routingMemo.get(routingGeneration(), () => this.buildRouting());
  }

  /** @internal whether the route table is valid (objects rendered from it can then be checked) */
  public _routingIsValid(): boolean {
    return this.problems().length === 0;
  }

  /**
   * The whole-service rules, then (once they hold) check's schema and webhook rules on every object
   * the service renders, patches included. Inside a MeshApp synth the app checks every final object
   * itself, once.
   */
  private validate(): Problem[] {
    const problems = this.problems();
    if (problems.length) {
      const contributors = new Set([this.canary?.path, ...this.experiments.map(e => e.path), ...this.mirrors.map(m => m.path)]);
      return problems.filter(p => !contributors.has(p.path));
    }
    if (appChecksObjects(this)) return [];
    return this.objectCheckMemo.get(routingGeneration(), () => checkApiObjects(this.node.path, this.renderedObjects()));
  }
  private addCaller(caller: ICaller, where: Where): Caller {
    const identity = caller !== null && typeof caller === 'object' ? caller.callerIdentity : undefined;
    if (!(identity instanceof Caller)) {
      fail(where, `${String(caller)} is not a caller`, 'Caller.serviceAccount(ns, name), Caller.namespace(ns), Caller.ingressGateway(), or a ModelService');
    }
    this.callers.push(identity);
    touchRouting();
    return identity;
  }

  private accessSpec(): ServiceAccessSpec {
    return {
      port: this.knative ? undefined : this.service!.ports[0].targetPort,
      selector: { [MODEL_NAME_LABEL]: this.modelName },
      callers: [...this.callers.map(c => c._spec()), ...(this.knative ? [KNATIVE_SYSTEM_CALLER, KNATIVE_LOCAL_GATEWAY_CALLER] : [])],
      mtls: this.namespaceSecurity.mtlsMode === MtlsMode.PERMISSIVE ? 'PERMISSIVE' : 'STRICT',
    };
  }

  private buildRouting(): ServiceRouting {
    const common = { timeoutMs: this.timeoutMs, retries: this.retries, fault: this.fault };
    const knative = this.knative ? this.knativeSplit() : undefined;
    const routes: HttpRouteRule[] = [
      ...this.matchRoutes.map(r => this.matchRoute(r, common)),
      ...this.experiments.flatMap(e => e.routes(this.host).map(r => ({ ...common, ...r, mirrors: this.mirrorsFor(false) }))),
      {
        name: 'default',
        matches: [],
        destinations: knative ? knativeDestinations(this.host, knative) : this.defaultSplit(),
        mirrors: this.mirrorsFor(true),
        ...common,
        origin: 'default',
        source: this.canary?.path ?? this.node.path,
      },
    ];
    return {
      name: this.modelName,
      namespace: this.namespace,
      host: this.host,
      port: this.port,
      versions: withArgoSubsets(this._versions.map(v => v._target()), this.canary?.roles()),
      routes: routes.map(r => this.decorate(r)),
      // Client side of the namespace's mTLS: Istio's sidecar certificates, whatever the user's policy.
      trafficPolicy: this.knative ? this.trafficPolicy : { ...this.trafficPolicy, tls: { mode: 'ISTIO_MUTUAL' } },
      access: this.accessSpec(),
      canary: this.canary?.roles(),
      monitoring: this.observability?._spec,
      source: this.node.path,
      routedBy: knative && knativeRoutingNote(this.host, knative),
    };
  }

  private defaultSplit(): WeightedDestination[] {
    return this.canary?.split(this.host) ?? [{ host: this.host, subset: this.defaultVersion ?? this.versionNames[0], weight: 100 }];
  }

  /** Knative mode: the revisions KServe splits between, as the InferenceService states them. */
  private knativeSplit(): KnativeSplit {
    return knativeSplitOf(this.defaultSplit(), v => this._versions.find(x => x.versionName === v)?.backend._kserve?.canaryTrafficPercent);
  }

  private matchRoute(r: ModelRoute, common: Pick<HttpRouteRule, 'timeoutMs' | 'retries' | 'fault'>): HttpRouteRule {
    const where = this.field('routeMatching');
    const o = r.options;
    const route = { name: r.name, matches: r.match._blocks(), headers: toHeadersSpec(o.headers), origin: 'match' as const, source: this.node.path };
    // A route that answers itself takes no destination, mirror, rewrite, timeout, retries or fault.
    if (r.redirect) return { ...route, destinations: [], mirrors: [], redirect: r.redirect._spec() };
    if (r.directResponse) return { ...route, destinations: [], mirrors: [], directResponse: r.directResponse._spec() };
    return {
      ...route,
      destinations: [{ host: this.host, subset: r.version, weight: 100 }],
      mirrors: this.mirrorsFor(false),
      timeoutMs: checkOptionalDuration(o.timeout, where) ?? common.timeoutMs,
      retries: (o.retries && toRetrySpec(o.retries, where)) ?? common.retries,
      fault: o.fault?._spec(where) ?? common.fault,
      rewrite: o.rewrite?._spec(),
      cors: toCorsSpec(o.cors),
    };
  }

  /** Service-wide header operations on every route; the version header on every forwarded-to subset. */
  private decorate(route: HttpRouteRule): HttpRouteRule {
    const headers = mergeHeaders(this.headers, route.headers);
    const tag = this.versionHeader;
    const destinations = tag && isForwarding(route)
      ? route.destinations.map(d => (d.subset ? { ...d, headers: mergeHeaders({ response: { set: { [tag]: d.subset } } }, d.headers) } : d))
      : route.destinations;
    return { ...route, headers, destinations, cors: route.cors ?? this.cors };
  }

  private mirrorsFor(isDefault: boolean) {
    return this.mirrors
      .filter(m => isDefault || m.allRoutes)
      .map(m => ({ host: this.host, subset: m.version, percent: m.percent }));
  }

  private versionRefs(): VersionRef[] {
    const own: VersionRef[] = this.matchRoutes.flatMap((r, i) => (r.version === undefined ? []
      : [{ path: this.node.path, field: `routeMatching[${i}].version`, version: r.version }]));
    if (this.defaultVersion) own.push({ path: this.node.path, field: 'defaultVersion', version: this.defaultVersion });
    return [
      ...own,
      ...(this.canary?.versionRefs() ?? []),
      ...this.experiments.flatMap(e => e.versionRefs()),
      ...this.mirrors.flatMap(m => m.versionRefs()),
    ];
  }

  /** @internal the problems a contributor (CanaryRollout, ...) at `path` reports as its own */
  public _problemsAt(path: string): Problem[] {
    return this.problems().filter(p => p.path === path);
  }

  /** Whole-service rules that only hold once the tree is complete. */
  private problems(): Problem[] {
    return this.problemsMemo.get(routingGeneration(), () => this.computeProblems());
  }

  private computeProblems(): Problem[] {
    if (this._versions.length === 0) {
      return [problemAt(this.node.path, 'versions', 'a ModelService needs at least one version', 'one or more versions, via props or addVersion()')];
    }
    const names = this.versionNames;
    const unknown = this.versionRefs()
      .filter(ref => !names.includes(ref.version))
      .map(ref => problemAt(ref.path, ref.field, `"${ref.version}" is not a version of ModelService ${this.node.path}`, listOf(names)));
    if (unknown.length) return unknown;
    const serving = [...servingPathProblems(this.node.path, this.modelName, this._versions), ...this.modeProblems()];
    return serving.length ? serving : validateServiceRouting(this.routingMemo.get(routingGeneration(), () => this.buildRouting()));
  }

  /** Knative mode's limits, or (otherwise) one target port for the stable Service. */
  private modeProblems(): Problem[] {
    if (this.knative) {
      return knativeProblems({
        path: this.node.path,
        modelName: this.modelName,
        versions: this._versions.map(v => ({ name: v.versionName, kserve: v.backend._kserve, knative: v.backend.isKnative })),
        needsVirtualService: this.virtualServiceFeatures(),
        challengers: this.canary ? this.canary.split(this.host).length - 1 : 0,
      });
    }
    const knativeVersions = this._versions.filter(v => v.backend.isKnative).map(v => v.versionName);
    if (knativeVersions.length) {
      return [problemAt(this.node.path, 'versions', `versions ${knativeVersions.join(', ')} are Knative-mode KServe versions, but the first version is not; declare Knative versions in the ModelService props and keep every version in one mode`, 'all versions Knative, or none')];
    }
    const adopted = this._versions.filter(v => v.backend._existing).map(v => v.versionName);
    if (adopted.length && !this.selector) {
      return [problemAt(this.node.path, 'selector', `versions ${adopted.join(', ')} adopt existing pods, which need not carry ${MODEL_NAME_LABEL}=${this.modelName}; the stable Service would not reach them`, 'selector: labels every version\'s pods share, e.g. { app: "content-ranking" }')];
    }
    const protocols = this._versions.map(v => `${v.versionName}: ${v.backend.protocol}`);
    if (this._versions.some(v => v.backend.protocol !== this.protocol)) {
      return [problemAt(this.node.path, 'versions', `versions speak different protocols (${protocols.join(', ')}); the stable Service port is named for one (${this.protocol})`, 'every version on one protocol')];
    }
    const ports = this._versions.map(v => `${v.versionName}: ${v.targetPort}`);
    const target = this.service!.ports[0].targetPort;
    return this._versions.some(v => v.targetPort !== target)
      ? [problemAt(this.node.path, 'versions', `versions serve on different ports (${ports.join(', ')}); the stable Service forwards to one target port (${target})`, `every version on one port (KServe model servers listen on ${KSERVE_CONTAINER_PORT})`)]
      : [];
  }

  /**
   * Every object this service and its versions render and still own: a progressive canary takes
   * the champion's and challenger's Deployments out of the tree (its Rollout is checked by it).
   */
  private renderedObjects(): ApiObject[] {
    const own = [this.service, this.destinationRule, this.virtualService, this.inferenceService, this.authorizationPolicy];
    return [...own, ...this._versions.flatMap(v => [v.deployment ?? v.inferenceService, v.serviceAccount])]
      .filter((o): o is ApiObject | kplus.Service => o !== undefined && o.node.scope?.node.tryFindChild(o.node.id) === o)
      .map(o => ApiObject.of(o));
  }

  /** Routing that needs our VirtualService, with the construct that asked for it. */
  private virtualServiceFeatures(): Array<{ path: string; field: string; what: string }> {
    const p = this.node.path;
    return [
      ...this.matchRoutes.map((r, i) => ({ path: p, field: `routeMatching[${i}]`, what: `routing requests by match to a version (${r.name})` })),
      ...this.experiments.map(e => ({ path: e.path, field: 'service', what: 'an A/B experiment across versions' })),
      ...this.mirrors.map(m => ({ path: m.path, field: 'service', what: 'mirroring (shadow traffic)' })),
      ...(this.timeoutMs !== undefined || this.retries || this.fault ? [{ path: p, field: 'timeout/retries/fault', what: 'a route timeout, retries or fault injection' }] : []),
      ...(this.headers || this.versionHeader || this.cors ? [{ path: p, field: 'headers/versionHeader/cors', what: 'header operations or CORS' }] : []),
      ...(this.trafficPolicy || this._versions.some(v => v._target().trafficPolicy) ? [{ path: p, field: 'circuitBreaker/connectionPool/loadBalancer', what: 'a DestinationRule traffic policy' }] : []),
    ];
  }

  private knativeSpec(): InferenceServiceSpec {
    const byName = (name: string) => this._versions.find(v => v.versionName === name)!;
    this._routing(); // validates
    return knativeInferenceServiceSpec(this.modelName, this.knativeSplit(), n => byName(n).backend._kserve!, n => byName(n).podLabels,
      n => byName(n)._predictorSecurity());
  }

  private field(name: string): Where {
    return { path: this.node.path, field: name };
  }
}

const MODEL_SERVICE = Symbol.for('cdk8s-ml-mesh.ModelService');

const VERSION_RULE = '{ name, image? | backend?, replicas?, ... }';

/** The prop, else the chart's namespace (named in the error, since the user set it there). */
function checkNamespace(own: string | undefined, chart: string | undefined, where: Where): string | undefined {
  if (own !== undefined) return checkDnsName(own, where, 'namespace');
  if (chart === undefined) return undefined;
  if (typeof chart !== 'string') fail(where, `the chart's namespace is ${show(chart)}, not a namespace`, 'a namespace (DNS-1123 label) on the chart or the service, or none');
  return checkDnsName(chart, where, 'namespace (from the chart)');
}

function checkExplainRequest(r: ExplainRequest, where: Where): ExplainRequest {
  checkObject(r, where, 'ExplainRequest: { headers?, uri?, method?, authority?, scheme? }');
  optional(r.headers, at(where, 'headers'), (h, w) => checkStringMap(h, w, (k, kw) => checkString(k, kw, 'a header name'), 'header names to string values'));
  for (const key of ['uri', 'method', 'authority', 'scheme'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'string') fail(at(where, key), `${show(r[key])} is not a string`, 'a string');
  }
  return r;
}

function chartOf(service: ModelService): Chart {
  const chart = service.node.scopes.reverse().find(Chart.isChart);
  return chart ?? fail({ path: service.node.path, field: 'scope' }, 'a ModelService must be created inside a cdk8s Chart', 'a Chart, or a construct inside one');
}

function checkFault(f: FaultInjection, where: Where): FaultSpec {
  return checkInstance(f, where, FaultInjection, 'FaultInjection.delay(...), .abort(...) or .delayAndAbort(...)')._spec(where);
}

/** The port a version will serve on, before it exists (the stable Service is created first). */
function targetPortOf(v: ModelVersionOptions | undefined, servicePort: number): number {
  if (v?.backend?._kserve) return kserveTargetPort(v.backend._kserve);
  return (v?.backend?._deployment ?? v?.backend?._existing)?.containerPort ?? servicePort;
}

/** Retries for gRPC models unless the service sets its own: Envoy's gRPC status conditions. */
const GRPC_RETRIES: RetryPolicySpec = {
  attempts: 2,
  retryOn: ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'],
};

/** Object names are API and may be set explicitly: two objects of one kind and namespace may not share one. */
function claimObjectName(service: ModelService, kind: string, given: string | undefined, field: string): string {
  const name = given ?? service.modelName;
  const other = claimName(service, `${kind} ${service.namespace ?? ''}/${name}`);
  if (other) fail({ path: service.node.path, field: given ? field : 'modelName' }, `${kind} "${name}" is also created by ${other}`, 'a unique name in the namespace');
  return name;
}

function claimHost(service: ModelService): void {
  const other = claimName(service, `host ${service.host}`);
  if (other) {
    fail({ path: service.node.path, field: 'modelName' }, `host ${service.host} is already served by ModelService ${other}; Istio allows one VirtualService per host`, 'a model name (or namespace) no other ModelService uses');
  }
}

