/**
 * Rules every Istio kind goes through before its spec is looked at: the webhook's top-level field
 * check (checkFields), the `istio.io/dry-run` annotation (checkDryRunAnnotation) and the internal
 * annotations users may not set. Any of these rejects the object before spec validation runs.
 */
import { field, key } from './paths';
import { Report } from './report';
import { obj, str } from './values';

const TOP_LEVEL_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
const DRY_RUN = 'istio.io/dry-run';
const ALWAYS_REJECT = 'internal.istio.io/webhook-always-reject';
const INTERNAL_ANNOTATIONS = ['internal.istio.io/parent-namespace', 'internal.istio.io/parents'];
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Returns false when the object is rejected here, so spec validation must not run. */
export function checkMetadata(r: Report, object: Record<string, unknown>): boolean {
  for (const k of Object.keys(object)) {
    if (!TOP_LEVEL_FIELDS.has(k)) {
      r.error(k, 'unknown-top-level-field', `unknown field "${k}" on ${r.kind} resource ${r.namespace}/${r.name}`);
      return false;
    }
  }
  const annotations = obj(obj(object.metadata)?.annotations) ?? {};
  const at = (name: string) => key(field('metadata', 'annotations'), name);
  if (DRY_RUN in annotations) {
    if (r.kind !== 'AuthorizationPolicy') {
      r.error(at(DRY_RUN), 'dry-run-annotation', `${r.namespace}/${r.name} has unsupported annotation ${DRY_RUN}, please remove the annotation`);
      return false;
    }
    const action = str(obj(object.spec)?.action) || 'ALLOW';
    const value = str(annotations[DRY_RUN]);
    if (action !== 'ALLOW' && action !== 'DENY') {
      r.error(at(DRY_RUN), 'dry-run-annotation',
        `the annotation ${DRY_RUN} currently only supports action ALLOW/DENY, found action ${action} in ${r.namespace}/${r.name}`);
      return false;
    }
    if (!GO_BOOLS.has(value)) {
      r.error(at(DRY_RUN), 'dry-run-annotation',
        `${r.namespace}/${r.name} has annotation ${DRY_RUN} with invalid value (${value}): strconv.ParseBool: parsing "${value}": invalid syntax`);
      return false;
    }
  }
  if (ALWAYS_REJECT in annotations) {
    r.error(at(ALWAYS_REJECT), 'internal-annotation', `"${ALWAYS_REJECT}" annotation found, rejecting`);
    return false;
  }
  for (const internal of INTERNAL_ANNOTATIONS) {
    if (internal in annotations) {
      r.error(at(internal), 'internal-annotation', `"${internal}" annotation found, this may not be set by users`);
      return false;
    }
  }
  return true;
}
