/**
 * Route destinations and weights (validateDestination, validateHTTPRouteDestinations,
 * validateRouteDestinations). Weights are relative: they need not sum to 100, but several
 * destinations may not all weigh 0.
 */
import { isIstioDns1123Label, portError, wildcardDomainError } from './dns';
import { checkHeaderOperations } from './headers';
import { field, index } from './paths';
import { Report } from './report';
import { arr, has, num, obj, str } from './values';

/** validateSubsetName */
export function subsetNameError(name: string): string | undefined {
  if (name.length === 0) return 'subset name cannot be empty';
  if (!isIstioDns1123Label(name)) return `subset name is invalid: ${name}`;
  return undefined;
}

/** validateDestination: host, subset and port of a route, mirror or mirrors destination. */
export function checkDestination(r: Report, path: string, destination: unknown): void {
  const d = obj(destination);
  if (!d) return;
  const host = str(d.host);
  const hostProblem = host === '*' ? `invalid destination host ${host}` : wildcardDomainError(host);
  if (hostProblem) r.error(field(path, 'host'), 'destination-host', hostProblem);
  const subset = str(d.subset);
  if (subset !== '') {
    const problem = subsetNameError(subset);
    if (problem) r.error(field(path, 'subset'), 'subset-name', problem);
  }
  if (has(d, 'port')) {
    const problem = portError(num(obj(d.port)?.number));
    if (problem) r.error(field(path, 'port'), 'destination-port', problem);
  }
}

/** Wrap like a Go int32. */
function toInt32(n: number): number {
  return ((n + 2 ** 31) % 2 ** 32 + 2 ** 32) % 2 ** 32 - 2 ** 31;
}

/** The `route` list of an HTTP, TCP or TLS route. HTTP destinations may also carry header operations. */
export function checkRouteDestinations(r: Report, path: string, route: unknown, http: boolean): void {
  const destinations = arr(route);
  let total = 0;
  destinations.forEach((entry, i) => {
    const at = index(path, i);
    const rd = obj(entry);
    if (!rd) {
      r.error(at, 'route-destination', 'weight may not be nil');
      return;
    }
    if (!has(rd, 'destination')) r.error(field(at, 'destination'), 'route-destination', 'destination is required');
    if (http) checkHeaderOperations(r, field(at, 'headers'), rd.headers);
    checkDestination(r, field(at, 'destination'), rd.destination);
    const weight = num(rd.weight);
    if (weight < 0) r.error(field(at, 'weight'), 'weight-negative', `weight ${weight} < 0`);
    total = toInt32(total + weight); // int32 arithmetic, as in Go
  });
  if (destinations.length > 1 && total === 0) r.error(path, 'total-weight-zero', 'total destination weight = 0');
}
