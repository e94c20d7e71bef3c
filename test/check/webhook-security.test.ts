import { webhookLines } from './webhook-helpers';

const ap = (spec: unknown) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ranking', namespace: 'ml' }, spec });
const pa = (spec: unknown) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'ml' }, spec });

describe('webhook: AuthorizationPolicy', () => {
  test('what we render is accepted: ALLOW with principals, namespaces and a port; allow-nothing; empty spec', () => {
    expect(webhookLines(ap({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'ranking' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/recsys/sa/api'] } }, { source: { namespaces: ['batch'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    }))).toEqual([]);
    expect(webhookLines(ap({ selector: { matchLabels: { app: 'x' } }, action: 'ALLOW' }))).toEqual([]);
    expect(webhookLines(ap({}))).toEqual([]);
  });

  test.each([
    ['a DENY policy without rules', { action: 'DENY' },
      'webhook/authz-action spec.rules DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request'],
    ['an empty source', { rules: [{ from: [{ source: {} }] }] },
      'webhook/authz-source spec.rules[0].from[0].source `from.source` must not be empty, found at rule 0'],
    ['an empty principal', { rules: [{ from: [{ source: { principals: [''] } }] }] },
      'webhook/authz-empty-value spec.rules[0].from[0].source.principals empty value not allowed, found in Principals'],
    ['a port over 65535', { rules: [{ to: [{ operation: { ports: ['70000'] } }] }] },
      'webhook/authz-port spec.rules[0].to[0].operation.ports bad port (70000): <nil>'],
    ['a named port', { rules: [{ to: [{ operation: { ports: ['http'] } }] }] },
      'webhook/authz-port spec.rules[0].to[0].operation.ports bad port (http): strconv.ParseUint: parsing "http": invalid syntax'],
    ['an empty operation', { rules: [{ to: [{ operation: {} }] }] },
      'webhook/authz-operation spec.rules[0].to[0].operation `to.operation` must not be empty, found at rule 0'],
    ['a provider without CUSTOM', { action: 'ALLOW', provider: { name: 'ext' }, rules: [{}] },
      'webhook/authz-action spec.provider `provider` must not be with non CUSTOM action, found ALLOW'],
    ['service accounts with principals', { rules: [{ from: [{ source: { principals: ['a'], serviceAccounts: ['ns/sa'] } }] }] },
      'webhook/authz-source spec.rules[0].from[0].source cannot set serviceAccounts with namespaces or principals, found at rule 0'],
    ['a wildcard selector', { selector: { matchLabels: { app: '*' } } },
      'webhook/workload-selector spec.selector.matchLabels[app] wildcard is not supported in selector: "app=*"'],
  ])('%s is rejected with Istio\'s message', (_what, spec, line) => {
    expect(webhookLines(ap(spec))).toContain(line);
  });
});

describe('webhook: PeerAuthentication', () => {
  test('a namespace-wide STRICT policy is accepted', () => {
    expect(webhookLines(pa({ mtls: { mode: 'STRICT' } }))).toEqual([]);
  });

  test('port-level mTLS needs a selector, and a valid port', () => {
    expect(webhookLines(pa({ mtls: { mode: 'STRICT' }, portLevelMtls: { 0: { mode: 'DISABLE' } } }))).toEqual([
      'webhook/peer-authentication spec.portLevelMtls mesh/namespace peer authentication cannot have port level mTLS',
      'webhook/peer-authentication spec.portLevelMtls.0 port must be in range 1..65535',
    ]);
  });
});
