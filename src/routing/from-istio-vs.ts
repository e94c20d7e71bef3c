/**
 * VirtualService `spec.http[]` → route-table rules, keeping Istio's order and semantics
 * (mirror percent defaults, deprecated fields, fault percent defaults of TranslateFault).
 */
import {
  asArray, compact, readDuration, readList, readNumber, readPercent, readStringMatch, readStringMatchMap, ImportNotes, isObject,
} from './from-istio-fields';
import { normaliseGateway } from './from-istio-hosts';
import {
  CorsSpec, DelegateSpec, DirectResponseSpec, FaultSpec, HeaderOpsSpec, HeadersSpec, HttpRouteRule, MatchBlock, MirrorTarget,
  RedirectSpec, RetryPolicySpec, RewriteSpec, StreamRouteRule, WeightedDestination,
} from './route-table';
import { toFqdn } from '../util/hosts';

/** What the route reader needs to know about the VirtualService around it. */
export interface VirtualServiceScope {
  readonly namespace: string;
  /** Normalised `spec.gateways`; empty means mesh only. */
  readonly gateways: readonly string[];
  /** `file#doc`, recorded as each route's source. */
  readonly source: string;
}

/** Read `spec.http` of one VirtualService. */
export function readHttpRoutes(spec: Record<string, any>, scope: VirtualServiceScope, notes: ImportNotes): HttpRouteRule[] {
  return readList(spec.http, 'spec.http', notes, 'HTTP routes').flatMap((http, i) => {
    const path = `spec.http[${i}]`;
    if (!isObject(http)) {
      notes.malformed(path, `an http route must be an object; got ${JSON.stringify(http)}; the routing cannot be explained`);
      return [];
    }
    return [readHttpRoute(http, path, scope, notes)];
  });
}

/** Read `spec.tcp` and `spec.tls` of one VirtualService (for diff; nothing evaluates them). */
export function readStreamRoutes(spec: Record<string, any>, scope: VirtualServiceScope, notes: ImportNotes): StreamRouteRule[] {
  return (['tcp', 'tls'] as const).flatMap(protocol => readList(spec[protocol], `spec.${protocol}`, notes, `${protocol.toUpperCase()} routes`).flatMap((r, i) => {
    const path = `spec.${protocol}[${i}]`;
    if (!isObject(r)) {
      notes.malformed(path, `a ${protocol} route must be an object; got ${JSON.stringify(r)}; the routing cannot be read`);
      return [];
    }
    const matches = asArray(r.match).filter(isObject).map(m => compact({
      port: readNumber(m.port, `${path}.match.port`, notes) || undefined,
      sniHosts: asArray(m.sniHosts).filter((h): h is string => typeof h === 'string'),
      gateways: asArray(m.gateways).filter((g): g is string => typeof g === 'string').map(g => normaliseGateway(g, scope.namespace)),
    })).map(m => Object.fromEntries(Object.entries(m).filter(([, v]) => !(Array.isArray(v) && v.length === 0))));
    return [{ protocol, matches, destinations: readDestinations(r.route, `${path}.route`, scope, notes), source: `${scope.source} ${path}` }];
  }));
}

function readHttpRoute(http: Record<string, any>, path: string, scope: VirtualServiceScope, notes: ImportNotes): HttpRouteRule {
  // Precedence as in Istio's translateRoute: delegate, then redirect, then direct response, then route.
  const delegate = readDelegate(http.delegate);
  const redirect = delegate ? undefined : readRedirect(http.redirect, `${path}.redirect`, notes);
  const directResponse = delegate || redirect ? undefined : readDirectResponse(http.directResponse, `${path}.directResponse`, notes);
  const forwards = !delegate && !redirect && !directResponse;
  return compact({
    name: typeof http.name === 'string' ? http.name : undefined,
    matches: readMatches(http.match, `${path}.match`, scope, notes),
    destinations: forwards ? readDestinations(http.route, `${path}.route`, scope, notes) : [],
    mirrors: readMirrors(http, path, scope, notes),
    timeoutMs: readDuration(http.timeout, `${path}.timeout`, notes),
    retries: readRetries(http.retries, `${path}.retries`, notes),
    fault: readFault(http.fault, `${path}.fault`, notes),
    headers: readHeaders(http.headers),
    rewrite: readRewrite(http.rewrite),
    cors: readCors(http.corsPolicy, `${path}.corsPolicy`, notes),
    redirect,
    directResponse,
    delegate,
    origin: 'imported' as const,
    source: `${scope.source} ${path}`,
  });
}

