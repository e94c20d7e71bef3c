/** validateHTTPFaultInjection: an abort and/or a delay, percentages, status codes. */
import { checkDuration } from './duration';
import { goFloat, goQuote } from './go-format';
import { field } from './paths';
import { Report } from './report';
import { has, num, obj, str } from './values';

/** pkg/util/grpc/codes.go */
const GRPC_CODES = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);

/** validateHTTPStatus: 200..600 (the message says 599, the code accepts 600). */
export function httpStatusError(status: number): string | undefined {
  return status < 200 || status > 600 ? `HTTP status ${status} is not in range 200-599` : undefined;
}

/** validatePercentage: 0, or within [0.0001, 100]. */
function checkFaultPercentage(r: Report, path: string, percentage: unknown): void {
  const p = obj(percentage);
  if (!p) return;
  const value = num(p.value);
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001)) {
    r.error(field(path, 'value'), 'fault-percentage', `percentage ${goFloat(value)} is neither 0.0, nor in range [0.0001, 100.0]`);
  }
}

export function checkFault(r: Report, path: string, fault: unknown): void {
  const f = obj(fault);
  if (!f) return;
  const abort = obj(f.abort);
  const delay = obj(f.delay);
  if (!abort && !delay) r.error(path, 'fault-empty', 'HTTP fault injection must have an abort and/or a delay');
  if (abort) {
    const at = field(path, 'abort');
    checkFaultPercentage(r, field(at, 'percentage'), abort.percentage);
    if (has(abort, 'grpcStatus')) {
      const code = str(abort.grpcStatus);
      if (!GRPC_CODES.has(code)) {
        r.error(field(at, 'grpcStatus'), 'fault-grpc-status', `gRPC status ${goQuote(code)} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'`);
      }
    } else if (has(abort, 'http2Error')) {
      r.error(field(at, 'http2Error'), 'fault-http2-error', 'HTTP/2 abort fault injection not supported yet');
    } else if (has(abort, 'httpStatus')) {
      const problem = httpStatusError(num(abort.httpStatus));
      if (problem) r.error(field(at, 'httpStatus'), 'fault-http-status', problem);
    } else {
      r.warning(at, 'fault-abort-type', 'abort configured, but error type not set');
    }
  }
  if (delay) {
    const at = field(path, 'delay');
    checkFaultPercentage(r, field(at, 'percentage'), delay.percentage);
    if (has(delay, 'fixedDelay')) {
      checkDuration(r, field(at, 'fixedDelay'), delay.fixedDelay);
    } else if (has(delay, 'exponentialDelay')) {
      checkDuration(r, field(at, 'exponentialDelay'), delay.exponentialDelay);
      r.error(field(at, 'exponentialDelay'), 'fault-exponential-delay', 'exponentialDelay not supported yet');
    }
  }
}
