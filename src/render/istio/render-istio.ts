import {
  ConnectionPoolSpec, HeaderOpsSpec, HeadersSpec, HttpRouteRule, LoadBalancerSpec, MatchBlock, MirrorTarget,
  OutlierDetectionSpec, RewriteSpec, ServiceRouting, StringMatchSpec, TrafficPolicySpec,
} from '../../routing/route-table';
import { formatIstioDuration } from '../../util/duration';
import {
  ConnectionPoolSettings, DestinationRuleSpec, HeaderOperations, Headers, HTTPMatchRequest, HTTPRewrite, HTTPRoute,
  LoadBalancerSettings, OutlierDetection, StringMatch, TrafficPolicy, VirtualServiceSpec,
} from '../../wire/generated/istio-networking';

/**
 * Route table → Istio `networking.istio.io/v1` specs, in their wire shape (src/wire/generated/istio-networking.ts; the
 * synth-time check validates the result against the CRD schema); empty blocks are omitted
 * because Istio rejects them (e.g. "traffic policy must have at least one field").
 */
export function renderVirtualServiceSpec(s: ServiceRouting): VirtualServiceSpec {
  return { hosts: [s.host], http: s.routes.map(renderRoute) };
}

export function renderDestinationRuleSpec(s: ServiceRouting): DestinationRuleSpec {
  return {
    host: s.host,
    trafficPolicy: renderTrafficPolicy(s.trafficPolicy),
    subsets: s.versions.map(v => ({
      name: v.name,
      labels: { ...v.labels },
      trafficPolicy: renderTrafficPolicy(v.trafficPolicy),
    })),
  };
}

export function renderRoute(r: HttpRouteRule): HTTPRoute {
  return {
    name: r.name,
    match: r.matches.length ? r.matches.map(renderMatch) : undefined,
    route: r.destinations.length ? r.destinations.map(d => ({
      destination: { host: d.host, subset: d.subset, port: d.port ? { number: d.port } : undefined },
      weight: d.weight,
      headers: renderHeaders(d.headers),
    })) : undefined,
    ...renderActions(r),
    ...renderMirrors(r.mirrors),
    timeout: r.timeoutMs === undefined ? undefined : formatIstioDuration(r.timeoutMs),
    retries: r.retries && {
      attempts: r.retries.attempts,
      perTryTimeout: r.retries.perTryTimeoutMs === undefined ? undefined : formatIstioDuration(r.retries.perTryTimeoutMs),
      retryOn: r.retries.retryOn?.join(','),
    },
    fault: r.fault && (r.fault.delay || r.fault.abort) ? {
      delay: r.fault.delay && { fixedDelay: formatIstioDuration(r.fault.delay.fixedDelayMs), percentage: { value: r.fault.delay.percent } },
      abort: r.fault.abort && { httpStatus: r.fault.abort.httpStatus, percentage: { value: r.fault.abort.percent } },
    } : undefined,
  };
}

/** Route actions besides forwarding: header operations, rewrite, redirect, direct response, delegate. */
function renderActions(r: HttpRouteRule): Pick<HTTPRoute, 'headers' | 'rewrite' | 'corsPolicy' | 'redirect' | 'directResponse' | 'delegate'> {
  return {
    headers: renderHeaders(r.headers),
    rewrite: r.rewrite && renderRewrite(r.rewrite),
    corsPolicy: r.cors && {
      allowOrigins: r.cors.allowOrigins.map(stringMatch),
      allowMethods: r.cors.allowMethods && [...r.cors.allowMethods],
      allowHeaders: r.cors.allowHeaders && [...r.cors.allowHeaders],
      exposeHeaders: r.cors.exposeHeaders && [...r.cors.exposeHeaders],
      maxAge: r.cors.maxAgeMs === undefined ? undefined : formatIstioDuration(r.cors.maxAgeMs),
      allowCredentials: r.cors.allowCredentials,
    },
    redirect: r.redirect && {
      uri: r.redirect.uri,
      authority: r.redirect.authority,
      scheme: r.redirect.scheme,
      port: r.redirect.port,
      redirectCode: r.redirect.code,
    },
    directResponse: r.directResponse && {
      status: r.directResponse.status,
      body: r.directResponse.body === undefined ? undefined : { string: r.directResponse.body },
    },
    delegate: r.delegate && { name: r.delegate.name, namespace: r.delegate.namespace },
  };
}

