/**
 * validateHTTPRouteConflict: which of route / redirect / directResponse / delegate / fault /
 * rewrite / mirror(s) may appear together. A root route (one with `delegate`) may carry neither
 * `route` nor `redirect`; a route inside a delegate VirtualService may not delegate again.
 */
import { field } from './paths';
import { Report } from './report';
import { has, nonEmpty, str } from './values';

export function checkHttpRouteStructure(r: Report, path: string, http: Record<string, unknown>, inDelegate: boolean): void {
  const at = (name: string) => field(path, name);
  if (!inDelegate && has(http, 'delegate')) {
    const name = str(http.name);
    if (has(http, 'redirect')) r.error(at('redirect'), 'root-route', `root HTTP route ${name} must not specify redirect`);
    if (has(http, 'route')) r.error(at('route'), 'root-route', `root HTTP route ${name} must not specify route`);
    return;
  }
  if (inDelegate && has(http, 'delegate')) r.error(at('delegate'), 'delegate-route', 'delegate HTTP route cannot contain delegate');
  const routes = nonEmpty(http.route);
  if (has(http, 'redirect')) {
    if (routes) r.error(at('redirect'), 'http-route-conflict', 'HTTP route cannot contain both route and redirect');
    if (has(http, 'fault')) r.error(at('redirect'), 'http-route-conflict', 'HTTP route cannot contain both fault and redirect');
    if (has(http, 'rewrite')) r.error(at('redirect'), 'http-route-conflict', 'HTTP route rule cannot contain both rewrite and redirect');
    if (has(http, 'directResponse')) r.error(at('redirect'), 'http-route-conflict', 'HTTP route rule cannot contain both direct_response and redirect');
  } else if (has(http, 'directResponse')) {
    if (routes) r.error(at('directResponse'), 'http-route-conflict', 'HTTP route cannot contain both route and direct_response');
    if (has(http, 'fault')) r.error(at('directResponse'), 'http-route-conflict', 'HTTP route cannot contain both fault and direct_response');
    if (has(http, 'rewrite')) r.error(at('directResponse'), 'http-route-conflict', 'HTTP route rule cannot contain both rewrite and direct_response');
  } else if (!routes) {
    r.error(path, 'http-route-required', 'HTTP route, redirect or direct_response is required');
  }
  if (has(http, 'mirror') && nonEmpty(http.mirrors)) r.error(at('mirrors'), 'http-route-conflict', 'HTTP route cannot contain both mirror and mirrors');
}
