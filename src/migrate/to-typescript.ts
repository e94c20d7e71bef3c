/**
 * Route table (read from hand-written VirtualService/DestinationRule YAML) → a cdk8s program
 * using this library's constructs that produces the same routing: a ModelService adopting the
 * existing pods and object names, `routeMatching`/`redirectMatching`/`respondMatching` for the
 * matched routes (experiment routes included, as header matches), a CanaryRollout for a split
 * default route and ShadowMirrors for its mirrors. Whatever the constructs cannot say is listed,
 * each naming the route and field; what the program assumes (inferred versions, the pods'
 * labels) is listed apart.
 *
 * The program's body is plain JavaScript (no type annotations), so `import` can run it in memory
 * (run-program.ts) before printing it.
 */
import { block, duration, object, record, str, variableName } from './code';
import { corsCode, faultCode, headersCode, matchCode, mergedHeaders, rewriteCode } from './route-code';
import { VersionPlan } from './versions';
import { HeadersSpec, HttpRouteRule, ServiceRouting, TrafficPolicySpec } from '../routing/route-table';

/** What the input says about a service beyond its routing, to take it over in place. */
export interface ServiceObjects {
  readonly virtualServiceName?: string;
  readonly destinationRuleName?: string;
  /** The Service's selector, when the Service is in the input. */
  readonly selector?: Readonly<Record<string, string>>;
  /** The Service's first port and its numeric target port, when the Service is in the input. */
  readonly port?: number;
  readonly targetPort?: number;
  /** Whether a gateway-bound VirtualService forwards to the service (the gateway must be allowed to call it). */
  readonly calledByGateway?: boolean;
  /** Whether the pods speak gRPC (the service was routed by a GRPCRoute). */
  readonly grpc?: boolean;
  /** Other namespaces whose workloads must be let call the service (e.g. where a Gateway's proxy runs). */
  readonly callerNamespaces?: readonly string[];
}

/** A routing target other than Istio, set on the whole app. */
export interface ProgramTarget {
  /** The expression, e.g. `RoutingTarget.gatewayApi(GatewayApiProfile.istioSidecar())`. */
  readonly code: string;
  /** The library names it uses. */
  readonly imports: readonly string[];
}

/** One service to generate: its routing, its objects and the versions the program declares. */
export interface ServiceInput {
  readonly routing: ServiceRouting;
  readonly objects: ServiceObjects;
  readonly versions: VersionPlan;
}

export interface GeneratedProgram {
  /** The statements, runnable as JavaScript with `imports` in scope. */
  readonly body: string;
  /** Names imported from `cdk8s` and from the library. */
  readonly imports: { readonly cdk8s: readonly string[]; readonly library: readonly string[] };
  /** Where the program routes differently from the input, one line each. */
  readonly differences: string[];
  /** What the program assumes that the input does not say, one line each. */
  readonly assumptions: string[];
}

/** The statements for `services`, in one chart per namespace. */
export function toProgram(services: readonly ServiceInput[], target?: ProgramTarget): GeneratedProgram {
  const differences: string[] = [];
  const assumptions: string[] = [];
  const used = new Set<string>(['ModelService', 'ModelBackend', 'Caller', ...target?.imports ?? []]);
  const namespaces = [...new Set(services.map(s => s.routing.namespace ?? 'default'))];
  const body: string[] = ['const app = new App();', ...target ? [`${target.code}.applyTo(app);`] : []];
  for (const ns of namespaces) {
    const chartVar = variableName(`chart-${ns}`);
    body.push(`const ${chartVar} = new Chart(app, ${str(ns)}, { namespace: ${str(ns)} });`, '');
    for (const s of services.filter(x => (x.routing.namespace ?? 'default') === ns)) {
      const host = s.routing.host;
      const say: Say = what => differences.push(`${host}: ${what}`);
      assumptions.push(...s.versions.assumptions.map(a => `${host}: ${a}`));
      body.push(...serviceCode(s, chartVar, used, say, a => assumptions.push(`${host}: ${a}`)), '');
    }
  }
  body.push('app.synth();');
  const text = body.join('\n');
  const cdk8s = ['App', 'Chart', ...text.includes('Duration.') ? ['Duration'] : []];
  return { body: text + '\n', imports: { cdk8s, library: [...used].sort() }, differences, assumptions };
}

