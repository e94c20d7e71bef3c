/**
 * The VirtualService side of a host's diff: routes added, removed, renamed, re-matched, reordered
 * (only when requests matching both routes now get something else), each destination's share,
 * mirrors, timeouts, retries and faults. Shares come from the evaluator's rules, so rescaled
 * weights with the same shares are no change.
 */
import { clause, Clause, joinWords } from './clause';
import { RoutingChangeKind, ShareChange } from './diff-types';
import { experimentGroups } from './experiments';
import { routesMayOverlap } from './overlap';
import { IndexedRoute, pairRoutes, RoutePair } from './pair-routes';
import {
  matchesKey, matchesText, outcomeKey, outcomeText, RouteRef, routeRef, settingsText, sharesOf,
} from './route-facts';
import { groupedSettingClauses } from './route-settings';
import { stableJson } from '../../util/stable-json';
import { formatPercent } from '../describe/format';
import { nonForwardingAction, ServiceRouting } from '../route-table';

export interface RouteDiff {
  readonly clauses: Clause[];
  readonly shares: ShareChange[];
}

export function diffRoutes(before: ServiceRouting, after: ServiceRouting): RouteDiff {
  const { pairs, added, removed } = pairRoutes(before.routes, after.routes);
  const clauses: Clause[] = [];
  const shares: ShareChange[] = [];
  const touched = new Set<RoutePair>();
  const note = (pair: RoutePair, found: Clause[]) => {
    if (found.length > 0) touched.add(pair);
    clauses.push(...found);
  };
  for (const pair of pairs) {
    const ref = refOf(pair.after);
    note(pair, renameClauses(pair, ref));
    note(pair, matchClauses(pair, ref));
    const share = shareClauses(before, after, pair, ref);
    note(pair, share.clauses);
    shares.push(...share.shares);
  }
  const settings = groupedSettingClauses(before, after, pairs);
  for (const setting of settings) {
    if (setting.pair) touched.add(setting.pair);
    else pairs.forEach(p => touched.add(p));
    clauses.push(setting.clause);
  }
  clauses.push(...addedOrRemoved(RoutingChangeKind.ROUTE_ADDED, after, added));
  clauses.push(...addedOrRemoved(RoutingChangeKind.ROUTE_REMOVED, before, removed));
  for (const reorder of reorderClauses(before, after, pairs)) {
    reorder.pairs.forEach(p => touched.add(p));
    clauses.push(reorder.clause);
  }
  const unchanged = pairs.filter(p => !touched.has(p)).map(p => refOf(p.after).label);
  if (clauses.length > 0 && unchanged.length > 0) clauses.push(unchangedClause(unchanged));
  return { clauses, shares };
}

function refOf(r: IndexedRoute): RouteRef {
  return routeRef(r.route, r.index);
}

/** `premium route unchanged`, `premium and default routes unchanged`, `premium route and route #2 unchanged`. */
function unchangedClause(labels: string[]): Clause {
  const named = labels.filter(l => !l.startsWith('route #'));
  const unnamed = labels.filter(l => l.startsWith('route #'));
  const words = named.length > 0 ? [`${joinWords(named)} route${named.length > 1 ? 's' : ''}`, ...unnamed] : unnamed;
  return { kind: RoutingChangeKind.SHARE, text: `${joinWords(words)} unchanged` };
}

function renameClauses(pair: RoutePair, ref: RouteRef): Clause[] {
  const [a, b] = [pair.before.route.name, pair.after.route.name];
  if (a === b) return [];
  const [from, to] = [a ?? '(unnamed)', b ?? '(unnamed)'];
  return [clause({ kind: RoutingChangeKind.ROUTE_RENAMED, route: ref.label, subject: 'route name', before: from, after: to }, `route ${from} renamed ${to}`)];
}

function matchClauses(pair: RoutePair, ref: RouteRef): Clause[] {
  if (matchesKey(pair.before.route) === matchesKey(pair.after.route)) return [];
  const [from, to] = [matchesText(pair.before.route), matchesText(pair.after.route)];
  return [clause({ kind: RoutingChangeKind.MATCH, route: ref.label, subject: 'match', before: from, after: to }, `${ref.phrase} match ${from} → ${to}`)];
}

