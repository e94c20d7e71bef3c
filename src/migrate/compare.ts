/**
 * The proof of an import: requests derived from every route of the input (one per match block,
 * plus a plain `GET /`), explained on the input's routing and on the program's, compared on
 * everything a request meets: outcome, destinations and shares, mirrors, faults, timeout,
 * retries, header operations, rewrite, CORS, redirect and direct response.
 */
import { mergedHeaders } from './route-code';
import { evaluate } from '../routing/evaluate';
import { ExplainRequest, Explanation } from '../routing/explanation';
import { MatchBlock, ServiceRouting, StringMatchSpec } from '../routing/route-table';
import { re2FullMatch } from '../util/re2';
import { stableJson } from '../util/stable-json';

const bySubset = (a: { subset?: string; host: string }, b: { subset?: string; host: string }) =>
  `${a.host}/${a.subset}`.localeCompare(`${b.host}/${b.subset}`);

export interface RequestVerdict {
  /** `GET /productpage -H end-user: jason`. */
  readonly request: string;
  /** What differs, one `field: input … / program …` each; empty when the program routes alike. */
  readonly differences: readonly string[];
}

/**
 * `program` is the program's routing of the same host; `wholeService` the version that stands
 * for "no subset" in the program (its destinations compare equal to the bare host).
 */
export function compareRouting(input: ServiceRouting, program: ServiceRouting, wholeService?: string): RequestVerdict[] {
  const requests = new Map<string, ExplainRequest>([['GET /', {}]]);
  for (const route of input.routes) {
    for (const block of route.matches) {
      const request = requestFor(block);
      if (request) requests.set(describeRequest(request), request);
    }
  }
  return [...requests].map(([text, request]) => {
    const [a, b] = [seen(evaluate(input, request)), seen(evaluate(program, request), wholeService)];
    const differences = Object.keys(a).filter(k => a[k] !== b[k]).map(k => `${k}: input ${a[k]} / program ${b[k]}`);
    return { request: text, differences };
  });
}

/** A request meeting every condition of `block` that a request can carry, or undefined. */
function requestFor(block: MatchBlock): ExplainRequest | undefined {
  const headers: Record<string, string> = {};
  for (const [name, spec] of Object.entries(block.headers ?? {})) {
    const value = sample(spec);
    if (value === undefined) return undefined;
    headers[name] = value;
  }
  const query: string[] = [];
  for (const [name, spec] of Object.entries(block.queryParams ?? {})) {
    const value = sample(spec);
    if (value === undefined) return undefined;
    query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  const path = block.uri ? sample(block.uri) : '/';
  const method = block.method ? sample(block.method) : undefined;
  const authority = block.authority ? sample(block.authority) : undefined;
  if (path === undefined || (block.method && method === undefined) || (block.authority && authority === undefined)) return undefined;
  const withoutEmpty = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(typeof v === 'object' && Object.keys(v).length === 0)));
  return withoutEmpty({
    headers,
    uri: query.length ? `${path}?${query.join('&')}` : path,
    method,
    authority,
    port: block.port,
    sourceLabels: block.sourceLabels,
    sourceNamespace: block.sourceNamespace,
  }) as ExplainRequest;
}

/** A value a StringMatch accepts: the literal for exact and prefix, a simple instance of a regex. */
function sample(spec: StringMatchSpec): string | undefined {
  if (spec.kind !== 'regex') return spec.value;
  const guess = spec.value.replace(/\.\*/g, '').replace(/\.\+/g, 'x').replace(/\\(.)/g, '$1').replace(/^\^|\$$/g, '');
  for (const candidate of [guess, 'x', '']) if (re2FullMatch(spec.value, candidate)) return candidate;
  return undefined;
}

export function describeRequest(r: ExplainRequest): string {
  const parts = [`${r.method ?? 'GET'} ${r.uri ?? '/'}`];
  for (const [n, v] of Object.entries(r.headers ?? {})) parts.push(`-H '${n}: ${v}'`);
  if (r.authority) parts.push(`--authority ${r.authority}`);
  if (r.port) parts.push(`--port ${r.port}`);
  if (r.sourceNamespace) parts.push(`from namespace ${r.sourceNamespace}`);
  if (r.sourceLabels) parts.push(`from pods ${JSON.stringify(r.sourceLabels)}`);
  return parts.join(' ');
}

/** What a request meets, field → compact JSON. */
function seen(e: Explanation, wholeService?: string): Record<string, string> {
  const target = (t: { host: string; subset?: string; percent: number }) =>
    `${t.host}${t.subset && t.subset !== wholeService ? `/${t.subset}` : ''} ${Math.round(t.percent * 1000) / 1000}%`;
  const j = (x: unknown) => (x === undefined ? 'none' : stableJson(x));
  const one = e.destinations.length === 1 ? e.destinations[0] : undefined;
  return {
    outcome: e.outcome,
    // Order of destinations is no routing difference.
    destinations: e.destinations.map(target).sort().join(', ') || 'none',
    mirrors: e.mirrors.map(target).sort().join(', ') || 'none',
    faults: j(e.faults.length ? e.faults : undefined),
    timeout: e.timeoutMs === undefined ? 'none' : `${e.timeoutMs}ms`,
    retries: j(e.retries),
    // One destination: its operations and the route's apply to every request alike.
    headers: j(one ? mergedHeaders(e.headers, one.headers) : e.headers),
    destinationHeaders: j(!one && e.destinations.some(d => d.headers) ? [...e.destinations].sort(bySubset).map(d => d.headers ?? null) : undefined),
    rewrite: j(e.rewrite),
    cors: j(e.cors),
    redirect: j(e.redirect),
    directResponse: j(e.directResponse),
    delegate: j(e.delegate),
  };
}
