/**
 * `import` of Gateway API mesh routing (GAMMA): the HTTPRoutes or GRPCRoutes attached to a Service
 * become one ModelService rendered under `RoutingTarget.gatewayApi(profile)`. The routes are read by
 * the reader `explain` uses (routing/from-gateway-api.ts, Gateway API precedence), with the versions
 * the renderer's own layout implies: HTTPRoute has no subsets, so each version is a Service named
 * `<model>-<version>` (render/gateway-api/render-service.ts `versionServiceName`). Under Istio profiles
 * the DestinationRule of a version Service is that version's traffic policy.
 *
 * A host is refused, with the reason, when its routes say something the reader or the profile cannot
 * carry: a consumer route (GAMMA's routes in the caller's namespace), fields the reader does not model
 * (retry, session persistence, ExtensionRef, prefix rewrites, non-Service backends), both route kinds
 * on one Service, or a feature the profile does not support (the renderer's own problems).
 */
import { record } from './code';
import { label, takeOverNotes } from './gateway-api-takeover';
import { findService, objectsOf } from './istio-services';
import { ServiceInput, ServiceObjects } from './to-typescript';
import { planVersions, SAMPLE_VERSION_LABEL, VersionPlan } from './versions';
import { GatewayApiProfile } from '../render/gateway-api/profile';
import { versionServiceName, renderMeshRouting } from '../render/gateway-api/render-service';
import { attachedToService, GatewayApiRouteObject, isGatewayApiRoute, serviceRoutingFromGatewayApi } from '../routing/from-gateway-api';
import { ImportedRouting } from '../routing/from-istio';
import { HttpRouteRule, ServiceRouting, VersionTarget } from '../routing/route-table';
import { fieldMessage } from '../util/errors';
import { serviceHost } from '../util/hosts';
import { ManifestDocument } from '../util/manifest-document';
import { HTTPRouteSpecRules } from '../wire/generated/gateway-api';

export interface GatewayApiImport {
  /** The services to generate. */
  readonly inputs: ServiceInput[];
  /** `<host>: why`, one line per refused host. */
  readonly refusals: string[];
}

/**
 * The Gateway API services of `imported` (not in `refused`) as import inputs, or why not. Hosts routed
 * by Istio objects are refused (one program renders one routing API), except the DestinationRules of
 * version Services, which are their version's traffic policy.
 */
export function gatewayApiInputs(docs: readonly ManifestDocument[], imported: ImportedRouting, profile: GatewayApiProfile,
  refused: ReadonlySet<string>): GatewayApiImport {
  const inputs: ServiceInput[] = [];
  const refusals: string[] = [];
  const versionHosts = new Set<string>();
  const routes = docs.map(d => d.object).filter(isGatewayApiRoute);
  const parents = new Set(imported.table.services.filter(x => x.readFrom === 'gateway-api').map(x => x.host));
  for (const s of imported.table.services.filter(x => x.readFrom === 'gateway-api' && !refused.has(x.host))) {
    const namespace = s.namespace ?? 'default';
    const attached = attachedToService(routes, s.name, namespace);
    const names = versionNames(s.name, namespace, attached, docs);
    names.forEach(v => versionHosts.add(serviceHost(versionServiceName(s.name, v), namespace)));
    const why = routeRefusal(attached, namespace) ?? modelAsVersion(s, names, parents);
    if (why) {
      refusals.push(`${s.host}: ${why}`);
      continue;
    }
    let read: ServiceRouting;
    try {
      read = serviceRoutingFromGatewayApi(s.name, namespace, attached, { versions: names, source: s.source });
    } catch (e) {
      refusals.push(`${s.host}: its routes cannot be read (${(e as Error).message}); not imported`);
      continue;
    }
    const takeOver = takeOverNotes(docs, routes, attached, s, names);
    const objects = { ...objectsOf(s, docs), ...parentPort(docs, s, read.port), grpc: attached[0].kind === 'GRPCRoute', callerNamespaces: takeOver.callerNamespaces };
    const selector = objects.selector ?? { app: s.name };
    const assumptions: string[] = [];
    const versions = names.map(v => versionOf(s, v, selector, docs, imported, assumptions));
    const routing: ServiceRouting = { ...read, versions, routes: read.routes.map(r => asWritten(r, attached)), routedBy: s.routedBy, readFrom: 'gateway-api' };
    const plan = planVersions(routing, selector);
    const problems = renderMeshRouting({
      service: { ...routing, versions: plan.versions }, profile, path: s.host, protocol: objects.grpc ? 'grpc' : 'http', targetPort: objects.targetPort,
    }).problems;
    if (problems.length) {
      refusals.push(`${s.host}: profile ${profile.name} cannot route it: ${problems.map(p => fieldMessage(p)).join('; ')}; not imported (choose the profile of your implementation with --profile)`);
      continue;
    }
    refusals.push(...takeOver.refusals.map(r => `${s.host}: ${r}`));
    assumptions.push(...takeOver.assumptions(objects.port));
    inputs.push({ routing, objects, versions: withAssumptions(plan, assumptions) });
  }
  for (const s of imported.table.services.filter(x => x.readFrom === undefined && !refused.has(x.host) && !versionHosts.has(x.host))) {
    refusals.push(`${s.host}: routed by Istio (VirtualService or DestinationRule), while this program renders Gateway API routes; not imported (import the Istio objects on their own, without --profile)`);
  }
  return { inputs, refusals };
}

