/**
 * IST0101 (host, mirror host, host:port) and IST0112, as virtualservice.DestinationHostAnalyzer:
 * every route and mirror destination needs a Service or ServiceEntry visible from the
 * VirtualService's namespace; a port, when given, must be one it exposes; without a port, the
 * service may expose only one.
 */
import { referenceFinding } from './report';
import { asList, IstioResource } from './resources';
import { mirrorDestinations, routeDestinations } from './route-destinations';
import { toFqdn } from '../../util/hosts';
import { Finding } from '../finding';
import { ServiceRegistry } from './service-registry';
import { goList, goQuote } from '../webhook/go-format';

export function checkDestinationHosts(vs: IstioResource, registry: ServiceRegistry): Finding[] {
  const findings: Finding[] = [];
  const exportTo = asList(vs.spec.exportTo).filter((e): e is string => typeof e === 'string');
  for (const d of [...routeDestinations(vs.spec), ...mirrorDestinations(vs.spec)]) {
    const service = registry.lookup(vs.namespace, exportTo, d.host);
    const hostPath = `${d.path}.host`;
    if (!service) {
      findings.push(referenceFinding(vs.doc, 'error', hostPath, 'IST0101-host',
        `Referenced ${d.mirror ? 'mirror host' : 'host'} not found: ${goQuote(d.host)} (no Service, ServiceEntry or InferenceService in the checked manifests provides ${toFqdn(d.host, vs.namespace)})`));
      continue;
    }
    const ports = service.ports;
    if (!ports) continue;
    if (d.port === undefined) {
      if (ports.length > 1) {
        findings.push(referenceFinding(vs.doc, 'error', hostPath, 'IST0112',
          `This VirtualService routes to a service ${goQuote(d.host)} that exposes multiple ports ${goList(ports)}. Specifying a port in the destination is required to disambiguate.`));
      }
    } else if (!ports.includes(d.port)) {
      findings.push(referenceFinding(vs.doc, 'error', `${d.path}.port.number`, 'IST0101-host-port',
        `Referenced host:port not found: ${goQuote(`${d.host}:${d.port}`)} (${service.source} exposes ${ports.length ? ports.join(', ') : 'no ports'})`));
    }
  }
  return findings;
}
