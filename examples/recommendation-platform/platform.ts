import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AbExperiment, Caller, CanaryDelivery, CanaryRollout, GatewayListener, H2UpgradePolicy, KServeDeploymentMode, KServeProtocol, LoadBalancer,
  ModelBackend, ModelIngress, ModelService, ModelVersionOptions, NamespaceSecurity, RequestMatch, ShadowMirror,
} from '../../src';

const REGISTRY = 'registry.example.com/recsys';

/** A Deployment-served version with declared requests and limits (1-2 CPUs, 2Gi). */
const deployed = (model: string, name: string, extra: Partial<ModelVersionOptions> = {}): ModelVersionOptions => ({
  name,
  backend: ModelBackend.deployment({
    image: `${REGISTRY}/${model}:${name}`,
    resources: { cpu: { request: Cpu.units(1), limit: Cpu.units(2) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
  }),
  ...extra,
});

/** The recommendation API (namespace recsys) calls the ranking and reranking models. */
const RECOMMENDATION_API = Caller.serviceAccount('recsys', 'recommendation-api');

/** Props of the example platform. */
export interface RecommendationPlatformProps extends ChartProps {
  /**
   * Run content-ranking's canary with static weights (v45 85% / v47 10% / v43 5%, with a premium
   * pin, a shadow and an A/B test on v47: the setup before it went progressive) instead of on
   * Argo Rollouts.
   * @default false
   */
  readonly staticRankingCanary?: boolean;
  /**
   * content-ranking's progressive canary is applied for the first time: the new Rollout starts
   * from the champion's (v45) template. Set it to false for the next apply, which rolls v47 out
   * through the stages.
   * @default true
   */
  readonly rankingFirstApply?: boolean;
  /**
   * Retry only on what Istio and Gateway API both express (connection failures and 503s) instead of
   * Envoy's `5xx`/`gateway-error`/`reset` conditions, which HTTPRoute's `retry` cannot say: the
   * platform then also renders as Gateway API objects (docs/gateway-api.md).
   * @default false
   */
  readonly portableRetries?: boolean;
}

/**
 * The recommendation platform: five models, each with its production champion, a candidate
 * under test and, where kept, a warm legacy version for rollback.
 */
/**
 * The variant both routing APIs render alike (gateway-api.ts, and the Istio side of its comparisons):
 * a static canary (Argo's Gateway API plugin would overwrite the A/B route's weights) and retries on
 * what HTTPRoute's `retry` can say.
 */
export const PORTABLE_VARIANT: RecommendationPlatformProps = { staticRankingCanary: true, portableRetries: true };

export class RecommendationPlatform extends Chart {
  public readonly contentRanking: ModelService;
  public readonly diversityReranker: ModelService;
  public readonly ingress: ModelIngress;

  constructor(scope: Construct, id: string, props: RecommendationPlatformProps = {}) {
    super(scope, id, { namespace: 'ml-serving', ...props });
    // STRICT mTLS, and nothing in ml-serving answers a caller no policy allows.
    new NamespaceSecurity(this, 'mesh-security', { defaultDeny: true });
    const portable = props.portableRetries ?? false;
    this.contentRanking = this.contentRankingModel(props.staticRankingCanary ?? false, props.rankingFirstApply ?? true, portable);
    // content-ranking calls the feature models; the reranker calls the freshness booster.
    this.userAffinityModel().grantInvoke(this.contentRanking);
    this.sessionContextModel(portable).grantInvoke(this.contentRanking);
    const reranker = this.diversityRerankerModel();
    this.diversityReranker = reranker;
    this.freshnessBoosterModel().grantInvoke(reranker);
    this.ingress = this.publicApi();
  }

  /**
   * External callers reach content-ranking and diversity-reranker through the ingress gateway,
   * by path, with the same versions as mesh callers; HTTP is redirected to HTTPS.
   */
  private publicApi(): ModelIngress {
    const ingress = new ModelIngress(this, 'recsys-api', {
      hosts: ['recsys.example.com'],
      listeners: [GatewayListener.http({ redirectToHttps: true }), GatewayListener.https({ credentialName: 'recsys-example-com-tls' })],
    });
    ingress.expose(this.contentRanking, { pathPrefix: '/api/v1/ranking' });
    ingress.expose(this.diversityReranker, { pathPrefix: '/api/v1/rerank' });
    return ingress;
  }

  /**
   * Static: a v47 canary over v45 (v43 warm), premium users pinned to v47, 10% shadowed to v47 and
   * an A/B test. Progressive on Argo Rollouts: v45 and v47 only, since Argo's UpdateHash keeps
   * only the stable and canary subsets and re-points the canary subset before it has pods (see
   * src/progressive/argo-limits.ts): premium users stay on the champion until the promotion.
   */
  private contentRankingModel(staticCanary: boolean, firstApply: boolean, portableRetries: boolean): ModelService {
    const ranking = new ModelService(this, 'content-ranking', {
      modelName: 'content-ranking',
      port: 8080,
      versions: [
        deployed('content-ranking', 'v45', { replicas: 3, connectionPool: { http1MaxPendingRequests: 50 } }),
        deployed('content-ranking', 'v47'),
        ...staticCanary ? [deployed('content-ranking', 'v43')] : [],
      ],
      allowedCallers: [RECOMMENDATION_API],
      timeout: Duration.millis(200),
      retries: {
        attempts: 2,
        perTryTimeout: Duration.millis(80),
        retryOn: portableRetries ? ['connect-failure', 'refused-stream', '503'] : ['5xx', 'gateway-error', 'connect-failure', 'retriable-4xx'],
      },
      circuitBreaker: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 },
      connectionPool: { maxConnections: 100, h2UpgradePolicy: H2UpgradePolicy.UPGRADE, idleTimeout: Duration.seconds(30) },
      loadBalancer: LoadBalancer.leastRequest(),
      versionHeader: 'x-model-version',
    });
    if (staticCanary) {
      ranking.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47', { name: 'premium' });
      new CanaryRollout(this, 'content-ranking-canary', {
        service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }, { version: 'v43', percent: 5 }],
      });
      new ShadowMirror(this, 'content-ranking-shadow', { service: ranking, target: 'v47', percent: 10 });
      new AbExperiment(this, 'content-ranking-ab', {
        service: ranking, experimentId: 'ranking-q4', arms: [{ version: 'v45', percent: 80 }, { version: 'v47', percent: 20 }],
      });
      return ranking;
    }
    ranking.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v45', { name: 'premium' });
    // Argo Rollouts steps v47 through the seed's plan (5/10/25/50/100) with P99 and 5xx gates.
    // The first apply starts the new Rollout from v45's template (Argo applies a new Rollout's
    // first template at once, without steps); the next apply, without firstApply, rolls v47 out.
    new CanaryRollout(this, 'content-ranking-canary', {
      service: ranking,
      champion: 'v45',
      challengers: [{ version: 'v47', percent: 0 }],
      delivery: CanaryDelivery.argoRollouts({ firstApply }),
    });
    return ranking;
  }

  /** Champion v12 serves everything; candidate v13 sees a 20% shadow copy. */
  private userAffinityModel(): ModelService {
    const affinity = new ModelService(this, 'user-affinity', {
      modelName: 'user-affinity',
      versions: [deployed('user-affinity', 'v12', { replicas: 2 }), deployed('user-affinity', 'v13')],
      timeout: Duration.millis(150),
      loadBalancer: LoadBalancer.consistentHashOnHeader('x-user-id'),
    });
    new ShadowMirror(this, 'user-affinity-shadow', { service: affinity, target: 'v13', percent: 20 });
    return affinity;
  }

  /** v3 in production, v2 kept warm at 0% for an instant rollback. */
  private sessionContextModel(portableRetries: boolean): ModelService {
    const session = new ModelService(this, 'session-context', {
      modelName: 'session-context',
      versions: [deployed('session-context', 'v3', { replicas: 2 }), deployed('session-context', 'v2')],
      timeout: Duration.millis(100),
      retries: { attempts: 1, perTryTimeout: Duration.millis(50), retryOn: portableRetries ? ['connect-failure', 'refused-stream'] : ['connect-failure', 'reset'] },
    });
    new CanaryRollout(this, 'session-context-rollback', { service: session, champion: 'v3', challengers: [{ version: 'v2', percent: 0 }] });
    return session;
  }

  /**
   * Served by KServe in Standard mode: champion v8, candidate v9 (a 5% canary plus a 20% shadow,
   * on a GPU), legacy v7 warm at 0%. Engineers pin themselves to v9 with a debug header.
   */
  private diversityRerankerModel(): ModelService {
    const kserve = (version: string, gpus?: number) => ModelBackend.kserve({
      modelFormat: 'xgboost',
      storageUri: `s3://models/diversity-reranker/${version}`,
      protocolVersion: KServeProtocol.V2,
      cpu: '2',
      memory: '4Gi',
      gpus,
      minReplicas: 2,
      maxReplicas: 6,
    });
    const reranker = new ModelService(this, 'diversity-reranker', {
      modelName: 'diversity-reranker',
      versions: [
        { name: 'v8', backend: kserve('v8') },
        { name: 'v9', backend: kserve('v9', 1) },
        { name: 'v7', backend: kserve('v7') },
      ],
      timeout: Duration.millis(250),
      circuitBreaker: { consecutive5xxErrors: 3, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(60) },
      versionHeader: 'x-model-version',
      allowedCallers: [RECOMMENDATION_API],
    });
    reranker.routeMatching(RequestMatch.header('x-model-version', 'v9'), 'v9', { name: 'debug-pin' });
    new CanaryRollout(this, 'diversity-reranker-canary', {
      service: reranker, champion: 'v8', challengers: [{ version: 'v9', percent: 5 }, { version: 'v7', percent: 0 }],
    });
    new ShadowMirror(this, 'diversity-reranker-shadow', { service: reranker, target: 'v9', percent: 20 });
    return reranker;
  }

  /** Served by KServe in Knative mode: a 10% revision canary of v3 over v2, scaling to zero. */
  private freshnessBoosterModel(): ModelService {
    const knative = (version: string) => ModelBackend.kserve({
      modelFormat: 'sklearn',
      storageUri: `gs://models/freshness-booster/${version}`,
      deploymentMode: KServeDeploymentMode.KNATIVE,
      cpu: '1',
      memory: '2Gi',
      minReplicas: 0,
      maxReplicas: 4,
    });
    const booster = new ModelService(this, 'freshness-booster', {
      modelName: 'freshness-booster',
      versions: [{ name: 'v2', backend: knative('v2') }, { name: 'v3', backend: knative('v3') }],
    });
    new CanaryRollout(this, 'freshness-booster-canary', { service: booster, champion: 'v2', challengers: [{ version: 'v3', percent: 10 }] });
    return booster;
  }
}
