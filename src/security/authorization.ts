/**
 * A model service's AuthorizationPolicy, and the evaluator that answers "may this caller call
 * that service?" with Istio's semantics for the policies we render (ALLOW, sources by principal
 * or namespace, one port), so tests and the report can prove who is denied.
 */
import { CallerSpec, ServiceAccessSpec } from '../routing/route-table';
import { AuthorizationPolicySpec } from '../wire/generated/istio-security';

/** Istio's default trust domain: principals are `cluster.local/ns/<namespace>/sa/<service account>`. */
export const TRUST_DOMAIN = 'cluster.local';

/** The SPIFFE-style principal Istio gives a workload running under a service account. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `${TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Knative's activator and autoscaler call the pods of a Knative service (Knative's Istio docs). */
export const KNATIVE_SYSTEM_CALLER: CallerSpec = { description: 'Knative system pods (activator, autoscaler)', namespaces: ['knative-serving'] };

/**
 * In Knative mode mesh callers reach the pods through the knative-local-gateway (net-istio's
 * default: the istio-ingressgateway pods in istio-system; KServe v0.20
 * pkg/controller/v1beta1/inferenceservice/reconcilers/ingress routes the host there) and, when
 * the activator is in the path (target-burst-capacity, scale from zero), through the activator.
 * The pod sees those identities, never the caller's: we admit both, and the report says the
 * declared callers are not enforced in Knative mode.
 */
export const KNATIVE_LOCAL_GATEWAY_CALLER: CallerSpec = { description: 'the knative-local-gateway (istio-system)', namespaces: ['istio-system'] };

/**
 * `security.istio.io/v1` AuthorizationPolicy spec: ALLOW exactly the callers, on the port, for the
 * service's pods. Without callers it has no rules, and an ALLOW policy without rules denies all.
 */
export function renderAuthorizationPolicySpec(a: ServiceAccessSpec): AuthorizationPolicySpec {
  const from = a.callers.map(c => ({
    source: {
      ...(c.principals?.length ? { principals: [...c.principals] } : {}),
      ...(c.namespaces?.length ? { namespaces: [...c.namespaces] } : {}),
    },
  }));
  const to = a.port === undefined ? undefined : [{ operation: { ports: [String(a.port)] } }];
  return {
    selector: { matchLabels: { ...a.selector } },
    action: 'ALLOW',
    ...(from.length ? { rules: [{ from, ...(to ? { to } : {}) }] } : {}),
  };
}

/** A request's peer as the server's sidecar sees it. */
export interface Peer {
  /** `cluster.local/ns/<ns>/sa/<sa>`; undefined for plaintext (no mTLS, so no identity). */
  readonly principal?: string;
  /** Destination port on the pod. */
  readonly port?: number;
}

export interface AccessDecision {
  readonly allowed: boolean;
  /** The caller entry that allowed the request. */
  readonly matchedCaller?: CallerSpec;
  readonly reason: string;
}

/** Istio's string match for principals/namespaces: exact, `*`, `prefix*` or `*suffix`. */
function istioMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** The namespace of a principal, as Istio derives `source.namespace` from the peer certificate. */
export function namespaceOf(principal: string): string | undefined {
  const m = new RegExp(`^${TRUST_DOMAIN.replace(/\./g, '\\.')}/ns/([^/]+)/sa/[^/]+$`).exec(principal);
  return m?.[1];
}

function sourceMatches(c: CallerSpec, principal: string): boolean {
  const ns = namespaceOf(principal);
  const principalOk = !c.principals?.length || c.principals.some(p => istioMatch(p, principal));
  const namespaceOk = !c.namespaces?.length || (ns !== undefined && c.namespaces.some(n => istioMatch(n, ns)));
  return principalOk && namespaceOk;
}

/** Whether `peer` may call the workload `access` protects (the policy is ALLOW, so no match = denied). */
export function authorize(access: ServiceAccessSpec, peer: Peer): AccessDecision {
  if (access.callers.length === 0) return { allowed: false, reason: 'no caller is allowed (ALLOW policy without rules)' };
  if (!peer.principal) return { allowed: false, reason: 'plaintext request: no mTLS identity, so no caller matches' };
  if (access.port !== undefined && peer.port !== undefined && peer.port !== access.port) {
    return { allowed: false, reason: `port ${peer.port} is not allowed (only ${access.port})` };
  }
  const matched = access.callers.find(c => sourceMatches(c, peer.principal!));
  return matched
    ? { allowed: true, matchedCaller: matched, reason: `allowed as ${matched.description}` }
    : { allowed: false, reason: `${peer.principal} matches no allowed caller` };
}
