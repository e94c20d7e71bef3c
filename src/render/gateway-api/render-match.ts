/**
 * Route-table match blocks (Istio semantics) → HTTPRoute matches. Only conditions with the same meaning
 * in both APIs are rendered; the rest are problems. Path prefixes differ: Istio's is a string prefix,
 * Gateway API's PathPrefix matches whole path elements (`/v1` matches `/v1` and `/v1/x`, never `/v1x`).
 * So Istio prefix `/v1/` plus exact `/v1` in one rule is PathPrefix `/v1`; prefix `/` is PathPrefix `/`;
 * any other string prefix has no equivalent.
 */
import { FeatureLedger, USE_ISTIO } from './features';
import { quoteRe2 } from '../../routing/ingress-routes';
import { MatchBlock, StringMatchSpec } from '../../routing/route-table';
import { HTTPRouteSpecRulesMatches, HTTPRouteSpecRulesMatchesHeaders, HTTPRouteSpecRulesMatchesPath } from '../../wire/generated/gateway-api';

export function renderMatches(blocks: readonly MatchBlock[], ledger: FeatureLedger, field: string): HTTPRouteSpecRulesMatches[] {
  return mergePrefixPairs(blocks).map((b, i) => renderMatch(b, ledger, `${field}[${i}]`));
}

/** Istio's `exact /p` OR `prefix /p/` (the same other conditions) is Gateway API's PathPrefix `/p`: merge such pairs. */
function mergePrefixPairs(blocks: readonly MatchBlock[]): Array<MatchBlock & { elementPrefix?: string }> {
  const out: Array<MatchBlock & { elementPrefix?: string }> = [];
  const used = new Set<number>();
  blocks.forEach((b, i) => {
    if (used.has(i)) return;
    if (b.uri?.kind === 'exact') {
      const j = blocks.findIndex((c, k) => !used.has(k) && k !== i && c.uri?.kind === 'prefix' && c.uri.value === `${b.uri!.value}/`
        && sameExceptUri(b, c));
      if (j >= 0) {
        used.add(j);
        out.push({ ...b, uri: undefined, elementPrefix: b.uri.value });
        return;
      }
    }
    out.push(b);
  });
  return out;
}

function sameExceptUri(a: MatchBlock, b: MatchBlock): boolean {
  const strip = (m: MatchBlock) => JSON.stringify({ ...m, uri: undefined });
  return strip(a) === strip(b);
}

function renderMatch(b: MatchBlock & { elementPrefix?: string }, ledger: FeatureLedger, field: string): HTTPRouteSpecRulesMatches {
  unsupportedConditions(b, ledger, field);
  const path = b.elementPrefix !== undefined ? { type: 'PathPrefix' as const, value: b.elementPrefix } : b.uri && renderPath(b.uri, ledger, `${field}.uri`);
  const headers = Object.entries(b.headers ?? {}).map(([name, spec]) => stringMatch(name, spec, ledger, `${field}.headers["${name}"]`, 'header'))
    .filter((m): m is HTTPRouteSpecRulesMatchesHeaders => m !== undefined);
  const queryParams = Object.entries(b.queryParams ?? {}).map(([name, spec]) => {
    ledger.need('HTTPRouteQueryParamMatching', `${field}.queryParams["${name}"]`, 'a query parameter match', USE_ISTIO);
    return stringMatch(name, spec, ledger, `${field}.queryParams["${name}"]`, 'query parameter');
  }).filter((m): m is HTTPRouteSpecRulesMatchesHeaders => m !== undefined);
  return {
    path,
    headers: headers.length ? headers : undefined,
    queryParams: queryParams.length ? queryParams : undefined,
    method: b.method && renderMethod(b.method, ledger, `${field}.method`),
  };
}

