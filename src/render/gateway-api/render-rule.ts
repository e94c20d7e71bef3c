/**
 * One route-table route (Istio semantics) → one HTTPRoute rule: weighted backendRefs, filters
 * (header modifiers, URL rewrite, redirect, mirrors with percent, CORS), timeouts, named rules, and
 * retries on the experimental channel. What Gateway API cannot say is a problem in the ledger.
 */
import { FeatureLedger, USE_ISTIO } from './features';
import { isMethod, METHODS, renderMatches } from './render-match';
import {
  CorsSpec, HeaderOpsSpec, HeadersSpec, HttpRouteRule, MirrorTarget, RedirectSpec, RetryPolicySpec, RewriteSpec, WeightedDestination,
} from '../../routing/route-table';
import { formatPrometheusDuration } from '../../util/duration';
import { HTTPRouteSpecRules, HTTPRouteSpecRulesBackendRefs, HTTPRouteSpecRulesFilters, HTTPRouteSpecRulesFiltersRequestHeaderModifier, HTTPRouteSpecRulesMatches } from '../../wire/generated/gateway-api';

/** Where a route-table destination goes in Gateway API: a per-version Service or an InferencePool. */
export type BackendResolver = (target: { host: string; subset?: string; port?: number }, field: string) => HTTPRouteSpecRulesBackendRefs;

export function renderRule(r: HttpRouteRule, ledger: FeatureLedger, backend: BackendResolver, field: string): HTTPRouteSpecRules {
  const name = r.name !== undefined && ledger.optional('HTTPRouteNamedRouteRule', 'rule names') ? r.name : undefined;
  if (r.fault) {
    ledger.fail(`${field}.fault`, `fault injection has no Gateway API equivalent (gateway-api#3575 closed; profile ${ledger.profile.name})`,
      `Envoy Gateway BackendTrafficPolicy.faultInjection or kgateway TrafficPolicy.faultInjection (policies outside this library), or ${USE_ISTIO}`);
  }
  if (r.directResponse) ledger.fail(`${field}.directResponse`, `a direct response has no Gateway API equivalent (profile ${ledger.profile.name})`, USE_ISTIO);
  if (r.delegate) ledger.fail(`${field}.delegate`, `delegation has no Gateway API equivalent (a kgateway-only extension; profile ${ledger.profile.name})`, USE_ISTIO);
  const matches = renderMatches(r.matches, ledger, `${field}.matches`);
  if (r.mirrors.length > 1) ledger.need('HTTPRouteRequestMultipleMirrors', `${field}.mirrors`, 'several mirrors on one rule', 'one mirror per rule');
  const filters = [
    ...headerFilters(r.headers, ledger, `${field}.headers`, 'route'),
    ...rewriteFilter(r.rewrite, matches, ledger, `${field}.rewrite`),
    ...redirectFilter(r.redirect, ledger, `${field}.redirect`),
    ...r.mirrors.flatMap((m, i) => mirrorFilter(m, ledger, backend, `${field}.mirrors[${i}]`)),
    ...corsFilter(r.cors, ledger, `${field}.cors`),
  ];
  return {
    name,
    matches: r.matches.length ? matches : undefined,
    filters: filters.length ? filters : undefined,
    backendRefs: r.destinations.length ? renderBackends(r.destinations, ledger, backend, `${field}.destinations`) : undefined,
    ...timeoutsAndRetry(r, ledger, field),
  };
}

/** Weights are proportional in both APIs; one destination takes everything in Istio whatever its weight, so it is written without one. */
function renderBackends(destinations: readonly WeightedDestination[], ledger: FeatureLedger, backend: BackendResolver,
  field: string): HTTPRouteSpecRulesBackendRefs[] {
  return destinations.map((d, i) => {
    const ref = backend(d, `${field}[${i}]`);
    const filters = d.headers ? headerFilters(d.headers, ledger, `${field}[${i}].headers`, 'backend') : [];
    return { ...ref, weight: destinations.length > 1 ? d.weight : undefined, filters: filters.length ? filters : undefined };
  });
}

