/**
 * The alerts and the canary gates, evaluated by Prometheus' own promtool on synthetic Istio series
 * (istio_requests_total and istio_request_duration_milliseconds_bucket with Istio's default
 * buckets): every alert shape fires on a bad version and stays quiet on a good one, and every gate
 * passes, fails or is inconclusive as Argo's conditions decide on the query's result. The model's
 * Service name differs from its model name, as in the README's adoption example.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { CanaryDelivery, CanaryRollout } from '../src';
import { contentRanking, synth } from './util';
import { ISTIO_DEFAULT_LATENCY_BUCKETS_MS } from '../src/cluster/assumptions';

const PROMTOOL = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
if (!PROMTOOL && process.env.CI) {
  throw new Error('promtool is not on PATH; CI must install it (.ci/run: apt-get install prometheus)');
}
if (!PROMTOOL) console.log('promtool.test.ts skipped: promtool is not on PATH and CI is unset (apt-get install prometheus)');
const describeWithPromtool = PROMTOOL ? describe : describe.skip;

const STEP = '30s';
const STEPS = 60; // 30 minutes of scrapes

/** Requests per scrape interval of one version: `[durationMs, count, grpcStatus?, httpCode?]`. */
type Traffic = ReadonlyArray<readonly [number, number, string?, string?]>;

function labels(version: string, extra: Record<string, string>): string {
  const all = {
    reporter: 'destination',
    destination_service_namespace: 'ml-serving',
    destination_service_name: 'content-ranking-svc',
    destination_version: version,
    destination_workload_namespace: 'ml-serving',
    destination_workload: `content-ranking-${version}`,
    ...extra,
  };
  return Object.entries(all).map(([k, v]) => `${k}="${v}"`).join(', ');
}

/** Counter series for one version's traffic, as promtool's `input_series`. */
function series(version: string, traffic: Traffic): Array<{ series: string; values: string }> {
  const out: Array<{ series: string; values: string }> = [];
  const byCode = new Map<string, number>();
  for (const [, count, grpc = '', code = '200'] of traffic) byCode.set(`${code}|${grpc}`, (byCode.get(`${code}|${grpc}`) ?? 0) + count);
  for (const [key, count] of byCode) {
    const [code, grpc] = key.split('|');
    out.push({ series: `istio_requests_total{${labels(version, { response_code: code, grpc_response_status: grpc })}}`, values: `0+${count}x${STEPS}` });
  }
  for (const le of [...ISTIO_DEFAULT_LATENCY_BUCKETS_MS.map(String), '+Inf']) {
    const within = traffic.filter(([d]) => le === '+Inf' || d <= Number(le)).reduce((n, [, c]) => n + c, 0);
    out.push({ series: `istio_request_duration_milliseconds_bucket{${labels(version, { le })}}`, values: `0+${within}x${STEPS}` });
  }
  return out;
}

function run(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Runs `promtool test rules` over rule groups and tests; returns promtool's output on failure. */
function testRules(groups: unknown[], tests: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    writeFileSync(join(dir, 'rules.yaml'), Yaml.stringify({ groups }));
    writeFileSync(join(dir, 'test.yaml'), Yaml.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
    const checked = run(['check', 'rules', join(dir, 'rules.yaml')]);
    if (checked.status !== 0) return checked.out;
    const tested = run(['test', 'rules', join(dir, 'test.yaml')]);
    return tested.status === 0 ? '' : tested.out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function manifests(progressive: boolean): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'ml-serving' });
  // Argo keeps only the stable and canary subsets, so the progressive service has v45 and v47 only.
  const versions = [{ name: 'v45', image: 'registry.example.com/content-ranking:v45', replicas: 3 }, { name: 'v47', image: 'registry.example.com/content-ranking:v47' }];
  const service = contentRanking(chart, { serviceName: 'content-ranking-svc', ...progressive ? { versions } : {} });
  new CanaryRollout(chart, 'canary', {
    service,
    champion: 'v45',
    challengers: [{ version: 'v47', percent: progressive ? 0 : 10 }],
    delivery: progressive ? CanaryDelivery.argoRollouts() : undefined,
  });
  return synth(chart);
}

const OK: Traffic = [[20, 100]];
const AT_101MS: Traffic = [[101, 100]]; // every request in the 100-250ms bucket, none over 200ms
const AT_99MS: Traffic = [[99, 100]];
const SLOW_TAIL: Traffic = [[20, 95], [300, 5]]; // 5% over 250ms
const GRPC_UNAVAILABLE: Traffic = [[20, 50, '0'], [20, 50, '14']]; // HTTP 200, half of them gRPC UNAVAILABLE
const GRPC_OK: Traffic = [[20, 100, '0'], [20, 2, '5']]; // NOT_FOUND is the caller's error, not a failure

