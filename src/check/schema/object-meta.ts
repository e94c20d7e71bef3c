import { FieldError, fieldError, invalid, NO_VALUE, required } from './field-error';
import { KindSchema } from './registry';
import { SchemaNode } from './schema-node';
import { validateValue, walkStructural } from './structural-walker';
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, maskTrailingDash, pathSegmentNameErrors,
  qualifiedNameErrors,
} from '../../util/k8s-names';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/**
 * `metadata` as the apiserver treats it for every kind: decoded strictly into ObjectMeta (unknown fields and
 * wrong types are errors), then `ValidateObjectMeta` (name or generateName, name format for the kind,
 * namespace, label and annotation syntax); for custom resources also the CRD's own `metadata.name`
 * constraints. Returns the processed metadata, or undefined when there is none.
 */
export function validateObjectMeta(meta: unknown, kind: KindSchema, objectMeta: SchemaNode, out: FieldError[]): Record<string, unknown> | undefined {
  if (meta === undefined || meta === null) {
    out.push(required('metadata.name', 'name or generateName is required'));
    return undefined;
  }
  const processed = walkStructural(objectMeta, meta, 'metadata', out);
  if (typeof processed !== 'object' || processed === null || Array.isArray(processed)) return undefined;
  const m = processed as Record<string, unknown>;
  if (kind.source === 'crd') checkCrdMetadataSchema(kind.root, m, out);

  const nameErrors = nameValidator(kind);
  if (typeof m.name === 'string' && m.name !== '') {
    for (const e of nameErrors(m.name)) out.push(invalid('schema/metadata', 'metadata.name', m.name, e));
  } else if (typeof m.generateName === 'string' && m.generateName !== '') {
    const prefix = maskTrailingDash(m.generateName);
    for (const e of nameErrors(prefix)) out.push(invalid('schema/metadata', 'metadata.generateName', m.generateName, e));
  } else {
    out.push(required('metadata.name', 'name or generateName is required'));
  }

  if (typeof m.namespace === 'string' && m.namespace !== '') {
    if (kind.namespaced === false) {
      out.push(fieldError('schema/metadata', 'metadata.namespace', 'Forbidden', NO_VALUE, `not allowed on this type (${kind.kind} is cluster-scoped)`));
    } else {
      for (const e of dns1123LabelErrors(m.namespace)) out.push(invalid('schema/metadata', 'metadata.namespace', m.namespace, e));
    }
  }
  checkLabels(m.labels, out);
  checkAnnotations(m.annotations, out);
  return m;
}

function nameValidator(kind: KindSchema): (name: string) => string[] {
  if (kind.source === 'builtin') {
    if (kind.kind === 'Service') return dns1035LabelErrors;
    if (kind.kind === 'Namespace') return dns1123LabelErrors;
    if (PATH_SEGMENT_NAMED.has(kind.kind)) return pathSegmentNameErrors;
  }
  return dns1123SubdomainErrors;
}

const PATH_SEGMENT_NAMED: ReadonlySet<string> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** A CRD may constrain `metadata.name` and `metadata.generateName` (and nothing else) in its schema. */
function checkCrdMetadataSchema(root: SchemaNode, meta: Record<string, unknown>, out: FieldError[]): void {
  const props = root.properties()?.get('metadata')?.properties();
  if (!props) return;
  for (const key of ['name', 'generateName']) {
    const node = props.get(key);
    if (node && meta[key] !== undefined) validateValue(node, meta[key], `metadata.${key}`, out);
  }
}

function checkLabels(labels: unknown, out: FieldError[]): void {
  if (typeof labels !== 'object' || labels === null) return;
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const e of qualifiedNameErrors(k)) out.push(invalid('schema/metadata', 'metadata.labels', k, e));
    if (typeof v === 'string') for (const e of labelValueErrors(v)) out.push(invalid('schema/metadata', 'metadata.labels', v, e));
  }
}

function checkAnnotations(annotations: unknown, out: FieldError[]): void {
  if (typeof annotations !== 'object' || annotations === null) return;
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const e of qualifiedNameErrors(k.toLowerCase())) out.push(invalid('schema/metadata', 'metadata.annotations', k, e));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    out.push(fieldError('schema/metadata', 'metadata.annotations', 'Too long', NO_VALUE, `may not be longer than ${TOTAL_ANNOTATION_SIZE_LIMIT}`));
  }
}
