import { ApiObject, Duration, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { renderPrometheusRuleSpec } from './alerts';
import { dashboardUid, renderDashboard } from './dashboard';
import { checkWindow, clusterAssumptionsOf } from '../cluster/assumptions';
import { MonitoringSpec } from '../routing/route-table';
import { addObjectCheck } from '../synth/object-check';
import { MODEL_NAME_LABEL } from '../util/annotations';
import { at, checkInt, checkNumber, checkSeconds, fail, Where } from '../util/checks';
import { claimName } from '../util/claims';
import { formatPrometheusDuration } from '../util/duration';
import { IModelService } from '../values/model-service-ref';
import { routedService } from '../values/routed-service';
import { MONITORING_V1 } from '../wire/api-versions';
import { PodMonitorSpec } from '../wire/generated/prometheus-operator';

/** Alert thresholds and dashboard switches of a ModelService's observability. */
export interface ObservabilityOptions {
  /**
   * A version alerts when more than this percent of its requests fail with a 5xx.
   * @default 1
   */
  readonly maxErrorRatePercent?: number;
  /**
   * While a CanaryRollout sends traffic to a challenger, it alerts when its P99 latency is more
   * than this percent over the champion's.
   * @default 10
   */
  readonly maxLatencyRegressionPercent?: number;
  /**
   * Rate window of every query (`rate(...[5m])`), whole seconds.
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;
  /**
   * How long a condition must hold before its alert fires (`for:`), whole seconds.
   * @default Duration.minutes(5)
   */
  readonly alertFor?: Duration;
  /**
   * Requests per second below which a version's error ratio and latency are not judged: a few
   * requests make ratios and quantiles noise.
   * @default 0.1
   */
  readonly minRequestRate?: number;
  /**
   * The `severity` label of every alert.
   * @default "warning"
   */
  readonly severity?: string;
  /**
   * Extra labels on the PrometheusRule, e.g. the `release: prometheus` a Prometheus'
   * `ruleSelector` looks for.
   * @default - none
   */
  readonly ruleLabels?: { [key: string]: string };
  /**
   * Emit the Grafana dashboard ConfigMap.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * The Grafana dashboard's uid, unique in the Grafana instance (Grafana provisions one
   * dashboard per uid and drops the others), at most 40 characters.
   * @default - `<namespace>-<modelName>` cut to 40 characters; a synth error names the services if two collide
   */
  readonly dashboardUid?: string;
  /**
   * Port on which the model servers expose their own Prometheus metrics. Their pods get the
   * `prometheus.io/*` annotations, so Istio's metrics merging serves them on the sidecar's port
   * 15020 next to Istio's metrics, where the PodMonitor (`<modelName>`) scrapes them.
   * @default - no PodMonitor (Istio's metrics only)
   */
  readonly modelMetricsPort?: number;
  /**
   * Path of the model servers' metrics, with `modelMetricsPort`.
   * @default "/metrics"
   */
  readonly modelMetricsPath?: string;
}

/**
 * Whether and how a ModelService is observed: `Observability.enabled()` (the default) emits a
 * PrometheusRule with per-version alerts and a Grafana dashboard from Istio's standard metrics;
 * `Observability.disabled()` emits neither.
 */
export class Observability {
  /** Alerts and a dashboard, with these thresholds. */
  public static enabled(options: ObservabilityOptions = {}): Observability {
    return new Observability(options);
  }

  /** No alerts and no dashboard (e.g. when a platform team manages them elsewhere). */
  public static disabled(): Observability {
    return new Observability(undefined);
  }

  private constructor(private readonly options: ObservabilityOptions | undefined) {}

  /** @internal the service's observability objects, or undefined when disabled */
  public _attach(service: IModelService): ModelObservability | undefined {
    return this.options ? new ModelObservability(service, 'Observability', { ...this.options, service }) : undefined;
  }
}

/** Props of ModelObservability. */
export interface ModelObservabilityProps extends ObservabilityOptions {
  /** The observed service (a ModelService). */
  readonly service: IModelService;
}

/**
 * The PrometheusRule (`<modelName>`, alerts per version) and the Grafana dashboard ConfigMap
 * (`<modelName>-dashboard`, labelled `grafana_dashboard: "1"`) of one ModelService. A ModelService
 * creates it as its child `Observability` unless `observability: Observability.disabled()`.
 */
export class ModelObservability extends Construct {
  /** The PrometheusRule with the service's alerts. */
  public readonly prometheusRule: ApiObject;
  /** The ConfigMap holding the Grafana dashboard, unless disabled. */
  public readonly dashboard?: ApiObject;
  /** The PodMonitor scraping the model servers' own metrics, with `modelMetricsPort`. */
  public readonly podMonitor?: ApiObject;
  /** @internal the dashboard's uid */
  public readonly _dashboardUid?: string;
  /** @internal resolved thresholds, part of the service's route table */
  public readonly _spec: MonitoringSpec;

  constructor(scope: Construct, id: string, props: ModelObservabilityProps) {
    super(scope, id);
    const cluster = clusterAssumptionsOf(this);
    this._spec = toMonitoringSpec(props, { path: this.node.path, field: '' }, cluster.scrapeIntervalMs);
    const service = routedService(props.service, { path: this.node.path, field: 'service' });
    const routing = () => service._routing();
    const metadata = (name: string, labels: Record<string, string>) => ({
      name, namespace: service.namespace, labels: { [MODEL_NAME_LABEL]: service.modelName, ...labels },
    });
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', {
      apiVersion: MONITORING_V1,
      kind: 'PrometheusRule',
      metadata: metadata(service.modelName, { ...cluster.selectorLabels, ...this._spec.ruleLabels }),
      spec: Lazy.any({ produce: () => renderPrometheusRuleSpec(routing()) }),
    });
    if (this._spec.dashboard) {
      const uid = props.dashboardUid ?? dashboardUid({ namespace: service.namespace, name: service.modelName });
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(uid)) fail(at({ path: this.node.path, field: '' }, 'dashboardUid'), `"${uid}" is not a Grafana uid`, 'letters, digits, "-" and "_", at most 40 characters');
      const other = claimName(this, `grafana dashboard uid ${uid}`);
      if (other) fail(at({ path: this.node.path, field: '' }, 'dashboardUid'), `dashboard uid "${uid}" is also the uid of ${other}'s dashboard; Grafana would provision only one of them`, 'a dashboardUid unique in the app');
      this._dashboardUid = uid;
      this.dashboard = new ApiObject(this, 'Dashboard', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { ...metadata(`${service.modelName}-dashboard`, { ...cluster.dashboardLabels }), namespace: cluster.dashboardNamespace ?? service.namespace },
        data: Lazy.any({ produce: () => ({ [`${service.modelName}.json`]: JSON.stringify(renderDashboard(routing(), uid), null, 2) }) }),
      });
    }
    const scrape = this._spec.modelMetrics;
    if (scrape) annotateForMetricsMerging(service, scrape);
    if (cluster.scrapeIstioMetrics || scrape) {
      this.podMonitor = new ApiObject(this, 'PodMonitor', {
        apiVersion: MONITORING_V1,
        kind: 'PodMonitor',
        metadata: metadata(service.modelName, { ...cluster.selectorLabels, ...this._spec.ruleLabels }),
        spec: podMonitorSpec(podSelectorOf(service), cluster.scrapeIntervalMs),
      });
    }
    // The service itself reports a broken route table.
    addObjectCheck(this, () => [this.prometheusRule, this.dashboard, this.podMonitor].filter((o): o is ApiObject => o !== undefined),
      () => service._routingIsValid());
  }
}

