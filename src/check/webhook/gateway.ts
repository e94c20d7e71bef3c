/**
 * ValidateGateway (Istio 1.30 pkg/config/validation/validation.go): the Gateway name, each
 * server (hosts, port, bind-less), its TLS settings, and unique server port names. Messages are
 * Istio's.
 */
import { isIstioDns1123Label, portError, wildcardDomainError } from './dns';
import { goQuote } from './go-format';
import { field, index } from './paths';
import { Report } from './report';
import { arr, has, num, obj, str } from './values';

/** protocol.Parse: the protocols a Gateway server may name (case-insensitive). */
const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
const HTTP_PROTOCOLS = new Set(['http', 'http2', 'http_proxy', 'grpc', 'grpc-web']);
const TLS_PROTOCOLS = new Set(['https', 'tls']);

export function checkGatewaySpec(r: Report, spec: unknown): void {
  if (!isIstioDns1123Label(r.name)) r.error('metadata.name', 'gateway-name', `invalid gateway name: ${goQuote(r.name)}`);
  const s = obj(spec) ?? {};
  const servers = arr(s.servers);
  if (servers.length === 0) r.error('spec.servers', 'gateway-servers', 'gateway must have at least one server');
  servers.forEach((server, i) => checkServer(r, index('spec.servers', i), server));
  const names = new Set<string>();
  servers.forEach((server, i) => {
    const port = obj(obj(server)?.port);
    if (!obj(server)) {
      r.error(index('spec.servers', i), 'gateway-servers', 'server may not be nil');
      return;
    }
    if (!port) return;
    const name = str(port.name);
    if (names.has(name)) r.error(field(index('spec.servers', i), 'port.name'), 'gateway-port-name', `port names in servers must be unique: duplicate name ${name}`);
    names.add(name);
    if (!HTTP_PROTOCOLS.has(str(port.protocol).toLowerCase()) && obj(obj(server)?.tls)?.httpsRedirect === true) {
      r.warning(field(index('spec.servers', i), 'tls.httpsRedirect'), 'gateway-https-redirect', 'tls.httpsRedirect should only be used with http servers');
    }
  });
}

function checkServer(r: Report, path: string, value: unknown): void {
  const server = obj(value);
  if (!server) return;
  const hosts = arr(server.hosts);
  if (hosts.length === 0) r.error(field(path, 'hosts'), 'gateway-hosts', 'server config must contain at least one host');
  hosts.forEach((h, i) => {
    const problem = namespaceSlashHostError(str(h));
    if (problem) r.error(index(field(path, 'hosts'), i), 'gateway-hosts', problem);
  });
  const portOk = checkServerPort(r, field(path, 'port'), server.port);
  checkTlsOptions(r, field(path, 'tls'), server.tls);
  if (!portOk) return;
  const protocol = str(obj(server.port)!.protocol).toLowerCase();
  const tls = obj(server.tls);
  if (TLS_PROTOCOLS.has(protocol) && !tls) {
    r.error(path, 'gateway-tls', 'server must have TLS settings for HTTPS/TLS protocols');
  } else if (!TLS_PROTOCOLS.has(protocol) && tls) {
    if (!HTTP_PROTOCOLS.has(protocol)) {
      r.error(field(path, 'tls'), 'gateway-tls', 'server cannot have TLS settings for non HTTPS/TLS ports');
    } else if (!isPassThrough(tls) || str(tls.caCertificates) || str(tls.privateKey) || str(tls.serverCertificate)) {
      r.error(field(path, 'tls'), 'gateway-tls', 'server cannot have TLS settings for plain text HTTP ports');
    }
  }
}

/** TLS mode PASSTHROUGH is the proto default (0), so `tls: { httpsRedirect: true }` counts. */
function isPassThrough(tls: Record<string, unknown>): boolean {
  const mode = str(tls.mode) || 'PASSTHROUGH';
  return mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
}

/** agent.ValidateNamespaceSlashWildcardHostname with isGateway = true. */
function namespaceSlashHostError(host: string): string | undefined {
  const slash = host.indexOf('/');
  if (slash < 0) return wildcardDomainError(host);
  const ns = host.slice(0, slash);
  const name = host.slice(slash + 1);
  if (ns === '' || name === '') return 'config namespace and dnsName in host entry cannot be empty';
  if (ns !== '*' && ns !== '.' && !isIstioDns1123Label(ns)) return `invalid namespace value ${goQuote(ns)} in gateway`;
  return wildcardDomainError(name);
}

/** validateServerPort; true when the port is usable for the protocol checks. */
function checkServerPort(r: Report, path: string, value: unknown): boolean {
  const port = obj(value);
  if (!port) {
    r.error(path, 'gateway-port', 'port is required');
    return false;
  }
  let ok = true;
  const protocol = str(port.protocol);
  if (!PROTOCOLS.has(protocol.toLowerCase())) {
    r.error(field(path, 'protocol'), 'gateway-port', `invalid protocol ${goQuote(protocol)}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`);
    ok = false;
  }
  const numberProblem = portError(num(port.number));
  if (numberProblem) {
    r.error(field(path, 'number'), 'gateway-port', numberProblem);
    ok = false;
  }
  if (num(port.targetPort) > 0) r.error(field(path, 'targetPort'), 'gateway-port', 'targetPort has no impact on Gateways');
  if (str(port.name) === '') {
    r.error(field(path, 'name'), 'gateway-port', 'port name must be set');
    ok = false;
  }
  return ok;
}

/** validateTLSOptions: one certificate source; SIMPLE/MUTUAL without credentialName need files. */
function checkTlsOptions(r: Report, path: string, value: unknown): void {
  const tls = obj(value);
  if (!tls) return;
  const mode = str(tls.mode) || 'PASSTHROUGH';
  const set = (k: string) => str(tls[k]) !== '';
  const credentials = set('credentialName') || arr(tls.credentialNames).length > 0;
  if (mode === 'ISTIO_MUTUAL') {
    for (const [k, what] of [['serverCertificate', 'server certificate'], ['privateKey', 'private key'], ['caCertificates', 'CA bundle'], ['credentialName', 'credentialName']]) {
      if (set(k)) r.error(field(path, k), 'gateway-tls', `ISTIO_MUTUAL TLS cannot have associated ${what}`);
    }
    return;
  }
  const sources = [set('serverCertificate') && set('privateKey'), set('credentialName'), arr(tls.credentialNames).length > 0, arr(tls.tlsCertificates).length > 0];
  if (sources.filter(Boolean).length > 1) {
    r.error(path, 'gateway-tls', 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified');
  }
  const terminates = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  if (!terminates || credentials) return;
  const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
  if (prefix === 'MUTUAL TLS' && !set('caCertificates')) r.error(path, 'gateway-tls', `${prefix} requires a client CA bundle`);
  if (!has(tls, 'tlsCertificates') || arr(tls.tlsCertificates).length === 0) {
    if (!set('serverCertificate')) r.error(path, 'gateway-tls', `${prefix} requires a server certificate`);
    if (!set('privateKey')) r.error(path, 'gateway-tls', `${prefix} requires a private key`);
  }
}
