/**
 * VirtualService hosts and gateways: host syntax (IP literals allowed), `*` only off the mesh,
 * no duplicates or wildcard overlaps, delegate restrictions, and JWT-claim routing only on
 * gateway-only VirtualServices.
 */
import { dnsPreconditionsError, hostsMatch, isIpAddress, wildcardDomainError } from './dns';
import { checkGatewayNames } from './gateways';
import { goList } from './go-format';
import { isJwtClaimRoute } from './headers';
import { field, index, key } from './paths';
import { Report } from './report';
import { arr, entries, nonEmpty, obj, str } from './values';

/** ValidateWildcardDomainForVirtualServiceBoundToGateway: also accepts `outbound_.<port>_._.<host>` SNI names. */
function gatewayHostError(sni: boolean, host: string): string | undefined {
  const pre = dnsPreconditionsError(host);
  if (pre) return pre;
  if (sni && host.startsWith('outbound_')) {
    const parts = host.split('_');
    if (parts.length < 4) return `domain name ${host} invalid, should follow 'outbound_.<PORT>_._.<HOSTNAME>' format`;
    const port = parts[1].replace(/^\.+|\.+$/g, '');
    const hostname = parts[3].replace(/^\.+|\.+$/g, '');
    if (parts[0] !== 'outbound') return `domain name "${host}" invalid (label "${parts[0]}" invalid)`;
    if (!/[0-9]/.test(port)) return `domain name "${host}" invalid (label "${port}" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`;
    if (!/[a-zA-Z]/.test(hostname)) return `domain name "${host}" invalid (label "${hostname}" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`;
    return undefined;
  }
  return wildcardDomainError(host);
}

export function checkVirtualServiceHosts(r: Report, spec: Record<string, unknown>): void {
  const hosts = arr(spec.hosts).map(str);
  const gateways = arr(spec.gateways).map(str);
  if (hosts.length === 0) {
    if (gateways.length) r.error('spec.gateways', 'delegate-virtual-service', 'delegate virtual service must have no gateways specified');
    if (nonEmpty(spec.tls)) r.error('spec.tls', 'delegate-virtual-service', 'delegate virtual service must have no tls route specified');
    if (nonEmpty(spec.tcp)) r.error('spec.tcp', 'delegate-virtual-service', 'delegate virtual service must have no tcp route specified');
  }
  let appliesToGateway = false;
  if (gateways.length) {
    checkGatewayNames(r, 'spec.gateways', spec.gateways);
    appliesToGateway = !gateways.includes('mesh');
  }
  const appliesToMesh = !appliesToGateway;
  if (!appliesToGateway) checkJwtClaimRoutes(r, spec, gateways);

  const sni = arr(spec.tls).some(t => arr(obj(t)?.match).some(m => nonEmpty(obj(m)?.sniHosts)));
  let allValid = true;
  hosts.forEach((host, i) => {
    const problem = appliesToGateway ? gatewayHostError(sni, host) : wildcardDomainError(host);
    if (problem) {
      if (!isIpAddress(host)) {
        r.error(index('spec.hosts', i), 'vs-host', problem);
        allValid = false;
      }
    } else if (appliesToMesh && host === '*') {
      r.error(index('spec.hosts', i), 'vs-host', 'wildcard host * is not allowed for virtual services bound to the mesh gateway');
      allValid = false;
    }
  });
  if (!allValid) return;
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      if (hostsMatch(hosts[i], hosts[j])) r.error(index('spec.hosts', j), 'vs-duplicate-hosts', `duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`);
    }
  }
}

function checkJwtClaimRoutes(r: Report, spec: Record<string, unknown>, gateways: string[]): void {
  arr(spec.http).forEach((http, i) => {
    arr(obj(http)?.match).forEach((match, j) => {
      for (const list of ['headers', 'withoutHeaders'] as const) {
        for (const [name] of entries(obj(match)?.[list])) {
          if (!isJwtClaimRoute(name)) continue;
          r.error(key(field(index(field(index('spec.http', i), 'match'), j), list), name), 'jwt-claim-route',
            `JWT claim based routing (key: ${name}) is only supported for gateway, found no gateways: ${goList(gateways)}`);
        }
      }
    });
  });
}
