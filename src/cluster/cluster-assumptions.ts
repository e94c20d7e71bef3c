/**
 * What the manifests assume about the cluster they are applied to: the settings of the
 * controllers that act on them (Istio's injector, Knative's config-features, Prometheus' and
 * Grafana's selection, KServe's storage initializer). One typed, app-wide set with documented
 * defaults; the constructs render against it and ROUTING.md lists it under "Cluster assumptions".
 */
import { Duration } from 'cdk8s';
import { checkDnsName } from '../util/checks';

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
   * Leave off when the cluster already scrapes every sidecar, as Istio's Prometheus integration
   * sets up (its `envoy-stats-monitor` PodMonitor); the report lists which one is assumed.
   * @default false (the cluster scrapes Istio's metrics)
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