/**
 * Version names: the Services named `<model>-<version>` in the input and the backends of that name the
 * routes send or mirror to (the Service may be missing from the input).
 */
function versionNames(model: string, namespace: string, routes: readonly GatewayApiRouteObject[], docs: readonly ManifestDocument[]): string[] {
  const prefix = `${model}-`;
  const services = docs.map(d => d.object).filter(o => o?.apiVersion === 'v1' && o.kind === 'Service' && (o.metadata?.namespace ?? 'default') === namespace)
    .map(o => o.metadata?.name);
  const backends = routes.flatMap(r => (r.spec.rules ?? []).flatMap(rule => [
    ...(rule.backendRefs ?? []),
    ...((rule as HTTPRouteSpecRules).filters ?? []).filter(f => f.type === 'RequestMirror').map(f => f.requestMirror!.backendRef),
  ]).filter(b => (b.namespace ?? r.metadata.namespace ?? 'default') === namespace).map(b => b.name));
  const names = [...services, ...backends].filter((n): n is string => typeof n === 'string' && n.startsWith(prefix) && n.length > prefix.length);
  return [...new Set(names.map(n => n.slice(prefix.length)))];
}

/** A version: its Service's selector as pod labels (else assumed), its DestinationRule's policy. */
function versionOf(s: ServiceRouting, version: string, selector: Readonly<Record<string, string>>, docs: readonly ManifestDocument[],
  imported: ImportedRouting, assumptions: string[]): VersionTarget {
  const name = versionServiceName(s.name, version);
  const namespace = s.namespace ?? 'default';
  const svc = findService(docs, name, namespace);
  const own = svc?.spec?.selector;
  const labels = own && typeof own === 'object' && Object.keys(own).length ? own as Record<string, string> : { ...selector, [SAMPLE_VERSION_LABEL]: version };
  if (labels !== own) {
    assumptions.push(`the routes send to Service ${name}, which is not in the input (or selects no pods): version "${version}" is assumed to select ${record(labels)} (give the Service to use its selector)`);
  }
  const policy = imported.table.services.find(x => x.host === serviceHost(name, namespace) && x.routes.length === 0)?.trafficPolicy;
  return { name: version, labels, ...(policy ? { trafficPolicy: policy } : {}) };
}

/** The Service port the routes attach to (parentRef `port`), and its numeric target port, when the Service is in the input. */
function parentPort(docs: readonly ManifestDocument[], s: ServiceRouting, port: number | undefined): Pick<ServiceObjects, 'port' | 'targetPort'> {
  if (port === undefined) return {};
  const svc = findService(docs, s.name, s.namespace ?? 'default');
  const entry = (Array.isArray(svc?.spec?.ports) ? svc.spec.ports : []).find((p: any) => p?.port === port);
  return { port, targetPort: typeof entry?.targetPort === 'number' ? entry.targetPort : port };
}

