/** Where the gates query Prometheus unless the delivery names another address: the Prometheus Operator's default Service. */
export const DEFAULT_PROMETHEUS = 'http://prometheus-operated.monitoring.svc.cluster.local:9090';
