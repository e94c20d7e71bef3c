/**
 * DestinationRule → model versions (subsets with labels and per-subset policy) and the
 * service-wide traffic policy.
 */
import { asArray, compact, ImportNotes, isObject, readDuration, readNumber } from './from-istio-fields';
import {
  ClientTlsMode, ClientTlsSpec, ConnectionPoolSpec, LoadBalancerSpec, OutlierDetectionSpec, SimpleLoadBalancer, TrafficPolicySpec, VersionTarget,
} from './route-table';

export interface ImportedDestinationRule {
  /** Normalised host (FQDN for short names). */
  readonly host: string;
  readonly trafficPolicy?: TrafficPolicySpec;
  readonly versions: readonly VersionTarget[];
}

export function readDestinationRuleSpec(spec: Record<string, any>, host: string, notes: ImportNotes): ImportedDestinationRule {
  const versions = asArray(spec.subsets).flatMap((s, i) => {
    const path = `spec.subsets[${i}]`;
    if (!isObject(s) || typeof s.name !== 'string' || s.name === '') {
      notes.warn(path, 'subset needs a name; skipped');
      return [];
    }
    return [compact({
      name: s.name,
      labels: isObject(s.labels) ? Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [k, String(v)])) : {},
      trafficPolicy: readTrafficPolicy(s.trafficPolicy, `${path}.trafficPolicy`, notes),
    })];
  });
  return compact({ host, versions, trafficPolicy: readTrafficPolicy(spec.trafficPolicy, 'spec.trafficPolicy', notes) });
}

function readTrafficPolicy(value: unknown, path: string, notes: ImportNotes): TrafficPolicySpec | undefined {
  if (!isObject(value)) return undefined;
  const policy = compact({
    outlierDetection: readOutlierDetection(value.outlierDetection, `${path}.outlierDetection`, notes),
    connectionPool: readConnectionPool(value.connectionPool, `${path}.connectionPool`, notes),
    loadBalancer: readLoadBalancer(value.loadBalancer, `${path}.loadBalancer`, notes),
    tls: readTls(value.tls, `${path}.tls`, notes),
  });
  return Object.keys(policy).length > 0 ? policy : undefined;
}

function readOutlierDetection(value: unknown, path: string, notes: ImportNotes): OutlierDetectionSpec | undefined {
  if (!isObject(value)) return undefined;
  return compact({
    consecutive5xxErrors: readNumber(value.consecutive5xxErrors, `${path}.consecutive5xxErrors`, notes),
    consecutiveGatewayErrors: readNumber(value.consecutiveGatewayErrors, `${path}.consecutiveGatewayErrors`, notes),
    intervalMs: readDuration(value.interval, `${path}.interval`, notes),
    baseEjectionTimeMs: readDuration(value.baseEjectionTime, `${path}.baseEjectionTime`, notes),
    maxEjectionPercent: readNumber(value.maxEjectionPercent, `${path}.maxEjectionPercent`, notes),
    minHealthPercent: readNumber(value.minHealthPercent, `${path}.minHealthPercent`, notes),
  });
}

const H2_POLICIES = ['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'] as const;

function readConnectionPool(value: unknown, path: string, notes: ImportNotes): ConnectionPoolSpec | undefined {
  if (!isObject(value)) return undefined;
  const tcp = isObject(value.tcp) ? value.tcp : {};
  const http = isObject(value.http) ? value.http : {};
  let h2UpgradePolicy: ConnectionPoolSpec['h2UpgradePolicy'];
  if (http.h2UpgradePolicy !== undefined) {
    h2UpgradePolicy = H2_POLICIES.find(p => p === http.h2UpgradePolicy);
    if (!h2UpgradePolicy) notes.warn(`${path}.http.h2UpgradePolicy`, `${JSON.stringify(http.h2UpgradePolicy)} is not one of ${H2_POLICIES.join(', ')}; ignored`);
  }
  return compact({
    maxConnections: readNumber(tcp.maxConnections, `${path}.tcp.maxConnections`, notes),
    connectTimeoutMs: readDuration(tcp.connectTimeout, `${path}.tcp.connectTimeout`, notes),
    http1MaxPendingRequests: readNumber(http.http1MaxPendingRequests, `${path}.http.http1MaxPendingRequests`, notes),
    http2MaxRequests: readNumber(http.http2MaxRequests, `${path}.http.http2MaxRequests`, notes),
    maxRequestsPerConnection: readNumber(http.maxRequestsPerConnection, `${path}.http.maxRequestsPerConnection`, notes),
    maxRetries: readNumber(http.maxRetries, `${path}.http.maxRetries`, notes),
    idleTimeoutMs: readDuration(http.idleTimeout, `${path}.http.idleTimeout`, notes),
    h2UpgradePolicy,
  });
}

const SIMPLE_LBS: readonly SimpleLoadBalancer[] = ['LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'];

function readLoadBalancer(value: unknown, path: string, notes: ImportNotes): LoadBalancerSpec | undefined {
  if (!isObject(value)) return undefined;
  let simple: SimpleLoadBalancer | undefined;
  if (value.simple !== undefined && value.simple !== 'UNSPECIFIED') {
    simple = SIMPLE_LBS.find(s => s === value.simple);
    if (!simple) notes.warn(`${path}.simple`, `${JSON.stringify(value.simple)} is not one of ${SIMPLE_LBS.join(', ')}; ignored`);
  }
  let consistentHashHeader: string | undefined;
  if (isObject(value.consistentHash)) {
    if (typeof value.consistentHash.httpHeaderName === 'string') consistentHashHeader = value.consistentHash.httpHeaderName;
    else notes.warn(`${path}.consistentHash`, 'only httpHeaderName hashing is represented in the route table; other hash keys are not shown');
  }
  const lb = compact({ simple, consistentHashHeader });
  return Object.keys(lb).length > 0 ? lb : undefined;
}

const TLS_MODES: readonly ClientTlsMode[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

/** Only the mode is represented: certificates and SNI of SIMPLE/MUTUAL are not shown. */
function readTls(value: unknown, path: string, notes: ImportNotes): ClientTlsSpec | undefined {
  if (!isObject(value) || value.mode === undefined) return undefined;
  const mode = TLS_MODES.find(m => m === value.mode);
  if (!mode) notes.warn(`${path}.mode`, `${JSON.stringify(value.mode)} is not one of ${TLS_MODES.join(', ')}; ignored`);
  return mode && { mode };
}
