/**
 * The services a run makes visible, keyed like istioctl analyze's InitServiceEntryHostMap
 * (`<scope>/<fqdn>`), and its GetDestinationHost lookup. Besides Kubernetes Services and
 * ServiceEntries, objects whose controllers create Services count too: a KServe InferenceService
 * (`{isvc}-predictor`, ...), a Flagger Canary (`{apex}`, `-canary`, `-primary`) and a Knative Service.
 */
import { ManifestDocument } from '../finding';
import { scopedFqdn } from './hosts';
import { kserveServiceNames } from './kserve';
import { apiGroup, asList, asRecord, asStringMap, nameOf, namespaceOf, objectOf } from './resources';

export interface ServiceInfo {
  /** What defines it, e.g. `Service ml/content-ranking`. */
  readonly source: string;
  /** Exposed port numbers; undefined when a controller decides them (no port checks then). */
  readonly ports?: number[];
  /** ServiceEntry workloadSelector labels, merged into subset selectors. */
  readonly workloadSelector: Record<string, string>;
}

export class ServiceRegistry {
  private readonly byScopedFqdn = new Map<string, ServiceInfo>();
  private readonly wildcards: Array<{ scope: string; suffix: string; info: ServiceInfo }> = [];

  add(scope: string, namespace: string, host: string, info: ServiceInfo): void {
    const key = scopedFqdn(scope, namespace, host);
    this.byScopedFqdn.set(key, info);
    const fqdn = key.slice(scope.length + 1);
    if (fqdn.startsWith('*')) this.wildcards.push({ scope, suffix: fqdn.slice(1), info });
  }

  /** GetDestinationHost: exported-to-all first, then the referrer's exportTo scopes, then wildcard entries. */
  lookup(sourceNamespace: string, exportTo: string[], host: string): ServiceInfo | undefined {
    const all = this.byScopedFqdn.get(scopedFqdn('*', sourceNamespace, host));
    if (all) return all;
    const scopes = exportTo.length === 0 ? [sourceNamespace] : exportTo.map(e => e === '.' ? sourceNamespace : e);
    for (const scope of scopes) {
      const found = this.byScopedFqdn.get(scopedFqdn(scope, sourceNamespace, host));
      if (found) return found;
    }
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (const w of this.wildcards) {
      if ((w.scope === '*' || w.scope === sourceNamespace) && bare.endsWith(w.suffix)) return w.info;
    }
    return undefined;
  }
}

const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

function serviceScopes(annotation: unknown, namespace: string): string[] {
  if (typeof annotation !== 'string' || annotation === '') return ['*'];
  return annotation.split(',').map(s => s === '.' ? namespace : s);
}

function serviceEntryScopes(exportTo: string[], namespace: string): string[] {
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return exportTo.map(e => e === '.' ? namespace : e);
}

function numbers(list: unknown, field: string): number[] {
  return asList(list).map(p => asRecord(p)[field]).filter((n): n is number => typeof n === 'number');
}

export function buildServiceRegistry(docs: readonly ManifestDocument[], defaultNamespace: string): ServiceRegistry {
  const registry = new ServiceRegistry();
  for (const doc of docs) {
    const object = objectOf(doc);
    if (!object) continue;
    const kind = object.kind;
    const group = apiGroup(object);
    const namespace = namespaceOf(object, defaultNamespace);
    const name = nameOf(object);
    const spec = asRecord(object.spec);
    const source = `${kind} ${namespace}/${name}`;
    if (kind === 'Service' && object.apiVersion === 'v1') {
      const info = { source, ports: numbers(spec.ports, 'port'), workloadSelector: {} };
      for (const scope of serviceScopes(object.metadata?.annotations?.[EXPORT_TO_ANNOTATION], namespace)) registry.add(scope, namespace, name, info);
    } else if (kind === 'ServiceEntry' && group === 'networking.istio.io') {
      const info = { source, ports: numbers(spec.ports, 'number'), workloadSelector: asStringMap(asRecord(spec.workloadSelector).labels) };
      const scopes = serviceEntryScopes(asList(spec.exportTo).filter(e => typeof e === 'string'), namespace);
      for (const host of asList(spec.hosts)) {
        if (typeof host === 'string') for (const scope of scopes) registry.add(scope, namespace, host, info);
      }
    } else {
      const annotations = asStringMap(object.metadata?.annotations);
      for (const generated of controllerServiceNames(kind, group, name, spec, annotations)) {
        registry.add('*', namespace, generated, { source, workloadSelector: {} });
      }
    }
  }
  return registry;
}

/** Services that controllers create for an object (no ports known: the controller picks them). */
function controllerServiceNames(kind: unknown, group: string, name: string, spec: Record<string, any>,
  annotations: Record<string, string>): string[] {
  if (kind === 'InferenceService' && group === 'serving.kserve.io') return kserveServiceNames(name, spec, annotations);
  if (kind === 'Canary' && group === 'flagger.app') {
    const apex = typeof spec.service?.name === 'string' ? spec.service.name : spec.targetRef?.name;
    return typeof apex === 'string' ? [apex, `${apex}-canary`, `${apex}-primary`] : [];
  }
  if (kind === 'Service' && group === 'serving.knative.dev') return [name];
  return [];
}
