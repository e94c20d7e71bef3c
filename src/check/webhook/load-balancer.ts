/** validateLoadBalancer: consistent hash (cookie, ring size, maglev), locality LB, warmup. */
import { checkDuration } from './duration';
import { checkLocalityLb } from './locality-lb';
import { field, index } from './paths';
import { Report } from './report';
import { arr, has, num, obj, str, wrapped } from './values';

/** Envoy's isPrime, as Istio copies it. */
export function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  const limit = Math.floor(Math.sqrt(x));
  for (let f = 3; f <= limit; f += 2) if (x % f === 0) return false;
  return true;
}

export function checkLoadBalancer(r: Report, path: string, settings: unknown, hasOutlierDetection: boolean): void {
  const lb = obj(settings);
  if (!lb) return;
  const hash = obj(lb.consistentHash);
  if (hash) {
    const at = field(path, 'consistentHash');
    const cookie = obj(hash.httpCookie);
    if (cookie) {
      if (str(cookie.name) === '') r.error(field(at, 'httpCookie'), 'lb-http-cookie', 'name required for HttpCookie');
      const names = new Set<string>();
      arr(cookie.attributes).forEach((attribute, i) => {
        const name = str(obj(attribute)?.name);
        const attrAt = index(field(field(at, 'httpCookie'), 'attributes'), i);
        if (name === '') r.error(attrAt, 'lb-http-cookie', 'cookie attribute name cannot be empty');
        else if (names.has(name)) r.error(attrAt, 'lb-http-cookie', `duplicate cookie attribute name: ${name}`);
        names.add(name);
      });
    }
    const minimumRingSize = num(hash.minimumRingSize);
    if (minimumRingSize !== 0) {
      r.warning(field(at, 'minimumRingSize'), 'lb-minimum-ring-size-deprecated', "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead");
      if (has(hash, 'ringHash') || has(hash, 'maglev')) {
        r.error(field(at, 'minimumRingSize'), 'lb-hash-algorithm', 'only one of MinimumRingSize or Maglev/Ringhash can be specified');
      }
    }
    const maglev = obj(hash.maglev);
    if (maglev) {
      const tableSize = num(maglev.tableSize);
      const tableAt = field(field(at, 'maglev'), 'tableSize');
      if (tableSize === 0) r.error(tableAt, 'lb-maglev-table-size', 'tableSize must be set for maglev');
      if (tableSize >= 5000011) r.error(tableAt, 'lb-maglev-table-size', 'tableSize must be less than 5000011 for maglev');
      if (!isPrime(tableSize)) r.error(tableAt, 'lb-maglev-table-size', 'tableSize must be a prime number for maglev');
    }
  }
  checkLocalityLb(r, field(path, 'localityLbSetting'), lb.localityLbSetting, hasOutlierDetection);
  const warmup = obj(lb.warmup);
  if (warmup) {
    const at = field(path, 'warmup');
    if (!has(warmup, 'duration')) r.error(field(at, 'duration'), 'lb-warmup', 'duration is required');
    else checkDuration(r, field(at, 'duration'), warmup.duration);
    if ((wrapped(warmup.minimumPercent) ?? 0) > 100) r.error(field(at, 'minimumPercent'), 'lb-warmup', 'minimumPercent value should be less than or equal to 100');
    const aggression = wrapped(warmup.aggression);
    if (aggression !== undefined && aggression < 1) r.error(field(at, 'aggression'), 'lb-warmup', 'aggression should be greater than or equal to 1');
  }
}
