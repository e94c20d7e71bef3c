import { checkDocuments } from '../../src/check/checker';
import { GatewayApiChannel } from '../../src/check/schema';
import { RenderedObject } from '../../src/render/gateway-api/render-service';
import { HttpRouteRule, ServiceRouting } from '../../src/routing/route-table';

/** content-ranking in ml-serving with three versions; routes as given. */
export function ranking(routes: HttpRouteRule[], extra: Partial<ServiceRouting> = {}): ServiceRouting {
  return {
    name: 'content-ranking',
    namespace: 'ml-serving',
    host: 'content-ranking.ml-serving.svc.cluster.local',
    port: 8080,
    versions: ['v45', 'v47', 'v43'].map(v => ({ name: v, labels: { app: 'content-ranking', version: v } })),
    routes,
    ...extra,
  };
}

export const HOST = 'content-ranking.ml-serving.svc.cluster.local';

export function to(subset: string, weight = 100): { host: string; subset: string; weight: number } {
  return { host: HOST, subset, weight };
}

export function route(r: Partial<HttpRouteRule>): HttpRouteRule {
  return { matches: [], destinations: [to('v45')], mirrors: [], origin: 'match', ...r };
}

/** `check` errors (all layers) for rendered objects, as the apiserver and the CRDs' CEL rules see them. */
export function checkErrors(objects: readonly RenderedObject[], channel: GatewayApiChannel = 'standard'): string[] {
  // As synthesized: JSON drops undefined fields.
  const documents = objects.map((object, index) => ({ file: 'rendered.yaml', index, object: JSON.parse(JSON.stringify(object)) }));
  return checkDocuments(documents, { gatewayApiChannel: channel }).findings
    .filter(f => f.severity === 'error').map(f => `${f.kind}/${f.name} ${f.path} [${f.rule}] ${f.message}`);
}
