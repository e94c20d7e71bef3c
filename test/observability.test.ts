import { Chart, Duration, Testing, Yaml } from 'cdk8s';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { CanaryRollout, MeshApp, MeshCheck, ModelBackend, ModelService, Observability } from '../src';
import { contentRanking, find, synth, testChart } from './util';
import { dashboardExpressions } from '../src/observability/dashboard';

/** The slice of lezer's tree API the tests use. */
interface PromqlParser {
  parse(text: string): { iterate(visit: { enter(node: PromqlNode): void }): void };
}
interface PromqlNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly type: { readonly isError: boolean };
  readonly node: { readonly parent: { readonly name: string } | null };
}

// Prometheus' grammar ships a CommonJS build, but its typings are ESM-only, which a CommonJS
// test cannot import statically; require it and type the part we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parser: PromqlParser = require('@prometheus-io/lezer-promql').parser;

/** The metric names and label names of a PromQL expression, parsed with Prometheus' own grammar. */
function parsePromql(expr: string): { metrics: Set<string>; labels: Set<string>; errors: number } {
  const metrics = new Set<string>();
  const labels = new Set<string>();
  let errors = 0;
  parser.parse(expr).iterate({
    enter: node => {
      if (node.type.isError) errors++;
      if (node.name === 'LabelName') labels.add(expr.slice(node.from, node.to));
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') metrics.add(expr.slice(node.from, node.to));
    },
  });
  return { metrics, labels, errors };
}

function platformManifests(): any[] {
  return Testing.synth(new RecommendationPlatform(Testing.app(), 'recommendation'));
}

function rulesOf(manifests: any[], model: string): any[] {
  return find(manifests, 'PrometheusRule', model).spec.groups.flatMap((g: any) => g.rules);
}

function dashboardOf(manifests: any[], model: string): any {
  return JSON.parse(find(manifests, 'ConfigMap', `${model}-dashboard`).data[`${model}.json`]);
}

/** Every PromQL expression the example platform emits: alert rules and dashboard targets. */
function allExpressions(manifests: any[]): Array<[string, string]> {
  const rules = manifests.filter(m => m.kind === 'PrometheusRule')
    .flatMap(m => m.spec.groups.flatMap((g: any) => g.rules.map((r: any): [string, string] => [`${m.metadata.name} ${r.alert}`, r.expr])));
  const panels = manifests.filter(m => m.kind === 'ConfigMap')
    .flatMap(m => Object.values(m.data as Record<string, string>).flatMap(json => dashboardExpressions(JSON.parse(json)).map((e): [string, string] => [`${m.metadata.name} panel`, e])));
  return [...rules, ...panels];
}

const ISTIO_METRICS = new Set(['istio_requests_total', 'istio_request_duration_milliseconds_bucket']);

