/** One model service's HTTP routes, in Istio's evaluation order, as a Markdown table. */
import { describeMatches, Quote } from './describe-match';
import { formatMs, formatPercent, targetName } from './format';
import { code, NONE, table } from '../../util/markdown';
import { destinationShares, envoyPercent } from '../evaluate';
import { HeaderOpsSpec, HeadersSpec, HttpRouteRule, ServiceRouting } from '../route-table';

export function renderRoutesTable(service: ServiceRouting): string {
  if (service.routes.length === 0) {
    return '_No VirtualService routes: Istio sends every request to any pod of the host (no version split)._';
  }
  const rows = service.routes.map((route, i) => [
    String(i),
    route.name ? code(route.name) : NONE,
    route.origin,
    describeMatches(route.matches, code).join(' **or** '),
    destinationsCell(service, route),
    route.mirrors.map(m => `${code(targetName(service.host, m))} ${formatPercent(envoyPercent(m.percent))}`).join(', ') || NONE,
    resilienceCell(route),
    faultCell(route),
  ]);
  const headers = ['#', 'Route', 'Kind', 'Match', 'Destinations', 'Mirror', 'Timeout / retries', 'Fault'];
  // Only services that rewrite, edit headers or set CORS get the column, so other reports stay narrow.
  const actions = service.routes.map(actionsCell);
  if (actions.some(a => a !== NONE)) {
    headers.push('Rewrite / headers / CORS');
    rows.forEach((row, i) => row.push(actions[i]));
  }
  const last = service.routes[service.routes.length - 1];
  const note = last.matches.length === 0 ? ''
    : '\n\nThe last route has conditions, so a request that matches no route gets **404** from the proxy.';
  return `${table(headers, rows, ['right'])}${note}`;
}

function destinationsCell(service: ServiceRouting, route: HttpRouteRule): string {
  const action = describeAction(route);
  if (action) return action;
  const shares = destinationShares(route.destinations);
  if (shares.length === 0) return 'nowhere (every weight is 0)';
  return shares.map(d => `${code(targetName(service.host, d))} ${formatPercent(d.percent)}`).join(', ');
}

/** What a route does instead of forwarding, in words (`q` marks literals); undefined for forwarding routes. */
export function describeAction(route: HttpRouteRule, q: Quote = code): string | undefined {
  const { redirect, directResponse, delegate } = route;
  if (delegate) return `delegated to VirtualService ${q(delegate.namespace ? `${delegate.namespace}/${delegate.name}` : delegate.name)}`;
  if (redirect) {
    const target = [redirect.scheme && `${redirect.scheme}://`, redirect.authority, redirect.port && `:${redirect.port}`, redirect.uri].filter(Boolean).join('');
    return `redirect ${redirect.code}${target ? ` to ${q(target)}` : ''}`;
  }
  if (directResponse) return `answers ${directResponse.status} itself (no model called)`;
  return undefined;
}

function actionsCell(route: HttpRouteRule): string {
  const parts: string[] = [];
  const w = route.rewrite;
  if (w?.uri !== undefined) parts.push(`path prefix to ${code(w.uri)}`);
  if (w?.uriRegex) parts.push(`path ${code(w.uriRegex.match)} to ${code(w.uriRegex.rewrite)}`);
  if (w?.authority !== undefined) parts.push(`authority to ${code(w.authority)}`);
  if (route.cors) parts.push(`CORS from ${route.cors.allowOrigins.map(o => (o.kind === 'exact' ? code(o.value) : `${o.kind} ${code(o.value)}`)).join(', ')}`);
  parts.push(...describeHeaders(route.headers));
  const perDestination = route.destinations.filter(d => d.headers);
  for (const d of perDestination) {
    parts.push(...describeHeaders(d.headers).map(h => `${code(d.subset ?? d.host)}: ${h}`));
  }
  return parts.join('; ') || NONE;
}

function describeHeaders(h: HeadersSpec | undefined): string[] {
  const ops = (side: string, o: HeaderOpsSpec | undefined) => [
    ...Object.entries(o?.set ?? {}).map(([n, v]) => `${side} set ${code(`${n}: ${v}`)}`),
    ...Object.entries(o?.add ?? {}).map(([n, v]) => `${side} add ${code(`${n}: ${v}`)}`),
    ...(o?.remove ?? []).map(n => `${side} remove ${code(n)}`),
  ];
  return [...ops('request', h?.request), ...ops('response', h?.response)];
}

function resilienceCell(route: HttpRouteRule): string {
  const parts: string[] = [];
  if (route.timeoutMs !== undefined) parts.push(`timeout ${formatMs(route.timeoutMs)}`);
  const r = route.retries;
  if (r) {
    if (r.attempts === 0) {
      parts.push('no retries');
    } else {
      const perTry = r.perTryTimeoutMs !== undefined ? ` × ${formatMs(r.perTryTimeoutMs)}` : '';
      const on = r.retryOn?.length ? ` on ${r.retryOn.map(code).join(', ')}` : '';
      parts.push(`${r.attempts} retr${r.attempts === 1 ? 'y' : 'ies'}${perTry}${on}`);
    }
  }
  return parts.join('; ') || NONE;
}

function faultCell(route: HttpRouteRule): string {
  const parts: string[] = [];
  const { delay, abort } = route.fault ?? {};
  if (delay) parts.push(`delay ${formatMs(delay.fixedDelayMs)} on ${formatPercent(envoyPercent(delay.percent))}`);
  if (abort) parts.push(`abort ${abort.httpStatus} on ${formatPercent(envoyPercent(abort.percent))}`);
  return parts.join('; ') || NONE;
}
