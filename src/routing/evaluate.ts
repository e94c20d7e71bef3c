/**
 * The routing evaluator: which route of a model service a request matches and where it goes,
 * with the semantics of Istio 1.30 as compiled to Envoy routes
 * (pilot/pkg/networking/core/route/route.go: TranslateRouteMatch, applyHTTPRouteDestination,
 * MirrorPercent, TranslateFault; Envoy's HeaderMatcher / PathMatcher):
 *
 * - routes are tried in order and the first match wins; match blocks are ORed, the conditions
 *   of one block ANDed; a route without match blocks matches everything;
 * - header names are case-insensitive; a `headers` condition needs the header present;
 *   `withoutHeaders` inverts the condition and treats a missing header as empty (Istio sets
 *   `treat_missing_header_as_empty`), except presence matches (`{}` or regex `*`), where it
 *   simply means "absent";
 * - regexes are RE2 full matches; URI matching sees the path without query and fragment;
 *   `ignoreUriCase` applies to exact and prefix URI matches, not to regex (Envoy ignores
 *   `case_sensitive` for `safe_regex`);
 * - `port`, `gateways`, `sourceLabels`, `sourceNamespace` select the route for the calling
 *   proxy (`sourceMatchHTTP`): with `gateways` set the source conditions are not consulted;
 * - one destination gets 100% whatever its weight; with several, zero weights are dropped and
 *   each gets weight / sum; mirror and fault percents become Envoy fractions of a million;
 * - no matching route: Envoy answers 404 (`NR`); a host without routes gets Istio's implicit
 *   default route to the whole host.
 */
import {
  ExplainedCors, ExplainedDestination, ExplainedFault, ExplainedHeaders, ExplainedMirror, ExplainedProgressive, ExplainedRewrite, ExplainRequest,
  Explanation, FaultKind, RouteOutcome,
} from './explanation';
import { rewrittenPath } from './rewrite-path';
import { CorsSpec, HeadersSpec, HttpRouteRule, MatchBlock, ServiceRouting, StringMatchSpec, WeightedDestination } from './route-table';
import { re2FullMatch } from '../util/re2';

/** The request the evaluator is asked about; the same shape as the public `ExplainRequest`. */
export type RequestSpec = ExplainRequest;

/** A request with every default filled in, the way the proxy sees it. */
interface ProxyRequest {
  readonly headers: ReadonlyMap<string, string>;
  /** `:path` without query and fragment. */
  readonly path: string;
  readonly query: ReadonlyMap<string, string>;
  readonly port: number;
  readonly sourceLabels: Readonly<Record<string, string>>;
  readonly sourceNamespace?: string;
  readonly gateway: string;
}

/** Explain where `request` to `service` goes. */
export function evaluate(service: ServiceRouting, request: RequestSpec = {}): Explanation {
  const req = toProxyRequest(service, request);
  if (service.routes.length === 0) return implicitDefaultRoute(service);
  const trace: string[] = service.routedBy ? [service.routedBy] : [];
  for (const [index, route] of service.routes.entries()) {
    const label = routeLabel(index, route);
    const outcome = matchRoute(route, req);
    if (outcome.matched) {
      trace.push(`${label}: matches${outcome.matchIndex === undefined ? ' (no conditions)' : ` (match[${outcome.matchIndex}])`}`);
      return explainMatched(service, index, route, { matchIndex: outcome.matchIndex, path: req.headers.get(':path')!, origin: req.headers.get('origin') }, trace);
    }
    trace.push(`${label}: no match (${outcome.reasons.join('; ')})`);
  }
  trace.push('no route matches: the proxy answers 404 (NR)');
  return { host: service.host, outcome: RouteOutcome.NO_ROUTE, destinations: [], mirrors: [], faults: [], trace };
}

/**
 * The share of each destination, as Envoy weighted clusters receive them: a single destination
 * takes everything; otherwise zero weights are dropped and the rest share weight / sum.
 */
export function destinationShares(destinations: readonly WeightedDestination[]): ExplainedDestination[] {
  if (destinations.length === 1) return [explainedDestination(destinations[0], 100)];
  const kept = destinations.filter(d => d.weight > 0);
  const total = kept.reduce((sum, d) => sum + d.weight, 0);
  if (total === 0) return []; // Istio rejects this ("total destination weight = 0").
  // Multiply first: (7 / 100) * 100 is 7.000000000000001, (7 * 100) / 100 is exactly 7.
  return kept.map(d => explainedDestination(d, (d.weight * 100) / total));
}

