/** validateHTTPRedirect, validateHTTPRewrite / validateURIRegexRewrite and validateHTTPDirectResponse. */
import { portError } from './dns';
import { httpStatusError } from './fault';
import { field } from './paths';
import { Report } from './report';
import { checkRegex } from './string-match';
import { has, num, obj, str } from './values';

const KB = 1024;
const MB = 1024 * KB;

/** Go returns the first problem only. */
export function checkRedirect(r: Report, path: string, redirect: unknown): void {
  const d = obj(redirect);
  if (!d) return;
  const problem = redirectError(d);
  if (problem) r.error(path, 'redirect', problem);
}

function redirectError(d: Record<string, unknown>): string | undefined {
  const scheme = str(d.scheme);
  if (str(d.uri) === '' && str(d.authority) === '' && !has(d, 'port') && !has(d, 'derivePort') && scheme === '') {
    return 'redirect must specify URI, authority, scheme, or port';
  }
  const code = num(d.redirectCode);
  if (code !== 0 && (code < 300 || code > 399)) return `${code} is not a valid redirect code, must be 3xx`;
  if (scheme !== '' && scheme !== 'http' && scheme !== 'https') return 'invalid redirect scheme, must be "http" or "https"';
  const port = num(d.port);
  return port > 0 ? portError(port) : undefined;
}

export function checkRewrite(r: Report, path: string, rewrite: unknown): void {
  const w = obj(rewrite);
  if (!w) return;
  const uri = str(w.uri);
  const regexRewrite = obj(w.uriRegexRewrite);
  if (uri !== '' && regexRewrite) {
    r.error(path, 'rewrite', 'rewrite may only contain one of URI or UriRegexRewrite');
    return;
  }
  if (uri === '' && !regexRewrite && str(w.authority) === '') {
    r.error(path, 'rewrite', 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified');
    return;
  }
  if (regexRewrite) {
    const at = field(path, 'uriRegexRewrite');
    const match = str(regexRewrite.match);
    if (match === '' || str(regexRewrite.rewrite) === '') {
      r.error(at, 'rewrite', 'UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified');
      return;
    }
    checkRegex(r, field(at, 'match'), match, 'HTTPRewrite.UriRegexRewrite.Match');
  }
}

export function checkDirectResponse(r: Report, path: string, directResponse: unknown): void {
  const d = obj(directResponse);
  if (!d) return;
  const body = obj(d.body);
  if (body) {
    const size = typeof body.string === 'string' ? Buffer.byteLength(body.string, 'utf8')
      : typeof body.bytes === 'string' ? Buffer.from(body.bytes, 'base64').length : 0;
    if (size > MB) {
      r.error(field(path, 'body'), 'direct-response', 'large direct_responses may impact control plane performance, must be less than 1MB');
    } else if (size > 100 * KB) {
      r.warning(field(path, 'body'), 'direct-response-large', 'large direct_responses may impact control plane performance');
    }
  }
  const problem = httpStatusError(num(d.status));
  if (problem) r.error(field(path, 'status'), 'direct-response', problem);
}
