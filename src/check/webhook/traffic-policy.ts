/** validateTrafficPolicy: at least one field, tunnel xor proxyProtocol, then each part; port-level settings. */
import { checkClientTls } from './client-tls';
import { checkConnectionPool } from './connection-pool';
import { fqdnError, ipAddressError, portError } from './dns';
import { checkLoadBalancer } from './load-balancer';
import { checkOutlierDetection } from './outlier-detection';
import { field, index } from './paths';
import { Report } from './report';
import { arr, has, num, obj, str } from './values';

const POLICY_FIELDS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];
const PORT_POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'];

export function checkTrafficPolicy(r: Report, path: string, policyValue: unknown): void {
  const policy = obj(policyValue);
  if (!policy) return;
  if (!POLICY_FIELDS.some(f => has(policy, f))) {
    r.error(path, 'traffic-policy-empty', 'traffic policy must have at least one field');
    return;
  }
  if (has(policy, 'tunnel') && has(policy, 'proxyProtocol')) {
    r.error(path, 'traffic-policy-tunnel', 'tunnel and proxyProtocol must not be set together');
    return;
  }
  checkPolicyParts(r, path, policy);
  arr(policy.portLevelSettings).forEach((entry, i) => {
    const at = index(field(path, 'portLevelSettings'), i);
    const p = obj(entry);
    if (!p) {
      r.error(at, 'port-traffic-policy', 'traffic policy may not be null');
      return;
    }
    if (!has(p, 'port')) r.error(field(at, 'port'), 'port-traffic-policy', 'portTrafficPolicy must have valid port');
    if (!PORT_POLICY_FIELDS.some(f => has(p, f))) r.error(at, 'port-traffic-policy', 'port traffic policy must have at least one field');
    else checkPolicyParts(r, at, p);
  });
  checkTunnel(r, field(path, 'tunnel'), policy.tunnel);
  const proxyProtocol = obj(policy.proxyProtocol);
  if (proxyProtocol && typeof proxyProtocol.version === 'number' && proxyProtocol.version !== 0 && proxyProtocol.version !== 1) {
    r.error(field(field(path, 'proxyProtocol'), 'version'), 'traffic-policy-proxy-protocol', `proxy protocol version is invalid: ${proxyProtocol.version}`);
  }
}

function checkPolicyParts(r: Report, path: string, policy: Record<string, unknown>): void {
  checkOutlierDetection(r, field(path, 'outlierDetection'), policy.outlierDetection);
  checkConnectionPool(r, field(path, 'connectionPool'), policy.connectionPool);
  checkLoadBalancer(r, field(path, 'loadBalancer'), policy.loadBalancer, has(policy, 'outlierDetection'));
  checkClientTls(r, field(path, 'tls'), policy.tls);
}

function checkTunnel(r: Report, path: string, tunnel: unknown): void {
  const t = obj(tunnel);
  if (!t) return;
  const protocol = str(t.protocol);
  if (protocol !== '' && protocol !== 'CONNECT' && protocol !== 'POST') {
    r.error(field(path, 'protocol'), 'traffic-policy-tunnel', 'tunnel protocol must be "CONNECT" or "POST"');
  }
  const host = str(t.targetHost);
  const hostProblem = fqdnError(host);
  const ipProblem = ipAddressError(host);
  if (hostProblem && ipProblem) {
    r.error(field(path, 'targetHost'), 'traffic-policy-tunnel', `tunnel target host must be valid FQDN or IP address: ${hostProblem}; ${ipProblem}`);
  }
  const portProblem = portError(num(t.targetPort));
  if (portProblem) r.error(field(path, 'targetPort'), 'traffic-policy-tunnel', `tunnel target port is invalid: ${portProblem}`);
}
