import { Duration } from 'cdk8s';
import { CorsSpec, DirectResponseSpec, HeaderOpsSpec, HeadersSpec, RedirectSpec, RewriteSpec } from '../routing/route-table';
import { MeshConfigError } from '../util/errors';

/** Header operations (Istio `HeaderOperations`), applied in the order set, add, remove. */
export interface HeaderOperations {
  /**
   * Headers to set, overwriting any value. Values may use Envoy's `%VAR%` syntax.
   * @default - none
   */
  readonly set?: Record<string, string>;
  /**
   * Headers to append.
   * @default - none
   */
  readonly add?: Record<string, string>;
  /**
   * Headers to remove.
   * @default - none
   */
  readonly remove?: string[];
}

/** Header operations on the request (before it is forwarded) and on the response. */
export interface RouteHeaders {
  /**
   * Operations on the request, e.g. pass tracing or auth context on.
   * @default - none
   */
  readonly request?: HeaderOperations;
  /**
   * Operations on the response returned to the caller.
   * @default - none
   */
  readonly response?: HeaderOperations;
}

/**
 * Rewrites the request before it is forwarded (Istio `HTTPRewrite`).
 *
 * @example
 * Rewrite.uri('/v1/models/content-ranking').withAuthority('ranking.internal')
 */
export class Rewrite {
  /** Replace the matched path prefix (the whole path for exact and regex matches) with `uri`. */
  public static uri(uri: string): Rewrite {
    return new Rewrite({ uri });
  }

  /** Replace every RE2 match of `match` in the path with `rewrite` (`\1` names group 1). */
  public static uriRegex(match: string, rewrite: string): Rewrite {
    return new Rewrite({ uriRegex: { match, rewrite } });
  }

  /** Replace the `:authority` (Host) header. */
  public static authority(authority: string): Rewrite {
    return new Rewrite({ authority });
  }

  private constructor(private readonly spec: RewriteSpec) {}

  /** This rewrite, also replacing the authority. */
  public withAuthority(authority: string): Rewrite {
    return new Rewrite({ ...this.spec, authority });
  }

  /** @internal */
  public _spec(): RewriteSpec {
    return this.spec;
  }
}

/** Options of a redirect. */
export interface RedirectOptions {
  /**
   * Redirect status code, 3xx.
   * @default 301
   */
  readonly code?: number;
  /**
   * Replacement scheme: `http` or `https`.
   * @default - unchanged
   */
  readonly scheme?: string;
  /**
   * Replacement authority (host).
   * @default - unchanged
   */
  readonly authority?: string;
  /**
   * Replacement port.
   * @default - unchanged
   */
  readonly port?: number;
}

/** The proxy answers with a redirect instead of calling a model (Istio `HTTPRedirect`). */
export class Redirect {
  /** Redirect to path `uri` (replacing the whole path). */
  public static to(uri: string, options: RedirectOptions = {}): Redirect {
    return new Redirect({ ...Redirect.common(options), uri });
  }

  /** Redirect to another host (`host` replaces the authority), keeping the path. */
  public static toAuthority(host: string, options: RedirectOptions = {}): Redirect {
    return new Redirect({ ...Redirect.common(options), authority: host });
  }

  /**
   * Redirect keeping the path, changing what `options` names: the scheme (e.g. `http` to `https`),
   * the port or the authority. At least one of them, or the redirect would point at itself.
   */
  public static keepingPath(options: RedirectOptions): Redirect {
    if (options.scheme === undefined && options.port === undefined && options.authority === undefined) {
      throw new MeshConfigError('Redirect.keepingPath', 'options', 'a redirect that changes neither scheme, port nor authority points at itself', 'scheme, port or authority');
    }
    return new Redirect(Redirect.common(options));
  }

  private static common(o: RedirectOptions): RedirectSpec {
    return { code: o.code ?? 301, scheme: o.scheme, authority: o.authority, port: o.port };
  }

  private constructor(private readonly spec: RedirectSpec) {}