/** The whole program: a header (verdict, differences, assumptions, defaults), the imports, the body. */
export function renderProgram(p: GeneratedProgram, header: readonly string[], libraryModule: string): string {
  return [
    ...header.map(l => (l ? `// ${l}` : '//')),
    `import { ${p.imports.cdk8s.join(', ')} } from 'cdk8s';`,
    `import { ${p.imports.library.join(', ')} } from ${str(libraryModule)};`,
    '',
    p.body,
  ].join('\n');
}

type Say = (what: string) => void;

function serviceCode(input: ServiceInput, chart: string, used: Set<string>, say: Say, assume: Say): string[] {
  const { routing: s, objects: o, versions } = input;
  const v = variableName(s.name);
  const routes = s.routes;
  const { explicit, defaultRoute, unreachable } = splitRoutes(routes);
  if (routes.length > 0 && !defaultRoute) {
    say('the last route has conditions (unmatched requests get 404); a ModelService always ends with a catch-all default route, so unmatched requests reach the default version');
  }
  unreachable.forEach(i => assume(`route ${i} follows a catch-all route, so no request reaches it (in the input too); it is left out`));
  const common: Partial<HttpRouteRule> = defaultRoute ?? {};
  const versionHeader = versionHeaderOf(routes, s.host);
  const selector = o.selector ?? { app: s.name };
  if (!o.selector) assume(`the Service's selector is not in the input; the program assumes { app: '${s.name}' } (set selector to labels every version's pods share)`);
  const port = o.port ?? commonPort(routes, s.host);
  if (port === undefined) assume('the Service\'s port is not in the input and no route names one; the program uses the library\'s default port 8080 (set port)');
  const containerPort = o.targetPort !== undefined && o.targetPort !== port ? o.targetPort : undefined;
  used.add('Caller');
  const props = block({
    modelName: str(s.name),
    virtualServiceName: o.virtualServiceName && o.virtualServiceName !== s.name ? str(o.virtualServiceName) : undefined,
    destinationRuleName: o.destinationRuleName && o.destinationRuleName !== s.name ? str(o.destinationRuleName) : undefined,
    selector: record(selector),
    port: port?.toString(),
    versions: `[\n${versions.versions.map(x => `    ${versionCode(x.name, x.labels, { containerPort, grpc: o.grpc }, x.trafficPolicy, used)},`).join('\n')}\n  ]`,
    timeout: duration(common.timeoutMs),
    retries: retriesCode(common.retries),
    fault: faultCode(common.fault, used),
    cors: corsCode(common.cors),
    // Service-wide header operations apply to every route: the default route's, when it is the only one.
    headers: explicit.length === 0 ? headersCode(defaultRoute?.headers) : undefined,
    ...policyProps(s.trafficPolicy, used),
    versionHeader: versionHeader && str(versionHeader),
    // No routes: Istio sends to any pod of the Service, which is the whole-Service version.
    defaultVersion: routes.length === 0 ? versions.wholeService && str(versions.wholeService) : defaultVersionOf(defaultRoute, versions),
    // The library denies every caller unless told otherwise; the input allowed everyone.
    allowedCallers: `[${[s.namespace ?? 'default', ...o.callerNamespaces ?? []].map(n => `Caller.namespace(${str(n)})`)
      .concat(o.calledByGateway ? ['Caller.ingressGateway()'] : []).join(', ')}]`,
  });
  const lines = [`const ${v} = new ModelService(${chart}, ${str(s.name)}, ${props});`];
  explicit.forEach((r, i) => lines.push(...explicitRoute(r, i, input, v, common, versionHeader, used, say)));
  if (defaultRoute) lines.push(...defaultRouteCode(defaultRoute, input, v, chart, explicit, versionHeader, used, say));
  return lines;
}