/**
 * Match blocks. Blocks without their own `gateways` inherit the VirtualService's gateways
 * (Istio applies the VS-level list unless a match overrides it); a route without blocks on a
 * gateway-bound VirtualService becomes one block holding just those gateways.
 */
export function readMatches(value: unknown, path: string, scope: VirtualServiceScope, notes: ImportNotes): MatchBlock[] {
  const inherited = scope.gateways.length > 0 && !(scope.gateways.length === 1 && scope.gateways[0] === 'mesh')
    ? scope.gateways : undefined;
  const blocks = readList(value, path, notes, 'match conditions').flatMap((m, i) => {
    if (!isObject(m)) {
      notes.malformed(`${path}[${i}]`, `a match must be an object; got ${JSON.stringify(m)}; the route's conditions cannot be read`);
      return [];
    }
    return [readMatchBlock(m, `${path}[${i}]`, scope.namespace, notes)];
  });
  if (!inherited) return blocks;
  if (blocks.length === 0) return [{ gateways: inherited }];
  return blocks.map(b => (b.gateways ? b : { ...b, gateways: inherited }));
}

function readMatchBlock(m: Record<string, any>, path: string, namespace: string, notes: ImportNotes): MatchBlock {
  // An empty uri StringMatch translates to Envoy's default prefix "/": no condition at all.
  const uri = isObject(m.uri) && Object.keys(m.uri).length === 0 ? undefined
    : m.uri === undefined ? undefined : readStringMatch(m.uri, `${path}.uri`, notes);
  const optional = (field: string) => (m[field] === undefined ? undefined : readStringMatch(m[field], `${path}.${field}`, notes));
  const gateways = asArray(m.gateways).filter((g): g is string => typeof g === 'string').map(g => normaliseGateway(g, namespace));
  const port = readNumber(m.port, `${path}.port`, notes);
  return compact({
    headers: readStringMatchMap(m.headers, `${path}.headers`, notes, true),
    withoutHeaders: readStringMatchMap(m.withoutHeaders, `${path}.withoutHeaders`, notes, true),
    uri,
    method: optional('method'),
    authority: optional('authority'),
    scheme: optional('scheme'),
    queryParams: readStringMatchMap(m.queryParams, `${path}.queryParams`, notes, false),
    port: port === 0 ? undefined : port,
    sourceLabels: isObject(m.sourceLabels) && Object.keys(m.sourceLabels).length > 0 ? { ...m.sourceLabels } : undefined,
    sourceNamespace: typeof m.sourceNamespace === 'string' && m.sourceNamespace !== '' ? m.sourceNamespace : undefined,
    gateways: gateways.length > 0 ? gateways : undefined,
    ignoreUriCase: m.ignoreUriCase === true ? true : undefined,
  });
}

interface DestinationRef { readonly host: string; readonly subset?: string; readonly port?: number }

function readDestinationRef(value: unknown, path: string, scope: VirtualServiceScope, notes: ImportNotes): DestinationRef | undefined {
  if (!isObject(value) || typeof value.host !== 'string' || value.host === '') {
    notes.malformed(path, 'destination needs a host (a Service name or FQDN); the route cannot be explained');
    return undefined;
  }
  return compact({
    host: toFqdn(value.host, scope.namespace),
    subset: typeof value.subset === 'string' && value.subset !== '' ? value.subset : undefined,
    port: isObject(value.port) ? readNumber(value.port.number, `${path}.port.number`, notes) : undefined,
  });
}

