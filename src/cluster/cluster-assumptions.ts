/**
 * What the manifests assume about the cluster they are applied to: the settings of the
 * controllers that act on them (Istio's injector, Knative's config-features, Prometheus' and
 * Grafana's selection, KServe's storage initializer). One typed, app-wide set with documented
 * defaults; the constructs render against it and ROUTING.md lists it under "Cluster assumptions".
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { at, checkArray, checkBoolean, checkDnsName, checkInstance, checkNumber, checkObject, checkSeconds, checkString, fail, optional, Where } from '../util/checks';

/**
 * How Istio's injector is told to add the istio-proxy sidecar to the pods we render.
 *
 * Istio's default revision installs two injection webhooks
 * (manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml): `namespace.`
 * for namespaces labelled `istio-injection=enabled`, and `object.` for pods labelled
 * `sidecar.istio.io/inject: "true"` in namespaces with neither `istio-injection` nor `istio.io/rev`.
 */
export class SidecarInjection {
  /**
   * Label every pod template `sidecar.istio.io/inject: "true"`: a default Istio install injects
   * it in any namespace that does not set `istio-injection` or `istio.io/rev` itself.
   */
  public static podLabel(): SidecarInjection {
    return new SidecarInjection({ 'sidecar.istio.io/inject': 'true' }, 'pod label sidecar.istio.io/inject: "true" (Istio\'s object.sidecar-injector webhook)');
  }

  /** Label every pod template `istio.io/rev: <revision>`, for a revisioned control plane. */
  public static revision(revision: string): SidecarInjection {
    checkDnsName(revision, { path: 'SidecarInjection.revision', field: 'revision' }, 'Istio revision');
    return new SidecarInjection({ 'istio.io/rev': revision }, `pod label istio.io/rev: ${revision} (the revision's injection webhook)`);
  }

  /**
   * Add nothing to pods: the platform labels every namespace we deploy to
   * `istio-injection=enabled` (or `istio.io/rev`). The report lists it as required.
   */
  public static namespaceLabel(): SidecarInjection {
    return new SidecarInjection({}, 'namespace label istio-injection=enabled (or istio.io/rev), set by the platform on every namespace we deploy to');
  }

  private constructor(
    /** @internal labels on every pod template we render */
    public readonly _podLabels: Readonly<Record<string, string>>,
    /** @internal for the report */
    public readonly _description: string) {}
}

/** Props of the app-wide cluster assumptions (`MeshAppProps.cluster`). */
export interface ClusterAssumptionsProps {
  /**
   * How pods get the istio-proxy sidecar (needed for STRICT mTLS and AuthorizationPolicies).
   * @default SidecarInjection.podLabel()
   */
  readonly sidecarInjection?: SidecarInjection;
  /**
   * Whether Knative's `config-features` enables `kubernetes.podspec-securitycontext`. Knative's
   * webhook refuses a pod-level securityContext otherwise, so Knative-mode predictors then carry
   * it on their containers only.
   * @default false (Knative's default)
   */
  readonly knativePodSecurityContext?: boolean;
  /**
   * Prometheus' scrape interval for the pods' sidecars. Rate windows of alerts and gates must
   * hold at least 4 scrapes; the PodMonitors we render scrape at this interval.
   * @default Duration.seconds(30) (kube-prometheus-stack's default)
   */
  readonly prometheusScrapeInterval?: Duration;
  /**
   * Labels on every PrometheusRule and PodMonitor, for the Prometheus' `ruleSelector` and
   * `podMonitorSelector` (kube-prometheus-stack's default wants `release: <helm release>`).
   * @default - none (a Prometheus that selects all rules and monitors)
   */
  readonly prometheusSelectorLabels?: { [key: string]: string };
  /**
   * Render a PodMonitor per model service that scrapes its pods' istio-proxy (Istio's standard
   * metrics, which every alert, gate and dashboard reads, merged with the model's own metrics).
   * Turn off when the cluster already scrapes every sidecar (Istio's `envoy-stats-monitor`).
   * @default true
   */
  readonly scrapeIstioMetrics?: boolean;
  /**
   * Bucket bounds (milliseconds) of `istio_request_duration_milliseconds`. Latency alerts and
   * gates are measured at these bounds.
   * @default - Istio's defaults: 0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000
   */
  readonly latencyBucketsMs?: number[];
  /**
   * Labels the Grafana dashboard sidecar looks for on dashboard ConfigMaps.
   * @default { grafana_dashboard: "1" } (the Grafana chart's `sidecar.dashboards.label` default)
   */
  readonly grafanaDashboardLabels?: { [key: string]: string };
  /**
   * Namespace of the dashboard ConfigMaps (the Grafana chart's sidecar searches its own
   * namespace unless `sidecar.dashboards.searchNamespace` says otherwise).
   * @default - the model service's namespace
   */
  readonly grafanaDashboardNamespace?: string;
  /**
   * Whether the cluster has a ClusterStorageContainer for our storage URIs whose container sets
   * a PSS "restricted" securityContext. KServe injects its default storage initializer without
   * one (kserve#5373), so `storageUri` models are refused where "restricted" is enforced.
   * @default false
   */
  readonly kserveHardenedStorageContainer?: boolean;
}

/** Istio's default `istio_request_duration_milliseconds` buckets (istio.io/latest/docs/reference/config/metrics). */
export const ISTIO_DEFAULT_LATENCY_BUCKETS_MS: readonly number[] = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

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
    scrapeIstioMetrics: optional(p.scrapeIstioMetrics, at(where, 'scrapeIstioMetrics'), checkBoolean) ?? true,
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
    `Istio metrics: ${c.scrapeIstioMetrics ? 'a PodMonitor per model scrapes its pods\' istio-proxy (port 15020, Istio\'s metrics merged with the model\'s)' : 'scraped by the cluster (e.g. Istio\'s envoy-stats-monitor); we render no PodMonitor for them'}.`,
    `istio_request_duration_milliseconds buckets: ${c.latencyBucketsMs.join(', ')} ms (latency alerts and gates are exact at these bounds).`,
    `Grafana's dashboard sidecar selects ${kv(c.dashboardLabels)} in ${c.dashboardNamespace ? `namespace ${c.dashboardNamespace}` : 'each model\'s namespace'}.`,
    `KServe storage initializer: ${c.hardenedStorageContainer ? 'a ClusterStorageContainer with a PSS "restricted" securityContext matches our storage URIs' : 'KServe\'s default, injected without a securityContext (kserve#5373): storageUri models are refused where PSS "restricted" is enforced, until a hardened ClusterStorageContainer matches their URIs'}.`,
  ];
}