/** The routes before the first catch-all, the catch-all (the default route), and the indices after it. */
export function splitRoutes(routes: readonly HttpRouteRule[]): { explicit: HttpRouteRule[]; defaultRoute?: HttpRouteRule; unreachable: number[] } {
  const first = routes.findIndex(r => r.matches.length === 0);
  if (first < 0) return { explicit: [...routes], unreachable: [] };
  return { explicit: routes.slice(0, first), defaultRoute: routes[first], unreachable: routes.slice(first + 1).map((_, i) => first + 1 + i) };
}

function retriesCode(r: HttpRouteRule['retries']): string | undefined {
  return r && object({
    attempts: String(r.attempts),
    perTryTimeout: duration(r.perTryTimeoutMs),
    retryOn: r.retryOn && `[${r.retryOn.map(str).join(', ')}]`,
  });
}

/** The one port every destination on the service's own host names, if they agree. */
function commonPort(routes: readonly HttpRouteRule[], host: string): number | undefined {
  const ports = new Set(routes.flatMap(r => r.destinations).filter(d => d.host === host && d.port !== undefined).map(d => d.port!));
  return ports.size === 1 ? [...ports][0] : undefined;
}

function versionCode(name: string, labels: Readonly<Record<string, string>>, pods: { containerPort?: number; grpc?: boolean },
  policy: TrafficPolicySpec | undefined, used: Set<string>): string {
  const p = policyProps(policy, used);
  if (pods.grpc) used.add('ModelProtocol');
  const backend = object({ podLabels: record(labels), containerPort: pods.containerPort?.toString(), protocol: pods.grpc ? 'ModelProtocol.GRPC' : undefined });
  return object({ name: str(name), backend: `ModelBackend.existing(${backend})`, ...p })!;
}

function policyProps(p: TrafficPolicySpec | undefined, used: Set<string>): Record<string, string | undefined> {
  if (!p) return {};
  const od = p.outlierDetection;
  const cp = p.connectionPool;
  const lb = p.loadBalancer;
  if (cp?.h2UpgradePolicy) used.add('H2UpgradePolicy');
  if (lb) used.add('LoadBalancer');
  return {
    circuitBreaker: od && object({
      consecutive5xxErrors: od.consecutive5xxErrors?.toString(),
      consecutiveGatewayErrors: od.consecutiveGatewayErrors?.toString(),
      interval: duration(od.intervalMs),
      baseEjectionTime: duration(od.baseEjectionTimeMs),
      maxEjectionPercent: od.maxEjectionPercent?.toString(),
      minHealthPercent: od.minHealthPercent?.toString(),
    }),
    connectionPool: cp && object({
      maxConnections: cp.maxConnections?.toString(),
      connectTimeout: duration(cp.connectTimeoutMs),
      http1MaxPendingRequests: cp.http1MaxPendingRequests?.toString(),
      http2MaxRequests: cp.http2MaxRequests?.toString(),
      maxRequestsPerConnection: cp.maxRequestsPerConnection?.toString(),
      maxRetries: cp.maxRetries?.toString(),
      idleTimeout: duration(cp.idleTimeoutMs),
      h2UpgradePolicy: cp.h2UpgradePolicy && `H2UpgradePolicy.${cp.h2UpgradePolicy}`,
    }),
    loadBalancer: lb && (lb.consistentHashHeader ? `LoadBalancer.consistentHashOnHeader(${str(lb.consistentHashHeader)})`
      : ({ LEAST_REQUEST: 'LoadBalancer.leastRequest()', LEAST_CONN: 'LoadBalancer.leastConn()', ROUND_ROBIN: 'LoadBalancer.roundRobin()', RANDOM: 'LoadBalancer.random()' } as Record<string, string>)[lb.simple ?? ''] ?? undefined),
  };
}