function readDestinations(value: unknown, path: string, scope: VirtualServiceScope, notes: ImportNotes): WeightedDestination[] {
  return readList(value, path, notes, 'route destinations').flatMap((r, i) => {
    if (!isObject(r)) {
      notes.malformed(`${path}[${i}]`, `a route destination must be an object; got ${JSON.stringify(r)}; the route cannot be explained`);
      return [];
    }
    const ref = readDestinationRef(r.destination, `${path}[${i}].destination`, scope, notes);
    if (!ref) return [];
    // An unset weight is 0 (proto default); a lone destination still gets everything.
    return [compact({ ...ref, weight: readNumber(r.weight, `${path}[${i}].weight`, notes) ?? 0, headers: readHeaders(r.headers) })];
  });
}

/**
 * `mirror` with `mirrorPercentage` (or deprecated integer `mirrorPercent`), 100% when neither
 * is set; or `mirrors[]`, each with its own `percentage`, 100% when unset (Istio MirrorPercent /
 * MirrorPercentByPolicy). Zero percents are kept here; the evaluator drops them as Istio does.
 */
function readMirrors(http: Record<string, any>, path: string, scope: VirtualServiceScope, notes: ImportNotes): MirrorTarget[] {
  const out: MirrorTarget[] = [];
  if (http.mirror !== undefined && http.mirror !== null) {
    const ref = readDestinationRef(http.mirror, `${path}.mirror`, scope, notes);
    let percent = 100;
    if (http.mirrorPercentage !== undefined && http.mirrorPercentage !== null) {
      percent = readPercent(http.mirrorPercentage, `${path}.mirrorPercentage`, notes);
    } else if (http.mirrorPercent !== undefined && http.mirrorPercent !== null) {
      notes.warn(`${path}.mirrorPercent`, 'deprecated, use mirrorPercentage (read as the same percent)');
      percent = readNumber(http.mirrorPercent, `${path}.mirrorPercent`, notes) ?? 0;
    }
    if (ref) out.push({ ...ref, percent });
  }
  asArray(http.mirrors).forEach((m, i) => {
    const at = `${path}.mirrors[${i}]`;
    const ref = isObject(m) ? readDestinationRef(m.destination, `${at}.destination`, scope, notes) : undefined;
    if (!ref) return;
    const percent = m.percentage === undefined || m.percentage === null ? 100 : readPercent(m.percentage, `${at}.percentage`, notes);
    out.push({ ...ref, percent });
  });
  return out;
}

function readRetries(value: unknown, path: string, notes: ImportNotes): RetryPolicySpec | undefined {
  if (!isObject(value)) return undefined;
  const retryOn = typeof value.retryOn === 'string' && value.retryOn !== '' ? value.retryOn.split(',') : undefined;
  return compact({
    attempts: readNumber(value.attempts, `${path}.attempts`, notes) ?? 0,
    perTryTimeoutMs: readDuration(value.perTryTimeout, `${path}.perTryTimeout`, notes),
    retryOn,
  });
}

/**
 * Fault percents as TranslateFault reads them: `percentage` wins, a delay falls back to the
 * deprecated integer `percent`, and an unset percent is 0 (nothing injected). A delay without
 * `fixedDelay` and a non-HTTP abort are dropped, the first as Istio does, the second because the
 * route table has no gRPC abort.
 */
function readFault(value: unknown, path: string, notes: ImportNotes): FaultSpec | undefined {
  if (!isObject(value)) return undefined;
  let delay: FaultSpec['delay'];
  let abort: FaultSpec['abort'];
  if (isObject(value.delay)) {
    const d = value.delay;
    const percent = d.percentage !== undefined ? readPercent(d.percentage, `${path}.delay.percentage`, notes)
      : readNumber(d.percent, `${path}.delay.percent`, notes) ?? 0;
    const fixedDelayMs = readDuration(d.fixedDelay, `${path}.delay.fixedDelay`, notes);
    if (fixedDelayMs === undefined) notes.warn(`${path}.delay`, 'only fixedDelay is supported by Istio; delay ignored');
    else delay = { fixedDelayMs, percent };
  }
  if (isObject(value.abort)) {
    const a = value.abort;
    const percent = a.percentage !== undefined ? readPercent(a.percentage, `${path}.abort.percentage`, notes) : 0;
    const httpStatus = readNumber(a.httpStatus, `${path}.abort.httpStatus`, notes);
    if (httpStatus === undefined) notes.warn(`${path}.abort`, 'only httpStatus aborts can be explained (grpcStatus is not in the route table); abort ignored');
    else abort = { httpStatus, percent };
  }
  return delay || abort ? compact({ delay, abort }) : undefined;
}

