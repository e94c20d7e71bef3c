/**
 * The services an Istio import generates: each host routed by VirtualServices and DestinationRules,
 * with the objects it was read from (to take their names over) and the versions the program declares.
 */
import { ServiceInput, ServiceObjects } from './to-typescript';
import { planVersions } from './versions';
import { ImportedRouting, isIstioRoutingObject } from '../routing/from-istio';
import { ServiceRouting } from '../routing/route-table';
import { toFqdn } from '../util/hosts';
import { ManifestDocument } from '../util/manifest-document';

/** Services routed by VirtualServices and DestinationRules, with their objects and versions. */
export function istioInputs(docs: readonly ManifestDocument[], imported: ImportedRouting, refused: ReadonlySet<string>): ServiceInput[] {
  const gatewayTargets = gatewayBoundTargets(docs);
  return imported.table.services.filter(s => !refused.has(s.host) && s.readFrom === undefined).map(routing => {
    const objects = objectsOf(routing, docs, gatewayTargets);
    return { routing, objects, versions: planVersions(routing, objects.selector ?? { app: routing.name }) };
  });
}

const namespaceOf = (o: any) => (typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'default');

/** Hosts gateway-bound VirtualServices forward to (their ModelServices must let the gateway call). */
function gatewayBoundTargets(docs: readonly ManifestDocument[]): Set<string> {
  const targets = new Set<string>();
  for (const o of docs.map(d => d.object).filter(isIstioRoutingObject)) {
    const gateways: unknown[] = Array.isArray(o.spec?.gateways) ? o.spec.gateways : [];
    if (o.kind !== 'VirtualService' || gateways.length === 0 || gateways.includes('mesh')) continue;
    for (const route of Array.isArray(o.spec?.http) ? o.spec.http : []) {
      for (const d of Array.isArray(route?.route) ? route.route : []) {
        if (typeof d?.destination?.host === 'string') targets.add(toFqdn(d.destination.host, namespaceOf(o)));
      }
    }
  }
  return targets;
}

/** The VirtualService, DestinationRule and Service a service's routing was read from. */
export function objectsOf(s: ServiceRouting, docs: readonly ManifestDocument[], gatewayTargets: ReadonlySet<string> = new Set()): ServiceObjects {
  const routing = docs.map(d => d.object).filter(isIstioRoutingObject);
  const vs = routing.find(o => o.kind === 'VirtualService' && (o.spec?.gateways ?? []).length === 0
    && (o.spec?.hosts ?? []).some((h: unknown) => typeof h === 'string' && toFqdn(h, namespaceOf(o)) === s.host));
  const dr = routing.find(o => o.kind === 'DestinationRule' && typeof o.spec?.host === 'string' && toFqdn(o.spec.host, namespaceOf(o)) === s.host);
  const svc = findService(docs, s.name, s.namespace ?? 'default');
  const port = Array.isArray(svc?.spec?.ports) ? svc.spec.ports[0] : undefined;
  return {
    virtualServiceName: vs?.metadata?.name,
    destinationRuleName: dr?.metadata?.name,
    selector: svc?.spec?.selector,
    port: typeof port?.port === 'number' ? port.port : undefined,
    targetPort: typeof port?.targetPort === 'number' ? port.targetPort : undefined,
    calledByGateway: gatewayTargets.has(s.host),
  };
}

/** The Service `namespace/name` among the input's objects. */
export function findService(docs: readonly ManifestDocument[], name: string, namespace: string): any {
  return docs.map(d => d.object).find(o => o?.apiVersion === 'v1' && o.kind === 'Service' && o.metadata?.name === name && namespaceOf(o) === namespace);
}
