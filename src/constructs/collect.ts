import { IConstruct } from 'constructs';
import { ModelIngress } from './model-ingress';
import { ModelService } from './model-service';
import { assumptionLines, clusterAssumptionsOf } from '../cluster/assumptions';
import { RoutingTarget } from '../render/routing-target';
import { RouteTable } from '../routing/route-table';
import { NamespaceSecurity } from '../security/namespace-security';

/** Gather the route table of every ModelService (and namespace security) under `scope` (usually the App), in tree order. */
export function collectRouteTable(scope: IConstruct): RouteTable {
  const services = scope.node.findAll().filter(ModelService.isModelService);
  const namespaces = scope.node.findAll().filter(NamespaceSecurity.isNamespaceSecurity).map(n => n._spec());
  const ingresses = scope.node.findAll().filter(ModelIngress.isModelIngress);
  return {
    services: services.map(s => s._effectiveRouting()),
    namespaces,
    gateways: ingresses.length ? ingresses.map(i => ({ gateway: i.gatewayName, hosts: i.hosts, routing: i._routing() })) : undefined,
    clusterAssumptions: services.length ? [...assumptionLines(clusterAssumptionsOf(scope)), ...poolSetup(services)] : undefined,
  };
}

/** What the implementation needs enabled, when a version is served through an InferencePool. */
function poolSetup(services: readonly ModelService[]): string[] {
  const pooled = services.filter(s => s.versions.some(v => v.backend._inferencePool));
  const setups = pooled.map(s => RoutingTarget.of(s).gatewayApiProfile?.inferencePoolSetup);
  return [...new Set(setups)].filter(Boolean).map(setup => `InferencePool backends: ${setup}.`);
}
