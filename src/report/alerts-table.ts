/** The alerts section of a service: every alert of its PrometheusRule, per version. */
import { alertRules } from '../observability/alerts';
import { ServiceRouting } from '../routing/route-table';
import { formatPrometheusDuration } from '../util/duration';
import { code, table } from '../util/markdown';

export function renderAlerts(service: ServiceRouting): string | undefined {
  const m = service.monitoring;
  if (!m) return undefined;
  const rows = alertRules(service).map(r => [code(r.alert), code(r.version), r.condition]);
  return [
    `PrometheusRule ${code(service.name)}; each alert fires after ${formatPrometheusDuration(m.forMs)} and only with at least `
      + `${m.minRequestRate} requests/s to the version. Dashboard: ${m.dashboard ? `ConfigMap ${code(`${service.name}-dashboard`)}` : 'none'}.`
      + (m.modelMetrics ? ` PodMonitor ${code(service.name)} scrapes the model servers on port ${m.modelMetrics.port} at ${code(m.modelMetrics.path)}.` : ''),
    '',
    table(['Alert', 'Version', 'Fires when'], rows),
  ].join('\n');
}
