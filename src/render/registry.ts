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

/** Renderers by RoutingTarget name. */
const RENDERERS: Readonly<Record<string, (target: RoutingTarget) => RoutingRenderer>> = {
  'istio': () => ISTIO_RENDERER,
  'gateway-api': target => gatewayApiRenderer(target.gatewayApiProfile!),
};

/**
 * The renderer of the service at `scope`: a Knative-mode KServe model is one InferenceService
 * whatever the target (KServe routes its host); otherwise the app's or chart's RoutingTarget.
 */
export function rendererFor(scope: IConstruct, knative: boolean): RoutingRenderer {
  if (knative) return KNATIVE_RENDERER;
  const target = RoutingTarget.of(scope);
  return RENDERERS[target.name]?.(target) ?? fail({ path: scope.node.path, field: 'routingTarget' }, `"${target.name}" is not a routing target`, listOf(Object.keys(RENDERERS)));
}

/** Ingress renderers by RoutingTarget name. */
const INGRESS_RENDERERS: Readonly<Record<string, (target: RoutingTarget) => IngressRenderer>> = {
  'istio': () => ISTIO_INGRESS_RENDERER,
  'gateway-api': target => gatewayApiIngressRenderer(target.gatewayApiProfile!),
};

/** The renderer of the ingress (ModelIngress) at `scope`: the app's or chart's RoutingTarget. */
export function ingressRendererFor(scope: IConstruct): IngressRenderer {
  const target = RoutingTarget.of(scope);
  return INGRESS_RENDERERS[target.name]?.(target)
    ?? fail({ path: scope.node.path, field: 'routingTarget' }, `"${target.name}" is not a routing target`, listOf(Object.keys(INGRESS_RENDERERS)));
}
