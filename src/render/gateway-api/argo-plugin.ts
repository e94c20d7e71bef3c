/**
 * Progressive delivery on Gateway API: Argo Rollouts with the Gateway API traffic-router plugin
 * (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi v0.15.0, 96c63fd7). What the plugin does, read
 * in its source, decides what we allow:
 * - `setHTTPRouteWeight` (pkg/plugin/httproute.go) sets, in EVERY rule of the HTTPRoute, the weight of a
 *   backendRef named like the canary Service to w and of one named like the stable Service to 100 - w,
 *   skipping only rules whose single backendRef is the canary (it takes those for its own header routes);
 *   backendRefs are matched by name only, and it fails unless some rule names both Services;
 * - `SetMirrorRoute` is a no-op (pkg/plugin/plugin.go:155): a mirror step would silently do nothing.
 * So the champion/challenger split must be the only rule naming both versions with other weights, and no
 * other rule may send everything to the champion alone (at w = 100 its weight would become 0).
 */
import { namespaceOf } from './render-ingress';
import { versionServiceName } from './render-service';
import type { GatewayRouteRef } from '../../progressive/argo-rollout';
import { ServiceRouting } from '../../routing/route-table';
import { Problem, problemAt } from '../../util/errors';

export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/** The plugin's config (GatewayAPITrafficRouting, pkg/plugin/types.go): the HTTPRoutes or GRPCRoutes it moves, in one namespace. */
interface PluginConfig {
  readonly httpRoutes?: ReadonlyArray<{ readonly name: string }>;
  readonly grpcRoutes?: ReadonlyArray<{ readonly name: string }>;
  readonly namespace?: string;
}

export interface ArgoGatewayApiStrategy {
  /** `spec.strategy.canary` fields of the Rollout: the Services and the plugin's traffic routing. */
  readonly canary: {
    readonly canaryService: string;
    readonly stableService: string;
    readonly trafficRouting: { readonly plugins: Record<string, PluginConfig> };
  };
  readonly problems: Problem[];
}

/**
 * The Rollout's `strategy.canary` fields for the plugin: version Services, the model's route and every
 * gateway route (ModelIngress) that copies its split: the plugin sets weights only in the routes it lists
 * (forEachGatewayAPIRoute over `httpRoutes`, and over `grpcRoutes` for a gRPC model's GRPCRoute with the
 * same rule semantics in setGRPCRouteWeight; pkg/plugin/plugin.go, grpcroute.go), all in one `namespace`.
 */
export function gatewayApiCanaryFields(model: string, namespace: string | undefined, champion: string, challenger: string,
  gatewayRoutes: readonly GatewayRouteRef[] = [], grpc = false): ArgoGatewayApiStrategy['canary'] {
  // A gRPC model's mesh route is a GRPCRoute; its gateway routes are HTTPRoutes (render-ingress.ts).
  const gateways = gatewayRoutes.map(g => ({ name: g.name }));
  const routes = grpc
    ? { grpcRoutes: [{ name: model }], ...(gateways.length ? { httpRoutes: gateways } : {}) }
    : { httpRoutes: [{ name: model }, ...gateways] };
  return {
    canaryService: versionServiceName(model, challenger),
    stableService: versionServiceName(model, champion),
    trafficRouting: { plugins: { [GATEWAY_API_PLUGIN]: { ...routes, namespace } } },
  };
}

export interface ArgoGatewayApiOptions {
  /** Whether the stages mirror (the plugin's mirror step is a no-op). @default false */
  readonly mirrorSteps?: boolean;
  /** Gateway HTTPRoutes copying the split. @default none */
  readonly gatewayRoutes?: readonly GatewayRouteRef[];
}

export function argoGatewayApiStrategy(s: ServiceRouting, path: string, options: ArgoGatewayApiOptions = {}): ArgoGatewayApiStrategy {
  const c = s.canary;
  const problems: Problem[] = [];
  const elsewhere = (options.gatewayRoutes ?? []).filter(g => namespaceOf(g.namespace) !== namespaceOf(s.namespace));
  if (elsewhere.length) {
    const names = elsewhere.map(g => `${g.namespace}/${g.name}`).join(', ');
    problems.push(problemAt(path, 'canary', `the Gateway API plugin moves HTTPRoutes of one namespace (${namespaceOf(s.namespace)}); ${names} would keep the champion at 100%`,
      'the ModelIngress in the model\'s namespace'));
  }
  if (!c || c.delivery !== 'argo-rollouts') {
    problems.push(problemAt(path, 'canary', 'the service has no progressive canary', 'CanaryRollout with progressive delivery'));
  }
  const stable = c ? versionServiceName(s.name, c.champion) : '';
  const canary = c ? versionServiceName(s.name, c.challengers[0]) : '';
  if (c && c.challengers.length > 1) {
    problems.push(problemAt(path, 'canary.challengers', `the Gateway API plugin moves one canary Service; ${c.challengers.length} challengers were given`, 'one challenger'));
  }
  if (options.mirrorSteps) {
    problems.push(problemAt(path, 'canary.stages', 'a mirror step does nothing with the Gateway API plugin (SetMirrorRoute is a no-op in v0.15.0; plugin PR #229 is open)', 'a static ShadowMirror, or the Istio routing target'));
  }
  const managed = c?.managedRoutes?.[0] ?? 'default';
  let both = 0;
  s.routes.forEach((r, i) => {
    const names = r.destinations.map(d => (d.subset !== undefined ? versionServiceName(s.name, d.subset) : ''));
    const hasStable = names.includes(stable);
    const hasCanary = names.includes(canary);
    if (hasStable && hasCanary) {
      both++;
      if (r.name !== managed) {
        problems.push(problemAt(path, `routes[${i}]`, `route "${r.name ?? i}" names both ${stable} and ${canary}; the plugin would overwrite its weights with the canary's at every step (it patches every rule by backendRef name)`,
          'send that route to other versions, or the Istio routing target'));
      }
    } else if (hasStable && names.length === 1 && r.name !== managed) {
      problems.push(problemAt(path, `routes[${i}]`, `route "${r.name ?? i}" sends everything to ${stable}; the plugin sets that backendRef's weight to 100 - canary weight, so at 100% it gets weight 0 and answers 500`,
        'pin that route to a version outside the rollout, or the Istio routing target'));
    }
  });
  if (c && both === 0) problems.push(problemAt(path, 'routes', `no route names both ${stable} and ${canary}; the plugin fails with "backendRef was not found in httpRoute"`, 'a default route split between champion and challenger'));
  return { canary: gatewayApiCanaryFields(s.name, s.namespace, c?.champion ?? '', c?.challengers[0] ?? '', options.gatewayRoutes), problems };
}
