import { Duration } from 'cdk8s';
import { at, checkInt, fail, Where } from '../util/checks';
import { toMillis } from '../util/duration';
import { ProbeJson } from '../wire/probe-json';

/** Timing of a health probe. */
export interface HealthProbeOptions {
  /**
   * Port to probe.
   * @default - the model container's port
   */
  readonly port?: number;
  /**
   * Wait before the first probe (model loading can take a while).
   * @default - 0s for readiness, 30s for liveness
   */
  readonly initialDelay?: Duration;
  /**
   * Time between probes.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * Failed probes in a row before the pod is marked unready (readiness) or restarted (liveness).
   * @default 3 for readiness, 6 for liveness
   */
  readonly failureThreshold?: number;
}

/** A readiness or liveness probe of a model container. */
export class HealthProbe {
  /** An HTTP GET that must answer 2xx/3xx, e.g. `/v2/health/ready`. */
  public static httpGet(path: string, options: HealthProbeOptions = {}): HealthProbe {
    if (typeof path !== 'string' || !/^\/[\x21-\x7e]*$/.test(path)) {
      fail({ path: 'HealthProbe.httpGet', field: 'path' }, `${JSON.stringify(path)} is not an HTTP path`, 'an absolute path of visible ASCII characters, e.g. "/v2/health/ready"');
    }
    return new HealthProbe('http', options, path);
  }

  /** A TCP connect to the port: the server is listening. */
  public static tcp(options: HealthProbeOptions = {}): HealthProbe {
    return new HealthProbe('tcp', options);
  }

  /** No probe at all (reported: Kubernetes then sends traffic as soon as the container starts). */
  public static none(): HealthProbe {
    return new HealthProbe('none', {});
  }

  private constructor(private readonly kind: 'http' | 'tcp' | 'none', private readonly options: HealthProbeOptions, private readonly path?: string) {}

  /** @internal the probe as Kubernetes JSON, or undefined for `none()` */
  public _render(defaultPort: number, liveness: boolean, where: Where): ProbeJson | undefined {
    if (this.kind === 'none') return undefined;
    const o = this.options;
    const port = checkInt(o.port ?? defaultPort, at(where, 'port'), 1, 65535);
    const seconds = (d: Duration | undefined, fallback: number, field: string, min: number) => {
      if (d !== undefined && typeof (d as Partial<Duration>)?.toMilliseconds !== 'function') {
        fail(at(where, field), `${JSON.stringify(d)} is not a Duration`, 'Duration.seconds(n)');
      }
      return checkInt(d === undefined ? fallback : toMillis(d) / 1000, at(where, field), min, 3600);
    };
    const initialDelaySeconds = seconds(o.initialDelay, liveness ? 30 : 0, 'initialDelay', 0);
    return {
      ...(this.kind === 'http' ? { httpGet: { path: this.path!, port } } : { tcpSocket: { port } }),
      ...(initialDelaySeconds ? { initialDelaySeconds } : {}),
      periodSeconds: seconds(o.period, 10, 'period', 1),
      failureThreshold: checkInt(o.failureThreshold ?? (liveness ? 6 : 3), at(where, 'failureThreshold'), 1, 100),
    };
  }
}
