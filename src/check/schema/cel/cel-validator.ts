import { CelInput } from '../../../vendor/cel';
import { FieldError, childPath, fieldError, indexPath, invalid, keyPath } from '../field-error';
import { SchemaNode } from '../schema-node';
import { CelRule } from './cel-rule';
import { toCel } from './cel-value';

/**
 * Evaluate every `x-kubernetes-validations` rule against the pruned and defaulted object, as the apiserver's
 * CEL validator does after OpenAPI validation: `self` is the value at the rule's node, null values are
 * skipped, transition rules (`oldSelf`) are not evaluated on create.
 */
export function validateCel(node: SchemaNode, value: unknown, path: string, out: FieldError[]): void {
  if (value === null || value === undefined || !node.hasRulesInSubtree()) return;
  const rules = node.rules();
  if (rules.length > 0) evaluateRules(rules, node, value, path, out);

  if (Array.isArray(value)) {
    const items = node.items();
    if (items) value.forEach((v, i) => validateCel(items, v, indexPath(path, i), out));
  } else if (typeof value === 'object') {
    const props = node.properties();
    const additional = node.additionalProperties();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const prop = props?.get(k);
      if (prop) validateCel(prop, v, childPath(path, k), out);
      else if (additional instanceof SchemaNode) validateCel(additional, v, keyPath(path, k), out);
    }
  }
}

function evaluateRules(rules: readonly CelRule[], node: SchemaNode, value: unknown, path: string, out: FieldError[]): void {
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  let self: CelInput | undefined;
  for (const rule of rules) {
    if (rule.status === 'transition') continue;
    if (rule.status === 'unsupported') {
      out.push(fieldError('schema/cel-unsupported', path, 'Internal error', rule.rule,
        `this x-kubernetes-validations rule was NOT checked: ${rule.unsupportedReason}`));
      continue;
    }
    if (self === undefined) self = toCel(value, node);
    const outcome = rule.evaluate(self, scalar ? (value as string | number | boolean) : undefined);
    if (outcome.kind === 'pass') continue;
    const errPath = rule.fieldPath ? joinFieldPath(path, rule.fieldPath) : path;
    out.push(invalid('schema/cel', errPath, shownValue(value), outcome.message));
  }
}

/** Scalars are shown as themselves; objects and lists as their type, as the apiserver does. */
function shownValue(value: unknown): unknown {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  return value;
}

/** A rule's `fieldPath` (`.spec.x`, `.m['k']`, `.l[0]`) appended to the node path. */
function joinFieldPath(base: string, fieldPath: string): string {
  const normalized = fieldPath.replace(/\[['"]([^'"]*)['"]\]/g, '[$1]').replace(/^\./, '');
  if (!base) return normalized;
  return normalized.startsWith('[') ? `${base}${normalized}` : `${base}.${normalized}`;
}