function headerFilters(h: HeadersSpec | undefined, ledger: FeatureLedger, field: string, level: 'route' | 'backend'): HTTPRouteSpecRulesFilters[] {
  const out: HTTPRouteSpecRulesFilters[] = [];
  if (h?.request && hasOps(h.request)) {
    if (level === 'route' || ledger.need('HTTPRouteBackendRequestHeaderModification', `${field}.request`, 'a header change for one destination', 'a route-level header change')) {
      out.push({ type: 'RequestHeaderModifier', requestHeaderModifier: modifier(h.request) });
    }
  }
  if (h?.response && hasOps(h.response)) {
    if (level === 'backend') {
      if (ledger.profile.backendResponseHeaderModification) {
        out.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: modifier(h.response) });
      } else {
        ledger.fail(`${field}.response`, `a response header change for one destination has no conformance feature in Gateway API, and profile ${ledger.profile.name} does not declare it`,
          'a route-level response header change');
      }
    } else if (ledger.need('HTTPRouteResponseHeaderModification', `${field}.response`, 'a response header change', USE_ISTIO)) {
      out.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: modifier(h.response) });
    }
  }
  return out;
}

function hasOps(o: HeaderOpsSpec): boolean {
  return Object.keys(o.set ?? {}).length + Object.keys(o.add ?? {}).length + (o.remove?.length ?? 0) > 0;
}

function modifier(o: HeaderOpsSpec): HTTPRouteSpecRulesFiltersRequestHeaderModifier {
  const pairs = (m: Readonly<Record<string, string>> | undefined) => {
    const list = Object.entries(m ?? {}).map(([name, value]) => ({ name, value }));
    return list.length ? list : undefined;
  };
  return { set: pairs(o.set), add: pairs(o.add), remove: o.remove?.length ? [...o.remove] : undefined };
}

/**
 * Istio's `rewrite.uri` replaces the whole path after an exact match: that is ReplaceFullPath. After a
 * prefix match Istio replaces the matched characters (`/v2/` → `/v1/` turns `/v2/x` into `/v1/x`), while
 * ReplacePrefixMatch replaces whole path elements and normalizes slashes (HTTPPathModifier's table in
 * httproute_types.go@v1.6.1), so the two disagree on some paths (`/v2` alone): refused.
 */
function rewriteFilter(w: RewriteSpec | undefined, matches: readonly HTTPRouteSpecRulesMatches[], ledger: FeatureLedger,
  field: string): HTTPRouteSpecRulesFilters[] {
  if (!w) return [];
  if (w.uriRegex) ledger.fail(`${field}.uriRegex`, `a regex path rewrite has no Gateway API equivalent (profile ${ledger.profile.name})`, `a full-path rewrite on exact paths, or ${USE_ISTIO}`);
  if (w.authority !== undefined) ledger.need('HTTPRouteHostRewrite', `${field}.authority`, 'an authority rewrite', USE_ISTIO);
  let path: NonNullable<HTTPRouteSpecRulesFilters['urlRewrite']>['path'];
  if (w.uri !== undefined && ledger.need('HTTPRoutePathRewrite', `${field}.uri`, 'a path rewrite', USE_ISTIO)) {
    if (matches.length > 0 && matches.every(m => m.path?.type === 'Exact')) {
      path = { type: 'ReplaceFullPath', replaceFullPath: w.uri };
    } else {
      ledger.fail(`${field}.uri`, `a path rewrite after a prefix match replaces characters in Istio but whole path elements in Gateway API (ReplacePrefixMatch), so they differ on some paths (profile ${ledger.profile.name})`,
        `rewrite on exact path matches (ReplaceFullPath), or ${USE_ISTIO}`);
    }
  }
  if (!path && w.authority === undefined) return [];
  return [{ type: 'URLRewrite', urlRewrite: { hostname: w.authority, path } }];
}

