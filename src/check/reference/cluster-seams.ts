/**
 * Seams between hand-written manifests and the controllers that act on them, which no schema or
 * Istio webhook sees: Knative's pod-spec field mask, prometheus-operator's per-port targets, and
 * Istio's sidecar injection under STRICT mTLS. Warnings: the cluster's settings can make each fine.
 */
import { referenceFinding } from './report';
import { apiGroup, asList, asRecord, asStringMap, namespaceOf, objectOf } from './resources';
import { selects, TEMPLATE_KINDS } from './workloads';
import { annotatedDeploymentMode } from '../../routing/kserve-deployment-mode';
import { Finding, ManifestDocument } from '../finding';

interface PodTemplate {
  readonly doc: ManifestDocument;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ports: ReadonlyArray<{ name?: string; number?: number }>;
}

function podTemplates(docs: readonly ManifestDocument[], defaultNamespace: string): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const doc of docs) {
    const object = objectOf(doc);
    if (!object || typeof object.kind !== 'string' || !TEMPLATE_KINDS.has(object.kind)) continue;
    const template = asRecord(asRecord(object.spec).template);
    const containers = asList(asRecord(template.spec).containers).map(asRecord);
    const ports = containers.flatMap(c => asList(c.ports).map(asRecord)).map(p => ({
      name: typeof p.name === 'string' ? p.name : undefined, number: typeof p.containerPort === 'number' ? p.containerPort : undefined,
    }));
    out.push({ doc, namespace: namespaceOf(object, defaultNamespace), labels: asStringMap(asRecord(template.metadata).labels), ports });
  }
  return out;
}

/**
 * knative/serving pkg/apis/serving/fieldmask.go PodSpecMask: a pod-level securityContext is
 * refused unless config-features enables kubernetes.podspec-securitycontext (disabled by default,
 * pkg/apis/config/features.go).
 */
function knativePodSecurityContext(docs: readonly ManifestDocument[]): Finding[] {
  return docs.flatMap(doc => {
    const object = objectOf(doc);
    if (!object || object.kind !== 'InferenceService' || apiGroup(object) !== 'serving.kserve.io') return [];
    if (annotatedDeploymentMode(asStringMap(asRecord(object.metadata).annotations)) !== 'knative') return [];
    if (asRecord(object.spec).predictor === undefined || asRecord(asRecord(object.spec).predictor).securityContext === undefined) return [];
    return [referenceFinding(doc, 'warning', 'spec.predictor.securityContext', 'knative-pod-security-context',
      'Knative refuses a pod-level securityContext unless config-features enables kubernetes.podspec-securitycontext (disabled by default; '
      + 'knative/serving pkg/apis/serving/fieldmask.go PodSpecMask), so the revision would never be created: set runAsNonRoot and seccompProfile on the container instead')];
  });
}

/** prometheus-operator pkg/prometheus/promcfg.go: one target per declared container port, kept when it matches `port`/`portNumber`. */
function podMonitorPorts(docs: readonly ManifestDocument[], pods: readonly PodTemplate[], defaultNamespace: string): Finding[] {
  return docs.flatMap(doc => {
    const object = objectOf(doc);
    if (!object || object.kind !== 'PodMonitor' || apiGroup(object) !== 'monitoring.coreos.com') return [];
    const spec = asRecord(object.spec);
    const namespace = namespaceOf(object, defaultNamespace);
    const namespaces = asList(asRecord(spec.namespaceSelector).matchNames).filter((n): n is string => typeof n === 'string');
    const selector = asStringMap(asRecord(spec.selector).matchLabels);
    if (asRecord(spec.namespaceSelector).any === true || Object.keys(asRecord(spec.selector)).some(k => k !== 'matchLabels')) return [];
    const selected = pods.filter(p => (namespaces.length ? namespaces : [namespace]).includes(p.namespace) && selects(selector, p.labels));
    if (!selected.length) return [];
    return asList(spec.podMetricsEndpoints).map(asRecord).flatMap((ep, i) => {
      // The injected istio-proxy declares http-envoy-prom (Istio's injection-template.yaml).
      if (ep.port === 'http-envoy-prom') return [];
      const declared = (p: PodTemplate) => p.ports.some(x => (typeof ep.port === 'string' && x.name === ep.port) || (typeof ep.portNumber === 'number' && x.number === ep.portNumber));
      if (ep.port === undefined && ep.portNumber === undefined) return [];
      if (selected.some(declared)) return [];
      const port = ep.port ?? ep.portNumber;
      return [referenceFinding(doc, 'warning', `spec.podMetricsEndpoints[${i}]`, 'podmonitor-port-undeclared',
        `no pod this PodMonitor selects declares port ${JSON.stringify(port)}; prometheus-operator makes one target per declared container port `
        + '(pkg/prometheus/promcfg.go), so nothing is scraped: declare the port on the container, or scrape the sidecar (port http-envoy-prom with Istio\'s metrics merging)')];
    });
  });
}

const INJECTION_LABELS = ['istio-injection', 'istio.io/rev'];

/**
 * Istio's injection webhooks (manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml):
 * a namespace labelled istio-injection=enabled or istio.io/rev, or a pod labelled
 * sidecar.istio.io/inject: "true" or istio.io/rev. Without a sidecar, STRICT mTLS callers fail.
 */
function strictWithoutInjection(docs: readonly ManifestDocument[], pods: readonly PodTemplate[], defaultNamespace: string): Finding[] {
  const strict = new Set<string>();
  const injected = new Set<string>();
  for (const doc of docs) {
    const object = objectOf(doc);
    if (!object) continue;
    const spec = asRecord(object.spec);
    if (object.kind === 'PeerAuthentication' && asRecord(spec.mtls).mode === 'STRICT' && spec.selector === undefined) strict.add(namespaceOf(object, defaultNamespace));
    if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
      const labels = asStringMap(asRecord(object.metadata).labels);
      if (labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined) injected.add(String(asRecord(object.metadata).name));
    }
  }
  return pods.filter(p => strict.has(p.namespace) && !injected.has(p.namespace)
    && p.labels['sidecar.istio.io/inject'] !== 'true' && !INJECTION_LABELS.some(l => l in p.labels))
    .map(p => referenceFinding(p.doc, 'warning', 'spec.template.metadata.labels', 'strict-namespace-no-injection',
      `namespace ${p.namespace} requires STRICT mTLS, but nothing in the checked manifests gets this pod an istio-proxy sidecar: label the pod template `
      + 'sidecar.istio.io/inject: "true" (or istio.io/rev), or the namespace istio-injection=enabled (Istio\'s injection webhooks, '
      + 'manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml); without one, mTLS callers fail and AuthorizationPolicies do not apply'));
}

export function checkClusterSeams(docs: readonly ManifestDocument[], defaultNamespace: string): Finding[] {
  const pods = podTemplates(docs, defaultNamespace);
  return [
    ...knativePodSecurityContext(docs),
    ...podMonitorPorts(docs, pods, defaultNamespace), ...strictWithoutInjection(docs, pods, defaultNamespace),
  ];
}
