/**
 * A gateway-bound copy of model services' routes. Each exposed model keeps its mesh routing
 * (matches, split, experiments, mirrors, actions), so callers through the gateway reach the same
 * versions as callers in the mesh (Istio's IST0140 warns when a gateway route skips the subsets).
 * With a path prefix `P`, a model route for path `p` becomes a route for `P + p`, and the
 * prefix is removed again before forwarding, so the model sees the paths it serves in the mesh.
 */
import { HttpRouteRule, MatchBlock, ServiceRouting, StringMatchSpec } from './route-table';
import { Problem, problemAt } from '../util/errors';

export interface ExposedService {
  readonly routing: ServiceRouting;
  /** Normalised prefix: starts with `/`, no trailing `/`; undefined for every path. */
  readonly pathPrefix?: string;
  /** Construct path and field, for messages. */
  readonly path: string;
  readonly field: string;
}

export function ingressRoutes(exposed: readonly ExposedService[]): { routes: HttpRouteRule[]; problems: Problem[] } {
  const problems = orderProblems(exposed);
  const routes = exposed.flatMap(e => e.routing.routes.map(r => {
    const { route, problem } = prefixed(r, e);
    if (problem) problems.push(problemAt(e.path, e.field, problem));
    return { ...route, name: ingressRouteName(e.routing.name, r.name) };
  }));
  return { routes, problems };
}

/** The gateway route that carries model `service`'s route `route` (Argo Rollouts names it too). */
export function ingressRouteName(service: string, route: string | undefined): string {
  return `${service}-${route ?? 'route'}`;
}

/** Only the last model may take every path; a prefix may not sit under an earlier one. */
function orderProblems(exposed: readonly ExposedService[]): Problem[] {
  const problems: Problem[] = [];
  exposed.forEach((e, i) => {
    const earlier = exposed.slice(0, i);
    const all = earlier.find(x => x.pathPrefix === undefined);
    const covering = e.pathPrefix === undefined ? undefined
      : earlier.find(x => x.pathPrefix !== undefined && `${e.pathPrefix}/`.startsWith(`${x.pathPrefix}/`));
    if (all || covering) {
      const by = all ? `${all.routing.name}, exposed before it on every path` : `${covering!.routing.name} at ${covering!.pathPrefix}/`;
      problems.push(problemAt(e.path, e.field, `model ${e.routing.name} would never be reached: ${by} takes its requests first`,
        'longer path prefixes first, the model without a prefix last'));
    }
  });
  return problems;
}

function prefixed(r: HttpRouteRule, e: ExposedService): { route: HttpRouteRule; problem?: string } {
  const prefix = e.pathPrefix;
  if (prefix === undefined) return { route: r };
  if (r.rewrite) {
    return { route: r, problem: `route "${r.name}" of ${e.routing.name} rewrites the path itself; under path prefix ${prefix}/ the gateway must rewrite it (one rewrite per route)` };
  }
  const matches = (r.matches.length === 0 ? [{}] : r.matches).flatMap(b => prefixBlocks(b, prefix));
  const route: HttpRouteRule = { ...r, matches };
  if (r.redirect) return { route: { ...route, redirect: { ...r.redirect, uri: r.redirect.uri && prefix + r.redirect.uri } } };
  if (r.directResponse || r.delegate) return { route };
  // Strip the prefix again: `/api/chat/x` reaches the model as `/x`, `/api/chat` as `/`.
  return { route: { ...route, rewrite: { uriRegex: { match: `^${quoteRe2(prefix)}/?(.*)$`, rewrite: '/\\1' } } } };
}

/**
 * A block seen from outside. Every path of the model (no path condition, or prefix `/`) is the prefix
 * itself and everything under it, as Gateway API's PathPrefix has it: `/api/chat` reaches the model's `/`.
 */
function prefixBlocks(b: MatchBlock, prefix: string): MatchBlock[] {
  if (b.uri && !(b.uri.kind === 'prefix' && b.uri.value === '/')) return [{ ...b, uri: prefixUri(b.uri, prefix) }];
  return [{ ...b, uri: { kind: 'exact', value: prefix } }, { ...b, uri: { kind: 'prefix', value: `${prefix}/` } }];
}

/** The model's path condition, seen from outside: the path with the prefix in front. */
function prefixUri(uri: StringMatchSpec, prefix: string): StringMatchSpec {
  if (uri.kind === 'regex') return { kind: 'regex', value: `${quoteRe2(prefix)}(?:${uri.value})` };
  return { kind: uri.kind, value: prefix + uri.value };
}

/** RE2 literal for `text` (regexp.QuoteMeta). */
export function quoteRe2(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, ch => `\\${ch}`);
}
