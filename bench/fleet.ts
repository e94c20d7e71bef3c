/**
 * A synthetic model fleet for the `check` benchmark: per model a Service, a Deployment per
 * version, a DestinationRule with one subset per version, a VirtualService (premium header route
 * plus a weighted canary split with timeout and retries), an HPA, and for every third model a
 * third version and a PodDisruptionBudget. 3,000 models give 20,000 documents.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';

function modelDocuments(i: number): object[] {
  const name = `model-${String(i).padStart(4, '0')}`;
  const namespace = `team-${i % 20}`;
  const versions = i % 3 === 0 ? ['v1', 'v2', 'v3'] : ['v1', 'v2'];
  const labels = (version: string) => ({ 'app': name, 'model-version': version });
  const docs: object[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { app: name } },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] },
    },
    ...versions.map(version => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${name}-${version}`, namespace, labels: labels(version) },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels(version) },
        template: {
          metadata: { labels: labels(version) },
          spec: {
            containers: [{
              name: 'server',
              image: `registry.example.com/${name}:${version}`,
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
            }],
          },
        },
      },
    })),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name, namespace },
      spec: {
        host: name,
        trafficPolicy: {
          connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 50, idleTimeout: '30s' } },
          outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        },
        subsets: versions.map(version => ({ name: version, labels: { 'model-version': version } })),
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name, namespace },
      spec: {
        hosts: [name],
        http: [
          {
            name: 'premium',
            match: [{ headers: { 'x-user-segment': { exact: 'premium' } } }],
            route: [{ destination: { host: name, subset: versions[versions.length - 1] }, weight: 100 }],
          },
          {
            name: 'default',
            route: [
              { destination: { host: name, subset: 'v1' }, weight: 90 },
              { destination: { host: name, subset: 'v2' }, weight: 10 },
            ],
            timeout: '2s',
            retries: { attempts: 2, perTryTimeout: '800ms', retryOn: '5xx,gateway-error,connect-failure' },
          },
        ],
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${name}-v1` },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
  ];
  if (i % 3 === 0) {
    docs.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace },
      spec: { minAvailable: 1, selector: { matchLabels: { app: name } } },
    });
  }
  return docs;
}

/** Write the fleet as one YAML file per model, 100 models per directory; returns the document count. */
export function writeFleet(dir: string, models: number): number {
  let documents = 0;
  for (let i = 0; i < models; i++) {
    const sub = join(dir, `batch-${String(Math.floor(i / 100)).padStart(2, '0')}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    const docs = modelDocuments(i);
    documents += docs.length;
    writeFileSync(join(sub, `model-${String(i).padStart(4, '0')}.yaml`), docs.map(d => stringify(d)).join('---\n'));
  }
  return documents;
}