/**
 * A percent as Envoy applies it: Istio turns `Percent.value` into a FractionalPercent of a
 * million with a truncating uint32 conversion (`translatePercentToFractionalPercent`).
 */
export function envoyPercent(value: number): number {
  if (!(value > 0)) return 0;
  return Math.min(1_000_000, Math.trunc(value * 10_000)) / 10_000;
}

type RouteMatchOutcome = { matched: true; matchIndex?: number } | { matched: false; reasons: string[] };

function matchRoute(route: HttpRouteRule, req: ProxyRequest): RouteMatchOutcome {
  if (route.matches.length === 0) return { matched: true };
  const reasons: string[] = [];
  for (const [i, block] of route.matches.entries()) {
    const failure = firstFailure(block, req);
    if (failure === undefined) return { matched: true, matchIndex: i };
    reasons.push(route.matches.length > 1 ? `match[${i}]: ${failure}` : failure);
  }
  return { matched: false, reasons };
}

/** The first condition of `block` that `req` fails, in words, or undefined when all hold. */
function firstFailure(block: MatchBlock, req: ProxyRequest): string | undefined {
  const sourceFailure = sourceFailureOf(block, req);
  if (sourceFailure) return sourceFailure;
  if (block.port !== undefined && block.port !== req.port) return `port ${req.port} is not ${block.port}`;
  if (block.uri && !uriMatches(block.uri, req.path, block.ignoreUriCase === true)) {
    return `uri "${req.path}" does not match ${describeSpec(block.uri)}${block.ignoreUriCase ? ' (ignoring case)' : ''}`;
  }
  for (const [name, spec] of Object.entries(block.headers ?? {})) {
    const value = req.headers.get(name.toLowerCase());
    if (!headerMatches(spec, value)) return `header ${name} ${shown(value)} does not match ${describeSpec(spec)}`;
  }
  for (const [name, spec] of Object.entries(block.withoutHeaders ?? {})) {
    const value = req.headers.get(name.toLowerCase());
    if (!withoutHeaderMatches(spec, value)) return `header ${name} ${shown(value)} must not match ${describeSpec(spec)}`;
  }
  const pseudo: Array<[string, StringMatchSpec | undefined]> = [
    [':method', block.method], [':authority', block.authority], [':scheme', block.scheme],
  ];
  for (const [name, spec] of pseudo) {
    const value = req.headers.get(name);
    if (spec && !headerMatches(spec, value)) return `${name.slice(1)} ${shown(value)} does not match ${describeSpec(spec)}`;
  }
  for (const [name, spec] of Object.entries(block.queryParams ?? {})) {
    const value = req.query.get(name);
    if (!headerMatches(spec, value)) return `query parameter ${name} ${shown(value)} does not match ${describeSpec(spec)}`;
  }
  return undefined;
}

/** Istio `sourceMatchHTTP`: gateways decide alone; otherwise source labels and namespace. */
function sourceFailureOf(block: MatchBlock, req: ProxyRequest): string | undefined {
  if (block.gateways && block.gateways.length > 0) {
    return block.gateways.includes(req.gateway) ? undefined : `gateway "${req.gateway}" is not one of ${block.gateways.join(', ')}`;
  }
  for (const [key, value] of Object.entries(block.sourceLabels ?? {})) {
    if (req.sourceLabels[key] !== value) return `source label ${key}=${value} is not on the caller`;
  }
  if (block.sourceNamespace !== undefined && block.sourceNamespace !== '' && block.sourceNamespace !== req.sourceNamespace) {
    return `source namespace ${req.sourceNamespace ?? '(unknown)'} is not ${block.sourceNamespace}`;
  }
  return undefined;
}

/** Istio translates a regex of `*` (and an empty StringMatch, which the importer maps to it) to `present_match`. */
function isPresenceMatch(spec: StringMatchSpec): boolean {
  return spec.kind === 'regex' && spec.value === '*';
}

