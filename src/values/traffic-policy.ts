import { CircuitBreaker, toOutlierDetectionSpec } from './circuit-breaker';
import { ConnectionPool, toConnectionPoolSpec } from './connection-pool';
import { LoadBalancer } from './load-balancer';
import { TrafficPolicySpec } from '../routing/route-table';
import { at, checkInstance, optional, Where } from '../util/checks';

/** The DestinationRule settings a service or a single version can carry. */
interface TrafficPolicyProps {
  readonly circuitBreaker?: CircuitBreaker;
  readonly connectionPool?: ConnectionPool;
  readonly loadBalancer?: LoadBalancer;
}

const LB_ALLOWED = 'LoadBalancer.leastRequest(), .leastConn(), .roundRobin(), .random() or .consistentHashOnHeader(name)';

/** Validate and convert; undefined when nothing is set (Istio rejects an empty trafficPolicy). */
export function toTrafficPolicySpec(p: TrafficPolicyProps, where: Where): TrafficPolicySpec | undefined {
  if (p.circuitBreaker === undefined && p.connectionPool === undefined && p.loadBalancer === undefined) return undefined;
  return {
    outlierDetection: optional(p.circuitBreaker, at(where, 'circuitBreaker'), toOutlierDetectionSpec),
    connectionPool: optional(p.connectionPool, at(where, 'connectionPool'), toConnectionPoolSpec),
    loadBalancer: optional(p.loadBalancer, at(where, 'loadBalancer'), (lb, w) => checkInstance(lb, w, LoadBalancer, LB_ALLOWED))?._spec(),
  };
}