  /** @internal */
  public _spec(): RedirectSpec {
    return dropUndefined(this.spec);
  }
}

/** The proxy answers itself, e.g. a maintenance page (Istio `HTTPDirectResponse`). */
export class DirectResponse {
  /** Answer with `status` (200..599) and an optional body (at most 1 MB; Istio warns above 100 kB). */
  public static of(status: number, body?: string): DirectResponse {
    return new DirectResponse({ status, body });
  }

  private constructor(private readonly spec: DirectResponseSpec) {}

  /** @internal */
  public _spec(): DirectResponseSpec {
    return dropUndefined(this.spec);
  }
}

/** Which browser origins may call a route (Istio `CorsPolicy`); the proxy answers preflight requests. */
export interface CorsPolicy {
  /**
   * Allowed origins, exact, e.g. `https://app.example.com`.
   * @default - none (give allowOrigins or allowOriginRegexes)
   */
  readonly allowOrigins?: string[];
  /**
   * Allowed origins as RE2 regexes (full match), e.g. `https://.*\.example\.com`.
   * @default - none
   */
  readonly allowOriginRegexes?: string[];
  /**
   * Allowed methods (`Access-Control-Allow-Methods`).
   * @default - not set
   */
  readonly allowMethods?: string[];
  /**
   * Allowed request headers (`Access-Control-Allow-Headers`).
   * @default - not set
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers the browser may read (`Access-Control-Expose-Headers`).
   * @default - not set
   */
  readonly exposeHeaders?: string[];
  /**
   * How long browsers may cache a preflight answer; whole seconds.
   * @default - not set
   */
  readonly maxAge?: Duration;
  /**
   * Whether the browser may send credentials.
   * @default - not set
   */
  readonly allowCredentials?: boolean;
}

/** @internal props → route table; Istio's own rules run where the route is added. */
export function toCorsSpec(c: CorsPolicy | undefined): CorsSpec | undefined {
  if (!c) return undefined;
  return dropUndefined({
    allowOrigins: [
      ...(c.allowOrigins ?? []).map(value => ({ kind: 'exact' as const, value })),
      ...(c.allowOriginRegexes ?? []).map(value => ({ kind: 'regex' as const, value })),
    ],
    allowMethods: c.allowMethods && [...c.allowMethods],
    allowHeaders: c.allowHeaders && [...c.allowHeaders],
    exposeHeaders: c.exposeHeaders && [...c.exposeHeaders],
    maxAgeMs: c.maxAge?.toMilliseconds(),
    allowCredentials: c.allowCredentials,
  });
}

/** @internal props → route table */
export function toHeadersSpec(h: RouteHeaders | undefined): HeadersSpec | undefined {
  if (!h || (!h.request && !h.response)) return undefined;
  return dropUndefined({ request: toOps(h.request), response: toOps(h.response) });
}

function toOps(o: HeaderOperations | undefined): HeaderOpsSpec | undefined {
  if (!o) return undefined;
  return dropUndefined({ set: o.set && { ...o.set }, add: o.add && { ...o.add }, remove: o.remove && [...o.remove] });
}

/** @internal Service-wide operations first; the route's own win on the same name. */
export function mergeHeaders(outer: HeadersSpec | undefined, inner: HeadersSpec | undefined): HeadersSpec | undefined {
  if (!outer) return inner;
  if (!inner) return outer;
  const ops = (a?: HeaderOpsSpec, b?: HeaderOpsSpec): HeaderOpsSpec | undefined => (!a ? b : !b ? a : dropUndefined({
    set: a.set || b.set ? { ...a.set, ...b.set } : undefined,
    add: a.add || b.add ? { ...a.add, ...b.add } : undefined,
    remove: a.remove || b.remove ? [...new Set([...a.remove ?? [], ...b.remove ?? []])] : undefined,
  }));
  return dropUndefined({ request: ops(outer.request, inner.request), response: ops(outer.response, inner.response) });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
