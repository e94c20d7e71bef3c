/**
 * Gateway API references, as controllers report them in route status (apis/v1/shared_types.go@v1.6.1):
 * - a backendRef to a Service or InferencePool that the checked manifests do not contain: the controller
 *   sets `ResolvedRefs=False, BackendNotFound` (a warning here: the run may hold only part of the cluster);
 * - a Service backend whose port the Service does not expose (an error: the Service is in the run);
 * - a cross-namespace backendRef without a ReferenceGrant in the target's
 *   namespace allowing it: `RefNotPermitted` (an error when the target is in the run, else a warning);
 * - a parentRef to a Gateway or Service missing from the run (`Accepted=False, NoMatchingParent`, a
 *   warning), or naming a listener (sectionName/port) the Gateway does not have (an error).
 */
import { referenceFinding } from './report';
import { asList, asRecord, nameOf, namespaceOf, objectOf } from './resources';
import { Finding, ManifestDocument } from '../finding';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const INFERENCE_GROUP = 'inference.networking.k8s.io';
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

interface Index {
  /** `ns/name` → ports of Services. */
  readonly services: Map<string, number[]>;
  readonly pools: Set<string>;
  /** `ns/name` → listeners of Gateways. */
  readonly gateways: Map<string, Array<{ name?: string; port?: number }>>;
  /** ReferenceGrants by their namespace. */
  readonly grants: Map<string, Array<Record<string, any>>>;
}

function buildIndex(docs: readonly ManifestDocument[], defaultNamespace: string): Index {
  const index: Index = { services: new Map(), pools: new Set(), gateways: new Map(), grants: new Map() };
  for (const doc of docs) {
    const o = objectOf(doc);
    if (!o) continue;
    const key = `${namespaceOf(o, defaultNamespace)}/${nameOf(o)}`;
    const spec = asRecord(o.spec);
    if (o.apiVersion === 'v1' && o.kind === 'Service') {
      index.services.set(key, asList(spec.ports).map(p => asRecord(p).port).filter((n): n is number => typeof n === 'number'));
    } else if (o.kind === 'InferencePool' && String(o.apiVersion).startsWith(`${INFERENCE_GROUP}/`)) {
      index.pools.add(key);
    } else if (o.kind === 'Gateway' && String(o.apiVersion).startsWith(`${GATEWAY_GROUP}/`)) {
      // The same Gateway may appear in several files (alternatives of one example set): any of them may fit.
      index.gateways.set(key, [...(index.gateways.get(key) ?? []), ...asList(spec.listeners).map(l => asRecord(l))]);
    } else if (o.kind === 'ReferenceGrant' && String(o.apiVersion).startsWith(`${GATEWAY_GROUP}/`)) {
      const ns = namespaceOf(o, defaultNamespace);
      index.grants.set(ns, [...(index.grants.get(ns) ?? []), spec]);
    }
  }
  return index;
}

/** Whether a ReferenceGrant in `toNs` lets `fromKind` objects in `fromNs` refer to `toKind` `toName` (ReferenceGrantSpec). */
function granted(index: Index, fromKind: string, fromNs: string, toGroup: string, toKind: string, toNs: string, toName: string): boolean {
  return (index.grants.get(toNs) ?? []).some(g =>
    asList(g.from).some(f => asRecord(f).group === GATEWAY_GROUP && asRecord(f).kind === fromKind && asRecord(f).namespace === fromNs)
    && asList(g.to).some(t => (asRecord(t).group ?? '') === toGroup && asRecord(t).kind === toKind && (asRecord(t).name === undefined || asRecord(t).name === toName)));
}

export function checkGatewayApiReferences(docs: readonly ManifestDocument[], defaultNamespace: string): Finding[] {
  const index = buildIndex(docs, defaultNamespace);
  const findings: Finding[] = [];
  for (const doc of docs) {
    const o = objectOf(doc);
    if (!o || !ROUTE_KINDS.has(o.kind) || !String(o.apiVersion).startsWith(`${GATEWAY_GROUP}/`)) continue;
    const ns = namespaceOf(o, defaultNamespace);
    const spec = asRecord(o.spec);
    asList(spec.parentRefs).forEach((p, i) => findings.push(...parentRefFindings(doc, ns, asRecord(p), `spec.parentRefs[${i}]`, index)));
    asList(spec.rules).forEach((rule, i) => {
      const r = asRecord(rule);
      asList(r.backendRefs).forEach((b, j) => findings.push(...backendRefFindings(doc, o.kind, ns, asRecord(b), `spec.rules[${i}].backendRefs[${j}]`, index)));
      asList(r.filters).forEach((f, j) => {
        const mirror = asRecord(asRecord(f).requestMirror).backendRef;
        if (mirror) findings.push(...backendRefFindings(doc, o.kind, ns, asRecord(mirror), `spec.rules[${i}].filters[${j}].requestMirror.backendRef`, index));
      });
    });
  }
  return findings;
}

