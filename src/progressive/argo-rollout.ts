/**
 * Progressive delivery on Argo Rollouts 1.9, rendered from the route table.
 *
 * Design: the Rollout owns the pod template (no `workloadRef`). An Argo canary is one workload
 * whose template changes: the stable ReplicaSet runs the champion (the template rolled out
 * last), the canary ReplicaSet the challenger (the template in code). A `workloadRef` would
 * only add a Deployment that Argo scales to zero and GitOps scales back up
 * (argo-rollouts#4935, #4681, #3855) around the same single template.
 *
 * Routing is subset-level on our own VirtualService and DestinationRule: Argo patches only the
 * weights of the route named in `routes` (our catch-all `default` route) and writes
 * `rollouts-pod-template-hash` into the champion's (stable) and challenger's (canary) subsets.
 * Those two subsets therefore select the Rollout's pods by model and instance only (not by
 * `version`): after a promotion the stable subset must select the promoted pods.
 */
import { gateMetrics } from './gates';
import { ingressRouteName } from '../routing/ingress-routes';
import { ServiceRouting, VersionTarget, CanarySplit } from '../routing/route-table';
import { MODEL_NAME_LABEL } from '../util/annotations';
import { formatPrometheusDuration } from '../util/duration';
import { AnalysisTemplateSpec, RolloutSpec, RolloutSpecStrategyCanarySteps } from '../wire/generated/argo-rollouts';

/** The label that tells the Rollout's pods from the service's other versions' pods. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** `<model>-rollout`: the value of the instance label on the Rollout's pods. */
export function rolloutInstance(modelName: string): string {
  return `${modelName}-rollout`;
}

/** The AnalysisTemplate the Rollout's analysis steps reference. */
export function analysisTemplateName(modelName: string): string {
  return `${modelName}-canary-gates`;
}

/** Labels of the Rollout's pods that its selector and the stable/canary subsets use. */
export function rolloutSelector(modelName: string): Record<string, string> {
  return { [MODEL_NAME_LABEL]: modelName, [INSTANCE_LABEL]: rolloutInstance(modelName) };
}

/** The versions Argo manages (champion = stable, first challenger = canary), or none in static mode. */
export function argoManaged(canary: CanarySplit | undefined): string[] {
  return canary?.delivery === 'argo-rollouts' ? [canary.champion, canary.challengers[0]] : [];
}

/**
 * The route table's versions, with the Argo-managed subsets selecting the Rollout's pods. On the
 * first apply the stable subset selects the champion's pods by version instead: the champion's
 * Deployment and the Rollout's first ReplicaSet (the champion's template) both carry it, so the
 * subset has pods while the Rollout starts. Argo adds the stable hash only once that ReplicaSet
 * is fully available (`shouldDelayDestinationRuleUpdate`, istio.go at v1.9.1).
 */
export function withArgoSubsets(versions: VersionTarget[], canary: CanarySplit | undefined): VersionTarget[] {
  const managed = argoManaged(canary);
  return versions.map(v => {
    if (!managed.includes(v.name)) return v;
    const byVersion = canary!.firstApply && v.name === canary!.champion;
    return { ...v, labels: byVersion ? v.labels : rolloutSelector(v.labels[MODEL_NAME_LABEL]), backend: 'argo-rollout' };
  });
}

/** A gateway route (ModelIngress: its VirtualService, or its HTTPRoute for the model) that copies a service's routes. */
export interface GatewayRouteRef {
  readonly name: string;
  readonly namespace?: string;
}

/**
 * The Rollout `spec`: the challenger's pod template (the champion's on the first apply), the
 * champion's replicas, steps from the stages, and every VirtualService that splits the host.
 */
export function renderRolloutSpec(service: ServiceRouting, podTemplate: Record<string, any>, replicas: number,
  gateways: readonly GatewayRouteRef[]): RolloutSpec {
  const canary = service.canary!;
  const selector = rolloutSelector(service.name);
  const template = { ...podTemplate, metadata: { ...podTemplate.metadata, labels: { ...podTemplate.metadata?.labels, ...selector } } };
  // Argo moves only the VirtualServices it is given (SetWeight loops over getVirtualServices(),
  // istio.go at v1.9.1): the gateway's copy of the default route must be listed, or external
  // callers stay at 100/0 forever.
  const virtualServices = [
    { name: service.name, routes: [managedRouteName(service)] },
    ...gateways.map(g => ({
      name: g.namespace !== undefined && g.namespace !== service.namespace ? `${g.name}.${g.namespace}` : g.name,
      routes: [ingressRouteName(service.name, managedRouteName(service))],
    })),
  ];
  return {
    replicas,
    revisionHistoryLimit: 2,
    selector: { matchLabels: selector },
    template,
    strategy: {
      canary: {
        // The stable ReplicaSet keeps all its replicas during the canary, so an abort sends 100%
        // back at once: without dynamicStableScale calculateDesiredWeightOnAbortOrStableRollback
        // returns 0 immediately (rollout/trafficrouting.go at v1.9.1), where with it the weight
        // walks back only as fast as stable pods come up again.
        dynamicStableScale: false,
        // After an abort Argo sets the weight to 0, then scales the canary ReplicaSet down after
        // this delay: the sidecars get the weight-0 route before the pods go (the default, made
        // explicit; docs/features/scaledown-aborted-rs.md at v1.9.1). Nothing else routes to the
        // canary subset (argo-limits.ts), so the scale-down strands no request.
        abortScaleDownDelaySeconds: ABORT_SCALE_DOWN_DELAY_SECONDS,
        trafficRouting: {
          istio: {
            virtualServices,
            destinationRule: { name: service.name, stableSubsetName: canary.champion, canarySubsetName: canary.challengers[0] },
          },
        },
        steps: rolloutSteps(service),
      },
    },
  };
}

/** Seconds between an abort and the canary ReplicaSet's scale-down. */
export const ABORT_SCALE_DOWN_DELAY_SECONDS = 30;

/**
 * Per stage before the last: `setWeight`, `pause` for the hold, `analysis` (blocking). The last
 * stage (100%) is Argo's promotion at the end of the steps, so it renders no step (an explicit
 * `setWeight: 100` adds nothing and risks 503s while stable scales down, argo-rollouts#3681).
 */
export function rolloutSteps(service: ServiceRouting): RolloutSpecStrategyCanarySteps[] {
  const stages = service.canary!.stages ?? [];
  const templateName = analysisTemplateName(service.name);
  return stages.filter(s => s.holdMs !== undefined).flatMap(s => [
    { setWeight: s.percent },
    { pause: { duration: formatPrometheusDuration(s.holdMs!) } },
    { analysis: { templates: [{ templateName }] } },
  ]);
}

/** The AnalysisTemplate `spec`: one Prometheus metric per gate, one measurement per analysis step. */
export function renderAnalysisTemplateSpec(service: ServiceRouting): AnalysisTemplateSpec {
  const address = service.canary!.gates!.prometheusAddress;
  return {
    metrics: gateMetrics(service).map(g => ({
      name: g.name,
      successCondition: g.successCondition,
      failureCondition: g.failureCondition,
      // One failed measurement aborts (back to 100% champion); one inconclusive one pauses.
      failureLimit: 0,
      inconclusiveLimit: 0,
      provider: { prometheus: { address, query: g.query } },
    })),
  };
}

/** The route Argo patches: our catch-all default route. */
export function managedRouteName(service: ServiceRouting): string {
  return service.canary?.managedRoutes?.[0] ?? 'default';
}