/**
 * Scrape each pod's istio-proxy where Istio merges its metrics (istio_requests_total and the
 * duration histogram) with the application's: the agent's port 15020, which the sidecar does not
 * capture, so plain HTTP works under STRICT mTLS (Istio's docs/ops/integrations/prometheus). The
 * operator makes one target per DECLARED container port and keeps those matching `port`
 * (prometheus-operator pkg/prometheus/promcfg.go); 15020 is not declared, so we select the one
 * port the injected istio-proxy declares, http-envoy-prom (15090, Istio's injection-template.yaml),
 * and point the target's address at 15020.
 */
function podMonitorSpec(selector: Record<string, string>, scrapeIntervalMs: number): PodMonitorSpec {
  return {
    selector: { matchLabels: selector },
    podMetricsEndpoints: [{
      port: 'http-envoy-prom',
      path: '/stats/prometheus',
      interval: formatPrometheusDuration(scrapeIntervalMs),
      relabelings: [
        { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '(.*:.*)', replacement: '[$1]:15020', targetLabel: '__address__' },
        { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '([^:]+)', replacement: '$1:15020', targetLabel: '__address__' },
      ],
    }],
  };
}

/** What a ModelService offers its observability about its pods (another IModelService offers nothing). */
interface PodTemplates {
  /** The versions, whose Deployment or InferenceService renders pods. */
  readonly versions: ReadonlyArray<{ readonly deployment?: IConstruct; readonly inferenceService?: ApiObject }>;
  /** A Knative-mode service's one InferenceService. */
  readonly inferenceService?: ApiObject;
  /** Labels every version's pods carry (what the stable Service selects). */
  _podSelector(): Record<string, string> | undefined;
}