function backendRefFindings(doc: ManifestDocument, routeKind: string, routeNs: string, ref: Record<string, any>, path: string,
  index: Index): Finding[] {
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  const ns = ref.namespace ?? routeNs;
  const key = `${ns}/${ref.name}`;
  const out: Finding[] = [];
  const isService = group === '' && kind === 'Service';
  const isPool = group === INFERENCE_GROUP && kind === 'InferencePool';
  if (!isService && !isPool) return out; // Other kinds are implementation-specific (InvalidKind is the controller's call).
  const present = isService ? index.services.has(key) : index.pools.has(key);
  if (!present) {
    out.push(referenceFinding(doc, 'warning', path, 'gateway-api-backend-not-found',
      `${kind} ${key} is not in the checked manifests; the controller reports ResolvedRefs=False (BackendNotFound) and answers 500 for its share`));
  } else if (isService && typeof ref.port === 'number' && !index.services.get(key)!.includes(ref.port)) {
    out.push(referenceFinding(doc, 'error', `${path}.port`, 'gateway-api-backend-port',
      `Service ${key} does not expose port ${ref.port} (it exposes ${index.services.get(key)!.join(', ') || 'no ports'})`));
  }
  if (ns !== routeNs && !granted(index, routeKind, routeNs, group, kind, ns, ref.name)) {
    out.push(referenceFinding(doc, present ? 'error' : 'warning', `${path}.namespace`, 'gateway-api-ref-not-permitted',
      `no ReferenceGrant in namespace ${ns} lets ${routeKind}s in ${routeNs} refer to ${kind} ${ref.name}; the controller reports ResolvedRefs=False (RefNotPermitted)`));
  }
  return out;
}

function parentRefFindings(doc: ManifestDocument, routeNs: string, ref: Record<string, any>, path: string, index: Index): Finding[] {
  const group = ref.group ?? GATEWAY_GROUP;
  const kind = ref.kind ?? 'Gateway';
  const key = `${ref.namespace ?? routeNs}/${ref.name}`;
  if (group === GATEWAY_GROUP && kind === 'Gateway') {
    const listeners = index.gateways.get(key);
    if (!listeners) {
      return [referenceFinding(doc, 'warning', path, 'gateway-api-parent-not-found', `Gateway ${key} is not in the checked manifests; the route is not Accepted (NoMatchingParent) until it exists`)];
    }
    const fitting = listeners.filter(l => (ref.sectionName === undefined || l.name === ref.sectionName)
      && (ref.port === undefined || l.port === ref.port));
    if (fitting.length === 0) {
      const wanted = [ref.sectionName !== undefined ? `sectionName ${ref.sectionName}` : '', ref.port !== undefined ? `port ${ref.port}` : ''].filter(Boolean).join(' and ');
      return [referenceFinding(doc, 'error', path, 'gateway-api-no-matching-listener',
        `Gateway ${key} has no listener with ${wanted} (listeners: ${listeners.map(l => `${l.name}:${l.port}`).join(', ')}); the route is not Accepted (NoMatchingParent)`)];
    }
    return [];
  }
  if (group === '' && kind === 'Service') {
    const ports = index.services.get(key);
    if (!ports) return [referenceFinding(doc, 'warning', path, 'gateway-api-parent-not-found', `Service ${key} (a mesh parent) is not in the checked manifests; the route does not apply until it exists`)];
    const out: Finding[] = [];
    if (typeof ref.port === 'number' && !ports.includes(ref.port)) {
      out.push(referenceFinding(doc, 'error', `${path}.port`, 'gateway-api-parent-port', `Service ${key} does not expose port ${ref.port} (it exposes ${ports.join(', ') || 'no ports'})`));
    }
    // A mesh route in another namespace than its Service is a consumer route (GEP-1426): no grant needed.
    return out;
  }
  return [];
}
