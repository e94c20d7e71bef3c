/** agent.ValidateTLS on a DestinationRule's ClientTLSSettings. */
import { goQuote } from './go-format';
import { Report } from './report';
import { nonEmpty, obj, str } from './values';

const CONFIGMAP = 'configmap://';

export function checkClientTls(r: Report, path: string, tls: unknown): void {
  const t = obj(tls);
  if (!t) return;
  const mode = str(t.mode);
  const credentialName = str(t.credentialName);
  const ca = str(t.caCertificates);
  const sans = nonEmpty(t.subjectAltNames);
  if (credentialName.startsWith(CONFIGMAP)) {
    const rest = credentialName.slice(CONFIGMAP.length);
    const ns = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : r.namespace;
    if (ns !== r.namespace) {
      r.error(path, 'client-tls', `invalid configmap:// credentialName: namespace must match the configuration namespace ${goQuote(r.namespace)}`);
    }
  }
  if (t.insecureSkipVerify === true) {
    if (mode === 'SIMPLE' && (ca !== '' || credentialName !== '' || sans)) {
      r.error(path, 'client-tls', 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true');
    }
    if (mode === 'MUTUAL' && (ca !== '' || sans)) {
      r.error(path, 'client-tls', 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true');
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && credentialName !== '') {
    if (str(t.clientCertificate) !== '' || ca !== '' || str(t.privateKey) !== '' || str(t.caCrl) !== '') {
      r.error(path, 'client-tls', 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set');
    }
    return;
  }
  if (mode === 'MUTUAL') {
    if (str(t.clientCertificate) === '') r.error(path, 'client-tls', 'client certificate required for mutual tls');
    if (str(t.privateKey) === '') r.error(path, 'client-tls', 'private key required for mutual tls');
  }
}
