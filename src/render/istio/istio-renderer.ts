/** Istio mesh routing: the stable Service, a DestinationRule with a subset per version, and a VirtualService. */
import { ApiObject, Lazy } from 'cdk8s';
import { checkRouteForIstio } from './check-route';
import { renderDestinationRuleSpec, renderVirtualServiceSpec } from './render-istio';
import { createStableService, stableServiceProblems } from './stable-service';
import { ADOPTED_SUBSETS_ANNOTATION } from '../../util/annotations';
import { fail } from '../../util/checks';
import { claimName } from '../../util/claims';
import { Problem, problemAt } from '../../util/errors';
import { ISTIO_NETWORKING_V1 } from '../../wire/api-versions';
import { RenderedRouting, RoutingRenderer, ServiceIntent } from '../renderer';

export const ISTIO_RENDERER: RoutingRenderer = {
  checkRoute: checkRouteForIstio,
  render(intent: ServiceIntent, addVersions: () => void): RenderedRouting {
    const service = createStableService(intent);
    addVersions();
    const destinationRule = istioObject(intent, 'DestinationRule', intent.destinationRuleName, 'destinationRuleName', () => renderDestinationRuleSpec(intent._routing()));
    const annotateAdopted = () => {
      const adopted = intent.versions().filter(v => v.backend._existing).map(v => v.versionName);
      if (adopted.length) destinationRule.metadata.addAnnotation(ADOPTED_SUBSETS_ANNOTATION, adopted.join(','));
    };
    annotateAdopted();
    const virtualService = istioObject(intent, 'VirtualService', intent.virtualServiceName, 'virtualServiceName', () => renderVirtualServiceSpec(intent._routing()));
    return {
      service,
      virtualService,
      destinationRule,
      routingObjects: [virtualService, destinationRule],
      workloadPort: () => service.ports[0].targetPort,
      systemCallers: [],
      versionAdded: annotateAdopted,
      defaultDestinations: () => intent.defaultSplit(),
      // Client side of the namespace's mTLS: Istio's sidecar certificates, whatever the user's policy.
      trafficPolicy: own => ({ ...own, tls: { mode: 'ISTIO_MUTUAL' } }),
      routedBy: () => undefined,
      problems: () => [...inferencePoolProblems(intent), ...stableServiceProblems(intent, service)],
    };
  },
};

/** A VirtualService routes to subsets, never to an InferencePool: the endpoint picker would be bypassed unseen. */
function inferencePoolProblems(intent: ServiceIntent): Problem[] {
  const pooled = intent.versions().filter(v => v.backend._inferencePool).map(v => v.versionName);
  if (!pooled.length) return [];
  return [problemAt(intent.node.path, `versions["${pooled[0]}"].backend`, `versions ${pooled.join(', ')} are served through InferencePools, which Istio VirtualServices cannot route to (only Gateway API HTTPRoutes name InferencePool backends)`,
    'RoutingTarget.gatewayApi(GatewayApiProfile.istioSidecar()) (or another Inference Extension profile) with a ModelIngress, or ModelBackend.existing(...)')];
}

function istioObject(intent: ServiceIntent, kind: string, given: string | undefined, field: string, spec: () => unknown): ApiObject {
  return new ApiObject(intent.scope, kind, {
    apiVersion: ISTIO_NETWORKING_V1,
    kind,
    metadata: { name: claimObjectName(intent, kind, given, field), namespace: intent.namespace },
    spec: Lazy.any({ produce: spec }),
  });
}

/** Object names are API and may be set explicitly: two objects of one kind and namespace may not share one. */
function claimObjectName(intent: ServiceIntent, kind: string, given: string | undefined, field: string): string {
  const name = given ?? intent.modelName;
  const other = claimName(intent.scope, `${kind} ${intent.namespace ?? ''}/${name}`);
  if (other) fail({ path: intent.node.path, field: given ? field : 'modelName' }, `${kind} "${name}" is also created by ${other}`, 'a unique name in the namespace');
  return name;
}
