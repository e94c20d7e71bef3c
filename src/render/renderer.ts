/**
 * The seam between a ModelService's intent and the objects of one routing API. Internal: a
 * renderer is chosen by `rendererFor` (registry.ts); constructs never name a renderer.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ModelProtocol } from '../backends/model-backend';
import { ModelVersion, ModelVersionOptions } from '../backends/model-version';
import type { ArgoTrafficRouter } from '../progressive/argo-objects';
import type { GatewayRouteRef } from '../progressive/argo-rollout';
import { CallerSpec, HttpRouteRule, ServiceRouting, TrafficPolicySpec, WeightedDestination } from '../routing/route-table';
import { Caller, IngressGatewayCallerOptions } from '../security/caller';
import { Where } from '../util/checks';
import { Problem } from '../util/errors';
import { GatewayListener } from '../values/ingress-listener';
import { RoutedService } from '../values/routed-service';

/** Routing that needs a route table of our own beyond the default split, with who asked for it. */
export interface RoutingFeature {
  readonly path: string;
  readonly field: string;
  readonly what: string;
}

/** What a renderer reads of a ModelService: its intent, checked, plus its complete route table. */
export interface ServiceIntent extends RoutedService {
  /** The ModelService: the scope of the rendered objects. */
  readonly scope: Construct;
  readonly port: number;
  readonly protocol: ModelProtocol;
  /** Name of the stable Kubernetes Service (it names the host). */
  readonly serviceName: string;
  /** Object names given in the props; object names are API. */
  readonly virtualServiceName?: string;
  readonly destinationRuleName?: string;
  /** Labels the stable Service selects by, when the props set them. */
  readonly selector?: Readonly<Record<string, string>>;
  /** The versions declared in the props, before they exist. */
  readonly declaredVersions: readonly ModelVersionOptions[];
  /** The versions, in the order they were added. */
  versions(): readonly ModelVersion[];
  /** The default route's split before the target places it: the canary's, else the default version at 100. */
  defaultSplit(): WeightedDestination[];
  /** Routing the service asks for beyond the default split. */
  routingFeatures(): RoutingFeature[];
  /** Whether a gateway (ModelIngress) routes the model too. */
  exposedByGateway(): boolean;
}

/** The objects of one service as rendered for one target, and the target's part of its route table. */
export interface RenderedRouting {
  readonly service?: kplus.Service;
  readonly virtualService?: ApiObject;
  readonly destinationRule?: ApiObject;
  readonly inferenceService?: ApiObject;
  /** The written objects whose escape-hatch patches change routing (explain and the report read them back). */
  readonly routingObjects: readonly ApiObject[];
  /** Callers the target's own machinery needs (e.g. Knative's activator). */
  readonly systemCallers: readonly CallerSpec[];
  /** Port the workloads serve on, for the AuthorizationPolicy, when the target fixes one. */
  workloadPort(): number | undefined;
  /** Called after every version added. */
  versionAdded(): void;
  /** The default route's destinations. */
  defaultDestinations(): WeightedDestination[];
  /** The DestinationRule-level policy the target applies (e.g. the client side of mTLS). */
  trafficPolicy(own: TrafficPolicySpec | undefined): TrafficPolicySpec | undefined;
  /** Who routes the host, when not our own routing objects (shown by explain). */
  routedBy(): string | undefined;
  /** The target's rules on the whole service (mode, ports, protocols). */
  problems(): Problem[];
}

/**
 * How an Argo Rollout moves this target's weights, when not through Argo's Istio router: the Rollout's
 * fields (ArgoTrafficRouter, given the gateway routes known only at synth) and what the router cannot do.
 */
export interface ArgoTrafficRouting extends ArgoTrafficRouter {
  /** What the traffic router cannot do with the service's route table and its gateway routes. */
  problems(routing: ServiceRouting, path: string, gatewayRoutes: readonly GatewayRouteRef[]): Problem[];
}

/** Turns a ModelService's intent into the objects of one routing API. */
export interface RoutingRenderer {
  /**
   * Whether gRPC models get the library's gRPC retry conditions by default. Gateway API's GRPCRoute has
   * no retry field (grpcroute_types.go@v1.6.1), so there the implementation's default applies.
   */
  readonly grpcDefaultRetries?: boolean;
  /** Progressive delivery's traffic routing for `champion` and `challenger`; undefined: Argo's Istio router. */
  argoTrafficRouting?(model: string, namespace: string | undefined, champion: string, challenger: string,
    protocol: ModelProtocol): ArgoTrafficRouting;
  /** The rules a route must meet where it is declared (the target's admission rules). */
  checkRoute(route: HttpRouteRule, where: Where): void;
  /**
   * Create the target's objects under `intent.scope`. `addVersions` creates the versions; the
   * renderer calls it once, where the target wants them in the tree (output order).
   */
  render(intent: ServiceIntent, addVersions: () => void): RenderedRouting;
}


/** What an ingress renderer reads of a ModelIngress: its intent, checked. */
export interface IngressIntent {
  /** The ModelIngress: the scope of the rendered objects. */
  readonly scope: Construct;
  readonly name: string;
  /** The effective namespace (the prop, else the chart's). */
  readonly namespace?: string;
  readonly hosts: readonly string[];
  readonly listeners: readonly GatewayListener[];
  /** Istio only: labels of the ingress gateway pods. */
  readonly selector?: Readonly<Record<string, string>>;
  /** Gateway API only: the Gateway's class. */
  readonly gatewayClassName?: string;
  readonly gatewayIdentity?: IngressGatewayCallerOptions;
  /** The gateway's route table: every exposed model's routes, prefixed (throws when a model's routing is invalid). */
  routing(): ServiceRouting;
  /** Where a prop of the ingress is, for errors. */
  field(name: string): Where;
}

/** A model exposed through an ingress. */
export interface IngressModel {
  readonly service: RoutedService;
  /** `/p` without a trailing slash; undefined for every path. */
  readonly pathPrefix?: string;
}

/** The objects of one ingress as rendered for one target. */
export interface RenderedIngress {
  readonly gateway: ApiObject;
  readonly virtualService?: ApiObject;
  /** Gateway API HTTPRoutes (a live list: `expose` adds to it). */
  readonly httpRoutes: readonly ApiObject[];
  /** Render `model` at the gateway; returns the name of the gateway route that copies its split (for Argo). */
  expose(model: IngressModel): string;
  /** The gateway's identity the exposed models must admit, when known. */
  caller(): Caller | undefined;
  /** What the target cannot render of the exposed models (judged once their routing is valid). */
  problems(): Problem[];
}

/** Turns a ModelIngress's intent into the objects of one routing API. */
export interface IngressRenderer {
  render(intent: IngressIntent): RenderedIngress;
}