/** Why a model whose version Service is itself a model with routes cannot be generated (two objects of one name). */
function modelAsVersion(s: ServiceRouting, versions: readonly string[], parents: ReadonlySet<string>): string | undefined {
  const both = versions.map(v => versionServiceName(s.name, v)).filter(n => parents.has(serviceHost(n, s.namespace ?? 'default')));
  return both.length ? `Service ${both.join(', ')} is one of its versions and has routes of its own (a model); one program cannot make it both, `
    + 'so this model is not imported (import its files apart from those routes)' : undefined;
}

/**
 * Why the routes attached to the Service cannot be a ModelService's, or undefined. A route in another
 * namespace than its parent Service is a consumer route: it changes requests from its own namespace only
 * (gateway-api@v1.6.1 conformance/tests/mesh/mesh-consumer-route.go), which a ModelService cannot say.
 */
function routeRefusal(routes: readonly GatewayApiRouteObject[], namespace: string): string | undefined {
  const consumer = routes.find(r => (r.metadata.namespace ?? 'default') !== namespace);
  if (consumer) {
    return `${label(consumer)} is a consumer route (GAMMA: in namespace ${consumer.metadata.namespace ?? 'default'}, it applies to callers there only); a ModelService renders the routes of its own namespace, so it is not imported (keep that route as YAML)`;
  }
  if (new Set(routes.map(r => r.kind)).size > 1) return 'both an HTTPRoute and a GRPCRoute attach to it; a ModelService renders one route kind, so it is not imported';
  const unread = routes.flatMap(r => (r.spec.rules ?? []).flatMap((rule, i) => unreadFields(rule as HTTPRouteSpecRules).map(f => `${label(r)} rules[${i}].${f}`)));
  return unread.length ? `${unread.join(', ')}: not read by import (nor by explain), so the program could not keep it; not imported (keep these routes as YAML)` : undefined;
}

/** Fields of a rule that the route-table reader does not model. */
function unreadFields(rule: HTTPRouteSpecRules): string[] {
  const out: string[] = [];
  if (rule.retry) out.push('retry');
  if (rule.sessionPersistence) out.push('sessionPersistence');
  (rule.filters ?? []).forEach((f, i) => {
    const path = f.type === 'URLRewrite' ? f.urlRewrite?.path : f.type === 'RequestRedirect' ? f.requestRedirect?.path : undefined;
    if (f.type === 'ExtensionRef') out.push(`filters[${i}] (ExtensionRef ${f.extensionRef?.kind})`);
    if (path?.type === 'ReplacePrefixMatch') out.push(`filters[${i}] (${f.type} ReplacePrefixMatch)`);
  });
  (rule.backendRefs ?? []).forEach((b, i) => {
    if ((b.kind ?? 'Service') !== 'Service' || (b.group ?? '') !== '') out.push(`backendRefs[${i}] (a ${b.kind} backend)`);
    (b.filters ?? []).forEach((f, j) => {
      if (f.type !== 'RequestHeaderModifier' && f.type !== 'ResponseHeaderModifier') out.push(`backendRefs[${i}].filters[${j}] (${f.type})`);
    });
  });
  return out;
}


/**
 * A table route as the team wrote it: the reader names an unnamed rule `<route>-<index>` for explain
 * (the program leaves it unnamed), and reads a match without conditions (`PathPrefix /`) as one empty
 * block, which is a catch-all.
 */
function asWritten(r: HttpRouteRule, routes: readonly GatewayApiRouteObject[]): HttpRouteRule {
  const invented = routes.some(x => (x.spec.rules ?? []).some((rule, i) => rule.name === undefined && r.name === `${x.metadata.name}-${i}`));
  const { name, ...rest } = r;
  return { ...rest, ...invented ? {} : { name }, matches: r.matches.some(m => Object.keys(m).length === 0) ? [] : r.matches };
}

function withAssumptions(plan: VersionPlan, assumptions: readonly string[]): VersionPlan {
  return {
    versions: plan.versions,
    wholeService: plan.wholeService,
    assumptions: [...assumptions, ...plan.assumptions],
    versionOf: subset => plan.versionOf(subset),
  };
}
