/**
 * What one route does, in the terms a diff compares: who gets which share (the evaluator's
 * rules), mirrors, resilience settings, and the same in words. Host names are reduced to subset
 * names on the service's own host, so a renamed host compares equal to its old self.
 */
import { bucketBlock } from './bucket-ranges';
import { stableJson } from '../../util/stable-json';
import { describeMatches, Quote } from '../describe/describe-match';
import { formatMs, formatPercent, targetName } from '../describe/format';
import { describeAction } from '../describe/routes-table';
import { destinationShares, envoyPercent } from '../evaluate';
import { CorsSpec, FaultSpec, HeaderOpsSpec, HeadersSpec, HttpRouteRule, isForwarding, nonForwardingAction, RetryPolicySpec, RewriteSpec, ServiceRouting } from '../route-table';

/** Literals in diff sentences are quoted, so header values and regexes read unambiguously. */
export const quoted: Quote = literal => `"${literal}"`;

/** How people name a route: its name, `default` for an unnamed catch-all, else `route #i`. */
export interface RouteRef {
  /** `premium`, `default`, `route #2`. */
  readonly label: string;
  /** `premium route`, `route #2`. */
  readonly phrase: string;
  /** `premium traffic`, `route #2 traffic`. */
  readonly traffic: string;
}

export function routeRef(route: HttpRouteRule, index: number): RouteRef {
  const name = route.name ?? (route.matches.length === 0 ? 'default' : undefined);
  if (name) return { label: name, phrase: `${name} route`, traffic: `${name} traffic` };
  return { label: `route #${index}`, phrase: `route #${index}`, traffic: `route #${index} traffic` };
}

/** Each destination's share of the route's requests (empty for routes that do not forward). */
export function sharesOf(service: ServiceRouting, route: HttpRouteRule): Map<string, number> {
  const shares = new Map<string, number>();
  if (!isForwarding(route)) return shares;
  for (const d of destinationShares(route.destinations)) {
    const name = targetName(service.host, d);
    shares.set(name, (shares.get(name) ?? 0) + d.percent);
  }
  return shares;
}

/** Mirror targets and the share of the route's requests copied to each, as Envoy applies it. */
export function mirrorsOf(service: ServiceRouting, route: HttpRouteRule): Map<string, number> {
  const mirrors = new Map<string, number>();
  for (const m of route.mirrors) {
    const percent = envoyPercent(m.percent);
    if (percent > 0) mirrors.set(targetName(service.host, m), percent);
  }
  return mirrors;
}

/** Where the route sends requests, in words: `v47`, `v45 85%, v47 15%`, `redirect 301 to "/v2"`. */
export function outcomeText(service: ServiceRouting, route: HttpRouteRule): string {
  const action = describeAction(route, quoted);
  if (action) return action;
  const shares = [...sharesOf(service, route)];
  if (shares.length === 0) return 'nowhere (every weight is 0)';
  if (shares.length === 1) return shares[0][0];
  return shares.map(([name, percent]) => `${name} ${formatPercent(percent)}`).join(', ');
}

/** Equal keys mean a request answered by either route gets exactly the same treatment. */
export function outcomeKey(service: ServiceRouting, route: HttpRouteRule): string {
  const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return stableJson({
    action: nonForwardingAction(route),
    headers: route.headers,
    rewrite: route.rewrite,
    cors: route.cors,
    destinationHeaders: route.destinations.map(d => d.headers ?? null),
    shares: sorted(sharesOf(service, route)),
    mirrors: sorted(mirrorsOf(service, route)),
    timeout: route.timeoutMs,
    retries: retriesText(route.retries),
    fault: faultText(route.fault),
  });
}

/** The route's conditions in words; an A/B bucket regex also as its bucket numbers. */
export function matchesText(route: HttpRouteRule): string {
  const phrases = describeMatches(route.matches, quoted);
  return phrases.map((phrase, i) => {
    const buckets = route.matches[i] && bucketBlock(route.matches[i]);
    return buckets ? `${phrase} (buckets ${buckets.ranges})` : phrase;
  }).join(' or ');
}

export function matchesKey(route: HttpRouteRule): string {
  return stableJson(route.matches);
}

export function timeoutText(ms: number | undefined): string {
  return ms === undefined ? 'none' : formatMs(ms);
}

