import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkService } from './check-service';
import { ModelService } from './model-service';
import { clusterAssumptionsOf } from '../cluster/assumptions';
import { argoProblems } from '../progressive/argo-limits';
import { createArgoObjects } from '../progressive/argo-objects';
import { CanaryAnalysis, CanaryChallenger, CanaryDelivery, CanaryStage } from '../progressive/canary-delivery';
import { SEED_STAGES, toGates, toStages } from '../progressive/stage-plan';
import { DefaultSplitContributor, VersionRef } from '../routing/contributors';
import { CanaryGatesSpec, CanaryStageSpec, WeightedDestination } from '../routing/route-table';
import { at, checkArray, checkDnsName, checkInt, checkObject, fail, Where } from '../util/checks';
import { addMeshValidation } from '../util/validation';

/** Props of a CanaryRollout. */
export interface CanaryRolloutProps {
  /** The model service whose default route is split. */
  readonly service: ModelService;
  /** The production version; it receives 100 minus the challengers' percents. */
  readonly champion: string;
  /** Versions under test with their percents (together at most 100). */
  readonly challengers: CanaryChallenger[];
  /**
   * Who moves the weights. With `CanaryDelivery.argoRollouts()` an Argo Rollout steps the first
   * challenger through `stages`; its percent in code must then be 0 (the weight at rest), other
   * challengers must be at 0, and the Rollout (`<modelName>`, the challenger's pod template, the
   * champion's replicas) replaces the champion's and the challenger's Deployments, so declare
   * both versions before the CanaryRollout.
   * @default CanaryDelivery.staticWeights()
   */
  readonly delivery?: CanaryDelivery;
  /**
   * The stage plan: the challenger's percent per stage and how long each is held before the
   * gates run, ending at 100. In static mode it documents the plan (shown in the routing report).
   * @default - progressive: 5% for 10 min, 10% for 15, 25% for 20, 50% for 30, then 100%; static: none
   */
  readonly stages?: CanaryStage[];
  /**
   * Limits of the metric gates checked after each hold (progressive mode).
   * @default - P99 at most 10% over the champion's, at most 1% 5xx, 5 min window, 0.1 req/s minimum
   */
  readonly analysis?: CanaryAnalysis;
}

/**
 * Splits a ModelService's default (catch-all) route between a champion and one or more
 * challengers by whole percents; the champion gets the rest. Requests caught by explicit matches
 * or experiments are not part of the split. One CanaryRollout per service.
 */
export class CanaryRollout extends Construct {
  /** The champion version. */
  public readonly champion: string;
  /** The champion's percent: 100 minus the challengers' percents. */
  public readonly championPercent: number;
  /** Challengers with their percents. */
  public readonly challengers: CanaryChallenger[];
  /** The Argo Rollout (progressive mode only). */
  public readonly rollout?: ApiObject;
  /** The Argo AnalysisTemplate with the gates (progressive mode only). */
  public readonly analysisTemplate?: ApiObject;
  private readonly delivery: CanaryDelivery;
  private readonly stages?: CanaryStageSpec[];
  private readonly gates?: CanaryGatesSpec;

  constructor(scope: Construct, id: string, props: CanaryRolloutProps) {
    super(scope, id);
    const where: Where = { path: this.node.path, field: '' };
    checkObject(props, at(where, 'props'), 'CanaryRolloutProps: { service, champion, challengers }');
    const service = checkService(props.service, at(where, 'service'));
    this.champion = checkDnsName(props.champion, at(where, 'champion'), 'version name');
    const allowed = 'one or more { version, percent }';
    if (Array.isArray(props.challengers) && props.challengers.length === 0) fail(at(where, 'challengers'), 'a canary needs at least one challenger', allowed);
    this.challengers = checkArray(props.challengers, at(where, 'challengers'), (c, w) => {
      checkObject(c, w, '{ version, percent }');
      return { version: checkDnsName(c.version, at(w, 'version'), 'version name'), percent: checkInt(c.percent, at(w, 'percent'), 0, 100) };
    }, allowed, 1);
    const total = this.challengers.reduce((a, c) => a + c.percent, 0);
    if (total > 100) {
      fail(at(where, 'challengers'), `challenger percents sum to ${total}, leaving ${100 - total} for the champion`, 'a sum of at most 100');
    }
    const all = [this.champion, ...this.challengers.map(c => c.version)];
    const dup = all.find((v, i) => all.indexOf(v) !== i);
    if (dup !== undefined) fail(at(where, 'challengers'), `version "${dup}" appears twice in the split`, 'each version once, champion included');
    this.championPercent = 100 - total;
    this.delivery = props.delivery ?? CanaryDelivery.staticWeights();
    const progressive = this.delivery._kind === 'argo-rollouts';
    this.stages = props.stages ? toStages(props.stages, at(where, 'stages')) : progressive ? [...SEED_STAGES] : undefined;
    if (progressive) this.gates = toGates(props.analysis ?? {}, this.delivery._prometheusAddress!, this.stages!, at(where, 'analysis'), clusterAssumptionsOf(this).scrapeIntervalMs);
    else if (props.analysis) fail(at(where, 'analysis'), 'gates only run in progressive mode; with static weights nothing would check them', 'delivery: CanaryDelivery.argoRollouts(), or Observability thresholds on the ModelService for alerts');
    service._routes.useDefaultSplit(this.contribution(service));
    addMeshValidation(this, () => service._problemsAt(this.node.path));
    if (progressive) {
      // A routing target with its own traffic router (Gateway API: Argo's Gateway API plugin) replaces the
      // Rollout's Istio `trafficRouting`; what that router would break in the route table is reported.
      const challenger = this.challengers[0].version;
      const router = service._routes.target.argoTrafficRouting?.(service.modelName, service.namespace, this.champion, challenger, service.protocol);
      const argo = createArgoObjects(this, service, this.champion, this.challengers, this.delivery._firstApply, router);
      this.rollout = argo.rollout;
      this.analysisTemplate = argo.analysisTemplate;
      const gateways = service._routes.gatewayRoutes;
      addMeshValidation(this, () => {
        if (!service._routingIsValid()) return [];
        // Istio subset routing: what Argo would break at run time, once every route, experiment and mirror is in.
        return router ? router.problems(service._routing(), this.node.path, gateways) : argoProblems(service._routing(), this.node.path);
      });
    }
  }

  private contribution(service: ModelService): DefaultSplitContributor {
    const path = this.node.path;
    return {
      path,
      versionRefs: (): VersionRef[] => [
        { path, field: 'champion', version: this.champion },
        ...this.challengers.map((c, i) => ({ path, field: `challengers[${i}].version`, version: c.version })),
      ],
      split: (host: string): WeightedDestination[] => [
        { host, subset: this.champion, weight: this.championPercent },
        ...this.challengers.map(c => ({ host, subset: c.version, weight: c.percent })),
      ],
      roles: () => ({
        champion: this.champion,
        challengers: this.challengers.map(c => c.version),
        source: path,
        delivery: this.delivery._kind,
        stages: this.stages,
        gates: this.gates,
        managedRoutes: this.delivery._kind === 'argo-rollouts' ? ['default'] : undefined,
        firstApply: this.delivery._firstApply || undefined,
        replicas: this.delivery._kind === 'argo-rollouts' ? service.versions.find(v => v.versionName === this.champion)?._target().replicas ?? 1 : undefined,
      }),
    };
  }
}
