/**
 * Header names and values: match keys (ValidateHTTPHeaderNameOrJwtClaimRoute), header
 * operations (ValidateHTTPHeaderWithAuthorityOperationName / ValidateHTTPHeaderOperationName),
 * Envoy header value syntax (ValidateHTTPHeaderValue) and the single-authority rule.
 */
import { goQuote } from './go-format';
import { envoyHeaderValueError } from './header-value';
import { field, key } from './paths';
import { Report } from './report';
import { arr, entries, obj, str } from './values';
import { isHttpToken } from '../../util/dns';

const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const JWT_CLAIM_PREFIX = '@request.auth.claims';

/** jwt.ToRoutingClaim(name).Match: `@request.auth.claims.a.b` or `@request.auth.claims[a][b]`. */
export function isJwtClaimRoute(name: string): boolean {
  if (!name.toLowerCase().startsWith(JWT_CLAIM_PREFIX)) return false;
  const rest = name.slice(JWT_CLAIM_PREFIX.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

export function matchHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isJwtClaimRoute(name) || PSEUDO_HEADERS.has(name) || isHttpToken(name)) return undefined;
  return `header name ${name} is not a valid header name`;
}

function isInternalHeader(name: string): boolean {
  return name.startsWith(':') || name.toLowerCase() === 'host';
}

export function isAuthorityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === ':authority' || lower === 'host';
}

function setOrAddNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name)) return `invalid header ${goQuote(name)}: header cannot have ":" prefix`;
  return undefined;
}

function removeOrResponseNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header ${goQuote(name)}: cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header ${goQuote(name)}: header cannot have ":" prefix`;
  return undefined;
}

const CONTROL_CHARS = /[\u0000-\u0008\u000A-\u001F\u007F]/;

export function headerValueError(value: string): string | undefined {
  if (CONTROL_CHARS.test(value)) return `header value configuration ${value} is invalid`;
  const syntax = envoyHeaderValueError(value);
  return syntax ? `header value configuration: ${syntax}` : undefined;
}

/** The `headers` block of an HTTP route or of one route destination. */
export function checkHeaderOperations(r: Report, path: string, headers: unknown): void {
  const h = obj(headers);
  if (!h) return;
  const request = obj(h.request);
  const response = obj(h.response);
  for (const [side, ops, nameError] of [
    ['request', request, setOrAddNameError],
    ['response', response, removeOrResponseNameError],
  ] as const) {
    const base = field(path, side);
    for (const op of ['add', 'set'] as const) {
      for (const [name, value] of entries(ops?.[op])) {
        const at = key(field(base, op), name);
        const problem = nameError(name);
        if (problem) r.error(at, 'header-operation', problem);
        const valueProblem = typeof value === 'string' ? headerValueError(value) : undefined;
        if (valueProblem) r.error(at, 'header-operation', valueProblem);
      }
    }
    arr(ops?.remove).forEach((name, i) => {
      const problem = removeOrResponseNameError(str(name));
      if (problem) r.error(`${field(base, 'remove')}[${i}]`, 'header-operation', problem);
    });
  }
}

/** validateAuthorityRewrite: the authority may be set in one place only. */
export function checkAuthorityRewrite(r: Report, path: string, rewrite: unknown, headers: unknown): void {
  let current = str(obj(rewrite)?.authority);
  const request = obj(obj(headers)?.request);
  for (const op of ['set', 'add'] as const) {
    for (const [name, value] of entries(request?.[op])) {
      if (!isAuthorityHeader(name)) continue;
      if (current !== '') {
        r.error(key(field(field(field(path, 'headers'), 'request'), op), name), 'authority-rewrite',
          `authority header cannot be set multiple times: have ${goQuote(current)}, attempting to set ${goQuote(str(value))}`);
        return;
      }
      current = str(value);
    }
  }
}
