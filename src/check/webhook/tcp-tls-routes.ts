/** validateTCPRoute / validateTLSRoute: L4 matches, SNI hosts and destinations. */
import { checkRouteDestinations } from './destinations';
import { hostSubsetOf, ipSubnetError, isIpAddress, wildcardDomainError } from './dns';
import { goQuote } from './go-format';
import { checkSourceSelectors } from './match';
import { field, index } from './paths';
import { Report } from './report';
import { arr, nonEmpty, obj, str } from './values';

function checkL4Match(r: Report, path: string, m: Record<string, unknown>): void {
  arr(m.destinationSubnets).forEach((subnet, i) => {
    const problem = ipSubnetError(str(subnet));
    if (problem) r.error(index(field(path, 'destinationSubnets'), i), 'destination-subnet', problem);
  });
  checkSourceSelectors(r, path, m);
}

export function checkTcpRoute(r: Report, path: string, tcp: unknown): void {
  const route = obj(tcp);
  if (!route) return;
  arr(route.match).forEach((entry, i) => {
    const m = obj(entry);
    if (!m) r.error(index(field(path, 'match'), i), 'tcp-match', 'tcp match may not be nil');
    else checkL4Match(r, index(field(path, 'match'), i), m);
  });
  if (!nonEmpty(route.route)) r.error(field(path, 'route'), 'tcp-route', 'TCP route is required');
  checkRouteDestinations(r, field(path, 'route'), route.route, false);
}

export function checkTlsRoute(r: Report, path: string, tls: unknown, vsHosts: string[]): void {
  const route = obj(tls);
  if (!route) return;
  if (!nonEmpty(route.match)) r.error(field(path, 'match'), 'tls-route', 'TLS route must have at least one match condition');
  arr(route.match).forEach((entry, i) => {
    const at = index(field(path, 'match'), i);
    const m = obj(entry);
    if (!m) {
      r.error(at, 'tls-match', 'TLS match may not be null');
      return;
    }
    if (!nonEmpty(m.sniHosts)) r.error(field(at, 'sniHosts'), 'tls-match', 'TLS match must have at least one SNI host');
    arr(m.sniHosts).forEach((sni, j) => checkSniHost(r, index(field(at, 'sniHosts'), j), str(sni), vsHosts));
    checkL4Match(r, at, m);
  });
  if (!nonEmpty(route.route)) r.error(field(path, 'route'), 'tls-route', 'TLS route is required');
  checkRouteDestinations(r, field(path, 'route'), route.route, false);
}

function checkSniHost(r: Report, path: string, sni: string, vsHosts: string[]): void {
  const problem = wildcardDomainError(sni);
  if (problem) {
    if (isIpAddress(sni)) {
      r.warning(path, 'sni-host-ip', `using an IP address (${goQuote(sni)}) goes against SNI spec and most clients do not support this`);
    } else {
      r.error(path, 'sni-host', problem);
    }
    return;
  }
  if (!vsHosts.some(h => hostSubsetOf(sni, h))) {
    r.error(path, 'sni-host', `SNI host ${goQuote(sni)} is not a compatible subset of any of the virtual service hosts: [${vsHosts.join(', ')}]`);
  }
}
