import { webhookLines } from './webhook-helpers';

const gateway = (servers: unknown[], name = 'ingress') => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace: 'istio-system' },
  spec: { selector: { istio: 'ingressgateway' }, servers },
});
const http = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['ml.example.com'] };
const https = { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['ml.example.com'], tls: { mode: 'SIMPLE', credentialName: 'ml-example-com' } };

describe('webhook: Gateway (ValidateGateway)', () => {
  test('HTTP + HTTPS with credentialName, and an HTTP redirect server, are accepted', () => {
    expect(webhookLines(gateway([{ ...http, tls: { httpsRedirect: true } }, https]))).toEqual([]);
  });

  test.each([
    ['no servers', gateway([]), ['webhook/gateway-servers spec.servers gateway must have at least one server']],
    ['HTTPS without TLS settings', gateway([{ ...https, tls: undefined }]), ['webhook/gateway-tls spec.servers[0] server must have TLS settings for HTTPS/TLS protocols']],
    ['duplicate port names', gateway([http, { ...http, port: { ...http.port, number: 8080 } }]), ['webhook/gateway-port-name spec.servers[1].port.name port names in servers must be unique: duplicate name http']],
    ['SIMPLE TLS without any certificate', gateway([{ ...https, tls: { mode: 'SIMPLE' } }]), [
      'webhook/gateway-tls spec.servers[0].tls SIMPLE TLS requires a private key',
      'webhook/gateway-tls spec.servers[0].tls SIMPLE TLS requires a server certificate',
    ]],
    ['credentialName and certificate files', gateway([{ ...https, tls: { ...https.tls, serverCertificate: '/c', privateKey: '/k' } }]), [
      'webhook/gateway-tls spec.servers[0].tls only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified',
    ]],
    ['server without hosts', gateway([{ ...http, hosts: [] }]), ['webhook/gateway-hosts spec.servers[0].hosts server config must contain at least one host']],
    ['bad namespace in a host', gateway([{ ...http, hosts: ['Bad_ns/ml.example.com'] }]), ['webhook/gateway-hosts spec.servers[0].hosts[0] invalid namespace value "Bad_ns" in gateway']],
    ['unknown protocol', gateway([{ ...http, port: { ...http.port, protocol: 'QUIC' } }]), ['webhook/gateway-port spec.servers[0].port.protocol invalid protocol "QUIC", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP']],
    ['TLS settings on plain HTTP', gateway([{ ...http, tls: { mode: 'SIMPLE', credentialName: 'x' } }]), ['webhook/gateway-tls spec.servers[0].tls server cannot have TLS settings for plain text HTTP ports']],
    ['TLS settings on TCP', gateway([{ ...http, port: { ...http.port, protocol: 'TCP' }, tls: { httpsRedirect: true } }]), [
      'W webhook/gateway-https-redirect spec.servers[0].tls.httpsRedirect tls.httpsRedirect should only be used with http servers',
      'webhook/gateway-tls spec.servers[0].tls server cannot have TLS settings for non HTTPS/TLS ports',
    ]],
    ['a name that is not a DNS label', gateway([http], 'ingress.gw'), ['webhook/gateway-name metadata.name invalid gateway name: "ingress.gw"']],
  ])('%s', (_name, object, expected) => {
    expect(webhookLines(object)).toEqual(expected);
  });
});
