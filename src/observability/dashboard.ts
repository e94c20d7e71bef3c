/**
 * A Grafana dashboard per model service: one row per version with requests/s, P50/P95/P99
 * latency, 5xx ratio and the version's share of the service's traffic. Plain dashboard JSON, as
 * Grafana's dashboard sidecar loads it from a labelled ConfigMap.
 */
import { errorRatio, latencyQuantile, requestRate, trafficShare, versionMatchers } from './promql';
import { ServiceRouting } from '../routing/route-table';
import { formatPrometheusDuration } from '../util/duration';

/** Grafana limits dashboard uids to 40 characters. */
const MAX_UID = 40;
const PANEL_WIDTH = 6;
const PANEL_HEIGHT = 8;
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

interface Target {
  readonly expr: string;
  readonly legend: string;
}

/** The dashboard's stable uid: `<namespace>-<model>`, cut to Grafana's 40 characters. */
export function dashboardUid(service: Pick<ServiceRouting, 'namespace' | 'name'>): string {
  return [service.namespace, service.name].filter(Boolean).join('-').slice(0, MAX_UID);
}

/** The dashboard model (Grafana's JSON). */
export function renderDashboard(service: ServiceRouting, uid = dashboardUid(service)): Record<string, unknown> {
  const w = formatPrometheusDuration(service.monitoring!.windowMs);
  const all = service.versions.map(v => versionMatchers(service, v));
  let id = 0;
  const panels: Array<Record<string, unknown>> = [];
  service.versions.forEach((v, row) => {
    const sel = all[row];
    const y = row * (PANEL_HEIGHT + 1);
    panels.push({ id: ++id, type: 'row', title: `Version ${v.name}`, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    const charts: Array<[string, string, Target[]]> = [
      ['requests/s', 'reqps', [{ expr: requestRate(sel, w), legend: 'requests/s' }]],
      ['latency', 'ms', [0.5, 0.95, 0.99].map(q => ({ expr: latencyQuantile(q, sel, w), legend: `P${Math.round(q * 100)}` }))],
      ['5xx ratio', 'percentunit', [{ expr: errorRatio(sel, w), legend: '5xx ratio' }]],
      ['traffic share', 'percentunit', [{ expr: trafficShare(sel, all, w), legend: 'share of the service' }]],
    ];
    charts.forEach(([title, unit, targets], col) => panels.push({
      id: ++id,
      type: 'timeseries',
      title: `${v.name} · ${title}`,
      datasource: DATASOURCE,
      gridPos: { x: col * PANEL_WIDTH, y: y + 1, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      fieldConfig: { defaults: { unit }, overrides: [] },
      targets: targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, expr: t.expr, legendFormat: t.legend })),
    }));
  });
  return {
    uid,
    title: `Model ${service.name}${service.namespace ? ` (${service.namespace})` : ''}`,
    tags: ['cdk8s-ml-mesh', 'model-serving'],
    editable: false,
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: { list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' }] },
    panels,
  };
}

/** All PromQL expressions of a dashboard, for tests and tools. */
export function dashboardExpressions(dashboard: Record<string, unknown>): string[] {
  const panels = dashboard.panels as Array<{ targets?: Array<{ expr: string }> }>;
  return panels.flatMap(p => (p.targets ?? []).map(t => t.expr));
}
