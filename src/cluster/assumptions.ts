/** The resolved cluster assumptions, their lookup by app, and their lines in the report. */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterAssumptionsProps, SidecarInjection } from './cluster-assumptions';
import { at, checkArray, checkBoolean, checkDnsName, checkInstance, checkNumber, checkObject, checkSeconds, checkString, fail, optional, Where } from '../util/checks';

/** Istio's default `istio_request_duration_milliseconds` buckets (istio.io/latest/docs/reference/config/metrics). */
export const ISTIO_DEFAULT_LATENCY_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

/** The resolved assumptions. */
export interface ClusterAssumptions {
  readonly sidecarInjection: SidecarInjection;
  readonly knativePodSecurityContext: boolean;
  readonly scrapeIntervalMs: number;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly scrapeIstioMetrics: boolean;
  readonly latencyBucketsMs: readonly number[];
  readonly dashboardLabels: Readonly<Record<string, string>>;
  readonly dashboardNamespace?: string;
  readonly hardenedStorageContainer: boolean;
}

/** Every default, for charts outside a MeshApp. */
export const DEFAULT_CLUSTER: ClusterAssumptions = resolveClusterAssumptions({});

/** Rate windows must hold this many scrapes (Prometheus' rate() needs at least two; four survive a missed scrape). */
export const MIN_SCRAPES_PER_WINDOW = 4;

/** A rate window must hold MIN_SCRAPES_PER_WINDOW scrapes, or rate() has too few samples to ever conclude. */
export function checkWindow(windowMs: number, scrapeIntervalMs: number, where: Where): number {
  const min = MIN_SCRAPES_PER_WINDOW * scrapeIntervalMs;
  if (windowMs < min) {
    fail(where, `a ${windowMs / 1000}s window holds fewer than ${MIN_SCRAPES_PER_WINDOW} scrapes at Prometheus' ${scrapeIntervalMs / 1000}s scrape interval, so rate() would rarely have enough samples and nothing would ever fire or conclude`,
      `a window of at least ${min / 1000}s, or MeshAppProps.cluster.prometheusScrapeInterval if the cluster scrapes more often`);
  }
  return windowMs;
}

export function resolveClusterAssumptions(p: ClusterAssumptionsProps, where: Where = { path: 'MeshApp', field: 'cluster' }): ClusterAssumptions {
  checkObject(p, where, 'ClusterAssumptionsProps');
  const labels = (v: { [key: string]: string } | undefined, field: string) => v === undefined ? undefined : checkLabels(v, at(where, field));
  const buckets = optional(p.latencyBucketsMs, at(where, 'latencyBucketsMs'), (b, w) => checkArray(b, w, (n, wi) => checkNumber(n, wi, 0), 'increasing positive bucket bounds in milliseconds', 1));
  if (buckets && buckets.some((b, i) => i > 0 && b <= buckets[i - 1])) {
    fail(at(where, 'latencyBucketsMs'), 'bucket bounds are not increasing', 'increasing positive bucket bounds in milliseconds');
  }
  return {
    sidecarInjection: optional(p.sidecarInjection, at(where, 'sidecarInjection'), (s, w) => checkInstance(s, w, SidecarInjection, 'SidecarInjection.podLabel(), .revision(name) or .namespaceLabel()')) ?? SidecarInjection.podLabel(),
    knativePodSecurityContext: optional(p.knativePodSecurityContext, at(where, 'knativePodSecurityContext'), checkBoolean) ?? false,
    scrapeIntervalMs: checkSeconds(p.prometheusScrapeInterval ?? Duration.seconds(30), at(where, 'prometheusScrapeInterval')),
    selectorLabels: labels(p.prometheusSelectorLabels, 'prometheusSelectorLabels') ?? {},
    scrapeIstioMetrics: optional(p.scrapeIstioMetrics, at(where, 'scrapeIstioMetrics'), checkBoolean) ?? false,
    latencyBucketsMs: buckets ?? ISTIO_DEFAULT_LATENCY_BUCKETS_MS,
    dashboardLabels: labels(p.grafanaDashboardLabels, 'grafanaDashboardLabels') ?? { grafana_dashboard: '1' },
    dashboardNamespace: optional(p.grafanaDashboardNamespace, at(where, 'grafanaDashboardNamespace'), (n, w) => checkDnsName(n, w, 'namespace')),
    hardenedStorageContainer: optional(p.kserveHardenedStorageContainer, at(where, 'kserveHardenedStorageContainer'), checkBoolean) ?? false,
  };
}

function checkLabels(v: { [key: string]: string }, where: Where): Record<string, string> {
  checkObject(v, where, 'a map of label names to values');
  for (const [k, value] of Object.entries(v)) {
    checkString(k, at(where, k), 'a label name', /^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/, 317);
    checkString(value, at(where, k), 'a label value', /^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/, 63);
  }
  return { ...v };
}

const byRoot = new WeakMap<IConstruct, ClusterAssumptions>();

/** Registered by MeshApp for its tree. */
export function setClusterAssumptions(root: IConstruct, assumptions: ClusterAssumptions): void {
  byRoot.set(root, assumptions);
}

/** The assumptions of the app `scope` is in (the defaults outside a MeshApp). */
export function clusterAssumptionsOf(scope: IConstruct): ClusterAssumptions {
  return byRoot.get(scope.node.root) ?? DEFAULT_CLUSTER;
}

/** The assumptions in words, for ROUTING.md. */
export function assumptionLines(c: ClusterAssumptions): string[] {
  const kv = (m: Readonly<Record<string, string>>) => Object.entries(m).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  return [
    `Sidecar injection: ${c.sidecarInjection._description}.`,
    `Knative config-features kubernetes.podspec-securitycontext: ${c.knativePodSecurityContext ? 'enabled (Knative-mode predictors carry a pod securityContext)' : 'disabled, Knative\'s default (Knative-mode predictors carry the securityContext on their containers only)'}.`,
    `Prometheus scrapes every ${c.scrapeIntervalMs / 1000}s; PrometheusRules and PodMonitors carry the labels its selectors want: ${kv(c.selectorLabels)}.`,
    `Istio metrics: ${c.scrapeIstioMetrics ? 'a PodMonitor per model scrapes its pods\' istio-proxy (port 15020, Istio\'s metrics merged with the model\'s)' : 'scraped by the cluster (Istio\'s envoy-stats-monitor PodMonitor from its Prometheus integration must select the model namespaces); we render a PodMonitor only for models with modelMetricsPort'}.`,
    `istio_request_duration_milliseconds buckets: ${c.latencyBucketsMs.join(', ')} ms (latency alerts and gates are exact at these bounds).`,
    `Grafana's dashboard sidecar selects ${kv(c.dashboardLabels)} in ${c.dashboardNamespace ? `namespace ${c.dashboardNamespace}` : 'each model\'s namespace'}.`,
    `KServe storage initializer: ${c.hardenedStorageContainer ? 'a ClusterStorageContainer with a PSS "restricted" securityContext matches our storage URIs' : 'KServe\'s default, injected without a securityContext (kserve#5373): storageUri models are refused where PSS "restricted" is enforced, until a hardened ClusterStorageContainer matches their URIs'}.`,
  ];
}