export function retriesText(r: RetryPolicySpec | undefined): string {
  if (!r) return 'mesh default';
  if (r.attempts === 0) return 'off';
  const perTry = r.perTryTimeoutMs !== undefined ? `, ${formatMs(r.perTryTimeoutMs)} per try` : '';
  const on = r.retryOn?.length ? `, on ${r.retryOn.join(',')}` : '';
  return `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}${perTry}${on}`;
}

export function faultText(f: FaultSpec | undefined): string {
  const parts: string[] = [];
  if (f?.delay && envoyPercent(f.delay.percent) > 0) parts.push(`delay ${formatMs(f.delay.fixedDelayMs)} on ${formatPercent(envoyPercent(f.delay.percent))}`);
  if (f?.abort && envoyPercent(f.abort.percent) > 0) parts.push(`abort ${f.abort.httpStatus} on ${formatPercent(envoyPercent(f.abort.percent))}`);
  return parts.join(', ') || 'none';
}

export function rewriteText(r: RewriteSpec | undefined): string {
  if (!r) return 'none';
  const path = r.uriRegex ? `path ${quoted(r.uriRegex.match)} → ${quoted(r.uriRegex.rewrite)}` : r.uri !== undefined ? `path to ${quoted(r.uri)}` : undefined;
  return [path, r.authority !== undefined ? `authority to ${quoted(r.authority)}` : undefined].filter(Boolean).join(', ');
}

/** `request set x-a="1", remove x-b; response add x-c="2"`, or `none`. */
export function headersText(h: HeadersSpec | undefined): string {
  const ops = (o: HeaderOpsSpec | undefined) => [
    ...Object.entries(o?.set ?? {}).map(([k, v]) => `set ${k}=${quoted(v)}`),
    ...Object.entries(o?.add ?? {}).map(([k, v]) => `add ${k}=${quoted(v)}`),
    ...(o?.remove ?? []).map(k => `remove ${k}`),
  ].join(', ');
  const parts = [['request', ops(h?.request)], ['response', ops(h?.response)]].filter(([, t]) => t !== '').map(([w, t]) => `${w} ${t}`);
  return parts.join('; ') || 'none';
}

export function corsText(c: CorsSpec | undefined): string {
  if (!c) return 'none';
  const origins = c.allowOrigins.map(o => (o.kind === 'exact' ? quoted(o.value) : `${o.kind} ${quoted(o.value)}`)).join(', ');
  const more = [
    c.allowMethods && `methods ${c.allowMethods.join(',')}`,
    c.allowHeaders && `headers ${c.allowHeaders.join(',')}`,
    c.exposeHeaders && `expose ${c.exposeHeaders.join(',')}`,
    c.maxAgeMs !== undefined && `max age ${formatMs(c.maxAgeMs)}`,
    c.allowCredentials !== undefined && `credentials ${c.allowCredentials ? 'allowed' : 'not allowed'}`,
  ].filter(Boolean);
  return `origins ${origins || 'none'}${more.length ? ` (${more.join(', ')})` : ''}`;
}

/**
 * What a route does besides where it sends, in words, e.g. `fault abort 500 on 100%, timeout 1s`;
 * settings it shares with `reference` (the service's default route) are left out, so a new route
 * says what it does differently from where its requests went before.
 */
export function settingsText(route: HttpRouteRule, reference?: HttpRouteRule): string {
  const parts = (r: HttpRouteRule) => [
    r.timeoutMs !== undefined && `timeout ${timeoutText(r.timeoutMs)}`,
    r.retries && `retries ${retriesText(r.retries)}`,
    faultText(r.fault) !== 'none' && `fault ${faultText(r.fault)}`,
    r.rewrite && `rewrite ${rewriteText(r.rewrite)}`,
    r.headers && `headers ${headersText(r.headers)}`,
    ...r.destinations.filter(d => d.headers).map(d => `headers to ${d.subset ?? d.host} ${headersText(d.headers)}`),
    r.cors && `CORS ${corsText(r.cors)}`,
    ...r.mirrors.map(m => `mirror ${formatPercent(envoyPercent(m.percent))} to ${m.subset ?? m.host}`),
  ].filter((p): p is string => typeof p === 'string');
  const shared = new Set(reference && reference !== route ? parts(reference) : []);
  return parts(route).filter(p => !shared.has(p)).join(', ');
}