function stringMatches(spec: StringMatchSpec, value: string): boolean {
  switch (spec.kind) {
    case 'exact': return value === spec.value;
    case 'prefix': return value.startsWith(spec.value);
    case 'regex': return re2FullMatch(spec.value, value);
  }
}

function headerMatches(spec: StringMatchSpec, value: string | undefined): boolean {
  if (value === undefined) return false;
  return isPresenceMatch(spec) || stringMatches(spec, value);
}

function withoutHeaderMatches(spec: StringMatchSpec, value: string | undefined): boolean {
  if (isPresenceMatch(spec)) return value === undefined;
  return !stringMatches(spec, value ?? '');
}

function uriMatches(spec: StringMatchSpec, path: string, ignoreCase: boolean): boolean {
  if (spec.kind === 'regex' || !ignoreCase) return stringMatches(spec, path);
  return stringMatches({ kind: spec.kind, value: spec.value.toLowerCase() }, path.toLowerCase());
}

function explainMatched(service: ServiceRouting, index: number, route: HttpRouteRule,
  at: { matchIndex?: number; path: string; origin?: string }, trace: string[]): Explanation {
  const matchedRoute = { index, name: route.name, matchIndex: at.matchIndex, source: route.source };
  const base = {
    host: service.host,
    ...(service.routedBy ? { routedBy: service.routedBy } : {}),
    matchedRoute,
    trace,
    faults: faultsOf(route),
    timeoutMs: route.timeoutMs,
    retries: route.retries ? { ...route.retries, retryOn: route.retries.retryOn ? [...route.retries.retryOn] : undefined } : undefined,
    headers: explainHeaders(route.headers),
    cors: route.cors && explainCors(route.cors, at.origin),
    progressive: progressiveOf(service, route),
  };
  const none = { destinations: [], mirrors: [] };
  if (route.delegate) return { ...base, ...none, outcome: RouteOutcome.DELEGATE, delegate: { ...route.delegate } };
  if (route.redirect) return { ...base, ...none, outcome: RouteOutcome.REDIRECT, redirect: { ...route.redirect } };
  if (route.directResponse) return { ...base, ...none, outcome: RouteOutcome.DIRECT_RESPONSE, directResponse: { ...route.directResponse } };
  const block = at.matchIndex === undefined ? undefined : route.matches[at.matchIndex];
  return {
    ...base,
    outcome: RouteOutcome.FORWARD,
    destinations: destinationShares(route.destinations),
    mirrors: mirrorsOf(route),
    rewrite: route.rewrite && explainRewrite(route.rewrite.authority, rewrittenPath(route.rewrite, block, at.path)),
  };
}

function explainRewrite(authority: string | undefined, path: string | undefined): ExplainedRewrite | undefined {
  return authority === undefined && path === undefined ? undefined : dropUndefined({ path, authority });
}

function explainCors(c: CorsSpec, origin: string | undefined): ExplainedCors {
  return dropUndefined({
    allowOrigins: c.allowOrigins.map(describeSpec),
    allowMethods: c.allowMethods && [...c.allowMethods],
    allowHeaders: c.allowHeaders && [...c.allowHeaders],
    exposeHeaders: c.exposeHeaders && [...c.exposeHeaders],
    maxAgeMs: c.maxAgeMs,
    allowCredentials: c.allowCredentials,
    originAllowed: origin === undefined ? undefined : c.allowOrigins.some(o => stringMatches(o, origin)),
  });
}

