/**
 * Per-route settings that usually change for every route at once (a service-wide timeout,
 * `ShadowMirror` with `allRoutes`): mirrors, timeout, retries, fault. A change that is the same
 * on every paired route is said once ("timeout 200ms → 300ms"); otherwise per route
 * ("timeout 200ms → 500ms on premium route").
 */
import { clause, Clause } from './clause';
import { RoutingChangeKind } from './diff-types';
import { RoutePair } from './pair-routes';
import { corsText, faultText, headersText, mirrorsOf, retriesText, rewriteText, RouteRef, routeRef, timeoutText } from './route-facts';
import { stableJson } from '../../util/stable-json';
import { formatPercent, targetName } from '../describe/format';
import { ServiceRouting } from '../route-table';

interface Draft {
  readonly kind: RoutingChangeKind;
  readonly subject: string;
  readonly before?: string;
  readonly after?: string;
  /** The sentence, scoped to one route or (undefined) to every route. */
  readonly text: (scope: RouteRef | undefined) => string;
}

export function groupedSettingClauses(before: ServiceRouting, after: ServiceRouting,
  pairs: readonly RoutePair[]): Array<{ pair?: RoutePair; clause: Clause }> {
  const drafts = pairs.map(pair => ({ pair, drafts: settingDrafts(before, after, pair) }));
  const keyOf = (d: Draft) => stableJson({ kind: d.kind, subject: d.subject, before: d.before, after: d.after });
  const count = new Map<string, number>();
  for (const { drafts: list } of drafts) for (const d of list) count.set(keyOf(d), (count.get(keyOf(d)) ?? 0) + 1);
  // Said once when every route in both tables changed alike (a lone route only if it is the only one).
  const allPaired = pairs.length === before.routes.length && pairs.length === after.routes.length;
  const said = new Set<string>();
  const out: Array<{ pair?: RoutePair; clause: Clause }> = [];
  for (const { pair, drafts: list } of drafts) {
    const ref = routeRef(pair.after.route, pair.after.index);
    for (const d of list) {
      const key = keyOf(d);
      const everyRoute = count.get(key) === pairs.length && (pairs.length > 1 || allPaired);
      if (everyRoute && said.has(key)) continue;
      said.add(key);
      const scope = everyRoute ? undefined : ref;
      const subject = scope ? `${d.subject} on ${scope.phrase}` : d.subject;
      const change = { kind: d.kind, route: scope?.label, subject, before: d.before, after: d.after };
      out.push({ pair: everyRoute ? undefined : pair, clause: clause(change, d.text(scope)) });
    }
  }
  return out;
}

function settingDrafts(before: ServiceRouting, after: ServiceRouting, pair: RoutePair): Draft[] {
  const [a, b] = [pair.before.route, pair.after.route];
  const drafts: Draft[] = [...mirrorDrafts(before, after, pair)];
  const on = (scope: RouteRef | undefined) => (scope ? ` on ${scope.phrase}` : '');
  const simple = (kind: RoutingChangeKind, subject: string, from: string, to: string) => {
    if (from !== to) drafts.push({ kind, subject, before: from, after: to, text: s => `${subject} ${from} → ${to}${on(s)}` });
  };
  simple(RoutingChangeKind.TIMEOUT, 'timeout', timeoutText(a.timeoutMs), timeoutText(b.timeoutMs));
  simple(RoutingChangeKind.RETRIES, 'retries', retriesText(a.retries), retriesText(b.retries));
  simple(RoutingChangeKind.FAULT, 'fault', faultText(a.fault), faultText(b.fault));
  simple(RoutingChangeKind.REWRITE, 'rewrite', rewriteText(a.rewrite), rewriteText(b.rewrite));
  simple(RoutingChangeKind.HEADERS, 'header operations', headersText(a.headers), headersText(b.headers));
  // Destination-level operations, per destination (named as the share lines name them).
  const perDestination = (service: ServiceRouting, route: typeof a) =>
    new Map(route.destinations.map(d => [targetName(service.host, d), headersText(d.headers)]));
  const [da, db] = [perDestination(before, a), perDestination(after, b)];
  // A destination on one side only is a share change, said there.
  for (const target of [...db.keys()].filter(t => da.has(t))) {
    simple(RoutingChangeKind.HEADERS, `header operations to ${target}`, da.get(target)!, db.get(target)!);
  }
  simple(RoutingChangeKind.CORS, 'CORS', corsText(a.cors), corsText(b.cors));
  return drafts;
}

function mirrorDrafts(before: ServiceRouting, after: ServiceRouting, pair: RoutePair): Draft[] {
  const [ma, mb] = [mirrorsOf(before, pair.before.route), mirrorsOf(after, pair.after.route)];
  const traffic = (s: RouteRef | undefined) => (s ? s.traffic : 'all traffic');
  const drafts: Draft[] = [];
  for (const target of new Set([...ma.keys(), ...mb.keys()])) {
    const [from, to] = [ma.get(target), mb.get(target)];
    if (from === to) continue;
    const subject = `mirror to ${target}`;
    const [pf, pt] = [from === undefined ? undefined : formatPercent(from), to === undefined ? undefined : formatPercent(to)];
    const text = (s: RouteRef | undefined) => {
      if (pf === undefined) return `${subject} added (${pt} of ${traffic(s)})`;
      if (pt === undefined) return `${subject} removed (was ${pf} of ${traffic(s)})`;
      return `${subject} ${pf} → ${pt} of ${traffic(s)}`;
    };
    drafts.push({ kind: RoutingChangeKind.MIRROR, subject, before: pf, after: pt, text });
  }
  return drafts;
}
