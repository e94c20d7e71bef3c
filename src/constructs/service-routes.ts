/**
 * A ModelService's routing intent: the service-wide route options and the routes declared on it
 * (matches) or handed to it (CanaryRollout, AbExperiment, ShadowMirror), assembled into the route
 * table in evaluation order. Target-neutral: renderers place the default route and draw the table.
 */
import { ModelServiceProps } from './model-service-props';
import { ModelProtocol } from '../backends/model-backend';
import { ModelVersion } from '../backends/model-version';
import { GatewayRouteRef } from '../progressive/argo-rollout';
import { RoutingFeature, RoutingRenderer } from '../render/renderer';
import { DefaultSplitContributor, ExperimentContributor, MirrorContributor, VersionRef } from '../routing/contributors';
import { CorsSpec, FaultSpec, HeadersSpec, HttpRouteRule, isForwarding, RetryPolicySpec, TrafficPolicySpec, WeightedDestination } from '../routing/route-table';
import { at, checkDnsName, checkInstance, checkObject, checkOptionalDuration, checkString, optional, Where } from '../util/checks';
import { MeshConfigError } from '../util/errors';
import { touchRouting } from '../util/memo';
import { FaultInjection } from '../values/fault-injection';
import { ActionRouteOptions, ModelRoute, RouteOptions } from '../values/model-route';
import { RequestMatch } from '../values/request-match';
import { toRetrySpec } from '../values/retry-policy';
import { DirectResponse, mergeHeaders, Redirect, toCorsSpec, toHeadersSpec } from '../values/route-action';
import { toTrafficPolicySpec } from '../values/traffic-policy';

/** Retries for gRPC models unless the service sets its own: Envoy's gRPC status conditions. */
const GRPC_RETRIES: RetryPolicySpec = {
  attempts: 2,
  retryOn: ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'],
};

type Common = Pick<HttpRouteRule, 'timeoutMs' | 'retries' | 'fault'>;

/** The routes of one ModelService, with its service-wide options. */
export class ServiceRoutes {
  public readonly matches: ModelRoute[] = [];
  public readonly experiments: ExperimentContributor[] = [];
  public readonly mirrors: MirrorContributor[] = [];
  public canary?: DefaultSplitContributor;
  /** Gateway routes copying these routes (ModelIngress.expose: VirtualServices or HTTPRoutes); a progressive Rollout moves them too. */
  public readonly gatewayRoutes: GatewayRouteRef[] = [];
  public readonly trafficPolicy?: TrafficPolicySpec;
  private readonly common: Common;
  private readonly headers?: HeadersSpec;
  private readonly versionHeader?: string;
  private readonly cors?: CorsSpec;

  /**
   * @param target the renderer: a route must meet its rules where it is declared
   */
  constructor(private readonly path: string, props: ModelServiceProps, protocol: ModelProtocol, public readonly target: RoutingRenderer) {
    const where = (field: string): Where => ({ path, field });
    const timeoutMs = checkOptionalDuration(props.timeout, where('timeout'));
    const retries = props.retries !== undefined ? optional(props.retries, where('retries'), toRetrySpec)
      // KServe routes a Knative-mode host itself, so no route of ours to put the default on.
      : protocol === ModelProtocol.GRPC && target.grpcDefaultRetries !== false
        && !(props.versions ?? []).some(v => v.backend?.isKnative) ? GRPC_RETRIES : undefined;
    this.common = { timeoutMs, retries, fault: optional(props.fault, where('fault'), checkFault) };
    this.headers = toHeadersSpec(props.headers);
    this.versionHeader = props.versionHeader;
    this.cors = toCorsSpec(props.cors);
    this.trafficPolicy = toTrafficPolicySpec(props, where(''));
    target.checkRoute(this.decorate({ matches: [], destinations: [{ host: 'h', subset: 'v', weight: 100 }], mirrors: [], origin: 'default' }), where('headers/versionHeader/cors'));
  }