function podSelectorOf(service: IModelService): Record<string, string> {
  const t = service as Partial<PodTemplates>;
  return { ...(typeof t._podSelector === 'function' ? t._podSelector() : undefined) ?? { [MODEL_NAME_LABEL]: service.modelName } };
}

/**
 * Istio's metrics merging: the injector moves a pod's `prometheus.io/*` annotations into the
 * sidecar, whose agent then serves the model's metrics on 15020 too (Istio pkg/kube/inject/webhook.go
 * applyPrometheusMerge). Model containers need declare no metrics port, and the scrape stays
 * outside mTLS.
 */
function annotateForMetricsMerging(service: IModelService, scrape: { port: number; path: string }): void {
  const annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(scrape.port), 'prometheus.io/path': scrape.path };
  const t = service as Partial<PodTemplates>;
  for (const v of t.versions ?? []) {
    if (v.deployment) ApiObject.of(v.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { ...annotations }));
    v.inferenceService?.addJsonPatch(JsonPatch.add('/spec/predictor/annotations', { ...annotations }));
  }
  t.inferenceService?.addJsonPatch(JsonPatch.add('/spec/predictor/annotations', { ...annotations }));
}

function toMonitoringSpec(o: ObservabilityOptions, where: Where, scrapeIntervalMs: number): MonitoringSpec {
  const severity = o.severity ?? 'warning';
  if (!/^[A-Za-z0-9_.-]{1,63}$/.test(severity)) fail(at(where, 'severity'), `"${severity}" is not a usable label value`, 'letters, digits, "_", "-", "."');
  return {
    windowMs: checkWindow(checkSeconds(o.window ?? Duration.minutes(5), at(where, 'window')), scrapeIntervalMs, at(where, 'window')),
    forMs: checkSeconds(o.alertFor ?? Duration.minutes(5), at(where, 'alertFor'), 0),
    maxErrorRatePercent: checkNumber(o.maxErrorRatePercent ?? 1, at(where, 'maxErrorRatePercent'), 0, 100),
    maxLatencyRegressionPercent: checkNumber(o.maxLatencyRegressionPercent ?? 10, at(where, 'maxLatencyRegressionPercent'), 0),
    minRequestRate: checkNumber(o.minRequestRate ?? 0.1, at(where, 'minRequestRate'), 0),
    severity,
    ruleLabels: o.ruleLabels,
    dashboard: o.dashboard ?? true,
    modelMetrics: modelMetricsOf(o, where),
  };
}

function modelMetricsOf(o: ObservabilityOptions, where: Where): MonitoringSpec['modelMetrics'] {
  if (o.modelMetricsPort === undefined) {
    if (o.modelMetricsPath !== undefined) fail(at(where, 'modelMetricsPath'), 'a metrics path without a port scrapes nothing', 'modelMetricsPort with it');
    return undefined;
  }
  const path = o.modelMetricsPath ?? '/metrics';
  if (!/^\/\S*$/.test(path)) fail(at(where, 'modelMetricsPath'), `"${path}" is not an absolute URL path`, 'a path starting with "/"');
  return { port: checkInt(o.modelMetricsPort, at(where, 'modelMetricsPort'), 1, 65535), path };
}