/** RequestRedirect `statusCode`'s enum. */
const REDIRECT_CODES = [301, 302, 303, 307, 308] as const;

const REDIRECT_FEATURES: Readonly<Record<number, string>> = { 303: 'HTTPRoute303RedirectStatusCode', 307: 'HTTPRoute307RedirectStatusCode', 308: 'HTTPRoute308RedirectStatusCode' };

function redirectFilter(r: RedirectSpec | undefined, ledger: FeatureLedger, field: string): HTTPRouteSpecRulesFilters[] {
  if (!r) return [];
  if (!REDIRECT_CODES.some(c => c === r.code)) {
    ledger.fail(`${field}.code`, `redirect status ${r.code} is not one Gateway API allows`, '301, 302, 303, 307, 308');
  } else if (REDIRECT_FEATURES[r.code]) {
    ledger.need(REDIRECT_FEATURES[r.code], `${field}.code`, `redirect status ${r.code}`, '301 or 302');
  }
  if (r.uri !== undefined) ledger.need('HTTPRoutePathRedirect', `${field}.uri`, 'a redirect path', USE_ISTIO);
  if (r.port !== undefined) ledger.need('HTTPRoutePortRedirect', `${field}.port`, 'a redirect port', USE_ISTIO);
  if (r.scheme !== undefined) ledger.need('HTTPRouteSchemeRedirect', `${field}.scheme`, 'a redirect scheme', USE_ISTIO);
  const scheme = r.scheme === undefined || r.scheme === 'http' || r.scheme === 'https' ? r.scheme : undefined;
  if (r.scheme !== undefined && scheme === undefined) ledger.fail(`${field}.scheme`, `redirect scheme "${r.scheme}" is not one Gateway API allows`, 'http, https');
  return [{
    type: 'RequestRedirect',
    requestRedirect: {
      scheme,
      hostname: r.authority,
      path: r.uri === undefined ? undefined : { type: 'ReplaceFullPath', replaceFullPath: r.uri },
      port: r.port,
      statusCode: REDIRECT_CODES.find(c => c === r.code),
    },
  }];
}

/**
 * `percent` takes whole numbers; any other share is a `fraction` of a million, which Istio turns back
 * into `mirrorPercentage = 100 * numerator / denominator` (conversion.go@1.30.3 l.1237-1257).
 */
function mirrorFilter(m: MirrorTarget, ledger: FeatureLedger, backend: BackendResolver, field: string): HTTPRouteSpecRulesFilters[] {
  if (!ledger.need('HTTPRouteRequestMirror', field, 'a mirror', USE_ISTIO)) return [];
  if (m.percent < 100) ledger.need('HTTPRouteRequestPercentageMirror', `${field}.percent`, 'a mirror percentage', 'mirroring every request');
  const ref = backend(m, field);
  if (ref.kind === 'InferencePool') {
    ledger.fail(field, 'mirroring to an InferencePool is undefined in Gateway API (Envoy AI Gateway rejects it, envoyproxy/ai-gateway#2205)', 'a Service-backed version as the mirror target');
  }
  const { weight: _weight, filters: _filters, ...backendRef } = ref;
  const share = m.percent >= 100 ? {} : Number.isInteger(m.percent) ? { percent: m.percent }
    : { fraction: { numerator: Math.round(m.percent * 10_000), denominator: 1_000_000 } };
  return [{ type: 'RequestMirror', requestMirror: { backendRef, ...share } }];
}

