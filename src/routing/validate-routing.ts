import { HttpRouteRule, isForwarding, ServiceRouting } from './route-table';
import { Problem, problemAt } from '../util/errors';
import { stableJson } from '../util/stable-json';

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

/** A matched route whose every match block repeats an earlier block can never be reached. */
function checkShadowedMatches(s: ServiceRouting): Problem[] {
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const r of s.routes) {
    const keys = r.matches.map(stableJson);
    if (keys.length && keys.every(k => seen.has(k))) {
      problems.push(problemAt(where(r, s), `route "${r.name}".match`, `can never match: the same conditions are already routed by "${seen.get(keys[0])}"`, 'conditions not used by an earlier route'));
    }
    keys.forEach(k => { if (!seen.has(k)) seen.set(k, r.name ?? '?'); });
  }
  return problems;
}
