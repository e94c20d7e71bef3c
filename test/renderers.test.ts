/**
 * The renderer seam: a ModelService is intent; the app's (or chart's) RoutingTarget picks the
 * renderer that draws it, and its security and observability are parts of their own.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Caller, KServeDeploymentMode, MeshApp, ModelBackend, ModelObservability, ModelService, RoutingTarget } from '../src';
import { contentRanking, synth, testChart } from './util';
import { MeshConfigError } from '../src/util/errors';

const CONTEXT = 'cdk8s-ml-mesh:routingTarget';

function names(chart: Chart): string[] {
  return synth(chart).map(m => `${m.kind}/${m.metadata.name}`);
}

describe('RoutingTarget', () => {
  test('Istio is the default, and choosing it explicitly renders the same objects', () => {
    const implicit = testChart();
    contentRanking(implicit);
    const app = new MeshApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'target-')), routingTarget: RoutingTarget.istio() });
    const explicit = new Chart(app, 'test', { namespace: 'ml-serving' });
    contentRanking(explicit);
    expect(RoutingTarget.of(explicit).name).toBe('istio');
    expect(RoutingTarget.of(implicit).name).toBe('istio');
    expect(synth(explicit)).toEqual(synth(implicit));
    expect(names(explicit)).toEqual(expect.arrayContaining(['VirtualService/content-ranking', 'DestinationRule/content-ranking', 'Service/content-ranking']));
  });

  test('a chart takes the target set on it, or the nearest one above it', () => {
    const app = Testing.app();
    RoutingTarget.istio().applyTo(app);
    const chart = new Chart(app, 'c');
    expect(RoutingTarget.of(chart).name).toBe('istio');
  });

  test('an unknown target names the field and the known targets, and nothing is rendered', () => {
    const app = Testing.app();
    app.node.setContext(CONTEXT, 'linkerd');
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    let error: unknown;
    try {
      contentRanking(chart);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshConfigError);
    expect(String(error)).toMatch(/c\/content-ranking.*routingTarget.*"linkerd" is not a routing target.*"istio"/s);
  });

  test('setting the target after constructs were added fails with the fix', () => {
    const chart = testChart();
    contentRanking(chart);
    expect(() => RoutingTarget.istio().applyTo(chart)).toThrow(/routingTarget.*set it before adding any construct/s);
  });

  test('MeshAppProps.routingTarget must be a RoutingTarget', () => {
    expect(() => new MeshApp({ routingTarget: 'istio' as any })).toThrow(/MeshApp.*routingTarget.*"istio" is not a RoutingTarget.*RoutingTarget\.istio\(\)/s);
  });
});

describe('parts of a ModelService', () => {
  test('security is its own construct, reachable from the service', () => {
    const chart = testChart();
    const ranking = contentRanking(chart, { allowedCallers: [Caller.namespace('web')] });
    expect(ranking.security.authorizationPolicy).toBe(ranking.authorizationPolicy);
    expect(ranking.security.namespaceSecurity).toBe(ranking.namespaceSecurity);
    expect(ranking.security.node.path).toBe('test/content-ranking/Security');
    const granted = ranking.grantInvoke(Caller.serviceAccount('batch', 'scorer'));
    expect(granted).toBeInstanceOf(Caller);
    const policy = synth(chart).find(m => m.kind === 'AuthorizationPolicy' && m.metadata.name === 'content-ranking');
    expect(policy.spec.rules[0].from.map((f: any) => f.source)).toEqual([
      { namespaces: ['web'] },
      { principals: ['cluster.local/ns/batch/sa/scorer'] },
    ]);
  });

  test('observability reads the route table through the service; another IModelService is refused', () => {
    const chart = testChart();
    const ranking = contentRanking(chart);
    expect(ranking.observability?.prometheusRule.metadata.name).toBe('content-ranking');
    const impostor = { modelName: 'x', host: 'x.ml.svc.cluster.local', node: ranking.node };
    expect(() => new ModelObservability(chart, 'o', { service: impostor as any })).toThrow(/test\/o.*service.*is not a ModelService/s);
  });

  test('a Knative-mode service is rendered as one InferenceService whatever the target', () => {
    const chart = testChart();
    const s = new ModelService(chart, 'knative', {
      modelName: 'sentiment',
      versions: [{ name: 'v1', backend: ModelBackend.kserve({ modelFormat: 'sklearn', storageUri: 's3://m/v1', deploymentMode: KServeDeploymentMode.KNATIVE }) }],
    });
    expect(s.knative).toBe(true);
    expect(names(chart).filter(n => !n.startsWith('PrometheusRule') && !n.startsWith('ConfigMap'))).toEqual([
      'ServiceAccount/sentiment-v1', 'InferenceService/sentiment', 'AuthorizationPolicy/sentiment', 'PeerAuthentication/default',
    ]);
  });
});
