/** Printed TypeScript for one route's parts: its conditions, header operations, rewrite, fault and CORS. */
import { duration, object, record, str } from './code';
import { CorsSpec, FaultSpec, HeaderOpsSpec, HeadersSpec, MatchBlock, RewriteSpec, StringMatchSpec } from '../routing/route-table';

type Say = (what: string) => void;

/**
 * `RequestMatch` code for ORed `blocks`, or undefined when a block has no condition the library
 * can express (printing `RequestMatch.all()` would throw at synth; dropping the route is said).
 */
export function matchCode(blocks: readonly MatchBlock[], say: Say): string | undefined {
  const all: string[] = [];
  for (const b of blocks) {
    const parts = blockParts(b, say);
    if (parts.length === 0) {
      say('none of its conditions is expressible, so the route is left out');
      return undefined;
    }
    all.push(parts.length === 1 ? parts[0] : `RequestMatch.all(${parts.join(', ')})`);
  }
  return all.length === 1 ? all[0] : `RequestMatch.any(${all.join(', ')})`;
}

function blockParts(b: MatchBlock, say: Say): string[] {
  const parts: string[] = [];
  for (const [n, spec] of Object.entries(b.headers ?? {})) parts.push(headerCode(n, spec, say));
  if (b.uri) parts.push(b.uri.kind === 'exact' ? `RequestMatch.uriExact(${str(b.uri.value)})` : b.uri.kind === 'prefix' ? `RequestMatch.uriPrefix(${str(b.uri.value)})` : `RequestMatch.uriRegex(${str(b.uri.value)})`);
  if (b.method) {
    if (b.method.kind !== 'exact') say(`a method condition (${b.method.kind} "${b.method.value}") other than exact is not expressible and was left out`);
    else parts.push(`RequestMatch.method(${str(b.method.value)})`);
  }
  for (const [n, spec] of Object.entries(b.queryParams ?? {})) {
    if (spec.kind !== 'exact') say(`query parameter ${n}: only exact matches are expressible; this ${spec.kind} match was left out`);
    else parts.push(`RequestMatch.queryParam(${str(n)}, ${str(spec.value)})`);
  }
  const unsupported = (['withoutHeaders', 'authority', 'scheme', 'port', 'sourceLabels', 'sourceNamespace', 'gateways', 'ignoreUriCase'] as const)
    .filter(f => b[f] !== undefined);
  if (unsupported.length) say(`match conditions ${unsupported.join(', ')} are not expressible and were left out`);
  return parts;
}

function headerCode(name: string, spec: StringMatchSpec, say: Say): string {
  if (spec.kind === 'regex' && spec.value === '*') {
    say(`header ${name}: a presence match is written as a regex ".*"`);
    return `RequestMatch.headerRegex(${str(name)}, '.*')`;
  }
  const factory = { exact: 'header', prefix: 'headerPrefix', regex: 'headerRegex' }[spec.kind];
  return `RequestMatch.${factory}(${str(name)}, ${str(spec.value)})`;
}

export function headersCode(h: HeadersSpec | undefined): string | undefined {
  if (!h) return undefined;
  const ops = (o: HeaderOpsSpec | undefined) => o && object({
    set: o.set && record(o.set), add: o.add && record(o.add), remove: o.remove && `[${o.remove.map(str).join(', ')}]`,
  });
  return object({ request: ops(h.request), response: ops(h.response) });
}

/** Route-level then destination-level operations, as one route's (a one-destination route only). */
export function mergedHeaders(route: HeadersSpec | undefined, destination: HeadersSpec | undefined): HeadersSpec | undefined {
  if (!destination) return route;
  if (!route) return destination;
  const merge = (a: HeaderOpsSpec | undefined, b: HeaderOpsSpec | undefined): HeaderOpsSpec | undefined => (!a ? b : !b ? a : {
    set: a.set || b.set ? { ...a.set, ...b.set } : undefined,
    add: a.add || b.add ? { ...a.add, ...b.add } : undefined,
    remove: a.remove || b.remove ? [...a.remove ?? [], ...b.remove ?? []] : undefined,
  });
  return { request: merge(route.request, destination.request), response: merge(route.response, destination.response) };
}

export function rewriteCode(w: RewriteSpec, used: Set<string>): string {
  used.add('Rewrite');
  const base = w.uriRegex ? `Rewrite.uriRegex(${str(w.uriRegex.match)}, ${str(w.uriRegex.rewrite)})`
    : w.uri !== undefined ? `Rewrite.uri(${str(w.uri)})` : `Rewrite.authority(${str(w.authority ?? '')})`;
  return w.authority !== undefined && (w.uri !== undefined || w.uriRegex) ? `${base}.withAuthority(${str(w.authority)})` : base;
}

/** `FaultInjection` code, or undefined when the route injects nothing. */
export function faultCode(f: FaultSpec | undefined, used: Set<string>): string | undefined {
  if (!f || !(f.delay || f.abort)) return undefined;
  used.add('FaultInjection');
  const { delay, abort } = f;
  if (delay && abort) return `FaultInjection.delayAndAbort(${duration(delay.fixedDelayMs)}, ${delay.percent}, ${abort.httpStatus}, ${abort.percent})`;
  return delay ? `FaultInjection.delay(${duration(delay.fixedDelayMs)}, ${delay.percent})` : `FaultInjection.abort(${abort!.httpStatus}, ${abort!.percent})`;
}

export function corsCode(c: CorsSpec | undefined): string | undefined {
  if (!c) return undefined;
  const list = (xs: readonly string[] | undefined) => xs && `[${xs.map(str).join(', ')}]`;
  const origins = (kind: string) => c.allowOrigins.filter(o => o.kind === kind).map(o => o.value);
  const prefixes = origins('prefix');
  return object({
    allowOrigins: origins('exact').length ? list(origins('exact')) : undefined,
    // A prefix is a regex of its escaped text followed by anything (RE2, full match).
    allowOriginRegexes: origins('regex').length || prefixes.length
      ? list([...origins('regex'), ...prefixes.map(p => `${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*`)]) : undefined,
    allowMethods: list(c.allowMethods),
    allowHeaders: list(c.allowHeaders),
    exposeHeaders: list(c.exposeHeaders),
    maxAge: duration(c.maxAgeMs),
    allowCredentials: c.allowCredentials === undefined ? undefined : String(c.allowCredentials),
  });
}