/** Conditions HTTPRoute has no field for (the scoping Istio does per caller, and negations). */
function unsupportedConditions(b: MatchBlock, ledger: FeatureLedger, field: string): void {
  const fail = (name: string, what: string, alternative = USE_ISTIO) =>
    ledger.fail(`${field}.${name}`, `${what} has no Gateway API equivalent (profile ${ledger.profile.name})`, alternative);
  if (b.withoutHeaders && Object.keys(b.withoutHeaders).length) fail('withoutHeaders', 'a withoutHeaders condition', 'an earlier rule that matches the header and sends it elsewhere, or ' + USE_ISTIO);
  if (b.sourceLabels && Object.keys(b.sourceLabels).length) fail('sourceLabels', 'a sourceLabels condition', 'a consumer route (MeshConsumerRoute) in the caller\'s namespace, or ' + USE_ISTIO);
  if (b.sourceNamespace) fail('sourceNamespace', 'a sourceNamespace condition', 'a consumer route in that namespace, or ' + USE_ISTIO);
  if (b.gateways?.length) fail('gateways', 'a per-match gateways condition', 'parentRefs of a separate HTTPRoute');
  if (b.authority) fail('authority', 'an authority match', 'hostnames of a separate HTTPRoute');
  if (b.scheme) fail('scheme', 'a scheme match', USE_ISTIO);
  if (b.port !== undefined) fail('port', 'a port condition inside a match', 'parentRefs[].port (HTTPRouteParentRefPort)');
  if (b.ignoreUriCase) fail('ignoreUriCase', 'a case-insensitive path match', USE_ISTIO);
}

function renderPath(uri: StringMatchSpec, ledger: FeatureLedger, field: string): HTTPRouteSpecRulesMatchesPath | undefined {
  if (uri.kind === 'exact') return { type: 'Exact', value: uri.value };
  if (uri.kind === 'prefix') {
    if (uri.value === '/') return { type: 'PathPrefix', value: '/' };
    ledger.fail(field, `the string prefix "${uri.value}" has no Gateway API equivalent: PathPrefix matches whole path elements (profile ${ledger.profile.name})`,
      `match exact "${uri.value.replace(/\/$/, '')}" and prefix "${uri.value.replace(/\/?$/, '/')}" together (rendered as PathPrefix), or ${USE_ISTIO}`);
    return undefined;
  }
  return regexAllowed(ledger, field, 'a regex path match') ? { type: 'RegularExpression', value: uri.value } : undefined;
}

function stringMatch(name: string, spec: StringMatchSpec, ledger: FeatureLedger, field: string,
  what: string): HTTPRouteSpecRulesMatchesHeaders | undefined {
  if (spec.kind === 'exact') return { type: 'Exact', name, value: spec.value };
  if (spec.kind === 'prefix') {
    ledger.fail(field, `a ${what} prefix match has no Gateway API equivalent (profile ${ledger.profile.name})`, `a regex match "${quoteRe2(spec.value)}.*" or ${USE_ISTIO}`);
    return undefined;
  }
  if (spec.value === '*') {
    ledger.fail(field, `a ${what} presence match has no Gateway API equivalent (profile ${ledger.profile.name})`, `a regex match ".*" or ${USE_ISTIO}`);
    return undefined;
  }
  return regexAllowed(ledger, field, `a regex ${what} match`) ? { type: 'RegularExpression', name, value: spec.value } : undefined;
}

type Method = NonNullable<HTTPRouteSpecRulesMatches['method']>;

function renderMethod(spec: StringMatchSpec, ledger: FeatureLedger, field: string): Method | undefined {
  if (!ledger.need('HTTPRouteMethodMatching', field, 'a method match', USE_ISTIO)) return undefined;
  if (spec.kind === 'exact' && isMethod(spec.value)) return spec.value;
  ledger.fail(field, `method match ${spec.kind} "${spec.value}" is not one method name (HTTPRoute takes one of ${METHODS.join(', ')})`, 'one rule per method');
  return undefined;
}

/** Regex is implementation-specific (GEP-4359 is a memorandum): allowed only when the profile names its dialect. */
function regexAllowed(ledger: FeatureLedger, field: string, what: string): boolean {
  if (ledger.profile.regexDialect) return true;
  ledger.fail(field, `${what} is implementation-specific in Gateway API and profile ${ledger.profile.name} declares no regex dialect`, `an exact match, or ${USE_ISTIO}`);
  return false;
}

/** HTTPRouteMatch `method`'s enum (the same list for the CORS filter's allowMethods, with `*`). */
export const METHODS: readonly Method[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

export function isMethod(value: string): value is Method {
  return (METHODS as readonly string[]).includes(value);
}

