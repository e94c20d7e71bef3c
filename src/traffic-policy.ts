import { CircuitBreaker, toOutlierDetectionSpec } from './circuit-breaker';
import { ConnectionPool, toConnectionPoolSpec } from './connection-pool';
import { LoadBalancer } from './load-balancer';
import { TrafficPolicySpec } from './routing/route-table';
import { at, Where } from './util/checks';

/** The DestinationRule settings a service or a single version can carry. */
interface TrafficPolicyProps {
  readonly circuitBreaker?: CircuitBreaker;
  readonly connectionPool?: ConnectionPool;
  readonly loadBalancer?: LoadBalancer;
}

/** Validate and convert; undefined when nothing is set (Istio rejects an empty trafficPolicy). */
export function toTrafficPolicySpec(p: TrafficPolicyProps, where: Where): TrafficPolicySpec | undefined {
  if (!p.circuitBreaker && !p.connectionPool && !p.loadBalancer) return undefined;
  return {
    outlierDetection: p.circuitBreaker && toOutlierDetectionSpec(p.circuitBreaker, at(where, 'circuitBreaker')),
    connectionPool: p.connectionPool && toConnectionPoolSpec(p.connectionPool, at(where, 'connectionPool')),
    loadBalancer: p.loadBalancer?._spec(),
  };
}
