import { destinationRule, webhookLines } from './webhook-helpers';

/** A DestinationRule for `ranking` with `trafficPolicy` as given. */
function withPolicy(trafficPolicy: unknown): unknown {
  return destinationRule({ host: 'ranking', trafficPolicy });
}

const cases: Array<[string, unknown, string[]]> = [
  // top level and subsets
  ['invalid host', destinationRule({ host: 'ranking_svc' }), ['webhook/dr-host spec.host domain name "ranking_svc" invalid (label "ranking_svc" invalid)']],
  ['missing host', destinationRule({}), ['webhook/dr-host spec.host empty domain name not allowed']],
  ['short and wildcard hosts are fine', destinationRule({ host: '*.ml.svc.cluster.local' }), []],
  ['null subset', destinationRule({ host: 'ranking', subsets: [null] }), ['webhook/subset-null spec.subsets[0] subset may not be null']],
  ['duplicate subset names', destinationRule({ host: 'ranking', subsets: [{ name: 'v1' }, { name: 'v1' }] }),
    ['webhook/subset-duplicate spec.subsets[1].name duplicate subset names: v1']],
  ['empty subset name', destinationRule({ host: 'ranking', subsets: [{ labels: { v: '1' } }] }),
    ['webhook/subset-name spec.subsets[0].name subset name cannot be empty']],
  ['invalid subset labels', destinationRule({ host: 'ranking', subsets: [{ name: 'v1', labels: { 'model-version': 'v1!' } }] }),
    ['webhook/labels spec.subsets[0].labels[model-version] invalid tag value: "v1!"']],
  ['label key name part too long', destinationRule({ host: 'ranking', subsets: [{ name: 'v1', labels: { [`example.com/${'a'.repeat(64)}`]: 'x' } }] }),
    [`webhook/labels spec.subsets[0].labels[example.com/${'a'.repeat(64)}] invalid tag key: "example.com/${'a'.repeat(64)}" (name is too long)`]],
  ['subsets without labels and upper-case names are fine', destinationRule({ host: 'ranking', subsets: [{ name: 'V1' }, { name: 'v2', labels: { 'app.kubernetes.io/version': '2.0' } }] }), []],
  ['empty subset traffic policy', destinationRule({ host: 'ranking', subsets: [{ name: 'v1', trafficPolicy: {} }] }),
    ['webhook/traffic-policy-empty spec.subsets[0].trafficPolicy traffic policy must have at least one field']],

  // traffic policy
  ['empty traffic policy', withPolicy({}), ['webhook/traffic-policy-empty spec.trafficPolicy traffic policy must have at least one field']],
  ['retryBudget alone counts as a field', withPolicy({ retryBudget: { percent: { value: 20 } } }), []],
  ['tunnel and proxyProtocol', withPolicy({ tunnel: { targetHost: 'a.example.com', targetPort: 443 }, proxyProtocol: { version: 'V1' } }),
    ['webhook/traffic-policy-tunnel spec.trafficPolicy tunnel and proxyProtocol must not be set together']],
  ['bad tunnel', withPolicy({ tunnel: { protocol: 'UDP', targetHost: 'bad_host', targetPort: 0 } }), [
    'webhook/traffic-policy-tunnel spec.trafficPolicy.tunnel.protocol tunnel protocol must be "CONNECT" or "POST"',
    'webhook/traffic-policy-tunnel spec.trafficPolicy.tunnel.targetHost tunnel target host must be valid FQDN or IP address: domain name "bad_host" invalid (label "bad_host" invalid); bad_host is not a valid IP',
    'webhook/traffic-policy-tunnel spec.trafficPolicy.tunnel.targetPort tunnel target port is invalid: port number 0 must be in the range 1..65535',
  ]],
  ['port-level settings', withPolicy({ portLevelSettings: [null, { tls: { mode: 'ISTIO_MUTUAL' } }, { port: { number: 8080 } }] }), [
    'webhook/port-traffic-policy spec.trafficPolicy.portLevelSettings[0] traffic policy may not be null',
    'webhook/port-traffic-policy spec.trafficPolicy.portLevelSettings[1].port portTrafficPolicy must have valid port',
    'webhook/port-traffic-policy spec.trafficPolicy.portLevelSettings[2] port traffic policy must have at least one field',
  ]],

  ['numeric proxy protocol version', withPolicy({ proxyProtocol: { version: 3 } }),
    ['webhook/traffic-policy-proxy-protocol spec.trafficPolicy.proxyProtocol.version proxy protocol version is invalid: 3']],

  // connection pool
  ['empty connection pool', withPolicy({ connectionPool: {} }), ['webhook/connection-pool-empty spec.trafficPolicy.connectionPool connection pool must have at least one field']],
  ['negative limits', withPolicy({ connectionPool: { http: { http1MaxPendingRequests: -1, maxRetries: -2 }, tcp: { maxConnections: -3 } } }), [
    'webhook/connection-pool-negative spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests http1 max pending requests must be non-negative',
    'webhook/connection-pool-negative spec.trafficPolicy.connectionPool.http.maxRetries max retries must be non-negative',
    'webhook/connection-pool-negative spec.trafficPolicy.connectionPool.tcp.maxConnections max connections must be non-negative',
  ]],
  ['UPGRADE with useClientProtocol', withPolicy({ connectionPool: { http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } } }),
    ['webhook/h2-upgrade-client-protocol spec.trafficPolicy.connectionPool.http.useClientProtocol use client protocol must not be true when H2UpgradePolicy is UPGRADE']],
  ['connect timeout 0s', withPolicy({ connectionPool: { tcp: { connectTimeout: '0s' } } }),
    ['webhook/duration spec.trafficPolicy.connectionPool.tcp.connectTimeout duration must be greater than 1ms']],
  ['tcp idleTimeout 0s disables it', withPolicy({ connectionPool: { tcp: { idleTimeout: '0s' }, http: { idleTimeout: '30s' } } }), []],
  ['keepalive interval too fine', withPolicy({ connectionPool: { tcp: { tcpKeepalive: { interval: '1.0001s' } } } }),
    ['webhook/duration spec.trafficPolicy.connectionPool.tcp.tcpKeepalive.interval only durations to ms precision are supported']],

  // outlier detection
  ['ejection percent above 100', withPolicy({ outlierDetection: { maxEjectionPercent: 150 } }),
    ['webhook/outlier-percent spec.trafficPolicy.outlierDetection.maxEjectionPercent percentage 150 is not in range 0..100']],
  ['deprecated consecutiveErrors', withPolicy({ outlierDetection: { consecutiveErrors: 5 } }),
    ['W webhook/outlier-consecutive-errors-deprecated spec.trafficPolicy.outlierDetection.consecutiveErrors outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead']],
  ['local origin failures without split', withPolicy({ outlierDetection: { consecutiveLocalOriginFailures: 3 } }),
    ['webhook/outlier-local-origin spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false']],
  ['local origin failures with split are fine', withPolicy({ outlierDetection: { consecutiveLocalOriginFailures: 3, splitExternalLocalOriginErrors: true, interval: '10s', baseEjectionTime: '30s' } }), []],

  // load balancer
  ['cookie without name', withPolicy({ loadBalancer: { consistentHash: { httpCookie: { ttl: '0s' } } } }),
    ['webhook/lb-http-cookie spec.trafficPolicy.loadBalancer.consistentHash.httpCookie name required for HttpCookie']],
  ['duplicate cookie attribute', withPolicy({ loadBalancer: { consistentHash: { httpCookie: { name: 'user', attributes: [{ name: 'SameSite' }, { name: 'SameSite' }, {}] } } } }), [
    'webhook/lb-http-cookie spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[1] duplicate cookie attribute name: SameSite',
    'webhook/lb-http-cookie spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[2] cookie attribute name cannot be empty',
  ]],
  ['minimumRingSize with ringHash', withPolicy({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user', minimumRingSize: 1024, ringHash: { minimumRingSize: 1024 } } } }), [
    "W webhook/lb-minimum-ring-size-deprecated spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead",
    'webhook/lb-hash-algorithm spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize only one of MinimumRingSize or Maglev/Ringhash can be specified',
  ]],
  ['maglev table size not prime', withPolicy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 1000 } } } }),
    ['webhook/lb-maglev-table-size spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize tableSize must be a prime number for maglev']],
  ['maglev table size too large', withPolicy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 5000011 } } } }),
    ['webhook/lb-maglev-table-size spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize tableSize must be less than 5000011 for maglev']],
  ['maglev table size 65537 is fine', withPolicy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } } }), []],
  ['warmup without duration', withPolicy({ loadBalancer: { simple: 'ROUND_ROBIN', warmup: { minimumPercent: 101, aggression: 0.5 } } }), [
    'webhook/lb-warmup spec.trafficPolicy.loadBalancer.warmup.aggression aggression should be greater than or equal to 1',
    'webhook/lb-warmup spec.trafficPolicy.loadBalancer.warmup.duration duration is required',
    'webhook/lb-warmup spec.trafficPolicy.loadBalancer.warmup.minimumPercent minimumPercent value should be less than or equal to 100',
  ]],

  // locality load balancing
  ['distribute and failover', withPolicy({ outlierDetection: { interval: '10s' }, loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/*', to: { 'a/*': 100 } }], failover: [{ from: 'a', to: 'b' }] } } }),
    ["webhook/locality-lb spec.trafficPolicy.loadBalancer.localityLbSetting can not simultaneously specify 'distribute' and 'failover'"]],
  ['distribute weights not 100', withPolicy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'us-east/*', to: { 'us-east/*': 60, 'us-west/*': 30 } }] } } }),
    ['webhook/locality-lb spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to total locality weight 90 != 100']],
  ['failover to the same region', withPolicy({ outlierDetection: { interval: '10s' }, loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-east' }] } } }),
    ['webhook/locality-lb spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0] locality lb failover settings must specify different regions']],
  ['failover with a topology label priority', withPolicy({ outlierDetection: { interval: '10s' }, loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }], failoverPriority: ['topology.kubernetes.io/zone'] } } }),
    ["webhook/locality-lb spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority can not simultaneously set 'failover' and topology label 'topology.kubernetes.io/zone' in 'failover_priority'"]],
  ['failover between zones with a wildcard', withPolicy({ outlierDetection: { interval: '10s' }, loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east/a', to: 'us-*' }] } } }), [
    "webhook/locality-lb spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0] locality lb failover region should not contain '*' wildcard",
    'webhook/locality-lb spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0] locality lb failover only specify region',
  ]],
  ['failover without outlier detection', withPolicy({ loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }] } } }),
    ['W webhook/locality-failover-outlier spec.trafficPolicy.loadBalancer.localityLbSetting outlier detection policy must be provided for failover']],
  // Order matters in Istio's check: a zone after its region wildcard overlaps, not the other way round.
  ['overlapping localities', withPolicy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'us-east/*', to: { 'us-east/*': 50, 'us-east/zone-a': 50 } }] } } }),
    ['webhook/locality-lb spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to locality us-east/zone-a overlap with previous specified ones']],
  ['a region wildcard after one of its zones passes', withPolicy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'us-east/*', to: { 'us-east/zone-a': 50, 'us-east/*': 50 } }] } } }), []],

  // client TLS
  ['MUTUAL without certificates', withPolicy({ tls: { mode: 'MUTUAL' } }), [
    'webhook/client-tls spec.trafficPolicy.tls client certificate required for mutual tls',
    'webhook/client-tls spec.trafficPolicy.tls private key required for mutual tls',
  ]],
  ['SIMPLE insecure with CA', withPolicy({ tls: { mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/etc/ca.pem' } }),
    ['webhook/client-tls spec.trafficPolicy.tls cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true']],
  ['credentialName with client certificate', withPolicy({ tls: { mode: 'MUTUAL', credentialName: 'client-cert', clientCertificate: '/etc/c.pem' } }),
    ['webhook/client-tls spec.trafficPolicy.tls cannot specify client certificates or CA certificate or CA CRL If credentialName is set']],
  ['configmap credential from another namespace', withPolicy({ tls: { mode: 'SIMPLE', credentialName: 'configmap://other/ca' } }),
    ['webhook/client-tls spec.trafficPolicy.tls invalid configmap:// credentialName: namespace must match the configuration namespace "ml"']],
  ['MUTUAL insecure with subjectAltNames', withPolicy({ tls: { mode: 'MUTUAL', insecureSkipVerify: true, subjectAltNames: ['a'], clientCertificate: '/c.pem', privateKey: '/k.pem' } }),
    ['webhook/client-tls spec.trafficPolicy.tls cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true']],
  ['ISTIO_MUTUAL is fine', withPolicy({ tls: { mode: 'ISTIO_MUTUAL' } }), []],

  // exportTo and workload selector
  ['selector with exportTo beyond the namespace', destinationRule({ host: 'ranking', workloadSelector: { matchLabels: { app: 'gw' } }, exportTo: ['other'] }),
    ['webhook/export-to spec.exportTo destination rule with workload selector cannot have exportTo beyond current namespace']],
  ['selector with several exportTo entries', destinationRule({ host: 'ranking', workloadSelector: { matchLabels: { app: 'gw' } }, exportTo: ['.', 'other'] }),
    ['webhook/export-to spec.exportTo destination rule with workload selector cannot have multiple entries in exportTo']],
  ['wildcard in selector', destinationRule({ host: 'ranking', workloadSelector: { matchLabels: { app: 'gw-*' } } }),
    ['webhook/workload-selector spec.workloadSelector.matchLabels[app] wildcard is not supported in selector: "app=gw-*"']],
  ['empty selector key', destinationRule({ host: 'ranking', workloadSelector: { matchLabels: { '': 'gw' } } }),
    ['webhook/workload-selector spec.workloadSelector.matchLabels[] empty key is not supported in selector: "=gw"']],
  ['selector without labels', destinationRule({ host: 'ranking', workloadSelector: {} }),
    ['W webhook/workload-selector-empty spec.workloadSelector workload selector specified without labels']],
];

describe('webhook: DestinationRule (Istio 1.30.3 ValidateDestinationRule)', () => {
  test.each(cases)('%s', (_title, object, expected) => {
    expect(webhookLines(object)).toEqual([...expected].sort());
  });
});
