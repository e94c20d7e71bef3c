/** agent.ValidateLocalityLbSetting: distribute weights, failover regions, locality syntax. */
import { field } from './paths';
import { Report } from './report';
import { arr, entries, obj, str } from './values';

const TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);

/** validateLocalities: `region/zone/subzone`, one trailing `*` at most, no overlaps. */
export function localitiesError(localities: string[]): string | undefined {
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const locality of localities) {
    const stars = locality.split('*').length - 1;
    if (stars > 0 && (stars > 1 || !locality.endsWith('*'))) {
      return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
    }
    if (seen.has('*')) return `locality ${locality} overlap with previous specified ones`;
    const items = splitN(locality, '/', 3);
    if (items.some(i => i === '')) return `locality ${locality} must not contain empty region/zone/subzone info`;
    const [region, zone, subZone] = items;
    const zones = seen.get(region);
    if (items.length === 1) {
      if (zones) return `locality ${locality} overlap with previous specified ones`;
      seen.set(region, new Map([['*', new Set(['*'])]]));
    } else if (items.length === 2) {
      if (zones && (zones.has('*') || zones.has(zone))) return `locality ${locality} overlap with previous specified ones`;
      if (zones) zones.set(zone, new Set(['*']));
      else seen.set(region, new Map([[zone, new Set(['*'])]]));
    } else {
      if (zones?.has('*')) return `locality ${locality} overlap with previous specified ones`;
      const subZones = zones?.get(zone);
      if (subZones && (subZones.has('*') || subZones.has(subZone))) return `locality ${locality} overlap with previous specified ones`;
      if (subZones) subZones.add(subZone);
      else if (zones) zones.set(zone, new Set([subZone]));
      else seen.set(region, new Map([[zone, new Set([subZone])]]));
    }
  }
  return undefined;
}

function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

export function checkLocalityLb(r: Report, path: string, setting: unknown, hasOutlierDetection: boolean): void {
  const lb = obj(setting);
  if (!lb) return;
  const distribute = arr(lb.distribute);
  const failover = arr(lb.failover);
  const failoverPriority = arr(lb.failoverPriority).map(str);
  if (distribute.length > 0 && failover.length > 0) {
    r.error(path, 'locality-lb', "can not simultaneously specify 'distribute' and 'failover'");
    return;
  }
  if (failover.length > 0) {
    const topology = failoverPriority.find(l => TOPOLOGY_LABELS.has(l));
    if (topology) {
      r.error(field(path, 'failoverPriority'), 'locality-lb', `can not simultaneously set 'failover' and topology label '${topology}' in 'failover_priority'`);
      return;
    }
  }
  const sources: string[] = [];
  for (let i = 0; i < distribute.length; i++) {
    const d = obj(distribute[i]);
    const at = `${field(path, 'distribute')}[${i}]`;
    sources.push(str(d?.from));
    let total = 0;
    const targets: string[] = [];
    for (const [locality, weight] of entries(d?.to)) {
      targets.push(locality);
      const w = typeof weight === 'number' ? weight : 0;
      if (w <= 0 || w > 100) {
        r.error(field(at, 'to'), 'locality-lb', 'locality weight must be in range [1, 100]');
        return;
      }
      total += w;
    }
    if (total !== 100) {
      r.error(field(at, 'to'), 'locality-lb', `total locality weight ${total} != 100`);
      return;
    }
    const problem = localitiesError(targets);
    if (problem) r.error(field(at, 'to'), 'locality-lb', problem);
  }
  const problem = localitiesError(sources);
  if (problem) r.error(field(path, 'distribute'), 'locality-lb', problem);
  if ((failover.length > 0 || failoverPriority.length > 0) && !hasOutlierDetection) {
    r.warning(path, 'locality-failover-outlier', 'outlier detection policy must be provided for failover');
  }
  failover.forEach((entry, i) => {
    const f = obj(entry);
    const from = str(f?.from);
    const to = str(f?.to);
    const at = `${field(path, 'failover')}[${i}]`;
    if (from === to) r.error(at, 'locality-lb', 'locality lb failover settings must specify different regions');
    if (from.includes('/') || to.includes('/')) r.error(at, 'locality-lb', 'locality lb failover only specify region');
    if (from.includes('*') || to.includes('*')) r.error(at, 'locality-lb', "locality lb failover region should not contain '*' wildcard");
  });
}
