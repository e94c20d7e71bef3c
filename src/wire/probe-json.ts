/** Internal: not exported from the package (anonymous object types are not jsii-compatible). */

/** The Kubernetes Probe JSON we render (httpGet or tcpSocket). */
export interface ProbeJson {
  readonly httpGet?: { path: string; port: number };
  readonly tcpSocket?: { port: number };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
}