function shareClauses(before: ServiceRouting, after: ServiceRouting, pair: RoutePair, ref: RouteRef): RouteDiff {
  const [a, b] = [pair.before.route, pair.after.route];
  const actionA = nonForwardingAction(a);
  const actionB = nonForwardingAction(b);
  if (actionA || actionB) {
    if (stableJson(actionA) === stableJson(actionB)) return { clauses: [], shares: [] };
    const [from, to] = [outcomeText(before, a), outcomeText(after, b)];
    return { clauses: [clause({ kind: RoutingChangeKind.ACTION, route: ref.label, subject: 'action', before: from, after: to }, `${ref.phrase}: ${from} → ${to}`)], shares: [] };
  }
  const [sa, sb] = [sharesOf(before, a), sharesOf(after, b)];
  const names = [...new Set([...sa.keys(), ...sb.keys()])];
  const shares = names
    .map(destination => ({ route: ref.label, destination, beforePercent: sa.get(destination) ?? 0, afterPercent: sb.get(destination) ?? 0 }))
    .filter(s => s.beforePercent !== s.afterPercent);
  if (shares.length === 0) return { clauses: [], shares };
  const changes = shares.map(s => ({
    kind: RoutingChangeKind.SHARE, route: ref.label, subject: `${s.destination} share of ${ref.traffic}`, before: formatPercent(s.beforePercent), after: formatPercent(s.afterPercent),
  }));
  const step = (s: ShareChange) => `${s.destination} ${formatPercent(s.beforePercent)} → ${formatPercent(s.afterPercent)}`;
  const gain = (s: ShareChange) => s.afterPercent - s.beforePercent;
  const up = shares.filter(s => gain(s) > 0).sort((x, y) => gain(y) - gain(x));
  const down = shares.filter(s => gain(s) < 0);
  const lead = up.length > 0 ? up : down;
  const rest = up.length > 0 ? down : [];
  const text = `${lead.map(step).join(', ')} of ${ref.traffic}${rest.length > 0 ? ` (${rest.map(step).join(', ')})` : ''}`;
  // One sentence for the route; every destination keeps its own structured change.
  return { clauses: changes.map((c, i) => clause(c, i === 0 ? text : '')), shares };
}

/** Whole experiments in one clause each (every arm keeps its own change), then single routes. */
function addedOrRemoved(kind: RoutingChangeKind, service: ServiceRouting, routes: readonly IndexedRoute[]): Clause[] {
  const { groups, rest } = experimentGroups(service, routes);
  const out: Clause[] = [];
  for (const g of groups) {
    const text = kind === RoutingChangeKind.ROUTE_ADDED
      ? `new A/B experiment ${g.id} (${g.arms})` : `A/B experiment ${g.id} removed (was ${g.arms})`;
    out.push(...g.routes.map((r, i) => ({ ...routeClause(kind, service, r), text: i === 0 ? text : '' })));
  }
  return [...out, ...rest.map(r => routeClause(kind, service, r))];
}

function routeClause(kind: RoutingChangeKind, service: ServiceRouting, r: IndexedRoute): Clause {
  const ref = refOf(r);
  // Everything the route does, so a fault or rewrite that arrives with a new route is seen.
  const settings = settingsText(r.route, service.routes.find(x => x.matches.length === 0));
  const what = `${matchesText(r.route)} → ${outcomeText(service, r.route)}${settings ? `; ${settings}` : ''}`;
  if (kind === RoutingChangeKind.ROUTE_ADDED) {
    return clause({ kind, route: ref.label, subject: ref.phrase, after: what }, `new ${ref.phrase} (${what})`);
  }
  return clause({ kind, route: ref.label, subject: ref.phrase, before: what }, `${ref.phrase} removed (was ${what})`);
}

/** Pairs whose order flipped and where a request matching both now gets a different outcome. */
function reorderClauses(before: ServiceRouting, after: ServiceRouting, pairs: readonly RoutePair[]): Array<{ pairs: RoutePair[]; clause: Clause }> {
  const out: Array<{ pairs: RoutePair[]; clause: Clause }> = [];
  for (const first of pairs) {
    for (const second of pairs) {
      // `first` is now above `second`, but was below it.
      if (!(first.after.index < second.after.index && first.before.index > second.before.index)) continue;
      if (!routesMayOverlap(first.after.route, second.after.route)) continue;
      if (outcomeKey(after, first.after.route) === outcomeKey(before, second.before.route)) continue;
      const [now, was] = [refOf(first.after), refOf(second.after)];
      const [to, from] = [outcomeText(after, first.after.route), outcomeText(before, second.before.route)];
      const effect = to !== from ? `now go to ${to} instead of ${from}` : `now get the timeout, retries and mirrors of the ${now.phrase}`;
      out.push({
        pairs: [first, second],
        clause: clause(
          { kind: RoutingChangeKind.ROUTE_REORDERED, route: now.label, subject: `order of ${now.phrase} and ${was.phrase}`, before: `${was.label} first`, after: `${now.label} first` },
          `${now.phrase} moved above ${was.phrase}: requests matching both ${effect}`,
        ),
      });
    }
  }
  return out;
}