  /** The routes in evaluation order: matches, experiments, then the default route to `defaultDestinations`. */
  public routes(host: string, defaultDestinations: WeightedDestination[]): HttpRouteRule[] {
    const c = this.common;
    const routes: HttpRouteRule[] = [
      ...this.matches.map(r => this.matchRoute(r, host, c, this.where('routeMatching'))),
      ...this.experiments.flatMap(e => e.routes(host).map(r => ({ ...c, ...r, mirrors: this.mirrorsFor(host, false) }))),
      { name: 'default', matches: [], destinations: defaultDestinations, mirrors: this.mirrorsFor(host, true), ...c, origin: 'default', source: this.canary?.path ?? this.path },
    ];
    return routes.map(r => this.decorate(r));
  }

  /** The default route's split before the target places it: the canary's, else `version` at 100. */
  public defaultSplit(host: string, version: string): WeightedDestination[] {
    return this.canary?.split(host) ?? [{ host, subset: version, weight: 100 }];
  }

  /** A matched route as the table holds it (route-level options over the service's, unless the route answers itself). */
  public matchRoute(r: ModelRoute, host: string, common: Common, where: Where): HttpRouteRule {
    const o = r.options;
    const route = { name: r.name, matches: r.match._blocks(), headers: toHeadersSpec(o.headers), origin: 'match' as const, source: this.path };
    // A route that answers itself takes no destination, mirror, rewrite, timeout, retries or fault.
    if (r.redirect) return { ...route, destinations: [], mirrors: [], redirect: r.redirect._spec() };
    if (r.directResponse) return { ...route, destinations: [], mirrors: [], directResponse: r.directResponse._spec() };
    return {
      ...route,
      destinations: [{ host, subset: r.version, weight: 100 }],
      mirrors: this.mirrorsFor(host, false),
      timeoutMs: checkOptionalDuration(o.timeout, where) ?? common.timeoutMs,
      retries: (o.retries && toRetrySpec(o.retries, where)) ?? common.retries,
      fault: o.fault?._spec(where) ?? common.fault,
      rewrite: o.rewrite?._spec(),
      cors: toCorsSpec(o.cors),
    };
  }

  /** Service-wide header operations on every route; the version header on every forwarded-to subset. */
  public decorate(route: HttpRouteRule): HttpRouteRule {
    const headers = mergeHeaders(this.headers, route.headers);
    const tag = this.versionHeader;
    const destinations = tag && isForwarding(route)
      ? route.destinations.map(d => (d.subset ? { ...d, headers: mergeHeaders({ response: { set: { [tag]: d.subset } } }, d.headers) } : d))
      : route.destinations;
    return { ...route, headers, destinations, cors: route.cors ?? this.cors };
  }

  /** `routeMatching`: a route from `match` to `version`, checked where it is declared. */
  public addMatch(match: RequestMatch, version: string, options: RouteOptions, host: string): ModelRoute {
    const where = this.where(`routeMatching[${this.matches.length}]`);
    checkInstance(match, at(where, 'match'), RequestMatch, 'a RequestMatch, e.g. RequestMatch.header(name, value)');
    checkDnsName(version, at(where, 'version'), 'version name');
    checkObject(options, at(where, 'options'), 'RouteOptions: { name?, timeout?, retries?, fault? }');
    optional(options.name, at(where, 'name'), (n, w) => checkString(n, w, 'a route name: letters, digits and -_.:/ (at most 253)', /^[A-Za-z0-9][-A-Za-z0-9_.:/]*$/, 253, 'a valid route name'));
    const name = this.uniqueName(options.name ?? `match-to-${version}`);
    // Validate now, so a bad value fails where it was given.
    match._check(at(where, 'match'));
    checkOptionalDuration(options.timeout, at(where, 'timeout'));
    optional(options.retries, at(where, 'retries'), toRetrySpec);
    optional(options.fault, at(where, 'fault'), checkFault);
    return this.push(new ModelRoute(name, match, version, options), where, host);
  }

  /** `redirectMatching` / `respondMatching`: a route that answers itself. */
  public addAction(match: RequestMatch, options: ActionRouteOptions, base: string, host: string,
    redirect: Redirect | undefined, response: DirectResponse | undefined): ModelRoute {
    const where = this.where(`routeMatching[${this.matches.length}]`);
    match._check(at(where, 'match'));
    const route = new ModelRoute(this.uniqueName(options.name ?? base), match, undefined,
      { name: options.name, headers: options.headers }, redirect, response);
    return this.push(route, where, host);
  }

