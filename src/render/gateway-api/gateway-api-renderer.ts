/**
 * The Gateway API routing target: a ModelService rendered as its stable Service (GAMMA parent), one
 * Service per version, an HTTPRoute (GRPCRoute for gRPC models) attached to the stable Service and,
 * under Istio profiles, a DestinationRule per version Service (render-service.ts). Routes are checked
 * as a whole at synth: the profile's features, Gateway API's precedence, experimental fields.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { argoGatewayApiStrategy, gatewayApiCanaryFields } from './argo-plugin';
import { GatewayApiProfile } from './profile';
import { GatewayApiRendering, renderMeshRouting, versionServiceName } from './render-service';
import { ModelProtocol } from '../../backends/model-backend';
import type { GatewayApiChannel } from '../../check/schema';
import { addObjectCheck } from '../../synth/object-check';
import { RevisionMemo, routingGeneration } from '../../util/memo';
import { addMeshValidation } from '../../util/validation';
import { GATEWAY_API_V1, INFERENCE_POOL_V1, ISTIO_NETWORKING_V1 } from '../../wire/api-versions';
import { createStableService, stableServiceProblems } from '../istio/stable-service';
import { RenderedRouting, RoutingRenderer, ServiceIntent } from '../renderer';

export function gatewayApiRenderer(profile: GatewayApiProfile): RoutingRenderer {
  return {
    // Whole-table rules (precedence, features) need every route: they run at synth (problems()).
    checkRoute: () => undefined,
    grpcDefaultRetries: false,
    argoTrafficRouting: (model, namespace, champion, challenger, protocol) => ({
      canary: gatewayRoutes => gatewayApiCanaryFields(model, namespace, champion, challenger, gatewayRoutes, protocol === ModelProtocol.GRPC),
      problems: (routing, path, gatewayRoutes) => argoGatewayApiStrategy(routing, path, { gatewayRoutes }).problems,
    }),
    render(intent: ServiceIntent, addVersions: () => void): RenderedRouting {
      const service = createStableService(intent);
      addVersions();
      const grpc = intent.protocol === ModelProtocol.GRPC;
      // A profile without mesh routes renders the versions only, for the Gateway (ModelIngress) that must route the model.
      const mesh = profile.supports('Mesh');
      // One rendering per routing generation: every object's spec, the check and the problems read it.
      const memo = new RevisionMemo<GatewayApiRendering>();
      const rendering = () => memo.get(routingGeneration(), () => renderMeshRouting({
        service: intent._routing(),
        profile,
        path: intent.node.path,
        protocol: grpc ? 'grpc' : 'http',
        targetPort: service.ports[0].targetPort,
        exposedByGateway: !mesh && intent.exposedByGateway(),
      }));
      const specOf = (kind: string, name: string) => Lazy.any({
        produce: () => rendering().objects.find(o => o.kind === kind && o.metadata.name === name)?.spec ?? {},
      });
      const created = new Set<string>();
      const objects: ApiObject[] = [];
      const addVersionObjects = () => {
        for (const v of intent.versions()) {
          if (created.has(v.versionName)) continue;
          created.add(v.versionName);
          const name = versionServiceName(intent.modelName, v.versionName);
          const metadata = { name, namespace: intent.namespace };
          objects.push(new ApiObject(intent.scope, `VersionService-${v.versionName}`, { apiVersion: 'v1', kind: 'Service', metadata, spec: specOf('Service', name) }));
          if (profile.destinationRuleTrafficPolicy) {
            objects.push(new ApiObject(intent.scope, `DestinationRule-${v.versionName}`, { apiVersion: ISTIO_NETWORKING_V1, kind: 'DestinationRule', metadata, spec: specOf('DestinationRule', name) }));
          }
          if (v.backend._inferencePool) {
            objects.push(new ApiObject(intent.scope, `InferencePool-${v.versionName}`, { apiVersion: INFERENCE_POOL_V1, kind: 'InferencePool', metadata, spec: specOf('InferencePool', name) }));
          }
        }
      };
      addVersionObjects();
      // What Gateway API cannot route is judged on the whole, valid route table (after the service's own rules).
      addMeshValidation(intent.scope, () => (intent._routingIsValid() ? rendering().problems : []));
      const kind = grpc ? 'GRPCRoute' : 'HTTPRoute';
      const metadata = { name: intent.modelName, namespace: intent.namespace };
      if (mesh) objects.push(new ApiObject(intent.scope, kind, { apiVersion: GATEWAY_API_V1, kind, metadata, spec: specOf(kind, intent.modelName) }));
      // Outside a MeshApp, check these objects against the profile's channel (a MeshApp checks every object).
      const channel: GatewayApiChannel = profile.channel;
      addObjectCheck(intent.scope, () => objects, () => intent._routingIsValid() && rendering().problems.length === 0, channel);
      return {
        service,
        routingObjects: [],
        systemCallers: [],
        workloadPort: () => service.ports[0].targetPort,
        versionAdded: addVersionObjects,
        defaultDestinations: () => intent.defaultSplit(),
        // Istio applies DestinationRule policy to Gateway API traffic: keep the client side of mTLS there.
        trafficPolicy: own => (profile.destinationRuleTrafficPolicy ? { ...own, tls: { mode: 'ISTIO_MUTUAL' } } : own),
        routedBy: () => undefined,
        problems: () => stableServiceProblems(intent, service),
      };
    },
  };
}
