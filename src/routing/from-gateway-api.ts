/**
 * Read HTTPRoutes and GRPCRoutes back into the route table, with Gateway API's semantics, so `explain`,
 * the report and `diff` answer for Gateway API objects too. The route table is Istio-ordered (first
 * match wins), so each (route, rule, match) becomes one table route, sorted by Gateway API precedence
 * (render/gateway-api/precedence.ts): exact path, longest prefix, method, most headers, most query
 * parameters, then the oldest route, then `{namespace}/{name}`, then rule order. First match over that
 * order is Gateway API's choice.
 *
 * PathPrefix `/p` matches `/p` and `/p/...` (whole elements): in the table that is exact `/p` OR prefix `/p/`.
 */
import { comparePrecedence, normalizedPrefix, pathOf } from './gateway-api-precedence';
import {
  HeaderOpsSpec, HeadersSpec, HttpRouteRule, MatchBlock, MirrorTarget, ServiceRouting, StringMatchSpec, WeightedDestination,
} from './route-table';
import { parseGoDuration } from '../util/duration';
import { formatProblem } from '../util/errors';
import { serviceHost } from '../util/hosts';
import { GATEWAY_API_V1 } from '../wire/api-versions';
import { GRPCRouteSpecRules, GRPCRouteSpecRulesMatches, HTTPRouteSpecParentRefs, HTTPRouteSpecRules, HTTPRouteSpecRulesBackendRefs, HTTPRouteSpecRulesFilters, HTTPRouteSpecRulesMatches, HTTPRouteSpecRulesMatchesHeaders } from '../wire/generated/gateway-api';

/** A Gateway API route object as read from YAML. */
export interface GatewayApiRouteObject {
  readonly apiVersion?: string;
  readonly kind: 'HTTPRoute' | 'GRPCRoute';
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly creationTimestamp?: string };
  readonly spec: { readonly parentRefs?: HTTPRouteSpecParentRefs[]; readonly rules?: Array<HTTPRouteSpecRules | GRPCRouteSpecRules> };
}

/** How a backend Service maps to a version of the parent: `<parent>-<version>` Services are read as that version. */
export interface GatewayApiReadOptions {
  /** Version names of the parent model, so `<parent>-<version>` backends read as host + subset. @default none: every backend is its own host */
  readonly versions?: readonly string[];
  /** Namespace of objects without one. @default 'default' */
  readonly defaultNamespace?: string;
  /** File or source name, for routes' `source`. */
  readonly source?: string;
}

/** One candidate (route, rule, match) of the precedence order. */
export interface Candidate {
  readonly route: GatewayApiRouteObject;
  readonly ruleIndex: number;
  readonly rule: HTTPRouteSpecRules;
  readonly match: HTTPRouteSpecRulesMatches;
}

/**
 * The routing of the Service `parent` (GAMMA: routes whose parentRefs name it) in `namespace`, from
 * every HTTPRoute/GRPCRoute given.
 */
export function serviceRoutingFromGatewayApi(parent: string, namespace: string, routes: readonly GatewayApiRouteObject[],
  options: GatewayApiReadOptions = {}): ServiceRouting {
  const defaultNs = options.defaultNamespace ?? 'default';
  const attached = attachedToService(routes, parent, namespace, defaultNs);
  const host = serviceHost(parent, namespace);
  const versions = new Set(options.versions ?? []);
  // `<parent>-<version>` in the parent's namespace is that version; anything else is its own host.
  const resolve: VersionResolver = (name, ns) => {
    const version = name.startsWith(`${parent}-`) ? name.slice(parent.length + 1) : undefined;
    return ns === namespace && version !== undefined && versions.has(version) ? { host, subset: version } : undefined;
  };
  const port = attached.flatMap(r => r.spec.parentRefs ?? []).find(p => isServiceParent(p) && p.name === parent)?.port;
  return {
    name: parent,
    namespace,
    host,
    port,
    versions: [...versions].map(name => ({ name, labels: {} })),
    routes: rankedCandidates(attached, defaultNs).map(c => tableRoute(c, { resolve, defaultNs }, options.source)),
    source: options.source,
  };
}