function renderHeaders(h: HeadersSpec | undefined): Headers | undefined {
  if (!h || (!h.request && !h.response)) return undefined;
  return { request: h.request && renderHeaderOps(h.request), response: h.response && renderHeaderOps(h.response) };
}

function renderHeaderOps(o: HeaderOpsSpec): HeaderOperations {
  return { set: o.set && { ...o.set }, add: o.add && { ...o.add }, remove: o.remove && [...o.remove] };
}

function renderRewrite(w: RewriteSpec): HTTPRewrite {
  return {
    uri: w.uri,
    uriRegexRewrite: w.uriRegex && { match: w.uriRegex.match, rewrite: w.uriRegex.rewrite },
    authority: w.authority,
  };
}

/** One mirror uses the classic `mirror` + `mirrorPercentage`; several need `mirrors[]` (never both). */
function renderMirrors(mirrors: readonly MirrorTarget[]): Pick<HTTPRoute, 'mirror' | 'mirrorPercentage' | 'mirrors'> {
  if (mirrors.length === 0) return {};
  if (mirrors.length === 1) {
    const [m] = mirrors;
    return { mirror: { host: m.host, subset: m.subset }, mirrorPercentage: { value: m.percent } };
  }
  return { mirrors: mirrors.map(m => ({ destination: { host: m.host, subset: m.subset }, percentage: { value: m.percent } })) };
}

function renderMatch(b: MatchBlock): HTTPMatchRequest {
  return {
    headers: mapOf(b.headers),
    withoutHeaders: mapOf(b.withoutHeaders),
    queryParams: mapOf(b.queryParams),
    uri: b.uri && stringMatch(b.uri),
    method: b.method && stringMatch(b.method),
    authority: b.authority && stringMatch(b.authority),
    scheme: b.scheme && stringMatch(b.scheme),
    port: b.port,
    sourceLabels: b.sourceLabels && { ...b.sourceLabels },
    sourceNamespace: b.sourceNamespace,
    gateways: b.gateways && [...b.gateways],
    ignoreUriCase: b.ignoreUriCase,
  };
}

function mapOf(m: Readonly<Record<string, StringMatchSpec>> | undefined) {
  if (!m) return undefined;
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, stringMatch(v)]));
}

function stringMatch(s: StringMatchSpec): StringMatch {
  return { [s.kind]: s.value };
}

export function renderTrafficPolicy(p: TrafficPolicySpec | undefined): TrafficPolicy | undefined {
  if (!p) return undefined;
  const out = {
    outlierDetection: p.outlierDetection && renderOutlier(p.outlierDetection),
    connectionPool: p.connectionPool && renderConnectionPool(p.connectionPool),
    loadBalancer: p.loadBalancer && renderLoadBalancer(p.loadBalancer),
    tls: p.tls && { mode: p.tls.mode },
  };
  return Object.values(out).some(v => v !== undefined) ? out : undefined;
}

const ms = (v: number | undefined) => v === undefined ? undefined : formatIstioDuration(v);

function renderOutlier(o: OutlierDetectionSpec): OutlierDetection {
  return {
    consecutive5xxErrors: o.consecutive5xxErrors,
    consecutiveGatewayErrors: o.consecutiveGatewayErrors,
    interval: ms(o.intervalMs),
    baseEjectionTime: ms(o.baseEjectionTimeMs),
    maxEjectionPercent: o.maxEjectionPercent,
    minHealthPercent: o.minHealthPercent,
  };
}

function renderConnectionPool(c: ConnectionPoolSpec): ConnectionPoolSettings | undefined {
  const tcp = { maxConnections: c.maxConnections, connectTimeout: ms(c.connectTimeoutMs) };
  const http = {
    http1MaxPendingRequests: c.http1MaxPendingRequests,
    http2MaxRequests: c.http2MaxRequests,
    maxRequestsPerConnection: c.maxRequestsPerConnection,
    maxRetries: c.maxRetries,
    idleTimeout: ms(c.idleTimeoutMs),
    h2UpgradePolicy: c.h2UpgradePolicy,
  };
  const some = (o: object) => Object.values(o).some(v => v !== undefined);
  if (!some(tcp) && !some(http)) return undefined;
  return { tcp: some(tcp) ? tcp : undefined, http: some(http) ? http : undefined };
}

function renderLoadBalancer(l: LoadBalancerSpec): LoadBalancerSettings {
  if (l.consistentHashHeader) return { consistentHash: { httpHeaderName: l.consistentHashHeader } };
  return { simple: l.simple };
}
