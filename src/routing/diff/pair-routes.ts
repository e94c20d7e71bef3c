/**
 * Which route of the new table is which route of the old one: by name when both tables name it
 * once, then by identical match conditions (so an unnamed route, or a renamed one, still pairs).
 */
import { matchesKey } from './route-facts';
import { HttpRouteRule } from '../route-table';

export interface IndexedRoute {
  readonly route: HttpRouteRule;
  readonly index: number;
}

export interface RoutePair {
  readonly before: IndexedRoute;
  readonly after: IndexedRoute;
}

export interface RoutePairing {
  /** In the new table's route order. */
  readonly pairs: RoutePair[];
  readonly added: IndexedRoute[];
  readonly removed: IndexedRoute[];
}

export function pairRoutes(before: readonly HttpRouteRule[], after: readonly HttpRouteRule[]): RoutePairing {
  const left = before.map((route, index) => ({ route, index }));
  const right = after.map((route, index) => ({ route, index }));
  const pairs: RoutePair[] = [];
  type Key = (r: IndexedRoute) => string | undefined;
  const take = (keyBefore: Key, keyAfter: Key) => {
    for (const a of [...right]) {
      const k = keyAfter(a);
      if (k === undefined) continue;
      const b = left.find(r => keyBefore(r) === k);
      if (!b) continue;
      pairs.push({ before: b, after: a });
      left.splice(left.indexOf(b), 1);
      right.splice(right.indexOf(a), 1);
    }
  };
  const uniqueName = (routes: readonly HttpRouteRule[]) => (r: IndexedRoute) =>
    (r.route.name !== undefined && routes.filter(x => x.name === r.route.name).length === 1 ? r.route.name : undefined);
  take(uniqueName(before), uniqueName(after));
  take(r => matchesKey(r.route), r => matchesKey(r.route));
  pairs.sort((x, y) => x.after.index - y.after.index);
  return { pairs, added: right, removed: left };
}