/** Every (route, rule, match) of `routes`, in Gateway API precedence order: first match over it is Gateway API's choice. */
export function rankedCandidates(routes: readonly GatewayApiRouteObject[], defaultNs: string): Candidate[] {
  const candidates = routes.flatMap(route => (route.spec.rules ?? []).flatMap((rule, ruleIndex) => {
    const matches = route.kind === 'GRPCRoute' ? ((rule as GRPCRouteSpecRules).matches ?? [{}]).map(grpcMatchAsHttp)
      : (rule as HTTPRouteSpecRules).matches ?? [{}];
    return (matches.length ? matches : [{}]).map(match => ({ route, ruleIndex, rule: rule as HTTPRouteSpecRules, match }));
  }));
  return candidates.sort((a, b) => comparePrecedence(b.match, a.match) || compareRoutes(a.route, b.route, defaultNs) || a.ruleIndex - b.ruleIndex);
}

/** The routes whose parentRefs name the Service `parent` in `namespace` (GAMMA). */
export function attachedToService(routes: readonly GatewayApiRouteObject[], parent: string, namespace: string, defaultNs = 'default'): GatewayApiRouteObject[] {
  return routes.filter(r => (r.spec.parentRefs ?? []).some(p => isServiceParent(p) && p.name === parent
    && (p.namespace ?? r.metadata.namespace ?? defaultNs) === namespace));
}

function isServiceParent(p: HTTPRouteSpecParentRefs): boolean {
  return p.kind === 'Service' && (p.group ?? '') === '';
}

/** Oldest route first, then `{namespace}/{name}` alphabetically. */
function compareRoutes(a: GatewayApiRouteObject, b: GatewayApiRouteObject, defaultNs: string): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata.namespace ?? defaultNs}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? defaultNs}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** GRPCRoute ranks like paths: a method match like an exact path, a service match like its prefix. */
function grpcMatchAsHttp(m: GRPCRouteSpecRulesMatches): HTTPRouteSpecRulesMatches {
  const { service, method } = m.method ?? {};
  const regex = m.method?.type === 'RegularExpression';
  let path: HTTPRouteSpecRulesMatches['path'];
  if (regex) path = { type: 'RegularExpression', value: `/${service ?? '[^/]+'}/${method ?? '[^/]+'}` };
  else if (service && method) path = { type: 'Exact', value: `/${service}/${method}` };
  else if (service) path = { type: 'PathPrefix', value: `/${service}` };
  else if (method) path = { type: 'RegularExpression', value: `/[^/]+/${method.replace(/[\\.+*?()|[\]{}^$]/g, ch => `\\${ch}`)}` };
  return { path, headers: m.headers };
}

/** The model version a backend (Service or InferencePool) `name` in `namespace` is, if it is one. */
export type VersionResolver = (name: string, namespace: string) => { host: string; subset: string } | undefined;

export interface ReadContext {
  readonly resolve: VersionResolver;
  readonly defaultNs: string;
}

export function tableRoute(c: Candidate, ctx: ReadContext, source: string | undefined): HttpRouteRule {
  const routeNs = c.route.metadata.namespace ?? ctx.defaultNs;
  const target = (ref: HTTPRouteSpecRulesBackendRefs) => destinationOf(ref, routeNs, ctx);
  const filters = c.rule.filters ?? [];
  const redirect = filters.find(f => f.type === 'RequestRedirect')?.requestRedirect;
  const rewrite = filters.find(f => f.type === 'URLRewrite')?.urlRewrite;
  const cors = filters.find(f => f.type === 'CORS')?.cors;
  const backendRefs = c.rule.backendRefs ?? [];
  const route: HttpRouteRule = {
    name: c.rule.name ?? `${c.route.metadata.name}-${c.ruleIndex}`,
    matches: matchBlocks(c.match),
    destinations: redirect ? [] : backendRefs.map(ref => ({
      ...target(ref),
      weight: ref.weight ?? 1,
      ...(ref.filters?.length ? { headers: headersOf(ref.filters) } : {}),
    })) as WeightedDestination[],
    mirrors: filters.filter(f => f.type === 'RequestMirror').map(f => mirrorOf(f, target)),
    timeoutMs: durationMs(c.rule.timeouts?.backendRequest && !c.rule.retry ? c.rule.timeouts.backendRequest : c.rule.timeouts?.request),
    headers: headersOf(filters),
    rewrite: rewrite && (rewrite.hostname !== undefined || rewrite.path?.type === 'ReplaceFullPath')
      ? { authority: rewrite.hostname, uri: rewrite.path?.replaceFullPath } : undefined,
    cors: cors && {
      allowOrigins: (cors.allowOrigins ?? []).map(value => ({ kind: 'exact', value })),
      allowMethods: cors.allowMethods,
      allowHeaders: cors.allowHeaders,
      exposeHeaders: cors.exposeHeaders,
      maxAgeMs: cors.maxAge === undefined ? undefined : cors.maxAge * 1000,
      allowCredentials: cors.allowCredentials,
    },
    redirect: redirect && {
      code: redirect.statusCode ?? 302, // the CRD's default
      uri: redirect.path?.replaceFullPath,
      authority: redirect.hostname,
      scheme: redirect.scheme,
      port: redirect.port,
    },
    origin: 'imported',
    source: `${source ? `${source}#` : ''}${c.route.kind}/${c.route.metadata.name}.rules[${c.ruleIndex}]`,
  };
  return route;
}

