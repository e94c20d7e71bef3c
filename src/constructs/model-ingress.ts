import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelService } from './model-service';
import { ingressRendererFor } from '../render/registry';
import { RenderedIngress } from '../render/renderer';
import { evaluate } from '../routing/evaluate';
import { ExplainRequest, Explanation } from '../routing/explanation';
import { ExposedService, ingressRoutes } from '../routing/ingress-routes';
import { ServiceRouting } from '../routing/route-table';
import { IngressGatewayCallerOptions } from '../security/caller';
import { at, fail, Where } from '../util/checks';
import { isDns1123Label, DNS1123_LABEL_RULE } from '../util/dns';
import { formatProblem, Problem, problemAt } from '../util/errors';
import { addMeshValidation } from '../util/validation';
import { GatewayListener } from '../values/ingress-listener';

/** Props of a ModelIngress. */
export interface ModelIngressProps {
  /** External host names the gateway serves, e.g. `ml.example.com` (wildcards like `*.example.com` allowed). */
  readonly hosts: string[];
  /**
   * Name of the Gateway and of its VirtualService.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Gateway and VirtualService.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Listeners (ports) of the gateway.
   * @default - [GatewayListener.http()]
   */
  readonly listeners?: GatewayListener[];
  /**
   * Labels of the ingress gateway pods the Gateway configures (Istio routing target only: a Gateway
   * API Gateway's proxies are deployed for its GatewayClass).
   * @default - { istio: 'ingressgateway' } (Istio's default ingress gateway)
   */
  readonly selector?: { [key: string]: string };
  /**
   * The gateway pods' identity, allowed to call every exposed model (`grantInvoke`), since the
   * models deny callers no policy allows.
   * @default - Istio target: Istio's ingress gateway (istio-system/istio-ingressgateway-service-account).
   * Gateway API target with an Istio profile: the proxies Istio deploys for this Gateway
   * (ServiceAccount `<name>-<gatewayClassName>` in the Gateway's namespace). Other profiles: none
   * (their proxies are outside the mesh unless you put them in it: then give their identity).
   */
  readonly gatewayIdentity?: IngressGatewayCallerOptions;
  /**
   * The GatewayClass of the Gateway (Gateway API routing target only).
   * @default - the profile's: "istio" for the Istio profiles; other profiles need it
   */
  readonly gatewayClassName?: string;
}

/** How a model is exposed (`ModelIngress.expose`). */
export interface ExposeOptions {
  /**
   * Path prefix under which the model is reached, e.g. `/api/v1/chat`: `/api/v1/chat/x` reaches
   * the model as `/x`, routed by the model's own routes. Expose longer prefixes first.
   * @default - every path (the model must then be exposed last)
   */
  readonly pathPrefix?: string;
}

/** A model exposed through a ModelIngress. */
export class ExposedModel {
  /** @internal */
  constructor(
    /** The exposed service. */
    public readonly service: ModelService,
    /**
     * Normalised path prefix.
     * @default - every path
     */
    public readonly pathPrefix?: string,
  ) {}
}

/**
 * Exposes ModelServices outside the mesh with each model's mesh routing repeated at the gateway
 * (split, header routes, experiments, mirrors, actions), so external callers reach the same versions
 * as internal ones; models can share the hosts by path prefix. Under the Istio routing target: an
 * Istio `Gateway` and a gateway-bound VirtualService. Under the Gateway API target: a Gateway API
 * `Gateway` and one HTTPRoute per model (InferencePool backends for pool-served versions).
 */
export class ModelIngress extends Construct {
  /** Whether `x` is a ModelIngress. */
  public static isModelIngress(x: any): x is ModelIngress {
    return x !== null && typeof x === 'object' && MODEL_INGRESS in x;
  }

  /** The Gateway (Istio's or Gateway API's, by the routing target). */
  public readonly gateway: ApiObject;
  /**
   * The gateway-bound VirtualService.
   * @default - none under the Gateway API routing target (see `httpRoutes`)
   */
  public readonly virtualService?: ApiObject;
  /** The gateway as VirtualServices name it: `<namespace>/<name>`. */
  public readonly gatewayName: string;
  /** The external hosts. */
  public readonly hosts: string[];

  private readonly exposedModels: ExposedModel[] = [];
  private readonly rendered: RenderedIngress;
  private readonly name: string;
  private readonly namespace?: string;

