import { Duration } from 'cdk8s';
import { FaultSpec } from '../routing/route-table';
import { checkDuration, checkInt, checkPercent, factory, Where, at } from '../util/checks';

/**
 * Injected faults for resilience tests: delay or abort a percentage of requests at the client
 * sidecar. Note that Istio disables a route's timeout and retries while a fault is configured.
 */
export class FaultInjection {
  /** Delay `percent` of requests by `fixedDelay`. */
  public static delay(fixedDelay: Duration, percent: number): FaultInjection {
    return new FaultInjection(fixedDelay, percent).checked('FaultInjection.delay', true, false);
  }

  /** Answer `percent` of requests with `httpStatus` (200..600) without calling the model. */
  public static abort(httpStatus: number, percent: number): FaultInjection {
    return new FaultInjection(undefined, undefined, httpStatus, percent).checked('FaultInjection.abort', false, true);
  }

  /** Both a delay and an abort. */
  public static delayAndAbort(fixedDelay: Duration, delayPercent: number, httpStatus: number, abortPercent: number): FaultInjection {
    return new FaultInjection(fixedDelay, delayPercent, httpStatus, abortPercent).checked('FaultInjection.delayAndAbort', true, true);
  }

  private constructor(
    private readonly fixedDelay?: Duration,
    private readonly delayPercent?: number,
    private readonly httpStatus?: number,
    private readonly abortPercent?: number,
  ) {}

  /** Fail at the factory, naming its arguments, before the value is used anywhere. */
  private checked(fn: string, delay: boolean, abort: boolean): FaultInjection {
    const both = delay && abort;
    if (delay) {
      checkDuration(this.fixedDelay!, factory(fn, 'fixedDelay'));
      checkPercent(this.delayPercent!, factory(fn, both ? 'delayPercent' : 'percent'));
    }
    if (abort) {
      checkInt(this.httpStatus!, factory(fn, 'httpStatus'), 200, 600);
      checkPercent(this.abortPercent!, factory(fn, both ? 'abortPercent' : 'percent'));
    }
    return this;
  }

  /** @internal validate and convert */
  public _spec(where: Where): FaultSpec {
    const delay = this.fixedDelay === undefined ? undefined : {
      fixedDelayMs: checkDuration(this.fixedDelay, at(where, 'delay.fixedDelay')),
      percent: checkPercent(this.delayPercent!, at(where, 'delay.percent')),
    };
    const abort = this.httpStatus === undefined ? undefined : {
      httpStatus: checkInt(this.httpStatus, at(where, 'abort.httpStatus'), 200, 600),
      percent: checkPercent(this.abortPercent!, at(where, 'abort.percent')),
    };
    return { delay, abort };
  }
}