  private push(route: ModelRoute, where: Where, host: string): ModelRoute {
    this.target.checkRoute(this.matchRoute(route, host, {}, this.where('routeMatching')), where);
    this.matches.push(route);
    touchRouting();
    return route;
  }

  private where(field: string): Where {
    return { path: this.path, field };
  }

  private uniqueName(base: string): string {
    const taken = new Set(this.matches.map(r => r.name));
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    return name;
  }

  public useDefaultSplit(c: DefaultSplitContributor): void {
    if (this.canary) {
      throw new MeshConfigError(c.path, 'service', `ModelService ${this.path} already has a CanaryRollout (${this.canary.path}); a service has one default route, so at most one CanaryRollout`, 'one CanaryRollout per ModelService');
    }
    this.canary = c;
    touchRouting();
  }

  public addExperiment(e: ExperimentContributor): void {
    const clash = this.experiments.find(x => x.header === e.header);
    if (clash) {
      throw new MeshConfigError(e.path, 'bucketHeader', `header "${e.header}" is already used by experiment ${clash.path} on ${this.path}; two experiments cannot share a bucket header`, 'a header no other experiment on this service uses');
    }
    this.experiments.push(e);
    touchRouting();
  }

  public addMirror(m: MirrorContributor): void {
    const clash = this.mirrors.find(x => x.version === m.version);
    if (clash) throw new MeshConfigError(m.path, 'target', `version "${m.version}" is already mirrored by ${clash.path}`, 'one ShadowMirror per target version');
    this.mirrors.push(m);
    touchRouting();
  }

  /** Paths of the constructs that handed routes to the service (they report their own problems). */
  public contributorPaths(): Set<string | undefined> {
    return new Set([this.canary?.path, ...this.experiments.map(e => e.path), ...this.mirrors.map(m => m.path)]);
  }

  /** Every version named by a route, with where it was named. */
  public versionRefs(defaultVersion: string | undefined): VersionRef[] {
    const own: VersionRef[] = this.matches.flatMap((r, i) => (r.version === undefined ? []
      : [{ path: this.path, field: `routeMatching[${i}].version`, version: r.version }]));
    if (defaultVersion) own.push({ path: this.path, field: 'defaultVersion', version: defaultVersion });
    const handed = [...this.experiments, ...this.mirrors].flatMap(c => c.versionRefs());
    return [...own, ...(this.canary?.versionRefs() ?? []), ...handed];
  }

  /** Routing beyond the default split, with the construct that asked for it. */
  public features(versions: readonly ModelVersion[]): RoutingFeature[] {
    const p = this.path;
    const c = this.common;
    return [
      ...this.matches.map((r, i) => ({ path: p, field: `routeMatching[${i}]`, what: `routing requests by match to a version (${r.name})` })),
      ...this.experiments.map(e => ({ path: e.path, field: 'service', what: 'an A/B experiment across versions' })),
      ...this.mirrors.map(m => ({ path: m.path, field: 'service', what: 'mirroring (shadow traffic)' })),
      ...(c.timeoutMs !== undefined || c.retries || c.fault ? [{ path: p, field: 'timeout/retries/fault', what: 'a route timeout, retries or fault injection' }] : []),
      ...(this.headers || this.versionHeader || this.cors ? [{ path: p, field: 'headers/versionHeader/cors', what: 'header operations or CORS' }] : []),
      ...(this.trafficPolicy || versions.some(v => v._target().trafficPolicy) ? [{ path: p, field: 'circuitBreaker/connectionPool/loadBalancer', what: 'a DestinationRule traffic policy' }] : []),
    ];
  }

  private mirrorsFor(host: string, isDefault: boolean) {
    return this.mirrors.filter(m => isDefault || m.allRoutes).map(m => ({ host, subset: m.version, percent: m.percent }));
  }
}

function checkFault(f: FaultInjection, where: Where): FaultSpec {
  return checkInstance(f, where, FaultInjection, 'FaultInjection.delay(...), .abort(...) or .delayAndAbort(...)')._spec(where);
}
