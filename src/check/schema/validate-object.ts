import { validateCel } from './cel/cel-validator';
import { FieldError, NO_VALUE, fieldError, formatValue } from './field-error';
import { validateObjectMeta } from './object-meta';
import { KindSchema, SchemaRegistry } from './registry';
import { walkStructural } from './structural-walker';

/**
 * Everything the apiserver would say about creating `object`, in order: unknown kind; metadata; the
 * structural decode and OpenAPI validation; then, unless a blocking error stopped it (as upstream's
 * `hasBlockingErr` does), the CEL rules.
 */
export function validateObject(object: unknown, registry: SchemaRegistry): FieldError[] {
  const out: FieldError[] = [];
  if (object === null || object === undefined) return out; // an empty document, which kubectl skips
  if (typeof object !== 'object' || Array.isArray(object)) {
    out.push(unknownKind('', `${formatValue(object)} is not a Kubernetes object: expected a mapping with apiVersion and kind`));
    return out;
  }
  const obj = object as Record<string, unknown>;
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    out.push(unknownKind('apiVersion', "apiVersion: Required value: Object 'apiVersion' is missing or not a string"));
    return out;
  }
  if (typeof kind !== 'string' || kind === '') {
    out.push(unknownKind('kind', "kind: Required value: Object 'Kind' is missing or not a string"));
    return out;
  }
  if (apiVersion === 'v1' && kind === 'List') return validateList(obj, registry);

  const schema = registry.lookup(apiVersion, kind);
  if (!schema) {
    const versions = registry.versionsOf(kind);
    const known = versions.length > 0 ? `${kind} is served as ${versions.join(', ')}` : `no vendored CRD or Kubernetes 1.28 type has kind ${kind}`;
    out.push(unknownKind('kind', `kind: Invalid value: ${JSON.stringify(kind)}: no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)} (${known})`));
    return out;
  }
  validateKnownKind(obj, schema, registry, out);
  return out;
}

function validateKnownKind(obj: Record<string, unknown>, schema: KindSchema, registry: SchemaRegistry, out: FieldError[]): void {
  const metadata = validateObjectMeta(obj.metadata, schema, registry.objectMeta(), out);
  // apiVersion and kind were checked by the lookup and, with metadata, are kept at the root whatever the
  // schema declares (Istio's schemas declare only spec and status).
  const { apiVersion, kind, metadata: _metadata, ...body } = obj;
  if (schema.statusSubresource) delete body.status; // reset by the apiserver on create
  const processed = walkStructural(schema.root, body, '', out) as Record<string, unknown>;

  if (!schema.root.hasRulesInSubtree()) return;
  if (out.some(e => e.blocking)) {
    out.push(fieldError('schema/cel-not-checked', '', 'Invalid value', NO_VALUE,
      'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'));
    return;
  }
  // CEL sees only name and generateName of metadata.
  const celMetadata = Object.fromEntries(['name', 'generateName'].filter(k => metadata?.[k] !== undefined).map(k => [k, metadata![k]]));
  const celRoot = { ...processed, apiVersion, kind, metadata: celMetadata };
  validateCel(schema.root, celRoot, '', out);
}

/** `kind: List` (kubectl expands it client-side): each item is an object of its own. */
function validateList(list: Record<string, unknown>, registry: SchemaRegistry): FieldError[] {
  const items = Array.isArray(list.items) ? list.items : [];
  return items.flatMap((item, i) => validateObject(item, registry).map(e => prefixed(e, `items[${i}]`)));
}

function prefixed(e: FieldError, prefix: string): FieldError {
  if (!e.path) return { ...e, path: prefix, message: e.message.replace(/^<root>/, prefix) };
  return { ...e, path: `${prefix}.${e.path}`, message: e.message.startsWith(e.path) ? `${prefix}.${e.message}` : e.message };
}

function unknownKind(path: string, message: string): FieldError {
  return { rule: 'schema/unknown-kind', path, message, blocking: true };
}
