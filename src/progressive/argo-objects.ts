import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { analysisTemplateName, GatewayRouteRef, renderAnalysisTemplateSpec, renderRolloutSpec } from './argo-rollout';
import { CanaryChallenger } from './canary-delivery';
import { ModelVersion } from '../backends/model-version';
import { addObjectCheck } from '../synth/object-check';
import { MODEL_NAME_LABEL, STABLE_TEMPLATE_APPLIED_ANNOTATION } from '../util/annotations';
import { at, fail, Where } from '../util/checks';
import { claimName } from '../util/claims';
import { RoutedService } from '../values/routed-service';
import { ARGO_ROLLOUTS_V1ALPHA1 } from '../wire/api-versions';

const STATIC_INSTEAD = 'delivery: CanaryDelivery.staticWeights(), stepping the challenger\'s percent in code';

/** What a progressive canary reads of its ModelService. */
export interface CanaryService extends RoutedService {
  /** Whether KServe serves the model in Knative mode. */
  readonly knative: boolean;
  /** The versions, in the order they were added. */
  readonly versions: ModelVersion[];
  /** The gateway routes that copy its routes (a progressive Rollout moves them too). */
  readonly _routes: { readonly gatewayRoutes: readonly GatewayRouteRef[] };
}

/** A traffic router other than Argo's Istio one. */
export interface ArgoTrafficRouter {
  /**
   * Fields of the Rollout's `spec.strategy.canary` that replace its Istio `trafficRouting`, given the
   * gateway routes (ModelIngress) that copy the service's split.
   */
  canary(gatewayRoutes: readonly GatewayRouteRef[]): Readonly<Record<string, unknown>>;
}

/** The Rollout and AnalysisTemplate of a progressive CanaryRollout. */
export interface ArgoObjects {
  readonly rollout: ApiObject;
  readonly analysisTemplate: ApiObject;
}

/**
 * Check what Argo Rollouts can do for this split, then replace the champion's and challenger's
 * Deployments by one Rollout (Argo owns their ReplicaSets) and add the gates' AnalysisTemplate.
 */
export function createArgoObjects(scope: Construct, service: CanaryService, champion: string, challengers: readonly CanaryChallenger[],
  firstApply: boolean, router?: ArgoTrafficRouter): ArgoObjects {
  const where: Where = { path: scope.node.path, field: '' };
  const [canary, ...others] = challengers;
  const championVersion = declared(service, champion, at(where, 'champion'));
  const canaryVersion = declared(service, canary.version, at(where, 'challengers[0].version'));
  checkSplit(service, championVersion, canaryVersion, challengers, where);
  others.forEach((c, i) => {
    if (c.percent !== 0) {
      fail(at(where, `challengers[${i + 1}].percent`), `Argo Rollouts removes every destination of the managed route that is neither its stable (${champion}) nor its canary (${canary.version}) subset when it carries weight, so "${c.version}" at ${c.percent}% would silently lose its traffic`, '0 (kept warm), or a separate route with service.routeMatching(...)');
    }
  });
  const other = claimName(scope, `Rollout ${service.namespace ?? ''}/${service.modelName}`);
  if (other) fail(at(where, 'service'), `ModelService ${service.node.path} already has a Rollout (${other}); Argo canaries one pod template at a time`, 'one progressive CanaryRollout per service');
  // Argo owns the champion's and the challenger's pods from now on; on the first apply the
  // champion's Deployment keeps serving (its subset selects it by version) until the Rollout's
  // pods are ready, and the Rollout starts from the champion's template.
  const templateSource = (firstApply ? championVersion : canaryVersion).deployment!;
  for (const v of firstApply ? [canaryVersion] : [championVersion, canaryVersion]) v.node.tryRemoveChild('Deployment');
  const metadata = (name: string) => ({ name, namespace: service.namespace, labels: { [MODEL_NAME_LABEL]: service.modelName } });
  const rollout = new ApiObject(scope, 'Rollout', {
    apiVersion: ARGO_ROLLOUTS_V1ALPHA1,
    kind: 'Rollout',
    // Without firstApply the cluster runs the champion's template already: say so for `check`.
    metadata: { ...metadata(service.modelName), annotations: firstApply ? undefined : { [STABLE_TEMPLATE_APPLIED_ANNOTATION]: champion } },
    spec: Lazy.any({
      produce: () => {
        const spec = renderRolloutSpec(service._routing(), ApiObject.of(templateSource).toJson().spec.template,
          championVersion._target().replicas ?? 1, service._routes.gatewayRoutes);
        if (!router) return spec;
        return { ...spec, strategy: { ...spec.strategy, canary: { ...spec.strategy!.canary, ...router.canary(service._routes.gatewayRoutes) } } };
      },
    }),
  });
  const analysisTemplate = new ApiObject(scope, 'AnalysisTemplate', {
    apiVersion: ARGO_ROLLOUTS_V1ALPHA1,
    kind: 'AnalysisTemplate',
    metadata: metadata(analysisTemplateName(service.modelName)),
    spec: Lazy.any({ produce: () => renderAnalysisTemplateSpec(service._routing()) }),
  });
  // The service itself reports a broken route table.
  addObjectCheck(scope, () => [rollout, analysisTemplate], () => service._routingIsValid());
  return { rollout, analysisTemplate };
}

function declared(service: CanaryService, name: string, where: Where): ModelVersion {
  const v = service.versions.find(x => x.versionName === name);
  if (!v) {
    fail(where, `"${name}" is not (yet) a version of ModelService ${service.node.path}; a progressive canary replaces the version's Deployment when it is created`,
      'versions declared before the CanaryRollout');
  }
  return v;
}

function checkSplit(service: CanaryService, champion: ModelVersion, canary: ModelVersion,
  challengers: readonly CanaryChallenger[], where: Where): void {
  if (service.knative) {
    fail(at(where, 'delivery'), 'in Knative mode KServe owns the Knative Service and its revisions, and Argo Rollouts cannot roll out Knative Services (argo-rollouts#2186)', 'delivery: CanaryDelivery.staticWeights() (rendered as canaryTrafficPercent: promote = challenger at 100 or drop the old version, roll back = challenger at 0)');
  }
  for (const [v, field] of [[champion, 'champion'], [canary, 'challengers[0].version']] as const) {
    if (!v.deployment) {
      fail(at(where, field), `version "${v.versionName}" is served by KServe; Argo Rollouts must own the pods, but KServe's controller owns the predictor Deployment (kserve#2680), so the two would fight`, STATIC_INSTEAD);
    }
  }
  if (challengers[0].percent !== 0) {
    fail(at(where, 'challengers[0].percent'), `Argo Rollouts sets the canary's weight at run time from the stages; ${challengers[0].percent} in code would fight it after every promotion`, '0 (the weight at rest)');
  }
}

