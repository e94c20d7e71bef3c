/**
 * Layer 2 of `check`: what Istio 1.30.3's validating webhook (istiod) says about an object —
 * errors it rejects with and warnings it admits with — using Istio's own messages.
 * Pure and fast: the core library also runs it at synth time on what it produced.
 */
import { Finding, ManifestDocument } from '../finding';
import { checkDestinationRuleSpec } from './destination-rule';
import { checkGatewaySpec } from './gateway';
import { checkMetadata } from './metadata';
import { Report } from './report';
import { checkAuthorizationPolicySpec, checkPeerAuthenticationSpec } from './security-policies';
import { obj, str } from './values';
import { checkVirtualServiceSpec } from './virtual-service';

export interface WebhookOptions {
  /** Namespace assumed for objects without `metadata.namespace` (the request namespace). @default 'default' */
  readonly defaultNamespace?: string;
}

function isIstioKind(object: Record<string, unknown>): boolean {
  const group = str(object.apiVersion).split('/')[0];
  return group === 'istio.io' || group.endsWith('.istio.io');
}

function isNetworkingKind(object: Record<string, unknown>, kind: string): boolean {
  return isKindOf(object, kind, 'networking.istio.io/');
}

function isKindOf(object: Record<string, unknown>, kind: string, groupPrefix: string): boolean {
  return str(object.kind) === kind && str(object.apiVersion).startsWith(groupPrefix);
}

function run(doc: ManifestDocument, options: WebhookOptions, spec: (r: Report, s: unknown) => void): Finding[] {
  const object = obj(doc.object);
  if (!object) return [];
  const r = new Report(doc, options.defaultNamespace);
  if (checkMetadata(r, object)) spec(r, object.spec);
  return r.findings;
}

export function validateVirtualService(doc: ManifestDocument, options: WebhookOptions = {}): Finding[] {
  return run(doc, options, checkVirtualServiceSpec);
}

export function validateDestinationRule(doc: ManifestDocument, options: WebhookOptions = {}): Finding[] {
  return run(doc, options, checkDestinationRuleSpec);
}

export function validateGateway(doc: ManifestDocument, options: WebhookOptions = {}): Finding[] {
  return run(doc, options, checkGatewaySpec);
}

/** Metadata rules only, for the other Istio kinds. */
export function validateIstioMetadata(doc: ManifestDocument, options: WebhookOptions = {}): Finding[] {
  return run(doc, options, () => undefined);
}

/** Everything the webhook checks for one document; non-Istio kinds yield nothing. */
export function validateWebhook(doc: ManifestDocument, options: WebhookOptions = {}): Finding[] {
  const object = obj(doc.object);
  if (!object || !isIstioKind(object)) return [];
  if (isNetworkingKind(object, 'VirtualService')) return validateVirtualService(doc, options);
  if (isNetworkingKind(object, 'DestinationRule')) return validateDestinationRule(doc, options);
  if (isNetworkingKind(object, 'Gateway')) return validateGateway(doc, options);
  if (isKindOf(object, 'AuthorizationPolicy', 'security.istio.io/')) return run(doc, options, checkAuthorizationPolicySpec);
  if (isKindOf(object, 'PeerAuthentication', 'security.istio.io/')) return run(doc, options, checkPeerAuthenticationSpec);
  return validateIstioMetadata(doc, options);
}
