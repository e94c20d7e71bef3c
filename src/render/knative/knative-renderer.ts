/**
 * Knative-mode KServe: one InferenceService named after the model. KServe creates the Knative
 * Service and its own VirtualService for the host, so we render no Service and no Istio routing.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { knativeInferenceServiceSpec, knativeProblems, knativeSplitOf } from './knative-service';
import { DEPLOYMENT_MODE_ANNOTATION } from '../../backends/kserve/inference-service-spec';
import { KServeDeploymentMode } from '../../backends/model-backend';
import { ModelVersion } from '../../backends/model-version';
import { knativeDestinations } from '../../routing/from-kserve';
import { KnativeSplit, knativeRoutingNote, PREVIOUS_VERSION_ANNOTATION } from '../../routing/kserve-deployment-mode';
import { KNATIVE_LOCAL_GATEWAY_CALLER, KNATIVE_SYSTEM_CALLER } from '../../security/authorization';
import { MODEL_NAME_LABEL } from '../../util/annotations';
import { fail } from '../../util/checks';
import { claimName } from '../../util/claims';
import { KSERVE_V1BETA1 } from '../../wire/api-versions';
import { checkRouteForIstio } from '../istio/check-route';
import { RenderedRouting, RoutingRenderer, ServiceIntent } from '../renderer';

export const KNATIVE_RENDERER: RoutingRenderer = {
  // Routes are refused in Knative mode (knativeProblems); a bad one still fails where it is declared.
  checkRoute: checkRouteForIstio,
  render(intent: ServiceIntent, addVersions: () => void): RenderedRouting {
    const other = claimName(intent.scope, `InferenceService ${intent.namespace ?? ''}/${intent.modelName}`);
    if (other) fail({ path: intent.node.path, field: 'modelName' }, `InferenceService "${intent.modelName}" is also created by ${other}`, 'a unique name in the namespace');
    addVersions();
    const byName = (name: string): ModelVersion => intent.versions().find(v => v.versionName === name)!;
    /** The revisions KServe splits between, as the InferenceService states them. */
    const split = (): KnativeSplit => knativeSplitOf(intent.defaultSplit(), v => byName(v)?.backend._kserve?.canaryTrafficPercent);
    const inferenceService = new ApiObject(intent.scope, 'InferenceService', {
      apiVersion: KSERVE_V1BETA1,
      kind: 'InferenceService',
      metadata: {
        name: intent.modelName,
        namespace: intent.namespace,
        labels: { [MODEL_NAME_LABEL]: intent.modelName },
        annotations: {
          [DEPLOYMENT_MODE_ANNOTATION]: KServeDeploymentMode.KNATIVE,
          [PREVIOUS_VERSION_ANNOTATION]: Lazy.any({ produce: () => split().previous }),
        },
      },
      spec: Lazy.any({
        produce: () => {
          intent._routing(); // validates
          return knativeInferenceServiceSpec(intent.modelName, split(), n => byName(n).backend._kserve!, n => byName(n).podLabels,
            n => byName(n)._predictorSecurity());
        },
      }),
    });
    return {
      inferenceService,
      routingObjects: [],
      workloadPort: () => undefined,
      systemCallers: [KNATIVE_SYSTEM_CALLER, KNATIVE_LOCAL_GATEWAY_CALLER],
      versionAdded: () => undefined,
      defaultDestinations: () => knativeDestinations(intent.host, split()),
      trafficPolicy: own => own,
      routedBy: () => knativeRoutingNote(intent.host, split()),
      problems: () => knativeProblems({
        path: intent.node.path,
        modelName: intent.modelName,
        versions: intent.versions().map(v => ({ name: v.versionName, kserve: v.backend._kserve, knative: v.backend.isKnative })),
        needsVirtualService: intent.routingFeatures(),
        challengers: intent.defaultSplit().length - 1,
      }),
    };
  },
};
