/**
 * The security side of the report: each namespace's mTLS mode and default deny, each version's
 * identity and resources, and per service "who may call": the declared callers and every other
 * model service of the app, each decided by the same evaluator the tests use.
 */
import { code, NONE, table } from './markdown';
import { RouteTable, ServiceRouting } from '../routing/route-table';
import { authorize, principalOf } from '../security/authorization';

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
  for (const other of t.services) {
    if (other === service || !other.namespace) continue;
    const principals = other.versions.flatMap(v => (v.serviceAccount ? [principalOf(other.namespace!, v.serviceAccount)] : []));
    if (principals.length === 0 || access.callers.some(c => c.description === `ModelService ${other.name}`)) continue;
    const allowed = principals.filter(p => authorize(access, { principal: p, port: access.port }).allowed);
    const decision = allowed.length === 0 ? 'denied' : allowed.length === principals.length ? 'allowed' : `allowed only: ${allowed.map(code).join(', ')}`;
    rows.push([`ModelService ${other.name}`, `${principals.length} version service account${principals.length === 1 ? '' : 's'}`, decision]);
  }
  rows.push(['a client without mTLS (plaintext)', NONE, authorize(access, {}).allowed ? 'allowed' : 'denied']);
  const port = access.port === undefined ? 'any port (Knative: requests arrive through the queue-proxy)' : `port ${access.port}`;
  return [
    `AuthorizationPolicy ${code(service.name)} (ALLOW, ${port}, pods ${Object.entries(access.selector).map(([k, v]) => code(`${k}=${v}`)).join(', ')}); namespace mTLS ${access.mtls ?? 'STRICT'}. Anyone not allowed here is denied.`,
    '',
    table(['Caller', 'Identity', 'Decision'], rows),
  ].join('\n');
}

