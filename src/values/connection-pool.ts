import { Duration } from 'cdk8s';
import { ConnectionPoolSpec } from '../routing/route-table';
import { at, checkEnum, checkObject, checkOptionalDuration, checkOptionalInt, optional, Where } from '../util/checks';

/** How HTTP/2 upgrades are handled for connections to a model version. */
export enum H2UpgradePolicy {
  /** Use the mesh-wide default. */
  DEFAULT = 'DEFAULT',
  /** Never upgrade to HTTP/2. */
  DO_NOT_UPGRADE = 'DO_NOT_UPGRADE',
  /** Upgrade HTTP/1.1 connections to HTTP/2. */
  UPGRADE = 'UPGRADE',
}

/** Connection limits towards a model version (Istio `connectionPool`); protects slow models from overload. */
export interface ConnectionPool {
  /**
   * Maximum TCP connections per destination host.
   * @default - Istio's default (2^32-1)
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout.
   * @default - Istio's default (10s)
   */
  readonly connectTimeout?: Duration;
  /**
   * Maximum requests queued while waiting for a connection.
   * @default - Istio's default (2^32-1)
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Maximum active requests to a destination.
   * @default - Istio's default (2^32-1)
   */
  readonly http2MaxRequests?: number;
  /**
   * Maximum requests per connection; 1 disables keep-alive.
   * @default - unlimited
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * Maximum outstanding retries to the destination at once.
   * @default - Istio's default (2^32-1)
   */
  readonly maxRetries?: number;
  /**
   * Idle timeout for upstream connections.
   * @default - Istio's default (1h)
   */
  readonly idleTimeout?: Duration;
  /**
   * HTTP/2 upgrade policy.
   * @default - the mesh default
   */
  readonly h2UpgradePolicy?: H2UpgradePolicy;
}

const INT32 = 2147483647;

/** @internal */
export function toConnectionPoolSpec(cp: ConnectionPool, where: Where): ConnectionPoolSpec {
  checkObject(cp, where, 'a ConnectionPool object');
  return {
    maxConnections: checkOptionalInt(cp.maxConnections, at(where, 'maxConnections'), 0, INT32),
    connectTimeoutMs: checkOptionalDuration(cp.connectTimeout, at(where, 'connectTimeout')),
    http1MaxPendingRequests: checkOptionalInt(cp.http1MaxPendingRequests, at(where, 'http1MaxPendingRequests'), 0, INT32),
    http2MaxRequests: checkOptionalInt(cp.http2MaxRequests, at(where, 'http2MaxRequests'), 0, INT32),
    maxRequestsPerConnection: checkOptionalInt(cp.maxRequestsPerConnection, at(where, 'maxRequestsPerConnection'), 0, INT32),
    maxRetries: checkOptionalInt(cp.maxRetries, at(where, 'maxRetries'), 0, INT32),
    idleTimeoutMs: checkOptionalDuration(cp.idleTimeout, at(where, 'idleTimeout')),
    h2UpgradePolicy: optional(cp.h2UpgradePolicy, at(where, 'h2UpgradePolicy'), (v, w) => checkEnum(v, w, H2UpgradePolicy, 'H2UpgradePolicy')),
  };
}