describe('observability: PrometheusRule and Grafana dashboard per ModelService', () => {
  const manifests = platformManifests();

  test('every model of the example platform has alerts and a dashboard', () => {
    const models = ['content-ranking', 'user-affinity', 'session-context', 'diversity-reranker', 'freshness-booster'];
    expect(manifests.filter(m => m.kind === 'PrometheusRule').map(m => m.metadata.name)).toEqual(models);
    expect(manifests.filter(m => m.kind === 'ConfigMap').map(m => m.metadata.name)).toEqual(models.map(m => `${m}-dashboard`));
  });

  test('every generated PromQL expression parses with Prometheus\' grammar and uses only Istio\'s metrics and labels', () => {
    const exprs = allExpressions(manifests);
    // 23 alerts (2 per version, minus freshness-booster's no-timeout budgets, plus 2 regressions:
    // content-ranking's progressive v47 and diversity-reranker's v9) and 6 per version on 11 dashboard rows.
    expect(exprs.length).toBe(23 + 66);
    const labels = new Set<string>();
    for (const [where, expr] of exprs) {
      const parsed = parsePromql(expr);
      expect({ where, errors: parsed.errors }).toEqual({ where, errors: 0 });
      expect([...parsed.metrics].every(m => ISTIO_METRICS.has(m))).toBe(true);
      expect(parsed.metrics.size).toBeGreaterThan(0);
      parsed.labels.forEach(l => labels.add(l));
    }
    expect([...labels].sort()).toEqual([
      'destination_service_name', 'destination_service_namespace', 'destination_version',
      'destination_workload', 'destination_workload_namespace', 'grpc_response_status', 'le', 'reporter', 'response_code',
    ]);
  });

  test('the parser helper does see errors and names', () => {
    expect(parsePromql('sum(rate(x{a="b"}[5m])) / on() y{').errors).toBeGreaterThan(0);
    const ok = parsePromql('histogram_quantile(0.99, sum by (le) (rate(m_bucket{reporter="destination"}[1m])))');
    expect([...ok.metrics]).toEqual(['m_bucket']);
    expect([...ok.labels].sort()).toEqual(['le', 'reporter']);
  });

  test('Deployment versions are selected by our stable Service and the version label their pods carry', () => {
    const [errorRatio] = rulesOf(manifests, 'content-ranking');
    expect(errorRatio.alert).toBe('ModelVersionErrorRatioHigh');
    expect(errorRatio.labels).toEqual({ severity: 'warning', model: 'content-ranking', version: 'v45' });
    expect(errorRatio.expr).toContain('istio_requests_total{reporter="destination", destination_service_namespace="ml-serving", '
      + 'destination_service_name="content-ranking", destination_version="v45", response_code=~"5.."}[5m]');
    expect(errorRatio.expr).toMatch(/\) > 0\.01 and sum\(rate\(.*\[5m\]\)\) >= 0\.1$/);
    expect(errorRatio.for).toBe('5m');
  });

  test('KServe Standard-mode versions are selected by the predictor workload KServe creates', () => {
    const rules = rulesOf(manifests, 'diversity-reranker');
    const v9 = rules.find(r => r.alert === 'ModelVersionErrorRatioHigh' && r.labels.version === 'v9');
    expect(v9.expr).toContain('{reporter="destination", destination_workload_namespace="ml-serving", destination_workload="diversity-reranker-v9-predictor"}');
    expect(v9.expr).not.toContain('destination_service_name');
  });

  test('KServe Knative-mode versions are selected by revision workloads and the version label', () => {
    const rules = rulesOf(manifests, 'freshness-booster');
    expect(rules[0].expr).toContain('destination_workload=~"freshness-booster-predictor-[0-9]+-deployment", destination_version="v2"');
  });

  test('alerts per version: 5xx ratio always, P99 over the timeout budget only with a timeout', () => {
    const summary = (model: string) => rulesOf(manifests, model).map(r => `${r.alert}/${r.labels.version}`);
    expect(summary('session-context')).toEqual([
      'ModelVersionErrorRatioHigh/v3', 'ModelVersionLatencyOverBudget/v3', 'ModelVersionErrorRatioHigh/v2', 'ModelVersionLatencyOverBudget/v2',
    ]);
    // No timeout on freshness-booster; and no regression alert: v3 is a Knative canary, champion v2.
    expect(summary('freshness-booster')).toEqual(['ModelVersionErrorRatioHigh/v2', 'ModelVersionErrorRatioHigh/v3', 'ModelChallengerLatencyRegression/v3']);
    const budget = rulesOf(manifests, 'session-context')[1];
    // The lower bound of the P99's bucket, exact at bucket bounds (promtool.test.ts evaluates it).
    expect(budget.expr).toMatch(/^histogram_quantile\(1e-9, sum by \(le\) \(rate\(istio_request_duration_milliseconds_bucket\{.*destination_version="v3"\}\[5m\]\)\) >= bool 0\.99 \* scalar\(.*\)\) >= 100 and /);
  });

  test('challenger regression alerts only for challengers that get default-route traffic', () => {
    const regressions = (model: string) => rulesOf(manifests, model).filter(r => r.alert === 'ModelChallengerLatencyRegression');
    // v9 at 5% alerts; v7 at 0% (warm for rollback) does not; session-context's v2 at 0% neither.
    expect(regressions('diversity-reranker').map(r => [r.labels.version, r.labels.champion])).toEqual([['v9', 'v8']]);
    expect(regressions('session-context')).toEqual([]);
    const [v47] = regressions('content-ranking');
    const [challenger, champion] = v47.expr.split(' / histogram_quantile(1, ');
    expect(challenger).toMatch(/^histogram_quantile\(1e-9, .*destination_version="v47"/);
    expect(champion).toContain('destination_version="v45"');
    expect(champion).toMatch(/ > 1\.1 and sum\(rate\(istio_requests_total\{.*destination_version="v47"\}\[5m\]\)\) >= 0\.1$/);
  });

  test('the dashboard ConfigMap is labelled for Grafana\'s sidecar, with a row of four panels per version', () => {
    const cm = find(manifests, 'ConfigMap', 'content-ranking-dashboard');
    expect(cm.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'content-ranking', 'grafana_dashboard': '1' });
    const dashboard = dashboardOf(manifests, 'content-ranking');
    expect(dashboard.uid).toBe('ml-serving-content-ranking');
    const titles = dashboard.panels.map((p: any) => p.title);
    expect(titles.slice(0, 5)).toEqual(['Version v45', 'v45 · requests/s', 'v45 · latency', 'v45 · 5xx ratio', 'v45 · traffic share']);
    expect(titles.filter((t: string) => t.startsWith('Version '))).toEqual(['Version v45', 'Version v47']);
    const latency = dashboard.panels.find((p: any) => p.title === 'v47 · latency');
    expect(latency.targets.map((t: any) => [t.legendFormat, t.expr.slice(0, 24)])).toEqual([
      ['P50', 'histogram_quantile(0.5, '], ['P95', 'histogram_quantile(0.95,'], ['P99', 'histogram_quantile(0.99,'],
    ]);
    const share = dashboard.panels.find((p: any) => p.title === 'v47 · traffic share').targets[0].expr;
    expect(share.split(' or ')).toHaveLength(2);
    expect(new Set(dashboard.panels.map((p: any) => p.id)).size).toBe(dashboard.panels.length);
  });

  test('every PrometheusRule and dashboard ConfigMap passes check (schema incl. the vendored Prometheus Operator CRD)', () => {
    const objects = manifests.filter(m => m.kind === 'PrometheusRule' || m.kind === 'ConfigMap');
    expect(objects).toHaveLength(10);
    expect(MeshCheck.checkManifests(objects).findings).toEqual([]);
    const broken = { ...objects[0], spec: { groups: [{ name: 'x', rules: [{ alert: 'A', expr: 'up', for: '5 minutes' }] }] } };
    expect(MeshCheck.checkManifests([broken]).findings.map(f => f.path)).toEqual(['spec.groups[0].rules[0].for']);
  });

  test('snapshot: content-ranking\'s PrometheusRule and dashboard', () => {
    const objects = manifests.filter(m => m.metadata?.name?.startsWith('content-ranking') && (m.kind === 'PrometheusRule' || m.kind === 'ConfigMap'));
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });
});

