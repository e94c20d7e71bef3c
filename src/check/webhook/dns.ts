/**
 * Istio's host name rules (pkg/config/validation/agent: CheckDNS1123Preconditions,
 * ValidateDNS1123Labels, ValidateWildcardDomain; pkg/config/labels). Istio's DNS-1123 label
 * allows upper case, unlike Kubernetes. Each function returns Istio's error message or undefined.
 */
import { isIP } from 'net';
import { goQuote } from './go-format';

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
/** strconv.Atoi accepts an optional sign and decimal digits. */
const GO_INT = /^[+-]?[0-9]+$/;

export function isIstioDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isWildcardDns1123Label(value: string): boolean {
  return value.length <= 63 && WILDCARD_LABEL.test(value);
}

export function dnsPreconditionsError(name: string): string | undefined {
  if (name.length > 255) return `domain name ${goQuote(name)} too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

export function dns1123LabelsError(domain: string): string | undefined {
  const parts = domain.split('.');
  const topLevel = parts[parts.length - 1];
  if (GO_INT.test(topLevel)) {
    return `domain name ${goQuote(domain)} invalid (top level domain ${goQuote(topLevel)} cannot be all-numeric)`;
  }
  for (let i = 0; i < parts.length; i++) {
    // A trailing dot is allowed: `istio.io.`
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isIstioDns1123Label(parts[i])) return `domain name ${goQuote(domain)} invalid (label ${goQuote(parts[i])} invalid)`;
  }
  return undefined;
}

/** agent.ValidateFQDN */
export function fqdnError(fqdn: string): string | undefined {
  return dnsPreconditionsError(fqdn) ?? dns1123LabelsError(fqdn);
}

/** agent.ValidateWildcardDomain: only the first label may carry a wildcard (`*`, `*foo`, `*-foo`). */
export function wildcardDomainError(domain: string): string | undefined {
  const pre = dnsPreconditionsError(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardDns1123Label(first)) return `domain name ${goQuote(domain)} invalid (label ${goQuote(first)} invalid)`;
  return dot < 0 ? undefined : dns1123LabelsError(domain.slice(dot + 1));
}

/** netutil.IsValidIPAddress */
export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/** agent.ValidateIPAddress */
export function ipAddressError(addr: string): string | undefined {
  return isIpAddress(addr) ? undefined : `${addr} is not a valid IP`;
}

/** agent.ValidateIPSubnet: a CIDR block or a plain address. */
export function ipSubnetError(subnet: string): string | undefined {
  if (subnet.split('/').length === 2) {
    const [ip, bits] = subnet.split('/');
    const family = isIP(ip);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || !/^[0-9]+$/.test(bits) || Number(bits) > max || (bits.length > 1 && bits.startsWith('0'))) {
      return `${subnet} is not a valid CIDR block`;
    }
    return undefined;
  }
  return ipAddressError(subnet);
}

/** agent.ValidatePort */
export function portError(port: number): string | undefined {
  return port >= 1 && port <= 65535 && Number.isInteger(port) ? undefined : `port number ${port} must be in the range 1..65535`;
}

/** Istio's host.Name matching: wildcards (`*.foo.com`) compared by suffix. */
export function hostsMatch(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** host.Name.SubsetOf: every host `a` matches is also matched by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  if (a.startsWith('*')) return b.startsWith('*') && a.slice(1).endsWith(b.slice(1));
  if (b.startsWith('*')) return a.endsWith(b.slice(1));
  return a === b;
}
