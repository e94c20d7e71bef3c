import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { FaultInjection, H2UpgradePolicy, LoadBalancer, ModelService, RequestMatch } from '../src';
import { contentRanking, find, httpRoutes, synth, synthYaml, testChart } from './util';

describe('ModelService', () => {
  test('creates a Service, a Deployment per version, a DestinationRule and a VirtualService (snapshot)', () => {
    const chart = testChart();
    contentRanking(chart);
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('objects have stable, readable names and no hash suffixes', () => {
    const chart = testChart();
    contentRanking(chart);
    const names = synth(chart).map(m => `${m.kind}/${m.metadata.name}`);
    expect(names).toEqual([
      'Service/content-ranking',
      'ServiceAccount/content-ranking-v45',
      'Deployment/content-ranking-v45',
      'ServiceAccount/content-ranking-v47',
      'Deployment/content-ranking-v47',
      'ServiceAccount/content-ranking-v43',
      'Deployment/content-ranking-v43',
      'DestinationRule/content-ranking',
      'VirtualService/content-ranking',
      'AuthorizationPolicy/content-ranking',
      'PrometheusRule/content-ranking',
      'ConfigMap/content-ranking-dashboard',
      'PeerAuthentication/default',
    ]);
  });

  test('the stable host is the FQDN of the Service in the chart namespace', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    expect(svc.host).toBe('content-ranking.ml-serving.svc.cluster.local');
    const m = synth(chart);
    expect(find(m, 'VirtualService', 'content-ranking').spec.hosts).toEqual([svc.host]);
    expect(find(m, 'DestinationRule', 'content-ranking').spec.host).toBe(svc.host);
  });

  test('without a namespace the host is the short name', () => {
    const chart = Testing.chart();
    const svc = new ModelService(chart, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: 'img' }] });
    expect(svc.host).toBe('fraud');
  });

  test('pods carry app and version labels (Istio telemetry), subsets select name and version', () => {
    const chart = testChart();
    contentRanking(chart);
    const m = synth(chart);
    const dep = find(m, 'Deployment', 'content-ranking-v47');
    const selected = { 'app.kubernetes.io/name': 'content-ranking', 'version': 'v47' };
    expect(dep.spec.template.metadata.labels).toEqual({ 'app': 'content-ranking', ...selected, 'sidecar.istio.io/inject': 'true' });
    expect(dep.spec.selector.matchLabels).toEqual(selected);
    expect(find(m, 'DestinationRule', 'content-ranking').spec.subsets.map((s: any) => [s.name, s.labels])).toEqual([
      ['v45', { 'app.kubernetes.io/name': 'content-ranking', 'version': 'v45' }],
      ['v47', selected],
      ['v43', { 'app.kubernetes.io/name': 'content-ranking', 'version': 'v43' }],
    ]);
    // The stable Service selects every version's pods, whatever serves them.
    expect(find(m, 'Service', 'content-ranking').spec.selector).toEqual({ 'app.kubernetes.io/name': 'content-ranking' });
  });

  test('without routing constructs the default route sends everything to the first version', () => {
    const chart = testChart();
    contentRanking(chart);
    const [only] = httpRoutes(synth(chart), 'content-ranking');
    expect(only.name).toBe('default');
    expect(only.match).toBeUndefined();
    expect(only.route).toEqual([{ destination: { host: 'content-ranking.ml-serving.svc.cluster.local', subset: 'v45' }, weight: 100 }]);
  });

  test('defaultVersion picks the default route target', () => {
    const chart = testChart();
    contentRanking(chart, { defaultVersion: 'v43' });
    expect(httpRoutes(synth(chart), 'content-ranking')[0].route[0].destination.subset).toBe('v43');
  });

  test('timeout and retries render on every route as Istio durations', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47');
    for (const r of httpRoutes(synth(chart), 'content-ranking')) {
      expect(r.timeout).toBe('200ms');
      expect(r.retries).toEqual({ attempts: 2, perTryTimeout: '80ms', retryOn: '5xx,gateway-error,connect-failure,retriable-4xx' });
    }
  });

  test('circuit breaker, connection pool and load balancer render on the DestinationRule', () => {
    const chart = testChart();
    contentRanking(chart, {
      connectionPool: {
        maxConnections: 100, http1MaxPendingRequests: 50, idleTimeout: Duration.seconds(30), h2UpgradePolicy: H2UpgradePolicy.UPGRADE,
      },
      loadBalancer: LoadBalancer.leastConn(),
    });
    expect(find(synth(chart), 'DestinationRule', 'content-ranking').spec.trafficPolicy).toEqual({
      outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 50, idleTimeout: '30s', h2UpgradePolicy: 'UPGRADE' } },
      loadBalancer: { simple: 'LEAST_CONN' },
      tls: { mode: 'ISTIO_MUTUAL' },
    });
  });

  test('per-version policies render on the subset only', () => {
    const chart = testChart();
    new ModelService(chart, 'aff', {
      modelName: 'user-affinity',
      versions: [
        { name: 'v12', image: 'img:12', loadBalancer: LoadBalancer.consistentHashOnHeader('x-user-id'), circuitBreaker: { consecutiveGatewayErrors: 3 } },
        { name: 'v13', image: 'img:13' },
      ],
    });
    const dr = find(synth(chart), 'DestinationRule', 'user-affinity').spec;
    // service-wide: only the client side of mTLS
    expect(dr.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
    expect(dr.subsets[0].trafficPolicy).toEqual({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user-id' } }, outlierDetection: { consecutiveGatewayErrors: 3 } });
    expect(dr.subsets[1].trafficPolicy).toBeUndefined();
  });

  test('fault injection renders delay and abort with percentages', () => {
    const chart = testChart();
    contentRanking(chart, { fault: FaultInjection.delayAndAbort(Duration.seconds(2), 10, 503, 1.5) });
    expect(httpRoutes(synth(chart), 'content-ranking')[0].fault).toEqual({
      delay: { fixedDelay: '2s', percentage: { value: 10 } },
      abort: { httpStatus: 503, percentage: { value: 1.5 } },
    });
  });

  test('versions can be added after construction and are returned', () => {
    const chart = testChart();
    const svc = new ModelService(chart, 'm', { modelName: 'freshness-booster' });
    const v = svc.addVersion({ name: 'v2', image: 'img:2', replicas: 2 });
    expect(v.versionName).toBe('v2');
    expect(svc.versionNames).toEqual(['v2']);
    expect(find(synth(chart), 'Deployment', 'freshness-booster-v2').spec.replicas).toBe(2);
  });

  test('the VirtualService and DestinationRule are exposed for JSON-patch escape hatches', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    svc.virtualService!.addJsonPatch(JsonPatch.add('/spec/gateways', ['mesh']));
    expect(find(synth(chart), 'VirtualService', 'content-ranking').spec.gateways).toEqual(['mesh']);
    expect(ApiObject.of(svc.destinationRule!).kind).toBe('DestinationRule');
  });

  test('pods carry no construct-path label, so refactoring ids never restarts models', () => {
    const chart = testChart();
    contentRanking(chart);
    expect(JSON.stringify(synth(chart))).not.toContain('cdk8s.io/metadata.addr');
  });

  test('an explicit namespace overrides the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'c');
    const svc = new ModelService(chart, 'm', { modelName: 'fraud', namespace: 'risk', versions: [{ name: 'v1', image: 'img' }] });
    expect(svc.host).toBe('fraud.risk.svc.cluster.local');
    expect(synth(chart).every(m => m.metadata.namespace === 'risk')).toBe(true);
  });
});

describe('self-check at synth time', () => {
  test('a rendered manifest that Istio would reject fails synthesis (here broken through the escape hatch)', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    svc.virtualService!.addJsonPatch(JsonPatch.replace('/spec/http/0/timeout', '0.5ms'));
    expect(() => synth(chart)).toThrow(
      /\[test\/content-ranking\] VirtualService ml-serving\/content-ranking spec\.http\[0\]\.timeout: duration must be greater than 1ms \[webhook\/duration\]/,
    );
  });

  test('a value outside the CRD schema is caught by the schema rules', () => {
    const chart = testChart();
    const svc = contentRanking(chart);
    svc.destinationRule!.addJsonPatch(JsonPatch.add('/spec/trafficPolicy/loadBalancer', { simple: 'LEAST_CONNECTIONS' }));
    expect(() => synth(chart)).toThrow(/DestinationRule ml-serving\/content-ranking spec\.trafficPolicy\.loadBalancer\.simple: .*LEAST_CONNECTIONS.*\[schema\/enum\]/);
  });
});
