import { join } from 'path';
import { Chart, Duration, Testing, Yaml } from 'cdk8s';
import { ModelService, ModelServiceProps } from '../src';

/** A chart in namespace `ml-serving`, as the example platform uses. */
export function testChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'ml-serving' });
}

/** The issue's content-ranking service: v45 (3 replicas), v47, v43 with timeouts, retries, circuit breaker. */
export function contentRanking(chart: Chart, overrides: Partial<ModelServiceProps> = {}): ModelService {
  return new ModelService(chart, 'content-ranking', {
    modelName: 'content-ranking',
    port: 8080,
    versions: [
      { name: 'v45', image: 'registry.example.com/content-ranking:v45', replicas: 3 },
      { name: 'v47', image: 'registry.example.com/content-ranking:v47' },
      { name: 'v43', image: 'registry.example.com/content-ranking:v43' },
    ],
    timeout: Duration.millis(200),
    retries: { attempts: 2, perTryTimeout: Duration.millis(80), retryOn: ['5xx', 'gateway-error', 'connect-failure', 'retriable-4xx'] },
    circuitBreaker: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 },
    ...overrides,
  });
}

export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** Synthesized objects as one YAML stream: what reviewers read, so what snapshots hold. */
export function synthYaml(chart: Chart): string {
  return Yaml.stringify(...Testing.synth(chart));
}

export function find(manifests: any[], kind: string, name: string): any {
  const found = manifests.find(m => m.kind === kind && m.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${manifests.map(m => `${m.kind}/${m.metadata?.name}`).join(', ')}`);
  return found;
}

/** `http[]` routes of the VirtualService named `name`. */
export function httpRoutes(manifests: any[], name: string): any[] {
  return find(manifests, 'VirtualService', name).spec.http;
}

/** `../shared/docs/reference-manifests`, found relative to the repository (CI lays shared/ beside the clone). */
export const REFERENCE_MANIFESTS = join(__dirname, '..', '..', 'shared', 'docs', 'reference-manifests');
