/**
 * A ModelIngress under the Istio routing target: an Istio ingress `Gateway` selecting the gateway pods
 * and one gateway-bound VirtualService repeating every exposed model's routes (the ingress's route table).
 */
import { ApiObject, Lazy } from 'cdk8s';
import { renderRoute } from './render-istio';
import { validateGateway } from '../../check/webhook';
import { Caller } from '../../security/caller';
import { fail, Where } from '../../util/checks';
import { claimName } from '../../util/claims';
import { ISTIO_NETWORKING_V1 } from '../../wire/api-versions';
import { GatewaySpec, VirtualServiceSpec } from '../../wire/generated/istio-networking';
import { IngressIntent, IngressRenderer, RenderedIngress } from '../renderer';

export const ISTIO_INGRESS_RENDERER: IngressRenderer = { render: renderIstioIngress };

function renderIstioIngress(intent: IngressIntent): RenderedIngress {
  const { scope, name, namespace, hosts, field } = intent;
  if (intent.gatewayClassName !== undefined) {
    fail(field('gatewayClassName'), 'a GatewayClass belongs to the Gateway API routing target; the Istio Gateway selects its pods', 'selector, or RoutingTarget.gatewayApi(...)');
  }
  const metadata = { name, namespace };
  const spec: GatewaySpec = { selector: { ...intent.selector ?? { istio: 'ingressgateway' } }, servers: intent.listeners.map(l => l._server([...hosts])) };
  checkGateway(name, namespace, spec, field('listeners'));
  const gateway = new ApiObject(scope, 'Gateway', { apiVersion: ISTIO_NETWORKING_V1, kind: 'Gateway', metadata, spec });
  const gatewayName = `${namespace ?? 'default'}/${name}`;
  const vsSpec = (): VirtualServiceSpec => ({ hosts: [...hosts], gateways: [gatewayName], http: intent.routing().routes.map(renderRoute) });
  const virtualService = new ApiObject(scope, 'VirtualService', { apiVersion: ISTIO_NETWORKING_V1, kind: 'VirtualService', metadata, spec: Lazy.any({ produce: vsSpec }) });
  const other = claimName(scope, `VirtualService ${namespace ?? ''}/${name}`);
  if (other) fail(field('name'), `VirtualService "${name}" is also created by ${other}`, 'a unique name in the namespace');
  return {
    gateway,
    virtualService,
    httpRoutes: [],
    // Every model's routes go into the one VirtualService: Argo moves it by name.
    expose: () => name,
    caller: () => Caller.ingressGateway(intent.gatewayIdentity),
    problems: () => [],
  };
}

/** Istio's Gateway webhook rules (check's own), where the listeners are given. */
function checkGateway(name: string, namespace: string | undefined, spec: GatewaySpec, where: Where): void {
  const object = { apiVersion: ISTIO_NETWORKING_V1, kind: 'Gateway', metadata: { name, namespace }, spec };
  const error = validateGateway({ file: where.path, index: 0, object }).find(f => f.severity === 'error');
  if (error) {
    fail({ path: where.path, field: `${where.field} (${error.path})` }, `Istio rejects this: ${error.message}`,
      'what Istio\'s validating webhook accepts (the rules `cdk8s-ml-mesh check` runs)');
  }
}