function explicitRoute(r: HttpRouteRule, i: number, input: ServiceInput, v: string, common: Partial<HttpRouteRule>,
  versionHeader: string | undefined, used: Set<string>, say: Say): string[] {
  const s = input.routing;
  const label = `route ${i}${r.name ? ` "${r.name}"` : ''}`;
  const sayRoute = (m: string) => say(`${label}: ${m}`);
  used.add('RequestMatch');
  const match = matchCode(r.matches, sayRoute);
  if (match === undefined) return [];
  if (r.redirect) {
    used.add('Redirect');
    const { code, uri, authority, scheme, port } = r.redirect;
    const opts = object({
      code: code === 301 ? undefined : String(code),
      scheme: scheme && str(scheme),
      port: port?.toString(),
      authority: uri !== undefined && authority ? str(authority) : undefined,
    });
    const target = uri !== undefined ? `Redirect.to(${str(uri)}${tail(opts)})`
      : authority !== undefined ? `Redirect.toAuthority(${str(authority)}${tail(opts)})`
        : `Redirect.keepingPath(${opts ?? '{}'})`;
    return [`${v}.redirectMatching(${match}, ${target}${tail(object({ name: r.name && str(r.name), headers: headersCode(r.headers) }))});`];
  }
  if (r.directResponse) {
    used.add('DirectResponse');
    const { status, body } = r.directResponse;
    return [`${v}.respondMatching(${match}, DirectResponse.of(${status}${body !== undefined ? `, ${str(body)}` : ''})${tail(object({ name: r.name && str(r.name), headers: headersCode(r.headers) }))});`];
  }
  if (r.delegate) {
    sayRoute(`delegates to VirtualService ${r.delegate.namespace ? `${r.delegate.namespace}/` : ''}${r.delegate.name}; the library has no delegation, so the route is left out (write the delegate's routes on this service)`);
    return [];
  }
  const live = r.destinations.filter(d => d.weight > 0 || r.destinations.length === 1);
  const version = live.length === 1 && live[0].host === s.host ? input.versions.versionOf(live[0].subset) : undefined;
  if (!version) {
    sayRoute(`sends to ${live.length === 1 ? live[0].host : `${live.length} destinations`}; routeMatching sends to one version of this service, so the route is left out`);
    return [];
  }
  if (r.mirrors.length && !sameMirrors(r, common)) sayRoute('its mirrors differ from the default route\'s; ShadowMirror mirrors the default route (or every route)');
  const destinationHeaders = versionHeader ? withoutVersionHeader(live[0].headers, versionHeader) : live[0].headers;
  const opts = object({
    name: r.name ? str(r.name) : undefined,
    timeout: r.timeoutMs !== common.timeoutMs ? duration(r.timeoutMs) : undefined,
    retries: !sameJson(r.retries, common.retries) ? retriesCode(r.retries) : undefined,
    // One destination: its header operations are the route's, applied after the route's own.
    headers: headersCode(mergedHeaders(r.headers, destinationHeaders)),
    rewrite: r.rewrite && rewriteCode(r.rewrite, used),
    fault: !sameJson(r.fault, common.fault) ? faultCode(r.fault, used) : undefined,
    cors: !sameJson(r.cors, common.cors) ? corsCode(r.cors) : undefined,
  });
  const inherits = (what: string, own: unknown, service: unknown) => {
    if (own === undefined && service !== undefined) sayRoute(`has no ${what}, but the generated route inherits the service's (the default route's)`);
  };
  inherits('timeout', r.timeoutMs, common.timeoutMs);
  inherits('retries', r.retries, common.retries);
  inherits('fault injection', faultCode(r.fault, new Set()), faultCode(common.fault, new Set()));
  inherits('CORS policy', r.cors, common.cors);
  return [`${v}.routeMatching(${match}, ${str(version)}${tail(opts)});`];
}