/** Istio's view of one Gateway API match: PathPrefix `/p` is exact `/p` OR prefix `/p/`. */
function matchBlocks(m: HTTPRouteSpecRulesMatches): MatchBlock[] {
  const rest: MatchBlock = {
    headers: stringMap(m.headers, true),
    queryParams: stringMap(m.queryParams, false),
    method: m.method ? { kind: 'exact', value: m.method } : undefined,
  };
  const path = pathOf(m);
  const clean = (b: MatchBlock) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)) as MatchBlock;
  if (path.type === 'Exact') return [clean({ ...rest, uri: { kind: 'exact', value: path.value } })];
  if (path.type === 'RegularExpression') return [clean({ ...rest, uri: { kind: 'regex', value: path.value } })];
  const prefix = normalizedPrefix(path.value);
  if (prefix === '/') return [clean(rest)];
  return [clean({ ...rest, uri: { kind: 'exact', value: prefix } }), clean({ ...rest, uri: { kind: 'prefix', value: `${prefix}/` } })];
}

function stringMap(list: readonly HTTPRouteSpecRulesMatchesHeaders[] | undefined, lowerCase: boolean): Record<string, StringMatchSpec> | undefined {
  if (!list?.length) return undefined;
  return Object.fromEntries(list.map(m => [lowerCase ? m.name.toLowerCase() : m.name,
    { kind: m.type === 'RegularExpression' ? 'regex' : 'exact', value: m.value } as StringMatchSpec]));
}

/** A model's version where the resolver says so; anything else is its own host. */
function destinationOf(ref: HTTPRouteSpecRulesBackendRefs, routeNs: string, ctx: ReadContext): { host: string; subset?: string; port?: number } {
  const ns = ref.namespace ?? routeNs;
  const version = ctx.resolve(ref.name, ns);
  return version ? { ...version, port: ref.port } : { host: serviceHost(ref.name, ns), port: ref.port };
}

type Target = { host: string; subset?: string; port?: number };

function mirrorOf(f: HTTPRouteSpecRulesFilters, target: (ref: HTTPRouteSpecRulesBackendRefs) => Target): MirrorTarget {
  const m = f.requestMirror!;
  const percent = m.percent !== undefined ? m.percent
    : m.fraction ? (100 * m.fraction.numerator) / (m.fraction.denominator ?? 100) : 100;
  return { ...target(m.backendRef), percent };
}

function headersOf(filters: readonly HTTPRouteSpecRulesFilters[]): HeadersSpec | undefined {
  const req = filters.find(f => f.type === 'RequestHeaderModifier')?.requestHeaderModifier;
  const res = filters.find(f => f.type === 'ResponseHeaderModifier')?.responseHeaderModifier;
  if (!req && !res) return undefined;
  const ops = (h: typeof req): HeaderOpsSpec | undefined => h && {
    set: h.set && Object.fromEntries(h.set.map(p => [p.name, p.value])),
    add: h.add && Object.fromEntries(h.add.map(p => [p.name, p.value])),
    remove: h.remove,
  };
  return { request: ops(req), response: ops(res) };
}