describe('observability without a namespace', () => {
  test('selectors leave the namespace out and still parse', () => {
    const chart = new Chart(Testing.app(), 'no-ns');
    new ModelService(chart, 'm', { modelName: 'ranker', versions: [{ name: 'v1', image: 'img:1' }] });
    const manifests = synth(chart);
    const [rule] = rulesOf(manifests, 'ranker');
    expect(rule.expr).toContain('istio_requests_total{reporter="destination", destination_service_name="ranker", destination_version="v1"}');
    expect(parsePromql(rule.expr).errors).toBe(0);
    expect(dashboardOf(manifests, 'ranker').uid).toBe('ranker');
  });
});

describe('observability options', () => {
  test('Observability.disabled() emits neither a PrometheusRule nor a dashboard', () => {
    const chart = testChart();
    const svc = contentRanking(chart, { observability: Observability.disabled() });
    expect(svc.observability).toBeUndefined();
    expect(synth(chart).map(m => m.kind)).not.toEqual(expect.arrayContaining(['PrometheusRule']));
    expect(synth(chart).some(m => m.kind === 'ConfigMap')).toBe(false);
  });

  test('thresholds, window, labels and severity are configurable; dashboard: false keeps only the alerts', () => {
    const chart = testChart();
    const svc = contentRanking(chart, {
      observability: Observability.enabled({
        maxErrorRatePercent: 0.5,
        maxLatencyRegressionPercent: 25,
        window: Duration.minutes(2),
        alertFor: Duration.seconds(90),
        minRequestRate: 2,
        severity: 'critical',
        ruleLabels: { release: 'prometheus' },
        dashboard: false,
      }),
    });
    new CanaryRollout(chart, 'canary', { service: svc, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
    const manifests = synth(chart);
    expect(manifests.some(m => m.kind === 'ConfigMap')).toBe(false);
    const rule = find(manifests, 'PrometheusRule', 'content-ranking');
    expect(rule.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'content-ranking', 'release': 'prometheus' });
    const rules = rule.spec.groups[0].rules;
    expect(rules[0].expr).toMatch(/\[2m\]\)\)\) > 0\.005 and .* >= 2$/);
    expect(rules[0].for).toBe('1m30s');
    expect(rules[0].labels.severity).toBe('critical');
    expect(rules.find((r: any) => r.alert === 'ModelChallengerLatencyRegression').expr).toMatch(/ \/ histogram_quantile\(1, .*\) > 1\.25 and /);
    expect(MeshCheck.checkManifests([rule]).findings).toEqual([]);
  });

  test('modelMetricsPort adds a PodMonitor for the model servers\' own metrics; none by default', () => {
    const chart = testChart();
    contentRanking(chart, { observability: Observability.enabled({ modelMetricsPort: 9090, ruleLabels: { release: 'prometheus' } }) });
    const manifests = synth(chart);
    const pm = find(manifests, 'PodMonitor', 'content-ranking');
    expect(pm.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'content-ranking', 'release': 'prometheus' });
    // The sidecar's declared port selects one target per pod; the address moves to 15020, where
    // Istio merges the model's metrics (the pods' prometheus.io annotations) with its own.
    expect(pm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'content-ranking' } });
    expect(pm.spec.podMetricsEndpoints).toHaveLength(1);
    expect(pm.spec.podMetricsEndpoints[0]).toMatchObject({ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '30s' });
    expect(pm.spec.podMetricsEndpoints[0].relabelings.map((r: any) => r.replacement)).toEqual(['[$1]:15020', '$1:15020']);
    expect(find(manifests, 'Deployment', 'content-ranking-v45').spec.template.metadata.annotations)
      .toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/metrics' });
    expect(MeshCheck.checkManifests([pm]).findings).toEqual([]);
    // Istio's own metrics: the cluster scrapes them by default; scrapeIstioMetrics renders a PodMonitor per model.
    const plain = testChart();
    contentRanking(plain);
    expect(synth(plain).some(m => m.kind === 'PodMonitor')).toBe(false);
    const app = new MeshApp({ cluster: { scrapeIstioMetrics: true } });
    contentRanking(new Chart(app, 'test', { namespace: 'ml-serving' }));
    expect(find(Testing.synth(app.charts[0]), 'PodMonitor', 'content-ranking').spec.podMetricsEndpoints[0].port).toBe('http-envoy-prom');
  });

  test.each([
    [{ modelMetricsPort: 0 }, 'modelMetricsPort: 0 is invalid (allowed: a whole number in 1..65535)'],
    [{ modelMetricsPath: '/stats' }, 'modelMetricsPath: a metrics path without a port scrapes nothing (allowed: modelMetricsPort with it)'],
    [{ maxErrorRatePercent: 150 }, 'maxErrorRatePercent: 150 is invalid (allowed: a number in 0..100)'],
    [{ window: Duration.millis(1500) }, 'window: 1500ms is invalid (allowed: whole seconds, at least 1s)'],
    [{ minRequestRate: -1 }, 'minRequestRate: -1 is invalid (allowed: a number >= 0)'],
    [{ severity: 'very bad' }, 'severity: "very bad" is not a usable label value'],
    [{ window: Duration.seconds(90) }, 'window: a 90s window holds fewer than 4 scrapes at Prometheus\' 30s scrape interval'],
    [{ dashboardUid: 'a'.repeat(41) }, `dashboardUid: "${'a'.repeat(41)}" is not a Grafana uid`],
  ])('bad option %j fails with the path and field', (options, message) => {
    const chart = testChart();
    expect(() => contentRanking(chart, { observability: Observability.enabled(options) }))
      .toThrow(`[test/content-ranking/Observability] ${message}`);
  });
});

