import { HttpRouteRule, isForwarding, ServiceRouting } from './route-table';
import { findShadowedRoutes } from './shadowed-routes';
import { Problem, problemAt } from '../util/errors';

/**
 * Whole-table rules for a service our constructs built. Stricter than Istio where Istio would
 * accept a silent surprise: weights must be whole percents summing to 100, a route that can
 * never match is an error (Istio only warns), and the catch-all must be the one last route.
 */
export function validateServiceRouting(s: ServiceRouting): Problem[] {
  const subsets = new Set(s.versions.map(v => v.name));
  return [
    ...checkCatchAll(s),
    ...s.routes.flatMap(r => [...checkWeights(r), ...checkSubsets(r, subsets), ...checkMirrors(r)]),
    ...checkShadowedMatches(s),
  ];
}

const where = (r: HttpRouteRule, s?: ServiceRouting) => r.source ?? s?.source ?? s?.name ?? '?';

function checkCatchAll(s: ServiceRouting): Problem[] {
  const catchAll = s.routes.map((r, i) => ({ r, i })).filter(({ r }) => r.matches.length === 0);
  if (catchAll.length === 1 && catchAll[0].i === s.routes.length - 1) return [];
  return [problemAt(s.source ?? s.name, 'routes', `expected exactly one catch-all route, last; found ${catchAll.length} at positions ${catchAll.map(c => c.i).join(', ') || 'none'}`)];
}

function checkWeights(r: HttpRouteRule): Problem[] {
  const weights = r.destinations.map(d => d.weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const bad = weights.some(w => !Number.isInteger(w) || w < 0 || w > 100);
  if (!isForwarding(r)) return [];
  if (r.destinations.length === 0) return [problemAt(where(r), `route "${r.name}"`, 'has no destination')];
  if (bad || sum !== 100) {
    return [problemAt(where(r), `route "${r.name}".weights`, `weights ${weights.join('/')} sum to ${sum}`, 'whole percents 0..100 summing to 100')];
  }
  return [];
}

function checkSubsets(r: HttpRouteRule, subsets: Set<string>): Problem[] {
  const used = [...r.destinations.map(d => d.subset), ...r.mirrors.map(m => m.subset)];
  return used.filter(u => u !== undefined && !subsets.has(u))
    .map(u => problemAt(where(r), `route "${r.name}"`, `subset "${u}" is not defined`, [...subsets].map(x => `"${x}"`).join(', ')));
}

function checkMirrors(r: HttpRouteRule): Problem[] {
  const live = r.destinations.filter(d => d.weight > 0);
  return r.mirrors.flatMap(m => {
    const problems: Problem[] = [];
    if (!(m.percent >= 0 && m.percent <= 100)) {
      problems.push(problemAt(where(r), `route "${r.name}".mirror`, `percent ${m.percent} is out of range`, '0..100'));
    }
    if (live.length === 1 && live[0].subset === m.subset && live[0].host === m.host) {
      problems.push(problemAt(where(r), `route "${r.name}".mirror`, `mirror target "${m.subset}" is the route's only live destination; the shadow copy would hit the same version`, 'a version that does not serve this route alone'));
    }
    return problems;
  });
}

/**
 * A route whose every match block is covered by a block of an earlier route can never be
 * reached (shadowed-routes.ts): an error here, though Istio only warns for exact duplicates.
 */
function checkShadowedMatches(s: ServiceRouting): Problem[] {
  return findShadowedRoutes(s.routes).map(({ index, covered }) => {
    const r = s.routes[index];
    const by = covered.map(c => {
      const e = s.routes[c.byRoute];
      const which = c.block < 0 ? 'every request' : `match[${c.block}]`;
      return `${which} is caught first by ${routeLabel(c.byRoute, e)} match[${c.byBlock}] (${where(e, s)})`;
    });
    return problemAt(where(r, s), `${routeLabel(index, r)}.match`, `can never match: ${by.join('; ')}`,
      'conditions not covered by an earlier route');
  });
}

function routeLabel(index: number, r: HttpRouteRule): string {
  return `route #${index}${r.name ? ` "${r.name}"` : ''}`;
}