function readHeaders(value: unknown): HeadersSpec | undefined {
  if (!isObject(value)) return undefined;
  const headers = compact({ request: readHeaderOps(value.request), response: readHeaderOps(value.response) });
  return Object.keys(headers).length > 0 ? headers : undefined;
}

function readHeaderOps(value: unknown): HeaderOpsSpec | undefined {
  if (!isObject(value)) return undefined;
  const stringMap = (m: unknown) => (isObject(m) && Object.keys(m).length > 0
    ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])) : undefined);
  const remove = asArray(value.remove).filter((n): n is string => typeof n === 'string');
  const ops = compact({ set: stringMap(value.set), add: stringMap(value.add), remove: remove.length > 0 ? remove : undefined });
  return Object.keys(ops).length > 0 ? ops : undefined;
}

function readRewrite(value: unknown): RewriteSpec | undefined {
  if (!isObject(value)) return undefined;
  const nonEmpty = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const regex = isObject(value.uriRegexRewrite) ? value.uriRegexRewrite : undefined;
  const rewrite = compact({
    uri: nonEmpty(value.uri),
    uriRegex: regex && nonEmpty(regex.match) !== undefined
      ? { match: String(regex.match), rewrite: typeof regex.rewrite === 'string' ? regex.rewrite : '' } : undefined,
    authority: nonEmpty(value.authority),
  });
  return Object.keys(rewrite).length > 0 ? rewrite : undefined;
}

/** A CORS policy; the deprecated `allowOrigin` strings are exact origins, as Istio reads them. */
function readCors(value: unknown, path: string, notes: ImportNotes): CorsSpec | undefined {
  if (!isObject(value)) return undefined;
  const strings = (v: unknown) => {
    const list = asArray(v).filter((x): x is string => typeof x === 'string');
    return list.length > 0 ? list : undefined;
  };
  const origins = [
    ...asArray(value.allowOrigins).flatMap((o, i) => {
      const spec = readStringMatch(o, `${path}.allowOrigins[${i}]`, notes);
      return spec ? [spec] : [];
    }),
    ...asArray(value.allowOrigin).filter((o): o is string => typeof o === 'string').map(o => ({ kind: 'exact' as const, value: o })),
  ];
  return compact({
    allowOrigins: origins,
    allowMethods: strings(value.allowMethods),
    allowHeaders: strings(value.allowHeaders),
    exposeHeaders: strings(value.exposeHeaders),
    maxAgeMs: readDuration(value.maxAge, `${path}.maxAge`, notes),
    allowCredentials: typeof value.allowCredentials === 'boolean' ? value.allowCredentials : undefined,
  });
}

function readDelegate(value: unknown): DelegateSpec | undefined {
  if (!isObject(value)) return undefined;
  return compact({ name: String(value.name ?? ''), namespace: typeof value.namespace === 'string' ? value.namespace : undefined });
}

function readRedirect(r: unknown, path: string, notes: ImportNotes): RedirectSpec | undefined {
  if (!isObject(r)) return undefined;
  return compact({
    code: readNumber(r.redirectCode, `${path}.redirectCode`, notes) || 301,
    uri: typeof r.uri === 'string' ? r.uri : undefined,
    authority: typeof r.authority === 'string' ? r.authority : undefined,
    scheme: typeof r.scheme === 'string' ? r.scheme : undefined,
    port: readNumber(r.port, `${path}.port`, notes),
  });
}

function readDirectResponse(d: unknown, path: string, notes: ImportNotes): DirectResponseSpec | undefined {
  if (!isObject(d)) return undefined;
  const body = isObject(d.body) ? (typeof d.body.string === 'string' ? d.body.string
    : typeof d.body.bytes === 'string' ? Buffer.from(d.body.bytes, 'base64').toString('utf8') : undefined) : undefined;
  return compact({ status: readNumber(d.status, `${path}.status`, notes) ?? 0, body });
}