function defaultRouteCode(r: HttpRouteRule, input: ServiceInput, v: string, chart: string, explicit: readonly HttpRouteRule[],
  versionHeader: string | undefined, used: Set<string>, say: Say): string[] {
  const s = input.routing;
  const lines: string[] = [];
  if (r.name !== undefined && r.name !== 'default') say(`default route: named "${r.name}"; the generated one is named "default" (rename it wherever it is referred to, e.g. an Argo Rollout's trafficRouting.istio.virtualService.routes)`);
  if (r.headers && explicit.length > 0) say('default route: header operations on the default route only are not expressible (ModelService `headers` apply to every route)');
  if (r.destinations.some(d => (versionHeader ? withoutVersionHeader(d.headers, versionHeader) : d.headers))) say('default route: per-destination header operations are not expressible on the default route');
  if (r.rewrite) say('default route: a rewrite on the default route is not expressible');
  if (r.redirect || r.directResponse || r.delegate) say('default route: a catch-all that does not forward is not expressible; the generated default route forwards to the first version');
  const live = r.destinations.filter(d => d.weight > 0 || r.destinations.length === 1);
  if (live.length > 1) {
    const total = live.reduce((a, d) => a + d.weight, 0);
    const shares = live.map(d => ({ version: input.versions.versionOf(d.subset)!, percent: total ? (d.weight * 100) / total : 0 }));
    if (shares.some(x => !Number.isInteger(x.percent))) say('default route: shares that are not whole percents are rounded');
    const [champion, ...challengers] = [...shares].sort((a, b) => b.percent - a.percent);
    used.add('CanaryRollout');
    lines.push(`new CanaryRollout(${chart}, ${str(`${s.name}-canary`)}, { service: ${v}, champion: ${str(champion.version)}, challengers: [${challengers
      .map(c => `{ version: ${str(c.version)}, percent: ${Math.round(c.percent)} }`).join(', ')}] });`);
  }
  const allRoutes = explicit.length > 0 && explicit.every(e => sameMirrors(e, r));
  for (const m of r.mirrors) {
    const target = m.host === s.host ? input.versions.versionOf(m.subset) : undefined;
    if (!target) {
      say(`default route: a mirror to ${m.host}${m.subset ? ` subset ${m.subset}` : ''} (another host) is not expressible`);
      continue;
    }
    used.add('ShadowMirror');
    lines.push(`new ShadowMirror(${chart}, ${str(`${s.name}-shadow-${target}`)}, { service: ${v}, target: ${str(target)}, percent: ${m.percent}${allRoutes ? ', allRoutes: true' : ''} });`);
  }
  return lines;
}

/** A response header every forwarding route's every destination sets to its own subset. */
function versionHeaderOf(routes: readonly HttpRouteRule[], host: string): string | undefined {
  const destinations = routes.flatMap(r => r.destinations).filter(d => d.host === host);
  const first = destinations.find(d => d.headers?.response?.set);
  const candidate = first && Object.entries(first.headers!.response!.set!).find(([, value]) => value === first.subset)?.[0];
  if (!candidate) return undefined;
  const all = destinations.every(d => !d.subset || d.headers?.response?.set?.[candidate] === d.subset);
  return all ? candidate : undefined;
}

/** A destination's header operations without the version header the ModelService adds itself. */
function withoutVersionHeader(h: HeadersSpec | undefined, name: string): HeadersSpec | undefined {
  if (!h?.response?.set || !(name in h.response.set)) return h;
  const { [name]: _, ...set } = h.response.set;
  const response = { ...h.response, set: Object.keys(set).length ? set : undefined };
  const rest = { request: h.request, response: response.set || response.add || response.remove ? response : undefined };
  return rest.request || rest.response ? rest : undefined;
}

/** The version a single-destination default route sends to, printed. */
function defaultVersionOf(r: HttpRouteRule | undefined, versions: VersionPlan): string | undefined {
  const live = r?.destinations.filter(d => d.weight > 0 || r.destinations.length === 1) ?? [];
  const version = live.length === 1 ? versions.versionOf(live[0].subset) : undefined;
  return version && str(version);
}

const tail = (opts: string | undefined) => (opts ? `, ${opts}` : '');
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameMirrors = (a: Partial<HttpRouteRule>, b: Partial<HttpRouteRule>) => sameJson(a.mirrors ?? [], b.mirrors ?? []);
