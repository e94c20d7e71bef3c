/**
 * Which renderer draws a ModelService. Adding a routing API adds an entry here and a factory on
 * RoutingTarget; no construct changes.
 */
import { IConstruct } from 'constructs';
import { gatewayApiIngressRenderer } from './gateway-api/gateway-api-ingress';
import { gatewayApiRenderer } from './gateway-api/gateway-api-renderer';
import { ISTIO_INGRESS_RENDERER } from './istio/istio-ingress';
import { ISTIO_RENDERER } from './istio/istio-renderer';
import { KNATIVE_RENDERER } from './knative/knative-renderer';
import { IngressRenderer, RoutingRenderer } from './renderer';
import { RoutingTarget } from './routing-target';
import { fail } from '../util/checks';
import { listOf } from '../util/errors';

/** What draws a target's objects: the ModelServices and the ModelIngresses. */
interface TargetRenderers {
  readonly service: RoutingRenderer;
  readonly ingress: IngressRenderer;
}

/** Renderers by RoutingTarget name. */
const RENDERERS: Readonly<Record<string, (target: RoutingTarget) => TargetRenderers>> = {
  'istio': () => ({ service: ISTIO_RENDERER, ingress: ISTIO_INGRESS_RENDERER }),
  'gateway-api': target => ({ service: gatewayApiRenderer(target.gatewayApiProfile!), ingress: gatewayApiIngressRenderer(target.gatewayApiProfile!) }),
};

/** The renderers of the app's or chart's RoutingTarget at `scope`. */
function renderersAt(scope: IConstruct): TargetRenderers {
  const target = RoutingTarget.of(scope);
  return RENDERERS[target.name]?.(target) ?? fail({ path: scope.node.path, field: 'routingTarget' }, `"${target.name}" is not a routing target`, listOf(Object.keys(RENDERERS)));
}

/**
 * The renderer of the service at `scope`: a Knative-mode KServe model is one InferenceService
 * whatever the target (KServe routes its host); otherwise the app's or chart's RoutingTarget.
 */
export function rendererFor(scope: IConstruct, knative: boolean): RoutingRenderer {
  return knative ? KNATIVE_RENDERER : renderersAt(scope).service;
}

/** The renderer of the ingress (ModelIngress) at `scope`: the app's or chart's RoutingTarget. */
export function ingressRendererFor(scope: IConstruct): IngressRenderer {
  return renderersAt(scope).ingress;
}
