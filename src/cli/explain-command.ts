/**
 * `cdk8s-ml-mesh explain <files or dirs...> --host <host> [-H name=value ...] [--uri /path]
 * [--method GET] [--format text|json]`: which route a request matches and which model versions
 * (and mirrors) it reaches, read from VirtualService/DestinationRule YAML and Knative-mode
 * KServe InferenceServices.
 *
 * Exit codes: 0 a route matched; 1 no route matches, the host is unknown or ambiguous, or its
 * VirtualService does not apply to the traffic asked about; 2 bad usage, unreadable input (read
 * errors; read warnings such as a skipped symbolic link are printed only), or malformed routing
 * for the host (reported, never guessed); 3 internal error (main.ts).
 */
import { READING_POLICY, readRouting } from './read-routing';
import { formatMs, formatPercent, targetName } from '../routing/describe/format';
import { evaluate } from '../routing/evaluate';
import {
  ExplainedHeaderOperations, ExplainedHeaders, ExplainedMoment, ExplainedProgressive, ExplainRequest, Explanation, RouteOutcome,
} from '../routing/explanation';
import { ImportedRouting } from '../routing/from-istio';
import { lookupHost } from '../routing/from-istio-hosts';
import { notAppliedReason } from '../routing/from-istio-routing';
import { momentOf, rolloutTimeline, routingAt } from '../routing/rollout-timeline';
import { ServiceRouting } from '../routing/route-table';
import { isHttpToken } from '../util/dns';
import { formatPrometheusDuration } from '../util/duration';

const USAGE = `usage: cdk8s-ml-mesh explain <files or dirs...> --host <host> [options]

Reads VirtualService and DestinationRule manifests (networking.istio.io v1, v1beta1, v1alpha3;
multi-document YAML, directories recursively), Knative-mode KServe InferenceServices (KServe
routes their host by canaryTrafficPercent), and Gateway API HTTPRoutes and GRPCRoutes (attached to
a Service, or with --gateway to that Gateway), with the Services beside them; other kinds are
ignored. Shows where a request goes, with each API's semantics (Gateway API: match precedence).

exit codes: 0 a route matched; 1 no route, unknown host, or a VirtualService that does not
apply to this traffic; 2 bad usage, unreadable input, or malformed routing.

options:
  --host <host>          service to explain: short name, name.namespace, or FQDN (required)
  -H, --header <n=v>     request header (repeatable); "name: value" works too
  --uri <path>           request path, may include ?query (default /)
  --method <method>      request method (default GET)
  --grpc <pkg.Svc/Method> a gRPC call: POST /pkg.Svc/Method with content-type application/grpc
  --authority <host>     :authority / Host header (default the service host)
  --port <port>          port the client calls (default 80)
  --gateway <ns/name>    explain traffic entering through this gateway (default mesh)
  --stage <moment>       weights and pods at a moment of the host's Argo rollout:
                         rest, start, a stage number, aborted or promoted
  --format text|json     output format (default text)
  -h, --help             show this help

${READING_POLICY}

exit codes: 0 a route matched, 1 no route matches or the host is unknown,
            2 bad usage or unreadable input, 3 internal error (a bug: please report it)`;

type Out = (s: string) => void;

interface ExplainArgs {
  readonly paths: string[];
  readonly host: string;
  readonly request: ExplainRequest;
  readonly format: 'text' | 'json';
  /** `--stage`: the moment of the Argo rollout to show. */
  readonly stage?: string;
}