/** Header operations as plain copies (jsii structs), undefined when there are none. */
export function explainHeaders(h: HeadersSpec | undefined): ExplainedHeaders | undefined {
  if (!h || (!h.request && !h.response)) return undefined;
  const ops = (o: HeadersSpec['request']) => o && dropUndefined({
    set: o.set && { ...o.set }, add: o.add && { ...o.add }, remove: o.remove && [...o.remove],
  });
  return dropUndefined({ request: ops(h.request), response: ops(h.response) });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The stage plan when Argo Rollouts moves this route's weights. */
function progressiveOf(service: ServiceRouting, route: HttpRouteRule): ExplainedProgressive | undefined {
  const c = service.canary;
  if (c?.delivery !== 'argo-rollouts' || route.name === undefined || !c.managedRoutes?.includes(route.name)) return undefined;
  return {
    engine: c.delivery,
    stable: c.champion,
    canary: c.challengers[0],
    stages: (c.stages ?? []).map(s => ({ percent: s.percent, holdMs: s.holdMs })),
  };
}

function implicitDefaultRoute(service: ServiceRouting): Explanation {
  return {
    host: service.host,
    outcome: RouteOutcome.FORWARD,
    matchedRoute: { index: -1, name: 'default' },
    destinations: [{ host: service.host, port: service.port, percent: 100 }],
    mirrors: [],
    faults: [],
    trace: ['no VirtualService routes for this host: Istio\'s default route sends everything to the host (no subset)'],
  };
}

/** Mirrors with a zero percent are not configured at all (Istio `MirrorPercent` returns nil). */
function mirrorsOf(route: HttpRouteRule): ExplainedMirror[] {
  return route.mirrors
    .map(m => ({ host: m.host, subset: m.subset, port: m.port, percent: envoyPercent(m.percent) }))
    .filter(m => m.percent > 0);
}

function faultsOf(route: HttpRouteRule): ExplainedFault[] {
  const faults: ExplainedFault[] = [];
  const { delay, abort } = route.fault ?? {};
  if (delay && envoyPercent(delay.percent) > 0) {
    faults.push({ kind: FaultKind.DELAY, percent: envoyPercent(delay.percent), delayMs: delay.fixedDelayMs });
  }
  if (abort && envoyPercent(abort.percent) > 0) {
    faults.push({ kind: FaultKind.ABORT, percent: envoyPercent(abort.percent), httpStatus: abort.httpStatus });
  }
  return faults;
}

function explainedDestination(d: WeightedDestination, percent: number): ExplainedDestination {
  const headers = explainHeaders(d.headers);
  return { host: d.host, subset: d.subset, port: d.port, percent, ...(headers ? { headers } : {}) };
}

function toProxyRequest(service: ServiceRouting, given: RequestSpec): ProxyRequest {
  const request = given.grpcMethod === undefined ? given : grpcRequest(given, given.grpcMethod);
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name.toLowerCase(), value);
  // Envoy turns an HTTP/1 Host header into :authority.
  const authority = request.authority ?? headers.get(':authority') ?? headers.get('host') ?? service.host;
  headers.set(':authority', authority);
  headers.set(':method', request.method ?? headers.get(':method') ?? 'GET');
  headers.set(':scheme', request.scheme ?? headers.get(':scheme') ?? 'http');
  const uri = request.uri ?? headers.get(':path') ?? '/';
  headers.set(':path', uri);
  const [pathAndQuery] = uri.split('#', 1);
  const queryAt = pathAndQuery.indexOf('?');
  const path = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const query = parseQuery(queryAt < 0 ? '' : pathAndQuery.slice(queryAt + 1));
  for (const [name, value] of Object.entries(request.queryParams ?? {})) query.set(name, value);
  return {
    headers,
    path,
    query,
    port: request.port ?? service.port ?? 80,
    sourceLabels: request.sourceLabels ?? {},
    sourceNamespace: request.sourceNamespace,
    gateway: request.gateway ?? 'mesh',
  };
}

/** A gRPC call on the wire: `POST /package.Service/Method`, `content-type: application/grpc`. */
function grpcRequest(request: RequestSpec, method: string): RequestSpec {
  return {
    ...request,
    uri: request.uri ?? `/${method.replace(/^\//, '')}`,
    method: request.method ?? 'POST',
    headers: { 'content-type': 'application/grpc', ...request.headers },
  };
}

/** Query parameters, percent-decoded (Envoy `parseAndDecodeQueryString`); the first value of a name is matched. */
function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (!out.has(name)) out.set(name, decode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function routeLabel(index: number, route: HttpRouteRule): string {
  return `route ${index}${route.name ? ` "${route.name}"` : ''}`;
}

/** A condition in words: `exact "premium"`, `prefix "/v1"`, `regex "8[0-9]"`, `present`. */
export function describeSpec(spec: StringMatchSpec): string {
  return isPresenceMatch(spec) ? 'present' : `${spec.kind} "${spec.value}"`;
}

function shown(value: string | undefined): string {
  return value === undefined ? '(absent)' : `"${value}"`;
}
