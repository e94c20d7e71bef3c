import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AbExperiment, CanaryRollout, MeshApp, ModelService, RequestMatch, ShadowMirror } from 'cdk8s-ml-mesh';

/** Content ranking: premium users pinned to v47, an A/B test, 85/10/5 for everyone else, v47 shadowed. */
export class RankingChart extends Chart {
  public readonly ranking: ModelService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'ml-serving' });
    this.ranking = new ModelService(this, 'content-ranking', {
      modelName: 'content-ranking',
      versions: [
        { name: 'v45', image: 'registry.example.com/content-ranking:v45', replicas: 3 },
        { name: 'v47', image: 'registry.example.com/content-ranking:v47' },
        { name: 'v43', image: 'registry.example.com/content-ranking:v43' },
      ],
      timeout: Duration.millis(200),
    });
    this.ranking.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47', { name: 'premium' });
    new AbExperiment(this, 'ab', {
      service: this.ranking,
      experimentId: 'ranking-q4',
      arms: [{ version: 'v45', percent: 80 }, { version: 'v47', percent: 20 }],
    });
    new CanaryRollout(this, 'canary', {
      service: this.ranking,
      champion: 'v45',
      challengers: [{ version: 'v47', percent: 10 }, { version: 'v43', percent: 5 }],
    });
    new ShadowMirror(this, 'shadow', { service: this.ranking, target: 'v47', percent: 10 });
  }
}

if (require.main === module) {
  const app = new MeshApp();
  new RankingChart(app, 'ranking');
  app.synth();
}
