import { Finding, ManifestDocument } from '../finding';
import type { GatewayApiChannel } from './compact';
import { FieldError } from './field-error';
import { SchemaRegistry } from './registry';
import { validateObject } from './validate-object';

/**
 * Layer 1 of `check`: validate one document as the Kubernetes apiserver would on create, against the
 * vendored CRDs (Istio, KServe, Argo Rollouts, Prometheus Operator, Flagger, Gateway API of `channel`,
 * the Inference Extension's InferencePool) and the Kubernetes 1.28 built-in types: unknown kinds and
 * fields, types, required, enums, bounds, patterns (RE2), formats, junctors, list invariants,
 * ObjectMeta, and `x-kubernetes-validations` CEL rules.
 */
export function validateSchema(doc: ManifestDocument, channel: GatewayApiChannel = 'standard'): Finding[] {
  let errors: FieldError[];
  try {
    errors = validateObject(doc.object, SchemaRegistry.instance(channel));
  } catch (e) {
    const message = `internal error in the schema check, so this document was NOT validated: ${(e as Error).message ?? e}`;
    errors = [{ rule: 'schema/internal', path: '', message, blocking: true }];
  }
  return errors.map(e => toFinding(doc, e));
}

/** Every `apiVersion/kind` the schema layer knows, sorted (e.g. `networking.istio.io/v1/VirtualService`, `v1/Service`). */
export function knownKinds(): string[] {
  return SchemaRegistry.instance().knownKinds();
}

export type { SchemaRule } from './field-error';
export type { GatewayApiChannel } from './compact';

function toFinding(doc: ManifestDocument, e: FieldError): Finding {
  const obj = (typeof doc.object === 'object' && doc.object !== null ? doc.object : {}) as Record<string, any>;
  const meta = typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {};
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  return {
    file: doc.file,
    document: doc.index,
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    name: typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '',
    ...(namespace !== undefined ? { namespace } : {}),
    path: e.path,
    rule: e.rule,
    layer: 'schema',
    severity: 'error',
    message: e.message,
  };
}