function corsFilter(c: CorsSpec | undefined, ledger: FeatureLedger, field: string): HTTPRouteSpecRulesFilters[] {
  if (!c || !ledger.need('HTTPRouteCORS', field, 'a CORS policy', USE_ISTIO)) return [];
  const origins = c.allowOrigins.filter((o, i) => {
    if (o.kind === 'exact') return true;
    ledger.fail(`${field}.allowOrigins[${i}]`, `a ${o.kind} origin match has no Gateway API equivalent (origins are exact, or wildcards like https://*.example.com)`, 'exact origins');
    return false;
  }).map(o => o.value);
  return [{
    type: 'CORS',
    cors: {
      allowOrigins: origins,
      allowMethods: c.allowMethods && corsMethods(c.allowMethods, ledger, `${field}.allowMethods`),
      allowHeaders: c.allowHeaders && [...c.allowHeaders],
      exposeHeaders: c.exposeHeaders && [...c.exposeHeaders],
      maxAge: c.maxAgeMs === undefined ? undefined : Math.floor(c.maxAgeMs / 1000),
      allowCredentials: c.allowCredentials,
    },
  }];
}

type CorsMethod = NonNullable<NonNullable<HTTPRouteSpecRulesFilters['cors']>['allowMethods']>[number];

/** CORS allowMethods: HTTP methods or `*` (the filter's enum). */
function corsMethods(methods: readonly string[], ledger: FeatureLedger, field: string): CorsMethod[] {
  return methods.filter((m): m is CorsMethod => {
    if (m === '*' || isMethod(m)) return true;
    ledger.fail(field, `CORS method "${m}" is not one Gateway API allows`, `${METHODS.join(', ')} or *`);
    return false;
  });
}

/**
 * Route timeout → `timeouts.request`. Retries are experimental (GEP-1731): Istio writes retryOn
 * `connect-failure,refused-stream,unavailable,cancelled,<codes>` (conversion.go@1.30.3 l.186-209), so
 * only those conditions and status codes render; the per-try timeout is `timeouts.backendRequest`.
 */
function timeoutsAndRetry(r: HttpRouteRule, ledger: FeatureLedger, field: string): Pick<HTTPRouteSpecRules, 'timeouts' | 'retry'> {
  const request = r.timeoutMs !== undefined && ledger.need('HTTPRouteRequestTimeout', `${field}.timeout`, 'a request timeout', `no timeout, or ${USE_ISTIO}`)
    ? formatPrometheusDuration(r.timeoutMs) : undefined;
  const retry = r.retries && renderRetry(r.retries, ledger, `${field}.retries`);
  const backendRequest = retry && r.retries?.perTryTimeoutMs !== undefined
    && ledger.need('HTTPRouteRetryBackendTimeout', `${field}.retries.perTryTimeout`, 'a per-try timeout', 'no per-try timeout')
    ? formatPrometheusDuration(r.retries.perTryTimeoutMs) : undefined;
  const timeouts = request || backendRequest ? { request, backendRequest } : undefined;
  return { timeouts, retry };
}

const ISTIO_FIXED_RETRY_ON = new Set(['connect-failure', 'refused-stream', 'unavailable', 'cancelled']);

function renderRetry(spec: RetryPolicySpec, ledger: FeatureLedger, field: string): HTTPRouteSpecRules['retry'] {
  if (spec.attempts === 0) return undefined; // Istio: attempts 0 disables retries; nothing to render.
  if (!ledger.needExperimental('HTTPRouteRetry', field, 'retries', `no retries on this rule, or ${USE_ISTIO}`)) return undefined;
  const codes: number[] = [];
  for (const item of spec.retryOn ?? []) {
    if (/^[45]\d\d$/.test(item)) {codes.push(Number(item));} else if (!ISTIO_FIXED_RETRY_ON.has(item)) {
      ledger.fail(`${field}.retryOn`, `retry condition "${item}" has no Gateway API equivalent (retry.codes lists HTTP statuses 400-599)`, `status codes and ${[...ISTIO_FIXED_RETRY_ON].join(', ')}`);
    }
  }
  return { attempts: spec.attempts, codes: codes.length ? codes : undefined };
}
