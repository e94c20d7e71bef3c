import { validateSchema } from '../../src/check/schema';
import { fixture } from '../fixtures/check/schema/helpers';

/**
 * Many varied documents (names, weights, timeouts), so per-value caches cannot stand in for the real work;
 * every 100th one is broken, and the run must find exactly those.
 */
function documents(count: number): unknown[] {
  const [deployment, service] = fixture('deployment-service.yaml') as any[];
  const [isvc] = fixture('inference-service.yaml') as any[];
  const docs: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const name = `model-${i}`;
    const broken = i % 100 === 0 || i % 100 === 2;
    switch (i % 5) {
      case 0:
        docs.push({
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name, namespace: 'ml' },
          spec: {
            hosts: [name],
            http: [{
              match: [{ headers: { 'x-user-segment': { exact: `seg-${i % 7}` } } }],
              route: [{ destination: { host: name, subset: 'v1' }, weight: 100 - (i % 50) }, { destination: { host: name, subset: 'v2' }, weight: i % 50 }],
              timeout: broken ? '0s' : `${(i % 5000) + 1}ms`,
              retries: { attempts: 1 + (i % 3), perTryTimeout: `${(i % 300) + 10}ms` },
            }],
          },
        });
        break;
      case 1:
        docs.push({
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name, namespace: 'ml' },
          spec: {
            host: name,
            trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 + i }, http: { http1MaxPendingRequests: i % 1000, idleTimeout: `${(i % 60) + 1}s` } } },
            subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
          },
        });
        break;
      case 2:
        docs.push({ ...deployment, metadata: { ...deployment.metadata, name }, spec: { ...deployment.spec, replicas: broken ? 'three' : i % 10 } });
        break;
      case 3:
        docs.push({ ...service, metadata: { ...service.metadata, name } });
        break;
      default:
        const canary = [{ ...isvc.spec.canary[0], trafficPercent: i % 101 }];
        docs.push({ ...isvc, metadata: { ...isvc.metadata, name }, spec: { ...isvc.spec, canary } });
    }
  }
  return docs;
}

// Throughput is measured by `npm run bench` (20,000 documents), never asserted here: CI machines are loaded.
test('a bulk run of 5,000 documents finds exactly the broken ones', () => {
  const docs = documents(5000);
  const findings = docs.flatMap((object, index) => validateSchema({ file: 'bulk.yaml', index, object }));
  // Broken: index % 100 == 0 (a VirtualService with timeout 0s) and == 2 (a Deployment with replicas "three").
  const byRule = (rule: string): string[] => findings.filter(f => f.rule === rule).map(f => `${f.kind} ${f.path}`);
  expect(byRule('schema/cel')).toEqual(Array(50).fill('VirtualService spec.http[0].timeout'));
  expect(byRule('schema/type')).toEqual(Array(50).fill('Deployment spec.replicas'));
  expect(findings).toHaveLength(100);
});
