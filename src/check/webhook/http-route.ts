/** validateHTTPRoute: one entry of `spec.http`, checked area by area. */
import { checkCors } from './cors';
import { checkRouteDestinations } from './destinations';
import { checkDuration } from './duration';
import { checkFault } from './fault';
import { checkAuthorityRewrite, checkHeaderOperations } from './headers';
import { checkHttpRouteStructure } from './http-route-structure';
import { checkHttpMatches } from './match';
import { checkMirroring } from './mirror';
import { field } from './paths';
import { checkDirectResponse, checkRedirect, checkRewrite } from './redirect-rewrite';
import { Report } from './report';
import { checkRetries } from './retries';

export function checkHttpRoute(r: Report, path: string, http: Record<string, unknown>, inDelegate: boolean): void {
  const at = (name: string) => field(path, name);
  checkHttpRouteStructure(r, path, http, inDelegate);
  checkHttpMatches(r, at('match'), http.match);
  checkHeaderOperations(r, at('headers'), http.headers);
  checkCors(r, at('corsPolicy'), http.corsPolicy);
  checkFault(r, at('fault'), http.fault);
  checkMirroring(r, path, http);
  checkRedirect(r, at('redirect'), http.redirect);
  checkDirectResponse(r, at('directResponse'), http.directResponse);
  checkRetries(r, at('retries'), http.retries);
  checkRewrite(r, at('rewrite'), http.rewrite);
  checkAuthorityRewrite(r, path, http.rewrite, http.headers);
  checkRouteDestinations(r, at('route'), http.route, true);
  checkDuration(r, at('timeout'), http.timeout);
}
