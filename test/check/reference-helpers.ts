import { validateReferences } from '../../src/check/reference';

/** `rule kind/name path message` lines of the reference findings for a run of objects. */
export function referenceLines(objects: unknown[]): string[] {
  const docs = objects.map((object, index) => ({ file: 'run.yaml', index, object }));
  return validateReferences(docs).map(f => `${f.severity === 'warning' ? 'W ' : ''}${f.rule} ${f.kind}/${f.name} ${f.path} ${f.message}`).sort();
}

export function service(name: string, namespace = 'ml', ports: number[] = [8080], annotations: Record<string, string> = {}): unknown {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, annotations }, spec: { selector: { app: name }, ports: ports.map(port => ({ port })) } };
}

export function deployment(name: string, labels: Record<string, string>, namespace = 'ml', kind = 'Deployment'): unknown {
  return {
    apiVersion: kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1',
    kind,
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  };
}

export function destinationRule(name: string, host: string, subsets: Array<[string, Record<string, string>]>, namespace = 'ml', extra: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: { host, subsets: subsets.map(([n, labels]) => ({ name: n, labels })), ...extra },
  };
}

export function virtualService(name: string, hosts: string[], http: unknown[], namespace = 'ml', extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec: { hosts, http, ...extra } };
}

/** A VirtualService `ranking` with one route to `destination`. */
export function routeTo(destination: Record<string, unknown>, namespace = 'ml', extra: Record<string, unknown> = {}): unknown {
  return virtualService('ranking', ['ranking'], [{ route: [{ destination }] }], namespace, extra);
}

export function gateway(name: string, hosts: string[], namespace = 'istio-system'): unknown {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] },
  };
}
