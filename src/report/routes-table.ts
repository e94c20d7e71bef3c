/** One model service's HTTP routes, in Istio's evaluation order, as a Markdown table. */
import { describeMatches, Quote } from './describe-match';
import { formatMs, formatPercent, targetName } from './format';
import { code, NONE, table } from './markdown';
import { destinationShares, envoyPercent } from '../routing/evaluate';
import { NonForwardAction, nonForwardAction } from '../routing/from-istio-action';
import { HttpRouteRule, ServiceRouting } from '../routing/route-table';

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
  const last = service.routes[service.routes.length - 1];
  const note = last.matches.length === 0 ? ''
    : '\n\nThe last route has conditions, so a request that matches no route gets **404** from the proxy.';
  return `${table(headers, rows, ['right'])}${note}`;
}

function destinationsCell(service: ServiceRouting, route: HttpRouteRule): string {
  const action = nonForwardAction(route);
  if (action) return describeAction(action);
  const shares = destinationShares(route.destinations);
  if (shares.length === 0) return 'nowhere (every weight is 0)';
  return shares.map(d => `${code(targetName(service.host, d))} ${formatPercent(d.percent)}`).join(', ');
}

/** A route that does not forward, in words; `q` marks literals (code spans by default). */
export function describeAction(action: NonForwardAction, q: Quote = code): string {
  switch (action.kind) {
    case 'redirect': {
      const target = [action.scheme && `${action.scheme}://`, action.authority, action.port && `:${action.port}`, action.uri].filter(Boolean).join('');
      return `redirect ${action.code}${target ? ` to ${q(target)}` : ''}`;
    }
    case 'directResponse': return `answers ${action.status} itself (no model called)`;
    case 'delegate': return `delegated to VirtualService ${q(action.namespace ? `${action.namespace}/${action.name}` : action.name)}`;
  }
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
