import { LoadBalancerSpec } from '../routing/route-table';
import { checkHeaderName, factory } from '../util/checks';

/** How requests are spread over the pods of one model version. */
export class LoadBalancer {
  /** Send to the pod with the fewest active requests: best for models with uneven latency. */
  public static leastRequest(): LoadBalancer {
    return new LoadBalancer({ simple: 'LEAST_REQUEST' });
  }

  /** Istio's older name for least-request balancing (`LEAST_CONN`). */
  public static leastConn(): LoadBalancer {
    return new LoadBalancer({ simple: 'LEAST_CONN' });
  }

  /** Round robin over healthy pods. */
  public static roundRobin(): LoadBalancer {
    return new LoadBalancer({ simple: 'ROUND_ROBIN' });
  }

  /** Random pod. */
  public static random(): LoadBalancer {
    return new LoadBalancer({ simple: 'RANDOM' });
  }

  /** Sticky routing: hash a request header (e.g. a user id) to a pod, so caches stay warm. */
  public static consistentHashOnHeader(headerName: string): LoadBalancer {
    return new LoadBalancer({ consistentHashHeader: checkHeaderName(headerName, factory('LoadBalancer.consistentHashOnHeader', 'headerName')) });
  }

  private constructor(private readonly spec: LoadBalancerSpec) {}

  /** @internal */
  public _spec(): LoadBalancerSpec {
    return this.spec;
  }
}

