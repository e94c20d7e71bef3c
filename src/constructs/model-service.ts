import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ModelServiceProps } from './model-service-props';
import { chartOf, checkExplainRequest, checkNamespace, checkVersionList, claimHost, stillInTree, unknownVersions, VERSION_RULE } from './service-checks';
import { ServiceRoutes } from './service-routes';
import { servingPathProblems } from '../backends/kserve/serving-path';
import { ModelBackend, ModelProtocol } from '../backends/model-backend';
import { ModelVersion, ModelVersionOptions } from '../backends/model-version';
import { ModelObservability, Observability } from '../observability/observability';
import { withArgoSubsets } from '../progressive/argo-rollout';
import { rendererFor } from '../render/registry';
import { RenderedRouting, ServiceIntent } from '../render/renderer';
import { effectiveRouting } from '../routing/effective';
import { evaluate } from '../routing/evaluate';
import { Explanation, ExplainRequest } from '../routing/explanation';
import { ServiceRouting } from '../routing/route-table';
import { validateServiceRouting } from '../routing/validate-routing';
import { Caller, ICaller } from '../security/caller';
import { ModelSecurity } from '../security/model-security';
import { NamespaceSecurity } from '../security/namespace-security';
import { appChecksObjects, checkApiObjects } from '../synth/object-check';
import { checkDnsName, checkInt, checkObject, checkStringMap, fail, optional, Where } from '../util/checks';
import { MeshConfigError, Problem, problemAt } from '../util/errors';
import { serviceHost } from '../util/hosts';
import { RevisionMemo, routingGeneration, SynthPassMemo, touchRouting } from '../util/memo';
import { addMeshValidation } from '../util/validation';
import { ActionRouteOptions, ModelRoute, RouteOptions } from '../values/model-route';
import { IModelService } from '../values/model-service-ref';
import { RequestMatch } from '../values/request-match';
import { DirectResponse, Redirect } from '../values/route-action';

