import { validateWebhook } from '../../src/check/webhook';

/** `rule path message` lines of the webhook findings for one object, sorted for stable comparison. */
export function webhookLines(object: unknown): string[] {
  return validateWebhook({ file: 'test.yaml', index: 0, object })
    .map(f => `${f.severity === 'warning' ? 'W ' : ''}${f.rule} ${f.path} ${f.message}`)
    .sort();
}

export function virtualService(spec: unknown, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'ranking', namespace: 'ml', ...metadata }, spec };
}

export function destinationRule(spec: unknown, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'ranking', namespace: 'ml', ...metadata }, spec };
}

/** One HTTP rule routing to `ranking`, merged with `extra`. */
export function httpVs(extra: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  return virtualService({ hosts: ['ranking'], http: [{ route: [{ destination: { host: 'ranking', subset: 'v1' } }], ...extra }], ...top });
}
