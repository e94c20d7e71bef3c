/**
 * The DestinationRule side of one model service: pod labels per version, and the circuit
 * breaker (outlier detection), connection pool, load balancer and client TLS, service-wide and per subset.
 * A subset's policy *replaces* the service-level one field by field (Istio MergeTrafficPolicy
 * takes the subset's connectionPool, outlierDetection or loadBalancer whole), which the table says.
 */
import { formatMs } from './format';
import { code, NONE, table } from '../../util/markdown';
import {
  ClientTlsSpec, ConnectionPoolSpec, LoadBalancerSpec, OutlierDetectionSpec, ServiceRouting, TrafficPolicySpec,
} from '../route-table';

export type PolicyField = keyof TrafficPolicySpec;

const DESCRIBE: { [K in PolicyField]-?: (value: NonNullable<TrafficPolicySpec[K]>) => string } = {
  outlierDetection: describeOutlierDetection,
  connectionPool: describeConnectionPool,
  loadBalancer: describeLoadBalancer,
  tls: describeTls,
};

export const POLICY_FIELDS: readonly PolicyField[] = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'];

export function renderDestinationPolicy(service: ServiceRouting): string {
  const serviceWide = service.trafficPolicy ?? {};
  const rows: string[][] = [[
    '_all versions_', NONE,
    ...POLICY_FIELDS.map(f => (serviceWide[f] ? describeField(f, serviceWide) : NONE)),
  ]];
  for (const v of service.versions) {
    const labels = Object.entries(v.labels).map(([k, val]) => code(`${k}=${val}`)).join(', ') || NONE;
    const own = v.trafficPolicy ?? {};
    rows.push([code(v.name), labels, ...POLICY_FIELDS.map(f => {
      if (!own[f]) return serviceWide[f] ? 'as above' : NONE;
      return serviceWide[f] ? `${describeField(f, own)} (replaces the service-wide setting)` : describeField(f, own);
    })]);
  }
  return table(['Applies to', 'Pod labels', 'Circuit breaker (outlier detection)', 'Connection pool', 'Load balancer', 'Client TLS'], rows);
}

/** One policy field (circuit breaker, connection pool or load balancer) in words. */
export function describeField(field: PolicyField, policy: TrafficPolicySpec): string {
  const describe = DESCRIBE[field] as (value: unknown) => string;
  return describe(policy[field]);
}

function describeOutlierDetection(o: OutlierDetectionSpec): string {
  const triggers = [
    o.consecutive5xxErrors !== undefined && `${o.consecutive5xxErrors} consecutive 5xx`,
    o.consecutiveGatewayErrors !== undefined && `${o.consecutiveGatewayErrors} consecutive gateway errors`,
  ].filter(Boolean);
  const parts = [triggers.length > 0 ? `eject a pod after ${triggers.join(' or ')}` : 'eject failing pods (default thresholds)'];
  if (o.intervalMs !== undefined) parts.push(`checked every ${formatMs(o.intervalMs)}`);
  if (o.baseEjectionTimeMs !== undefined) parts.push(`for at least ${formatMs(o.baseEjectionTimeMs)}`);
  if (o.maxEjectionPercent !== undefined) parts.push(`at most ${o.maxEjectionPercent}% of pods ejected`);
  if (o.minHealthPercent !== undefined) parts.push(`only while at least ${o.minHealthPercent}% are healthy`);
  return parts.join(', ');
}

function describeConnectionPool(p: ConnectionPoolSpec): string {
  const parts = [
    p.maxConnections !== undefined && `max ${p.maxConnections} connections`,
    p.connectTimeoutMs !== undefined && `connect timeout ${formatMs(p.connectTimeoutMs)}`,
    p.http1MaxPendingRequests !== undefined && `max ${p.http1MaxPendingRequests} pending requests`,
    p.http2MaxRequests !== undefined && `max ${p.http2MaxRequests} concurrent requests`,
    p.maxRequestsPerConnection !== undefined && `${p.maxRequestsPerConnection} requests per connection`,
    p.maxRetries !== undefined && `max ${p.maxRetries} concurrent retries`,
    p.idleTimeoutMs !== undefined && `idle timeout ${formatMs(p.idleTimeoutMs)}`,
    p.h2UpgradePolicy !== undefined && `HTTP/2 upgrade ${code(p.h2UpgradePolicy)}`,
  ].filter((x): x is string => typeof x === 'string');
  return parts.join(', ') || NONE;
}

function describeTls(t: ClientTlsSpec): string {
  return t.mode === 'ISTIO_MUTUAL' ? 'Istio mTLS (`ISTIO_MUTUAL`)' : code(t.mode);
}

function describeLoadBalancer(lb: LoadBalancerSpec): string {
  const parts: string[] = [];
  if (lb.simple) parts.push(lb.simple.toLowerCase().replace(/_/g, ' '));
  if (lb.consistentHashHeader) parts.push(`consistent hash on header ${code(lb.consistentHashHeader)}`);
  return parts.join(', ') || NONE;
}
