import { MeshCheck } from '../../src';

const rules = (objects: any[]) => MeshCheck.checkManifests(objects).findings.filter(f => f.rule.startsWith('reference/')).map(f => `${f.rule} ${f.severity}`);

const deployment = (labels: Record<string, string>, ports: any[] = [{ name: 'http', containerPort: 8080 }]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'm', namespace: 'ml' },
  spec: { selector: { matchLabels: { app: 'm' } }, template: { metadata: { labels: { app: 'm', ...labels } }, spec: { containers: [{ name: 'c', image: 'i:1', ports }] } } },
});
const strict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'ml' }, spec: { mtls: { mode: 'STRICT' } } };
const podMonitor = (endpoint: Record<string, unknown>) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PodMonitor',
  metadata: { name: 'm', namespace: 'ml' },
  spec: { selector: { matchLabels: { app: 'm' } }, podMetricsEndpoints: [endpoint] },
});
const isvc = (annotations: Record<string, string>, securityContext?: unknown) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'm', namespace: 'ml', annotations },
  spec: { predictor: { securityContext, model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://m/1' } } },
});

describe('check: cluster seams in hand-written YAML', () => {
  test('a Knative-mode InferenceService with a pod securityContext (Knative\'s PodSpecMask)', () => {
    expect(rules([isvc({ 'serving.kserve.io/deploymentMode': 'Knative' }, { runAsNonRoot: true })])).toContain('reference/knative-pod-security-context warning');
    expect(rules([isvc({ 'serving.kserve.io/deploymentMode': 'Knative' })])).not.toContain('reference/knative-pod-security-context warning');
    expect(rules([isvc({ 'serving.kserve.io/deploymentMode': 'Standard' }, { runAsNonRoot: true })])).not.toContain('reference/knative-pod-security-context warning');
    const [finding] = MeshCheck.checkManifests([isvc({ 'serving.kserve.io/deploymentMode': 'Knative' }, { runAsNonRoot: true })]).findings.filter(f => f.rule === 'reference/knative-pod-security-context');
    expect(finding.message).toContain('pkg/apis/serving/fieldmask.go');
  });

  test('a PodMonitor whose port no selected pod declares (prometheus-operator promcfg.go)', () => {
    expect(rules([deployment({}), podMonitor({ port: 'metrics' })])).toContain('reference/podmonitor-port-undeclared warning');
    expect(rules([deployment({}), podMonitor({ portNumber: 9090 })])).toContain('reference/podmonitor-port-undeclared warning');
    expect(rules([deployment({}), podMonitor({ port: 'http' })])).not.toContain('reference/podmonitor-port-undeclared warning');
    expect(rules([deployment({}), podMonitor({ port: 'http-envoy-prom' })])).not.toContain('reference/podmonitor-port-undeclared warning');
    // No selected pod in the run: nothing to say.
    expect(rules([podMonitor({ port: 'metrics' })])).not.toContain('reference/podmonitor-port-undeclared warning');
  });

  test('a pod template in a STRICT namespace with no injection (Istio\'s injection webhooks)', () => {
    expect(rules([strict, deployment({})])).toContain('reference/strict-namespace-no-injection warning');
    expect(rules([strict, deployment({ 'sidecar.istio.io/inject': 'true' })])).not.toContain('reference/strict-namespace-no-injection warning');
    expect(rules([strict, deployment({ 'istio.io/rev': 'canary' })])).not.toContain('reference/strict-namespace-no-injection warning');
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml', labels: { 'istio-injection': 'enabled' } } };
    expect(rules([ns, strict, deployment({})])).not.toContain('reference/strict-namespace-no-injection warning');
    expect(rules([deployment({})])).not.toContain('reference/strict-namespace-no-injection warning');
  });
});
