/** labels.Instance.Validate (pkg/config/labels): Kubernetes label syntax, as Istio checks it. */
import { goQuote } from './go-format';
import { key as keyPath } from './paths';
import { Report } from './report';
import { entries } from './values';

const LABEL = '[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?';
const QUALIFIED_NAME = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const TAG_KEY = new RegExp(`^(${LABEL}(?:\\.${LABEL})*/)?(${QUALIFIED_NAME})$`);
const LABEL_VALUE = new RegExp(`^(?:${QUALIFIED_NAME})?$`);

export function labelKeyError(k: string): string | undefined {
  const m = TAG_KEY.exec(k);
  if (!m) return `invalid tag key: ${goQuote(k)}`;
  if (m[1] && m[1].length - 1 > 253) return `invalid tag key: ${goQuote(k)} (DNS prefix is too long)`;
  if (m[2].length > 63) return `invalid tag key: ${goQuote(k)} (name is too long)`;
  return undefined;
}

export function labelValueError(v: string): string | undefined {
  return LABEL_VALUE.test(v) ? undefined : `invalid tag value: ${goQuote(v)}`;
}

/** Check a label map such as subset `labels` or match `sourceLabels`. */
export function checkLabels(r: Report, path: string, labels: unknown, rule = 'labels'): void {
  for (const [k, v] of entries(labels)) {
    const keyError = labelKeyError(k);
    if (keyError) r.error(keyPath(path, k), rule, keyError);
    if (typeof v === 'string') {
      const valueError = labelValueError(v);
      if (valueError) r.error(keyPath(path, k), rule, valueError);
    }
  }
}