describeWithPromtool('alerts under promtool', () => {
  const rule = manifests(false).find(m => m.kind === 'PrometheusRule');
  // Annotations carry the firing value; the tests compare the alerts' labels only.
  const groups = rule.spec.groups.map((g: any) => ({ ...g, rules: g.rules.map(({ annotations, ...r }: any) => r) }));
  const alertsOf = (name: string, version: string) => rule.spec.groups[0].rules.filter((r: any) => r.alert === name && r.labels.version === version);

  const cases: Array<[string, string, Record<string, Traffic>, boolean]> = [
    ['ModelVersionErrorRatioHigh', 'v47', { v45: OK, v47: GRPC_UNAVAILABLE, v43: OK }, true],
    ['ModelVersionErrorRatioHigh', 'v47', { v45: OK, v47: GRPC_OK, v43: OK }, false],
    ['ModelVersionErrorRatioHigh', 'v45', { v45: [[20, 90], [20, 10, '', '503']], v47: OK, v43: OK }, true],
    ['ModelVersionLatencyOverBudget', 'v45', { v45: SLOW_TAIL, v47: OK, v43: OK }, true],
    ['ModelVersionLatencyOverBudget', 'v45', { v45: AT_101MS, v47: OK, v43: OK }, false],
    ['ModelChallengerLatencyRegression', 'v47', { v45: AT_99MS, v47: [[99, 90], [300, 10]], v43: OK }, true],
    ['ModelChallengerLatencyRegression', 'v47', { v45: AT_99MS, v47: AT_101MS, v43: OK }, false],
  ];
  test.each(cases)('%s on %s: %j fires=%s', (alert, version, traffic, fires) => {
    const [r] = alertsOf(alert, version);
    expect(r).toBeDefined();
    const input = Object.entries(traffic).flatMap(([v, t]) => series(v, t));
    const exp = fires ? [{ exp_labels: { ...r.labels } }] : [];
    expect(testRules(groups, [{ interval: STEP, input_series: input, alert_rule_test: [{ eval_time: '20m', alertname: alert, exp_alerts: exp }] }])).toBe('');
  });

  test('a wrong expectation fails (the harness is not vacuous)', () => {
    const input = series('v45', SLOW_TAIL);
    expect(testRules(groups, [{ interval: STEP, input_series: input, alert_rule_test: [{ eval_time: '20m', alertname: 'ModelVersionLatencyOverBudget', exp_alerts: [] }] }])).toMatch(/FAILED/);
  });
});

describeWithPromtool('canary gates under promtool, with Argo\'s conditions', () => {
  const template = manifests(true).find(m => m.kind === 'AnalysisTemplate');
  const metrics: any[] = template.spec.metrics;

  /** Argo's `len(result) == 1 && result[0] <op> <limit>` as an alert over the query: firing = the condition holds. */
  function conditionRule(name: string, query: string, condition: string): { alert: string; expr: string } {
    const m = /^len\(result\) == 1 && result\[0\] (<=|>|<|>=) ([0-9.]+)$/.exec(condition);
    if (!m) throw new Error(`unexpected Argo condition ${condition}`);
    return { alert: name, expr: `(${query}) ${m[1]} ${m[2]}` };
  }

  const cases: Array<[string, Record<string, Traffic>, 'pass' | 'fail' | 'inconclusive']> = [
    ['error-rate', { v45: OK, v47: GRPC_UNAVAILABLE }, 'fail'],
    ['error-rate', { v45: OK, v47: GRPC_OK }, 'pass'],
    ['error-rate', { v45: OK, v47: [] }, 'inconclusive'],
    ['latency-regression', { v45: AT_99MS, v47: [[99, 90], [300, 10]] }, 'fail'],
    ['latency-regression', { v45: AT_99MS, v47: AT_101MS }, 'pass'],
    ['latency-regression', { v45: [[110, 100]], v47: [[130, 100]] }, 'pass'],
    ['latency-regression', { v45: AT_99MS, v47: [] }, 'inconclusive'],
  ];
  test.each(cases)('%s with %j: %s', (gate, traffic, verdict) => {
    const metric = metrics.find(m => m.name === gate);
    const query = metric.provider.prometheus.query;
    const rules = [conditionRule('Succeeds', query, metric.successCondition), conditionRule('Fails', query, metric.failureCondition)];
    const input = Object.entries(traffic).filter(([, t]) => t.length).flatMap(([v, t]) => series(v, t));
    const fired = (name: string, on: boolean) => ({ eval_time: '20m', alertname: name, exp_alerts: on ? [{ exp_labels: {} }] : [] });
    expect(testRules([{ name: 'gates', rules }], [{
      interval: STEP, input_series: input, alert_rule_test: [fired('Succeeds', verdict === 'pass'), fired('Fails', verdict === 'fail')],
    }])).toBe('');
  });
});