export async function runExplainCommand(argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    err(`explain: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  const read = readRouting('explain', parsed.paths, err, { gateway: parsed.request.gateway, refuseMalformed: false });
  if (!read) return 2;
  const imported = read.imported;
  const answer = explainHost(imported, parsed);
  if ('reason' in answer) {
    if (parsed.format === 'json') out(JSON.stringify(unanswered(answer), null, 2));
    for (const problem of answer.problems ?? [answer.reason.message]) err(`explain: ${problem}`);
    return answer.exit;
  }
  const explanation = answer.explanation;
  if (parsed.format === 'json') out(JSON.stringify(toJson(explanation), null, 2));
  else out(toText(explanation, parsed.request));
  if (explanation.outcome === RouteOutcome.NO_ROUTE) {
    err(`explain: ${noRouteMessage(explanation.host)}`);
    return 1;
  }
  return 0;
}

/** Why there is no answer: `code` for scripts, `message` for people. */
interface Unanswered {
  readonly host: string;
  readonly reason: { readonly code: 'unknown-host' | 'ambiguous-host' | 'does-not-apply' | 'malformed' | 'not-progressive'; readonly message: string };
  /** Messages for stderr when there are several (malformed routing). */
  readonly problems?: readonly string[];
  readonly exit: number;
}

function explainHost(imported: ImportedRouting, args: ExplainArgs): { explanation: Explanation } | Unanswered {
  const known = imported.table.services.map(s => s.host);
  const found = lookupHost(args.host, known);
  if (found.kind === 'found') {
    const malformed = imported.malformed.get(found.host);
    if (malformed) {
      const message = `the routing of ${found.host} is malformed, so explain will not guess: ${malformed.join('; ')}`;
      return { host: found.host, reason: { code: 'malformed', message }, problems: [`the routing of ${found.host} is malformed, so explain will not guess:`, ...malformed], exit: 2 };
    }
    const service = imported.table.services.find(s => s.host === found.host)!;
    return args.stage === undefined ? { explanation: evaluate(service, args.request) } : explainAtStage(service, args.stage, args.request);
  }
  if (found.kind === 'ambiguous') {
    const message = `host "${args.host}" is ambiguous; use name.namespace or the FQDN of one of: ${found.candidates.join(', ')}`;
    return { host: args.host, reason: { code: 'ambiguous-host', message }, exit: 1 };
  }
  const notApplied = notAppliedReason(args.host, imported);
  if (notApplied) return { host: args.host, reason: { code: 'does-not-apply', message: notApplied }, exit: 1 };
  const message = `host "${args.host}" is not a host of any VirtualService, DestinationRule or Gateway API route in ${args.paths.join(', ')}; `
    + `known hosts: ${known.length > 0 ? known.join(', ') : '(none: no VirtualService or DestinationRule found)'}`;
  return { host: args.host, reason: { code: 'unknown-host', message }, exit: 1 };
}

/** The request at a moment of the host's Argo rollout (the weights Argo sets then, and the pods behind each subset). */
function explainAtStage(service: ServiceRouting, stage: string, request: ExplainRequest): { explanation: Explanation } | Unanswered {
  const canary = service.canary;
  if (canary?.delivery !== 'argo-rollouts') {
    return { host: service.host, reason: { code: 'not-progressive', message: `--stage: no Argo Rollout manages the routes of ${service.host}` }, exit: 2 };
  }
  const moment = momentOf(canary, stage);
  if (!moment) {
    const message = `--stage "${stage}" is not a moment of this rollout (allowed: ${rolloutTimeline(canary).map(m => m.id).join(', ')})`;
    return { host: service.host, reason: { code: 'not-progressive', message }, exit: 2 };
  }
  const explanation = evaluate(routingAt(service, moment), request);
  if (!explanation.progressive) return { explanation };
  const at: ExplainedMoment = {
    id: moment.id,
    canaryPercent: moment.canaryPercent,
    canaryPods: moment.canaryPods.count,
    canaryPodVersion: moment.canaryPods.version,
    stablePods: moment.stablePods.count,
    stablePodVersion: moment.stablePods.version,
    what: moment.what,
  };
  return { explanation: { ...explanation, progressive: { ...explanation.progressive, moment: at } } };
}

function noRouteMessage(host: string): string {
  return `no route of ${host} matches this request; Istio answers 404 (NR)`;
}

/** The JSON contract when there is no answer: the usual fields, empty, and the reason. */
function unanswered(u: Unanswered): Record<string, unknown> {
  return { host: u.host, matchedRoute: null, destinations: [], mirrors: [], faults: [], reason: u.reason };
}

function parseArgs(argv: string[]): ExplainArgs | string {
  const paths: string[] = [];
  const headers: Record<string, string> = {};
  const single: Record<string, string> = {};
  const names: Record<string, string> = { '-H': 'header', '--header': 'header' };
  for (const key of ['host', 'uri', 'method', 'grpc', 'authority', 'port', 'gateway', 'format', 'stage']) names[`--${key}`] = key;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = names[flag];
    if (!key) return `unknown option "${flag}"`;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) return `${flag} needs a value`;
    if (key === 'header') {
      const header = parseHeader(value);
      if (!header) return `${flag} "${value}" is not a header (allowed: name=value or "name: value")`;
      headers[header[0]] = header[1];
    } else if (single[key] !== undefined) {
      return `${flag} given twice`;
    } else {
      single[key] = value;
    }
  }
  if (paths.length === 0) return 'no files or directories given';
  if (!single.host) return '--host is required';
  const format = single.format ?? 'text';
  if (format !== 'text' && format !== 'json') return `--format "${format}" is not supported (allowed: text, json)`;
  let port: number | undefined;
  if (single.port !== undefined) {
    port = Number(single.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return `--port "${single.port}" is not a port (allowed: 1..65535)`;
  }
  if (single.uri !== undefined && !single.uri.startsWith('/')) return `--uri "${single.uri}" must start with "/"`;
  if (single.grpc !== undefined && !/^\/?[A-Za-z_][\w.]*\/[A-Za-z_]\w*$/.test(single.grpc)) {
    return `--grpc "${single.grpc}" is not a gRPC method (allowed: package.Service/Method)`;
  }
  return {
    paths,
    host: single.host,
    format,
    stage: single.stage,
    request: { headers, uri: single.uri, method: single.method, grpcMethod: single.grpc, authority: single.authority, port, gateway: single.gateway },
  };
}

/** `name=value` or `name: value`, split at whichever separator comes first. */
function parseHeader(text: string): [string, string] | undefined {
  const at = text.search(/[=:]/);
  if (at <= 0) return undefined;
  const name = text.slice(0, at).trim();
  if (!isHttpToken(name)) return undefined;
  return [name.toLowerCase(), text.slice(at + 1).trim()];
}

/**
 * The JSON contract: matchedRoute, destinations and mirrors (each with host, subset, port),
 * faults; `action` only for routes that do not forward; `routedBy` when KServe routes the host;
 * `reason` when no route matches.
 */
function toJson(e: Explanation): Record<string, unknown> {
  const json: Record<string, unknown> = {
    matchedRoute: e.matchedRoute ? { index: e.matchedRoute.index, name: e.matchedRoute.name ?? null } : null,
    destinations: e.destinations.map(d => ({
      host: d.host, subset: d.subset ?? null, port: d.port ?? null, percent: d.percent, ...(d.headers ? { headers: d.headers } : {}),
    })),
    mirrors: e.mirrors.map(m => ({ host: m.host, subset: m.subset ?? null, port: m.port ?? null, percent: m.percent })),
    faults: e.faults.map(f => (f.delayMs !== undefined
      ? { kind: 'delay', percent: f.percent, delayMs: f.delayMs }
      : { kind: 'abort', percent: f.percent, httpStatus: f.httpStatus })),
  };
  if (e.headers) json.headers = e.headers;
  if (e.rewrite) json.rewrite = e.rewrite;
  if (e.cors) json.cors = e.cors;
  if (e.redirect) json.action = { kind: 'redirect', ...e.redirect };
  if (e.directResponse) json.action = { kind: 'directResponse', ...e.directResponse };
  if (e.delegate) json.action = { kind: 'delegate', ...e.delegate };
  if (e.progressive) json.progressive = e.progressive;
  if (e.routedBy) json.routedBy = e.routedBy;
  if (e.outcome === RouteOutcome.NO_ROUTE) json.reason = { code: 'no-route', message: noRouteMessage(e.host) };
  return json;
}

function toText(e: Explanation, request: ExplainRequest): string {
  const lines: string[] = [];
  const headerText = Object.entries(request.headers ?? {}).map(([n, v]) => `${n}: ${v}`).join(', ');
  lines.push(`host     ${e.host}`);
  const grpc = request.grpcMethod !== undefined;
  const method = request.method ?? (grpc ? 'POST' : 'GET');
  const uri = request.uri ?? (grpc ? `/${request.grpcMethod!.replace(/^\//, '')}` : '/');
  lines.push(`request  ${method} ${uri}${grpc ? ' (gRPC)' : ''}${headerText ? `  (${headerText})` : ''}`);
  if (!e.matchedRoute) {
    lines.push('route    none matches: Istio answers 404 (NR)');
  } else {
    const r = e.matchedRoute;
    const name = r.index < 0 ? 'Istio default route (no VirtualService)' : `#${r.index}${r.name ? ` "${r.name}"` : ''}`;
    lines.push(`route    ${name}${r.matchIndex !== undefined ? ` via match[${r.matchIndex}]` : ''}${r.source ? `  [${r.source}]` : ''}`);
  }
  lines.push(...outcomeLines(e));
  if (e.progressive) lines.push(...progressiveLines(e.progressive));
  if (e.timeoutMs !== undefined) lines.push(`timeout  ${formatMs(e.timeoutMs)}`);
  if (e.retries) {
    const r = e.retries;
    lines.push(`retries  ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}${r.perTryTimeoutMs !== undefined ? `, ${formatMs(r.perTryTimeoutMs)} per try` : ''}${r.retryOn ? `, on ${r.retryOn.join(',')}` : ''}`);
  }
  lines.push('why');
  for (const step of e.trace) lines.push(`  ${step}`);
  return lines.join('\n');
}

/** The weights above are as written; Argo Rollouts moves them along this plan. */
function progressiveLines(p: ExplainedProgressive): string[] {
  const plan = p.stages.map(s => `${s.percent}%${s.holdMs !== undefined ? ` ${formatPrometheusDuration(s.holdMs)}` : ''}`).join(' → ');
  const m = p.moment;
  const pods = (n: number, version: string) => (n === 0 ? 'no pod' : `${n} × ${version}`);
  return [
    `managed  by Argo Rollouts: weights above are ${m ? `at moment "${m.id}"` : 'as written'}; it moves ${p.canary} (canary) over ${p.stable} (stable)`,
    `stages   ${plan}`,
    ...m ? [
      `pods     canary subset ${p.canary}: ${pods(m.canaryPods, m.canaryPodVersion)}; stable subset ${p.stable}: ${pods(m.stablePods, m.stablePodVersion)}`,
      `moment   ${m.what}`,
    ] : [],
  ];
}

function outcomeLines(e: Explanation): string[] {
  const lines: string[] = [];
  const width = Math.max(0, ...[...e.destinations, ...e.mirrors].map(t => targetName(e.host, t).length));
  const row = (t: { host: string; subset?: string }, percent: number) => `  ${targetName(e.host, t).padEnd(width)}  ${formatPercent(percent).padStart(7)}`;
  switch (e.outcome) {
    case RouteOutcome.REDIRECT:
      lines.push(`redirect ${e.redirect!.code} to ${[e.redirect!.scheme && `${e.redirect!.scheme}://`, e.redirect!.authority, e.redirect!.port && `:${e.redirect!.port}`, e.redirect!.uri].filter(Boolean).join('') || '(same location)'}`);
      break;
    case RouteOutcome.DIRECT_RESPONSE:
      lines.push(`answers  ${e.directResponse!.status}${e.directResponse!.body ? ` "${e.directResponse!.body}"` : ''} (direct response, no model is called)`);
      break;
    case RouteOutcome.DELEGATE:
      lines.push(`delegate to VirtualService ${e.delegate!.namespace ? `${e.delegate!.namespace}/` : ''}${e.delegate!.name} (explain does not follow delegation)`);
      break;
    case RouteOutcome.FORWARD:
      lines.push('versions');
      for (const d of e.destinations) lines.push(row(d, d.percent) + headerOpsText(d.headers, '  '));
      if (e.destinations.length === 0) lines.push('  (none: every weight is 0)');
      break;
    default:
      break;
  }
  if (e.rewrite) {
    const parts = [e.rewrite.path !== undefined && `path ${e.rewrite.path}`, e.rewrite.authority !== undefined && `authority ${e.rewrite.authority}`];
    lines.push(`rewrite  ${parts.filter(Boolean).join(', ')}`);
  }
  if (e.headers) lines.push(`headers ${headerOpsText(e.headers, ' ')}`);
  if (e.cors) {
    const verdict = e.cors.originAllowed === undefined ? '' : e.cors.originAllowed ? ' (this Origin is allowed)' : ' (this Origin is NOT allowed)';
    lines.push(`cors     origins ${e.cors.allowOrigins.join(', ')}${verdict}`);
  }
  if (e.mirrors.length > 0) {
    lines.push('mirrors  (copies; responses discarded)');
    for (const m of e.mirrors) lines.push(row(m, m.percent));
  }
  for (const f of e.faults) {
    lines.push(f.delayMs !== undefined
      ? `fault    delay ${formatMs(f.delayMs)} on ${formatPercent(f.percent)} of requests`
      : `fault    abort with ${f.httpStatus} on ${formatPercent(f.percent)} of requests`);
  }
  return lines;
}

/** `request set a: b; response remove c`, prefixed by `lead`; empty without operations. */
function headerOpsText(h: ExplainedHeaders | undefined, lead: string): string {
  if (!h) return '';
  const ops = (side: string, o: ExplainedHeaderOperations | undefined) => [
    ...Object.entries(o?.set ?? {}).map(([n, v]) => `${side} set ${n}: ${v}`),
    ...Object.entries(o?.add ?? {}).map(([n, v]) => `${side} add ${n}: ${v}`),
    ...(o?.remove ?? []).map(n => `${side} remove ${n}`),
  ];
  const all = [...ops('request', h.request), ...ops('response', h.response)];
  return all.length ? `${lead}${all.join('; ')}` : '';
}
