/**
 * Go's `net/url.ParseRequestURI`, which the Kubernetes CEL `url()`/`isURL()` functions use to decide
 * whether a string is a URL. Ported for its accept/reject decisions and error texts, not as a general
 * URL parser (IPv6 zones are checked as plain host text).
 */

export interface GoUrl {
  readonly scheme: string;
  readonly opaque: string;
  /** host[:port] as written. */
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
}

/** Parse like `url.ParseRequestURI`; returns the URL or Go's error text (`parse "x": invalid URI for request`). */
export function parseRequestUri(raw: string): GoUrl | string {
  const result = parse(raw);
  return typeof result === 'string' ? `parse ${JSON.stringify(raw)}: ${result}` : result;
}

function parse(raw: string): GoUrl | string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  if (raw === '') return 'empty url';
  if (raw === '*') return { scheme: '', opaque: '', host: '', path: '*', rawQuery: '' };
  const schemeSplit = getScheme(raw);
  if (typeof schemeSplit === 'string') return schemeSplit;
  const scheme = schemeSplit[0].toLowerCase();
  let rest = schemeSplit[1];
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, opaque: rest, host: '', path: '', rawQuery };
    return 'invalid URI for request';
  }
  let host = '';
  if (scheme !== '' && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const parsedHost = parseAuthority(authority);
    if (parsedHost.error) return parsedHost.error;
    host = parsedHost.host;
  }
  const pathError = unescapeError(rest, 'path');
  if (pathError) return pathError;
  return { scheme, opaque: '', host, path: rest, rawQuery };
}

/** Split `scheme:rest`; a leading non-letter or any other character first means there is no scheme. */
function getScheme(raw: string): [string, string] | string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseAuthority(authority: string): { host: string; error?: string } {
  const at = authority.lastIndexOf('@');
  const hostPart = at < 0 ? authority : authority.slice(at + 1);
  const hostError = parseHostError(hostPart);
  if (hostError) return { host: '', error: hostError };
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return { host: '', error: 'net/url: invalid userinfo' };
    const userError = unescapeError(userinfo, 'userinfo');
    if (userError) return { host: '', error: userError };
  }
  return { host: hostPart };
}

function parseHostError(host: string): string | undefined {
  let colonPort: string | undefined;
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    colonPort = host.slice(close + 1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) colonPort = host.slice(colon);
  }
  if (colonPort !== undefined && !/^(:[0-9]*)?$/.test(colonPort)) return `invalid port ${JSON.stringify(colonPort)} after host`;
  return unescapeError(host, 'host');
}

/** Characters Go allows unescaped in a host: unreserved, sub-delims, ':', '[', ']', '<', '>', '"', and non-ASCII. */
const HOST_CHAR = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/;

/** Go's `unescape` errors: malformed `%` escapes, and characters not allowed in a host. */
function unescapeError(s: string, mode: 'path' | 'host' | 'userinfo'): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const escape = s.slice(i, i + 3);
      if (!/^%[0-9A-Fa-f]{2}$/.test(escape)) return `invalid URL escape ${JSON.stringify(escape)}`;
      if (mode === 'host' && parseInt(escape[1], 16) < 8 && escape !== '%25') return `invalid URL escape ${JSON.stringify(escape)}`;
      i += 2;
    } else if (mode === 'host' && c.charCodeAt(0) < 0x80 && !HOST_CHAR.test(c)) {
      return `invalid character ${JSON.stringify(c)} in host name`;
    }
  }
  return undefined;
}
