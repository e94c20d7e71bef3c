/** validateConnectionPool: limits may not be negative; durations at least 1ms (tcp.idleTimeout may be 0). */
import { checkDuration, durationNanos } from './duration';
import { field } from './paths';
import { Report } from './report';
import { has, num, obj, str } from './values';

const HTTP_LIMITS: ReadonlyArray<[string, string]> = [
  ['http1MaxPendingRequests', 'http1 max pending requests must be non-negative'],
  ['http2MaxRequests', 'http2 max requests must be non-negative'],
  ['maxRequestsPerConnection', 'max requests per connection must be non-negative'],
  ['maxRetries', 'max retries must be non-negative'],
  ['maxConcurrentStreams', 'max concurrent streams must be non-negative'],
];

export function checkConnectionPool(r: Report, path: string, pool: unknown): void {
  const p = obj(pool);
  if (!p) return;
  const http = obj(p.http);
  const tcp = obj(p.tcp);
  if (!http && !tcp) {
    r.error(path, 'connection-pool-empty', 'connection pool must have at least one field');
    return;
  }
  if (http) {
    const at = field(path, 'http');
    for (const [name, message] of HTTP_LIMITS) {
      if (num(http[name]) < 0) r.error(field(at, name), 'connection-pool-negative', message);
    }
    checkDuration(r, field(at, 'idleTimeout'), http.idleTimeout);
    if ((http.h2UpgradePolicy === 'UPGRADE' || http.h2UpgradePolicy === 2) && http.useClientProtocol === true) {
      r.error(field(at, 'useClientProtocol'), 'h2-upgrade-client-protocol', 'use client protocol must not be true when H2UpgradePolicy is UPGRADE');
    }
  }
  if (tcp) {
    const at = field(path, 'tcp');
    if (num(tcp.maxConnections) < 0) r.error(field(at, 'maxConnections'), 'connection-pool-negative', 'max connections must be non-negative');
    checkDuration(r, field(at, 'connectTimeout'), tcp.connectTimeout);
    checkDuration(r, field(at, 'maxConnectionDuration'), tcp.maxConnectionDuration);
    if (has(tcp, 'idleTimeout')) {
      // `0s` disables the idle timeout; Go skips anything that truncates to 0 whole milliseconds.
      const ns = typeof tcp.idleTimeout === 'string' ? durationNanos(str(tcp.idleTimeout)) : undefined;
      if (ns === undefined || Math.trunc(ns / 1e6) !== 0) checkDuration(r, field(at, 'idleTimeout'), tcp.idleTimeout);
    }
    const keepalive = obj(tcp.tcpKeepalive);
    if (keepalive) {
      checkDuration(r, field(field(at, 'tcpKeepalive'), 'time'), keepalive.time);
      checkDuration(r, field(field(at, 'tcpKeepalive'), 'interval'), keepalive.interval);
    }
  }
}
