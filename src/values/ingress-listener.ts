import { Server } from '../wire/generated/istio-networking';

/** Options of a plain-text HTTP listener. */
export interface HttpListenerOptions {
  /**
   * Port the gateway listens on.
   * @default 80
   */
  readonly port?: number;
  /**
   * Server port name (unique per Gateway).
   * @default "http"
   */
  readonly name?: string;
  /**
   * Answer every request with a 301 to HTTPS instead of routing it.
   * @default false
   */
  readonly redirectToHttps?: boolean;
}

/** Options of an HTTPS listener: TLS terminated at the gateway with a Kubernetes Secret. */
export interface HttpsListenerOptions {
  /**
   * Name of the Secret (in the gateway's namespace) holding the certificate and key. Only the
   * name appears in the manifests: no secret material in props or output.
   */
  readonly credentialName: string;
  /**
   * Port the gateway listens on.
   * @default 443
   */
  readonly port?: number;
  /**
   * Server port name (unique per Gateway).
   * @default "https"
   */
  readonly name?: string;
}

/** A listener as plain data: what a Gateway API Gateway needs of it. */
export interface IngressListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly tlsSecret?: string;
  readonly redirectToHttps?: boolean;
}

/** One server (port) of an ingress Gateway. */
export class GatewayListener {
  /** Plain-text HTTP. */
  public static http(options: HttpListenerOptions = {}): GatewayListener {
    const tls = options.redirectToHttps ? { httpsRedirect: true } : undefined;
    return new GatewayListener({ number: options.port ?? 80, name: options.name ?? 'http', protocol: 'HTTP' }, tls);
  }

  /** HTTPS, terminated at the gateway (TLS mode SIMPLE) with the certificate in Secret `credentialName`. */
  public static https(options: HttpsListenerOptions): GatewayListener {
    return new GatewayListener({ number: options.port ?? 443, name: options.name ?? 'https', protocol: 'HTTPS' },
      { mode: 'SIMPLE', credentialName: options.credentialName });
  }

  private constructor(
    private readonly port: { number: number; name: string; protocol: string },
    private readonly tls?: Server['tls'],
  ) {}

  /** @internal The listener as the Gateway API renderer reads it (repeated per host there). */
  public _listener(): IngressListener {
    const { number: port, name, protocol } = this.port;
    return protocol === 'HTTPS'
      ? { name, port, protocol, tlsSecret: this.tls?.credentialName }
      : { name, port, protocol: 'HTTP', redirectToHttps: this.tls?.httpsRedirect === true };
  }

  /** @internal */
  public _server(hosts: string[]): Server {
    return { port: { ...this.port }, hosts: [...hosts], tls: this.tls && { ...this.tls } };
  }
}
