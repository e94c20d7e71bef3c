/**
 * A route of a gRPC model → a GRPCRoute rule. gRPC calls are `POST /<package.Service>/<Method>`, so the
 * table's path conditions become method matches: exact `/svc/Method` is `{service, method}`, prefix
 * `/svc/` is `{service}`. GRPCRoute has no timeouts, retries, redirects, rewrites or CORS (grpcroute_types.go@v1.6.1).
 */
import { FeatureLedger, USE_ISTIO } from './features';
import { BackendResolver, renderRule } from './render-rule';
import { HttpRouteRule, MatchBlock } from '../../routing/route-table';
import { GRPCRouteSpecRules, GRPCRouteSpecRulesFilters, GRPCRouteSpecRulesMatches, HTTPRouteSpecRulesFilters } from '../../wire/generated/gateway-api';

export function renderGrpcRule(r: HttpRouteRule, ledger: FeatureLedger, backend: BackendResolver, field: string): GRPCRouteSpecRules {
  const notInGrpc: Array<[unknown, string, string]> = [
    [r.timeoutMs, 'timeout', 'a timeout'], [r.retries, 'retries', 'retries'], [r.redirect, 'redirect', 'a redirect'],
    [r.rewrite, 'rewrite', 'a rewrite'], [r.cors, 'cors', 'a CORS policy'],
  ];
  for (const [value, name, what] of notInGrpc) {
    if (value !== undefined) ledger.fail(`${field}.${name}`, `${what} has no GRPCRoute field (profile ${ledger.profile.name})`, USE_ISTIO);
  }
  const name = r.name !== undefined && ledger.optional('GRPCRouteNamedRouteRule', 'gRPC rule names') ? r.name : undefined;
  // Filters, backends and header matches are shared with HTTPRoute; render them that way, then keep what GRPCRoute has.
  const shared: HttpRouteRule = {
    ...r,
    name: undefined,
    matches: r.matches.map(m => ({ ...m, uri: undefined })),
    timeoutMs: undefined,
    retries: undefined,
    redirect: undefined,
    rewrite: undefined,
    cors: undefined,
  };
  const http = renderRule(shared,
    ledger, backend, field);
  const matches = r.matches.map((m, i) => grpcMatch(m, http.matches?.[i]?.headers, ledger, `${field}.matches[${i}]`));
  return {
    name,
    matches: matches.length ? matches : undefined,
    filters: grpcFilters(http.filters),
    backendRefs: http.backendRefs?.map(b => ({ ...b, filters: grpcFilters(b.filters) })),
  };
}

/**
 * The filters GRPCRoute has (header modifiers and mirrors): the only ones a route without redirect,
 * rewrite and CORS renders.
 */
function grpcFilters(filters: readonly HTTPRouteSpecRulesFilters[] | undefined): GRPCRouteSpecRulesFilters[] | undefined {
  const kept = (filters ?? []).flatMap(({ type, requestHeaderModifier, responseHeaderModifier, requestMirror }) =>
    type === 'RequestHeaderModifier' || type === 'ResponseHeaderModifier' || type === 'RequestMirror'
      ? [{ type, requestHeaderModifier, responseHeaderModifier, requestMirror }] : []);
  return kept.length ? kept : undefined;
}

function grpcMatch(m: MatchBlock, headers: GRPCRouteSpecRulesMatches['headers'], ledger: FeatureLedger, field: string): GRPCRouteSpecRulesMatches {
  if (m.method) ledger.fail(`${field}.method`, 'gRPC calls are all POST; GRPCRoute has no method match', 'match the gRPC service and method by path');
  if (m.queryParams) ledger.fail(`${field}.queryParams`, 'GRPCRoute has no query parameter match', USE_ISTIO);
  const uri = m.uri;
  let method: GRPCRouteSpecRulesMatches['method'];
  if (uri) {
    const exact = uri.kind === 'exact' ? /^\/([^/]+)\/([^/]+)$/.exec(uri.value) : null;
    const service = uri.kind === 'prefix' ? /^\/([^/]+)\/$/.exec(uri.value) : null;
    if (exact) method = { type: 'Exact', service: exact[1], method: exact[2] };
    else if (service) method = { type: 'Exact', service: service[1] };
    else ledger.fail(`${field}.uri`, `path condition ${uri.kind} "${uri.value}" is not a gRPC service or method`, 'exact "/package.Service/Method" or prefix "/package.Service/"');
  }
  return { method, headers };
}