  constructor(scope: Construct, id: string, props: ModelIngressProps) {
    super(scope, id);
    Object.defineProperty(this, MODEL_INGRESS, { value: true });
    this.name = props.name ?? id;
    if (!isDns1123Label(this.name)) fail(this.field('name'), `"${this.name}" is not a valid Gateway name`, DNS1123_LABEL_RULE);
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.gatewayName = `${this.namespace ?? 'default'}/${this.name}`;
    this.hosts = [...props.hosts ?? []];
    if (this.hosts.length === 0) fail(this.field('hosts'), 'an ingress needs at least one external host', 'e.g. ["ml.example.com"]');
    this.rendered = ingressRendererFor(this).render({
      scope: this,
      name: this.name,
      namespace: this.namespace,
      hosts: this.hosts,
      listeners: props.listeners ?? [GatewayListener.http()],
      selector: props.selector,
      gatewayClassName: props.gatewayClassName,
      gatewayIdentity: props.gatewayIdentity,
      routing: () => this._routing(),
      field: f => this.field(f),
    });
    this.gateway = this.rendered.gateway;
    this.virtualService = this.rendered.virtualService;
    addMeshValidation(this, () => this.problems());
  }

  /** The HTTPRoutes (Gateway API target): one per exposed model, and the HTTPS redirect when a listener redirects. */
  public get httpRoutes(): ApiObject[] {
    return [...this.rendered.httpRoutes];
  }

  /** The models exposed, in order. */
  public get exposed(): ExposedModel[] {
    return [...this.exposedModels];
  }

  /** Expose `service` (all of it, or under `pathPrefix`). Requests are matched in the order models are exposed. */
  public expose(service: ModelService, options: ExposeOptions = {}): ExposedModel {
    const where = this.field(`expose[${this.exposedModels.length}]`);
    if (service.knative) fail(where, `ModelService ${service.node.path} is served by KServe in Knative mode, which routes its host itself`, 'a Standard-mode or Deployment-served model');
    const model = new ExposedModel(service, options.pathPrefix === undefined ? undefined : normalisePrefix(options.pathPrefix, at(where, 'pathPrefix')));
    this.exposedModels.push(model);
    const routeName = this.rendered.expose({ service, pathPrefix: model.pathPrefix });
    // A progressive Rollout moves the gateway's copy of the split too.
    service._routes.gatewayRoutes.push({ name: routeName, namespace: this.namespace });
    // The gateway calls the model over mTLS with its own identity.
    const caller = this.rendered.caller();
    if (caller) service.grantInvoke(caller);
    return model;
  }

  /**
   * Where a request entering through this gateway goes, by Istio's rules (the same evaluator as
   * `ModelService.explain`).
   */
  public explain(request: ExplainRequest = {}): Explanation {
    return evaluate(this._routing(), { authority: this.hosts[0], ...request, gateway: request.gateway ?? this.gatewayName });
  }

  /** @internal The gateway's route table: every exposed model's routes, prefixed. */
  public _routing(): ServiceRouting {
    const { routes, problems } = ingressRoutes(this.exposedServices());
    if (problems.length) throw new Error(`Invalid routing for ${this.node.path}:\n  ${problems.map(p => formatProblem(p.path, p.field, p.problem, p.allowed)).join('\n  ')}`);
    return { name: this.name, namespace: this.namespace, host: this.hosts[0], versions: [], routes, source: this.node.path };
  }

  private exposedServices(): ExposedService[] {
    return this.exposedModels.map((m, i) => ({
      routing: m.service._routing(), pathPrefix: m.pathPrefix, path: this.node.path, field: `expose[${i}]`,
    }));
  }

  private problems(): Problem[] {
    if (this.exposedModels.length === 0) return [problemAt(this.node.path, 'expose', 'an ingress exposes no model', 'expose(service) at least once')];
    let exposed: ExposedService[];
    try {
      exposed = this.exposedServices();
    } catch {
      return []; // A model with broken routing reports that itself.
    }
    const problems = ingressRoutes(exposed).problems;
    return problems.length ? problems : this.rendered.problems();
  }

  private field(name: string): Where {
    return { path: this.node.path, field: name };
  }
}

const MODEL_INGRESS = Symbol.for('cdk8s-ml-mesh.ModelIngress');

/** `/api/v1/chat` or `/api/v1/chat/` → `/api/v1/chat`. */
function normalisePrefix(prefix: string, where: Where): string {
  const trimmed = prefix.replace(/\/+$/, '');
  if (!prefix.startsWith('/') || trimmed === '' || /[\s?#]/.test(prefix)) {
    fail(where, `"${prefix}" is not a path prefix`, 'a path such as "/api/v1/chat" (no query, not just "/": omit pathPrefix for every path)');
  }
  return trimmed;
}
