/**
 * Routes of one A/B experiment said together: `AbExperiment` names its routes
 * `ab-<experiment>-<version>`, one per arm, each matching a bucket range of one header. Added or
 * removed as a whole, they read "new A/B experiment ranking-q1 (x-ab-bucket 0–49 → v45, 50–99 → v48)".
 */
import { bucketBlock } from './bucket-ranges';
import { IndexedRoute } from './pair-routes';
import { outcomeText } from './route-facts';
import { ServiceRouting } from '../route-table';

export interface ExperimentGroup {
  readonly id: string;
  /** `x-ab-bucket 0–49 → v45, 50–99 → v48`. */
  readonly arms: string;
  readonly routes: IndexedRoute[];
}

/** Routes that form experiments, grouped; the rest are left as they are. */
export function experimentGroups(service: ServiceRouting, routes: readonly IndexedRoute[]): { groups: ExperimentGroup[]; rest: IndexedRoute[] } {
  const byId = new Map<string, { arms: Array<{ header: string; text: string }>; routes: IndexedRoute[] }>();
  const rest: IndexedRoute[] = [];
  for (const r of routes) {
    const arm = armOf(service, r);
    if (!arm) {
      rest.push(r);
      continue;
    }
    const group = byId.get(arm.id) ?? { arms: [], routes: [] };
    group.arms.push(arm);
    group.routes.push(r);
    byId.set(arm.id, group);
  }
  const groups = [...byId].map(([id, g]) => ({ id, arms: armsText(g.arms), routes: g.routes }));
  return { groups, rest };
}

/** The header once when every arm uses the same one: `x-ab-bucket 0–49 → v45, 50–99 → v48`. */
function armsText(arms: ReadonlyArray<{ header: string; text: string }>): string {
  if (arms.every(a => a.header === arms[0].header)) return `${arms[0].header} ${arms.map(a => a.text).join(', ')}`;
  return arms.map(a => `${a.header} ${a.text}`).join(', ');
}

function armOf(service: ServiceRouting, r: IndexedRoute): { id: string; header: string; text: string } | undefined {
  const { name, matches } = r.route;
  const version = outcomeText(service, r.route);
  const buckets = matches.length === 1 ? bucketBlock(matches[0]) : undefined;
  if (!name || !buckets || !name.startsWith('ab-') || !name.endsWith(`-${version}`)) return undefined;
  const id = name.slice(3, name.length - version.length - 1);
  return id === '' ? undefined : { id, header: buckets.header, text: `${buckets.ranges} → ${version}` };
}