describe('observability seams with the cluster', () => {
  test('a window is judged against the declared scrape interval', () => {
    const app = new MeshApp({ cluster: { prometheusScrapeInterval: Duration.seconds(15), scrapeIstioMetrics: true } });
    const chart = new Chart(app, 'test', { namespace: 'ml-serving' });
    expect(() => contentRanking(chart, { observability: Observability.enabled({ window: Duration.minutes(1) }) })).not.toThrow();
    expect(find(Testing.synth(chart), 'PodMonitor', 'content-ranking').spec.podMetricsEndpoints[0].interval).toBe('15s');
  });

  test('two dashboards with one uid are a synth error naming both; dashboardUid resolves it', () => {
    const chart = testChart();
    const long = 'a-model-name-that-is-long-enough-to-be-cut';
    new ModelService(chart, 'one', { modelName: `${long}-one`, versions: [{ name: 'v1', image: 'registry.example.com/m:1' }] });
    expect(() => new ModelService(chart, 'two', { modelName: `${long}-two`, versions: [{ name: 'v1', image: 'registry.example.com/m:1' }] }))
      .toThrow(/\[test\/two\/Observability\] dashboardUid: dashboard uid "ml-serving-a-model-name-that-is-long-eno" is also the uid of test\/one\/Observability's dashboard/);
    new ModelService(chart, 'three', {
      modelName: `${long}-three`, versions: [{ name: 'v1', image: 'registry.example.com/m:1' }], observability: Observability.enabled({ dashboardUid: 'long-model-two' }),
    });
    expect(JSON.parse(find(synth(chart), 'ConfigMap', `${long}-three-dashboard`).data[`${long}-three.json`]).uid).toBe('long-model-two');
  });

  test('selection labels and the dashboard namespace come from the app-wide cluster assumptions', () => {
    const app = new MeshApp({ cluster: { scrapeIstioMetrics: true, prometheusSelectorLabels: { release: 'kps' }, grafanaDashboardLabels: { grafana_dashboard: 'ml' }, grafanaDashboardNamespace: 'monitoring' } });
    const chart = new Chart(app, 'test', { namespace: 'ml-serving' });
    contentRanking(chart);
    const manifests = Testing.synth(chart);
    expect(find(manifests, 'PrometheusRule', 'content-ranking').metadata.labels.release).toBe('kps');
    expect(find(manifests, 'PodMonitor', 'content-ranking').metadata.labels.release).toBe('kps');
    const dashboard = find(manifests, 'ConfigMap', 'content-ranking-dashboard');
    expect(dashboard.metadata).toMatchObject({ namespace: 'monitoring', labels: { grafana_dashboard: 'ml' } });
  });

  test('alerts select the Service callers address when serviceName differs, and adopted pods by workload', () => {
    const chart = testChart();
    contentRanking(chart, { serviceName: 'content-ranking-svc' });
    const adopt = (v: string) => ModelBackend.existing({ podLabels: { 'model-version': v }, workload: `Deployment/ranking-${v}` });
    new ModelService(chart, 'adopted', { modelName: 'adopted', selector: { app: 'adopted' }, versions: [{ name: 'v1', backend: adopt('v1') }] });
    const manifests = synth(chart);
    expect(rulesOf(manifests, 'content-ranking')[0].expr).toContain('destination_service_name="content-ranking-svc"');
    expect(rulesOf(manifests, 'adopted')[0].expr).toContain('destination_workload="ranking-v1"');
  });
});