/** `0s` disables the timeout (GEP-1742). */
function durationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseGoDuration(text);
  if (ms === undefined) throw new Error(formatProblem('gateway-api', 'timeouts', `"${text}" is not a Gateway API duration`));
  return ms === 0 ? undefined : ms;
}

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute']);

/** Whether `object` is a `gateway.networking.k8s.io/v1` HTTPRoute or GRPCRoute. */
export function isGatewayApiRoute(object: unknown): object is GatewayApiRouteObject {
  const o = object as Record<string, any> | undefined;
  return typeof o === 'object' && o !== null && o.apiVersion === GATEWAY_API_V1 && ROUTE_KINDS.has(o.kind)
    && typeof o.metadata?.name === 'string' && typeof o.spec === 'object' && o.spec !== null;
}

/** The Gateway API routes among some objects, with the Services beside them (their selectors by `namespace/name`). */
export interface GatewayApiObjects {
  readonly routes: readonly GatewayApiRouteObject[];
  readonly services: ReadonlyMap<string, Record<string, string>>;
  readonly sources: ReadonlyMap<GatewayApiRouteObject, string>;
}

/** HTTPRoutes, GRPCRoutes and Services among `objects`. Malformed routes are skipped with a warning. */
export function readGatewayApiObjects(objects: ReadonlyArray<{ object: unknown; source: string }>, defaultNamespace: string,
  warnings: string[]): GatewayApiObjects {
  const routes: GatewayApiRouteObject[] = [];
  const sources = new Map<GatewayApiRouteObject, string>();
  const services = new Map<string, Record<string, string>>();
  for (const { object, source } of objects) {
    const o = object as Record<string, any>;
    if (o?.apiVersion === 'v1' && o.kind === 'Service' && typeof o.metadata?.name === 'string') {
      services.set(`${o.metadata.namespace ?? defaultNamespace}/${o.metadata.name}`, { ...(o.spec?.selector ?? {}) });
    }
    if (!isGatewayApiRoute(object)) continue;
    if (!Array.isArray(object.spec.rules ?? []) || !Array.isArray(object.spec.parentRefs ?? [])) {
      warnings.push(`${source} ${object.kind} ${object.metadata.name}: spec.rules and spec.parentRefs must be lists; skipped`);
      continue;
    }
    routes.push(object);
    sources.set(object, source);
  }
  return { routes, services, sources };
}

/**
 * Every Service that the routes attach to (GAMMA), as the route table. Versions are the Services named
 * `<parent>-<version>` among the objects (the renderer's one Service per version), their selectors the
 * version labels.
 */
export function gatewayApiServices({ routes, services, sources }: GatewayApiObjects, defaultNamespace: string, warnings: string[]): ServiceRouting[] {
  const parents = new Map<string, { name: string; namespace: string }>();
  for (const r of routes) {
    for (const p of r.spec.parentRefs ?? []) {
      if (p?.kind !== 'Service' || (p.group ?? '') !== '' || typeof p.name !== 'string') continue;
      const namespace = p.namespace ?? r.metadata.namespace ?? defaultNamespace;
      parents.set(`${namespace}/${p.name}`, { name: p.name, namespace });
    }
  }
  return [...parents.values()].map(({ name, namespace }) => {
    const versions = [...services.keys()].filter(k => k.startsWith(`${namespace}/${name}-`)).map(k => k.slice(namespace.length + name.length + 2));
    const attached = routes.filter(r => (r.spec.parentRefs ?? []).some(p => p?.name === name));
    const source = attached.map(r => sources.get(r)).join(', ');
    try {
      const routing = serviceRoutingFromGatewayApi(name, namespace, attached, { versions, defaultNamespace, source });
      const by = attached.map(r => `${r.kind} ${r.metadata.namespace ?? defaultNamespace}/${r.metadata.name}`).join(', ');
      return {
        ...routing,
        versions: versions.map(v => ({ name: v, labels: services.get(`${namespace}/${name}-${v}`) ?? {} })),
        routedBy: `Gateway API (${by}): routes ranked by match precedence`,
        readFrom: 'gateway-api' as const,
      };
    } catch (e) {
      warnings.push(`${source}: routes to Service ${namespace}/${name} could not be read (${(e as Error).message}); shown without routes`);
      return { name, namespace, host: serviceHost(name, namespace), versions: [], routes: [], source, readFrom: 'gateway-api' as const };
    }
  });
}
