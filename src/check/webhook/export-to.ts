/** validateExportTo: `.`, `*` or namespace names, no repeats, `*` alone; selector DRs stay local. */
import { isIstioDns1123Label } from './dns';
import { index } from './paths';
import { Report } from './report';
import { arr, str } from './values';

export function checkExportTo(r: Report, path: string, exportTo: unknown, isDestinationRuleWithSelector: boolean): void {
  const entries = arr(exportTo).map(str);
  if (entries.length === 0) return;
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const k = e === '.' ? r.namespace : e;
    if (seen.has(k)) {
      r.error(index(path, i), 'export-to', k !== e
        ? `duplicate entries in exportTo: . and current namespace ${r.namespace}`
        : `duplicate entries in exportTo for entry ${e}`);
      return;
    }
    const problem = k === '~'
      ? 'exportTo ~ (none) is not allowed for Istio configuration objects'
      : k === '*' || isIstioDns1123Label(k) ? undefined : 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry';
    if (problem) r.error(index(path, i), 'export-to', problem);
    else seen.add(k);
  });
  if (isDestinationRuleWithSelector && seen.size > 0) {
    if (!seen.has(r.namespace)) {
      r.error(path, 'export-to', 'destination rule with workload selector cannot have exportTo beyond current namespace');
    } else if (seen.size > 1) {
      r.error(path, 'export-to', 'destination rule with workload selector cannot have multiple entries in exportTo');
    }
  }
  if (seen.has('*') && entries.length > 1) {
    r.error(path, 'export-to', 'cannot have both public (*) and non-public exportTo values for a resource');
  }
}
