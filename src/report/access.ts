/**
 * The security side of the report: each namespace's mTLS mode and default deny, each version's
 * identity and resources, and per service "who may call": the declared callers and every other
 * model service of the app, each decided by the same evaluator the tests use.
 */
import { CallerSpec, RouteTable, ServiceRouting } from '../routing/route-table';
import { authorize, principalOf } from '../security/authorization';
import { code, NONE, table } from '../util/markdown';

export function renderSecurityOverview(t: RouteTable): string {
  const namespaces = t.namespaces ?? [];
  const nsRows = namespaces.map(n => [
    n.namespace ? code(n.namespace) : '_(the chart\'s)_',
    n.mtls === 'PERMISSIVE' ? `**PERMISSIVE** (migration: ${n.permissiveReason ?? 'no reason given'}) – plaintext accepted` : 'STRICT',
    n.defaultDeny ? 'yes' : 'no (each model service still has its own ALLOW policy)',
    n.source ? code(n.source) : NONE,
  ]);
  const versionRows = t.services.flatMap(s => s.versions.map((v, i) => [
    i === 0 ? `**${s.name}**` : '',
    code(v.name),
    v.serviceAccount ? code(v.serviceAccount) : NONE,
    describeResources(v.resources),
  ]));
  return [
    '## Security',
    '',
    'Every model version runs under its own service account; traffic between sidecars is Istio mTLS '
      + '(`ISTIO_MUTUAL` in every DestinationRule), and a model service answers only the callers listed under '
      + '"Who may call" in its section.',
    '',
    nsRows.length ? table(['Namespace', 'mTLS (PeerAuthentication)', 'Default deny', 'Defined by'], nsRows) : '_No namespace security._',
    '',
    versionRows.length ? table(['Model', 'Version', 'Service account', 'Resources'], versionRows) : '',
  ].join('\n');
}

function describeResources(r: ServiceRouting['versions'][number]['resources']): string {
  if (!r) return NONE;
  if (r.origin === 'waived') return `**waived**: ${r.reason}`;
  return r.origin === 'defaulted' ? '**defaulted** (1 CPU, 2Gi): declare what the model needs' : 'declared';
}

/** One row per identity we know: declared callers, other model services, and a plaintext client. */
export function renderWhoMayCall(service: ServiceRouting, t: RouteTable): string {
  const access = service.access;
  if (!access) return '_Not known for routing read from manifests._';
  const rows: string[][] = access.callers.map(c => [
    c.description,
    [...(c.principals ?? []), ...(c.namespaces ?? []).map(n => `namespace ${n}`)].map(code).join(', '),
    'allowed',
  ]);
  // Every other model service is decided by the evaluator; the denied ones share one row, so a
  // fleet's report grows with its services, not with their square.
  const denied: Array<{ name: string; accounts: number }> = [];
  const mayMatch = candidateFilter(access.callers);
  for (const other of t.services) {
    if (other === service || !other.namespace) continue;
    const principals = principalsOf(t, other);
    if (principals.length === 0 || access.callers.some(c => c.description === `ModelService ${other.name}`)) continue;
    const allowed = principals.filter(p => mayMatch(p, other.namespace!) && authorize(access, { principal: p, port: access.port }).allowed);
    if (allowed.length === 0) {
      denied.push({ name: other.name, accounts: principals.length });
      continue;
    }
    const decision = allowed.length === principals.length ? 'allowed' : `allowed only: ${allowed.map(code).join(', ')}`;
    rows.push([`ModelService ${other.name}`, serviceAccounts(principals.length), decision]);
  }
  if (denied.length === 1) rows.push([`ModelService ${denied[0].name}`, serviceAccounts(denied[0].accounts), 'denied']);
  if (denied.length > 1) rows.push([otherServices(denied.map(d => d.name)), serviceAccounts(denied.reduce((n, d) => n + d.accounts, 0)), 'denied']);
  rows.push(['a client without mTLS (plaintext)', NONE, authorize(access, {}).allowed ? 'allowed' : 'denied']);
  const port = access.port === undefined ? 'any port (Knative: requests arrive through the queue-proxy)' : `port ${access.port}`;
  const knative = access.port === undefined
    ? ' **Knative mode: callers are not enforced.** Requests reach the pods through the knative-local-gateway (istio-system) and, under load or from zero, the activator (knative-serving); the pods see those identities, never the caller\'s, so every workload that can reach the local gateway may call. Use deploymentMode STANDARD to restrict callers.'
    : '';
  return [
    `AuthorizationPolicy ${code(service.name)} (ALLOW, ${port}, pods ${Object.entries(access.selector).map(([k, v]) => code(`${k}=${v}`)).join(', ')}); namespace mTLS ${access.mtls ?? 'STRICT'}. Anyone not allowed here is denied.${knative}`,
    '',
    table(['Caller', 'Identity', 'Decision'], rows),
  ].join('\n');
}


/** Each service's version principals, built once per table (every section asks about every service). */
const PRINCIPALS = new WeakMap<RouteTable, Map<ServiceRouting, string[]>>();

function principalsOf(t: RouteTable, s: ServiceRouting): string[] {
  const byService = PRINCIPALS.get(t) ?? new Map<ServiceRouting, string[]>();
  PRINCIPALS.set(t, byService);
  let principals = byService.get(s);
  if (!principals) {
    principals = s.versions.flatMap(v => (v.serviceAccount ? [principalOf(s.namespace!, v.serviceAccount)] : []));
    byService.set(s, principals);
  }
  return principals;
}

/**
 * A cheap test that rules a principal out before the evaluator runs: without wildcards, a caller
 * can only match a principal it names or one in a namespace it names. With any wildcard, every
 * principal goes to the evaluator.
 */
function candidateFilter(callers: readonly CallerSpec[]): (principal: string, namespace: string) => boolean {
  const values = callers.flatMap(c => [...(c.principals ?? []), ...(c.namespaces ?? [])]);
  if (values.some(v => v.includes('*')) || callers.some(c => !c.principals?.length && !c.namespaces?.length)) return () => true;
  const principals = new Set(callers.flatMap(c => c.principals ?? []));
  const namespaces = new Set(callers.flatMap(c => c.namespaces ?? []));
  return (principal, namespace) => principals.has(principal) || namespaces.has(namespace);
}

function serviceAccounts(n: number): string {
  return `${n} version service account${n === 1 ? '' : 's'}`;
}

/** `ModelService a, b and c`, or the first few and a count. */
function otherServices(names: readonly string[]): string {
  const shown = names.slice(0, 5);
  const rest = names.length - shown.length;
  return rest > 0 ? `ModelServices ${shown.join(', ')} and ${rest} more` : `ModelServices ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
