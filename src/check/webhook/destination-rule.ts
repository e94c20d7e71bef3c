/** ValidateDestinationRule (Istio 1.30.3 webhook): host, traffic policies, subsets, exportTo, workload selector. */
import { subsetNameError } from './destinations';
import { wildcardDomainError } from './dns';
import { checkExportTo } from './export-to';
import { goQuote } from './go-format';
import { checkLabels } from './labels';
import { field, index, key } from './paths';
import { Report } from './report';
import { checkTrafficPolicy } from './traffic-policy';
import { arr, entries, has, obj, str } from './values';

export function checkDestinationRuleSpec(r: Report, specValue: unknown): void {
  const spec = obj(specValue) ?? {};
  const hostProblem = wildcardDomainError(str(spec.host));
  if (hostProblem) r.error('spec.host', 'dr-host', hostProblem);
  checkTrafficPolicy(r, 'spec.trafficPolicy', spec.trafficPolicy);
  const names = new Set<string>();
  arr(spec.subsets).forEach((entry, i) => {
    const at = index('spec.subsets', i);
    const subset = obj(entry);
    if (!subset) {
      r.error(at, 'subset-null', 'subset may not be null');
      return;
    }
    const name = str(subset.name);
    if (names.has(name)) r.error(field(at, 'name'), 'subset-duplicate', `duplicate subset names: ${name}`);
    names.add(name);
    const nameProblem = subsetNameError(name);
    if (nameProblem) r.error(field(at, 'name'), 'subset-name', nameProblem);
    checkLabels(r, field(at, 'labels'), subset.labels);
    checkTrafficPolicy(r, field(at, 'trafficPolicy'), subset.trafficPolicy);
  });
  checkExportTo(r, 'spec.exportTo', spec.exportTo, has(spec, 'workloadSelector'));
  checkWorkloadSelector(r, 'spec.workloadSelector', spec.workloadSelector);
}

/** `validateWorkloadSelector`, shared by every kind with a workload selector. */
export function checkWorkloadSelector(r: Report, path: string, selector: unknown): void {
  const s = obj(selector);
  if (!s) return;
  const labels = entries(s.matchLabels);
  for (const [k, v] of labels) {
    const pair = goQuote(`${k}=${str(v)}`);
    const at = key(field(path, 'matchLabels'), k);
    if (k === '') r.error(at, 'workload-selector', `empty key is not supported in selector: ${pair}`);
    if (k.includes('*') || str(v).includes('*')) r.error(at, 'workload-selector', `wildcard is not supported in selector: ${pair}`);
  }
  if (labels.length === 0) r.warning(path, 'workload-selector-empty', 'workload selector specified without labels');
}