/**
 * A model behind one stable host, with up to several live versions: the intent (versions, routes,
 * callers, options), drawn by the app's routing target (`RoutingTarget`, Istio by default) as one
 * Service, one DestinationRule with a subset per version and one VirtualService whose routes are
 * gathered from `routeMatching()`, CanaryRollout, AbExperiment and ShadowMirror. Each version is
 * a Deployment or a KServe InferenceService; `security` and `observability` are its parts.
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
  /** Who may call the service (child `Security`): its AuthorizationPolicy and callers. */
  public readonly security: ModelSecurity;
  /** The AuthorizationPolicy that allows exactly the declared callers (`security.authorizationPolicy`). */
  public readonly authorizationPolicy: ApiObject;
  /** The namespace's mTLS and default-deny settings (shared by every service of the namespace). */
  public readonly namespaceSecurity: NamespaceSecurity;
  /** Alerts and dashboard (child `Observability`), unless disabled. */
  public readonly observability?: ModelObservability;

  /** @internal the routes declared on or handed to this service (CanaryRollout, AbExperiment, ShadowMirror add theirs) */
  public readonly _routes: ServiceRoutes;
  private readonly _versions: ModelVersion[] = [];
  private readonly defaultVersion?: string;
  private readonly selector?: { [key: string]: string };
  private readonly rendered: RenderedRouting;
  private readonly routingMemo = new RevisionMemo<ServiceRouting>();
  private readonly problemsMemo = new RevisionMemo<Problem[]>();
  private readonly objectCheckMemo = new SynthPassMemo<Problem[]>();

  constructor(scope: Construct, id: string, props: ModelServiceProps) {
    super(scope, id);
    Object.defineProperty(this, MODEL_SERVICE, { value: true });
    checkObject(props, this.field('props'), 'ModelServiceProps: { modelName, versions?, ... }');
    this.modelName = checkDnsName(props.modelName, this.field('modelName'), 'model name (it names a Kubernetes Service)', '1035');
    this.namespace = checkNamespace(props.namespace, chartOf(this).namespace, this.field('namespace'));
    const serviceName = checkDnsName(props.serviceName ?? this.modelName, this.field('serviceName'), 'Service name', '1035');
    this.host = serviceHost(serviceName, this.namespace);
    this.selector = optional(props.selector, this.field('selector'), (m, w) => ({ ...checkStringMap(m, w, (k: string) => k, 'pod labels: { key: value }') }));
    this.port = checkInt(props.port ?? 8080, this.field('port'), 1, 65535);
    this.defaultVersion = optional(props.defaultVersion, this.field('defaultVersion'), (v, w) => checkDnsName(v, w, 'version name'));
    this.protocol = props.versions?.[0]?.backend?.protocol ?? ModelProtocol.HTTP;
    const versions = checkVersionList(props.versions, this.field('versions'));
    this.knative = versions.some(v => v.backend instanceof ModelBackend && v.backend!.isKnative);
    this._routes = new ServiceRoutes(this.node.path, props, this.protocol, rendererFor(this, this.knative));
    claimHost(this);
    const r = this.rendered = this._routes.target.render(this.intent(serviceName, props, versions), () => versions.forEach(v => this.addVersion(v)));
    [this.service, this.virtualService, this.destinationRule, this.inferenceService] =
      [r.service, r.virtualService, r.destinationRule, r.inferenceService];
    this.security = new ModelSecurity(this, 'Security', { service: this, allowedCallers: props.allowedCallers });
    [this.authorizationPolicy, this.namespaceSecurity] = [this.security.authorizationPolicy, this.security.namespaceSecurity];
    this.observability = (props.observability ?? Observability.enabled())._attach(this);
    // This service's own problems (CanaryRollout, AbExperiment and ShadowMirror report theirs).
    addMeshValidation(this, () => this.validate());
  }

  /** @internal the declared pod selector (every version's pods carry it) */ public _podSelector() { return this.selector; }

  /** The versions, in the order they were added. */
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
    this.rendered?.versionAdded();
    return version;
  }

  /**
   * Allow `caller` to call this service (a `Caller`, or another ModelService: then every one of
   * its versions' service accounts). Returns the caller's identity as allowed.
   */
  public grantInvoke(caller: ICaller): Caller {
    return this.security.grantInvoke(caller);
  }

  /** This service as a caller of other services: the service accounts of all of its versions. */
  public get callerIdentity(): Caller {
    return this.security._identityOf(() => this._versions.map(v => v.serviceAccountName));
  }

  /**
   * Send every request that matches `match` to `version`. Matched routes come first, in the
   * order they are added, before experiments and the default route.
   */
  public routeMatching(match: RequestMatch, version: string, options: RouteOptions = {}): ModelRoute {
    return this._routes.addMatch(match, version, options, this.host);
  }

  /**
   * Answer every request that matches `match` with a redirect; no model is called. Ordered
   * with the `routeMatching` routes, in the order added.
   */
  public redirectMatching(match: RequestMatch, redirect: Redirect, options: ActionRouteOptions = {}): ModelRoute {
    return this._routes.addAction(match, options, 'redirect', this.host, redirect, undefined);
  }

  /**
   * Answer every request that matches `match` with a fixed response, e.g. a maintenance page
   * (`DirectResponse.of(503, 'down for maintenance')`); no model is called.
   */
  public respondMatching(match: RequestMatch, response: DirectResponse, options: ActionRouteOptions = {}): ModelRoute {
    return this._routes.addAction(match, options, 'direct-response', this.host, undefined, response);
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
   * @internal The routing the written routing objects configure, escape-hatch patches included
   * (see effectiveRouting): what `explain()` and the routing report describe.
   */
  public _effectiveRouting(): ServiceRouting {
    return effectiveRouting(this._routing(), this.rendered.routingObjects.map(o => ({ path: o.node.path, json: o.toJson() })));
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

  /** @internal the problems a contributor (CanaryRollout, ...) at `path` reports as its own */
  public _problemsAt(path: string): Problem[] {
    return this.problems().filter(p => p.path === path);
  }

  /** What the renderer reads of this service. */
  private intent(serviceName: string, props: ModelServiceProps, declaredVersions: ModelVersionOptions[]): ServiceIntent {
    return {
      scope: this,
      node: this.node,
      modelName: this.modelName,
      namespace: this.namespace,
      host: this.host,
      port: this.port,
      protocol: this.protocol,
      serviceName,
      virtualServiceName: props.virtualServiceName,
      destinationRuleName: props.destinationRuleName,
      selector: this.selector,
      declaredVersions,
      versions: () => this._versions,
      defaultSplit: () => this._routes.defaultSplit(this.host, this.defaultVersion ?? this.versionNames[0]),
      routingFeatures: () => this._routes.features(this._versions),
      exposedByGateway: () => this._routes.gatewayRoutes.length > 0,
      _routing: () => this._routing(),
      _routingIsValid: () => this._routingIsValid(),
    };
  }

  private buildRouting(): ServiceRouting {
    return {
      name: this.modelName,
      namespace: this.namespace,
      host: this.host,
      port: this.port,
      versions: withArgoSubsets(this._versions.map(v => v._target()), this._routes.canary?.roles()),
      routes: this._routes.routes(this.host, this.rendered.defaultDestinations()),
      trafficPolicy: this.rendered.trafficPolicy(this._routes.trafficPolicy),
      access: this.security._accessSpec(this.rendered.workloadPort(), this.rendered.systemCallers),
      canary: this._routes.canary?.roles(),
      monitoring: this.observability?._spec,
      source: this.node.path,
      routedBy: this.rendered.routedBy(),
    };
  }

  /**
   * The whole-service rules, then (once they hold) check's schema and webhook rules on every object
   * the service renders, patches included. Inside a MeshApp synth the app checks every final object
   * itself, once.
   */
  private validate(): Problem[] {
    const problems = this.problems();
    if (problems.length) {
      const contributors = this._routes.contributorPaths();
      return problems.filter(p => !contributors.has(p.path));
    }
    if (appChecksObjects(this)) return [];
    return this.objectCheckMemo.get(routingGeneration(), () => checkApiObjects(this.node.path, this.renderedObjects()));
  }

  /** Whole-service rules that only hold once the tree is complete. */
  private problems(): Problem[] {
    return this.problemsMemo.get(routingGeneration(), () => this.computeProblems());
  }

  private computeProblems(): Problem[] {
    if (this._versions.length === 0) {
      return [problemAt(this.node.path, 'versions', 'a ModelService needs at least one version', 'one or more versions, via props or addVersion()')];
    }
    const unknown = unknownVersions(this.node.path, this._routes.versionRefs(this.defaultVersion), this.versionNames);
    if (unknown.length) return unknown;
    const serving = [...servingPathProblems(this.node.path, this.modelName, this._versions), ...this.rendered.problems()];
    return serving.length ? serving : validateServiceRouting(this.routingMemo.get(routingGeneration(), () => this.buildRouting()));
  }

  /** Every object this service, its parts and its versions render and still own (see stillInTree). */
  private renderedObjects(): ApiObject[] {
    const own = [this.service, this.destinationRule, this.virtualService, this.inferenceService, this.authorizationPolicy];
    return stillInTree([...own, ...this._versions.flatMap(v => [v.deployment ?? v.inferenceService, v.serviceAccount])]);
  }

  private field(name: string): Where {
    return { path: this.node.path, field: name };
  }
}

const MODEL_SERVICE = Symbol.for('cdk8s-ml-mesh.ModelService');
