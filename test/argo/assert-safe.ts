/**
 * What must hold at every moment of a simulated rollout (simulate.ts), read with the same
 * importer and evaluator as `cdk8s-ml-mesh explain`: every weighted destination and every mirror
 * on every view (the mesh and each gateway) names a subset that exists and selects a ready pod;
 * no subset the synthesized DestinationRule declares is gone; every VirtualService the Rollout
 * names carries the moment's canary weight on its managed route.
 */
import { Json, rolloutRouting } from './istio-port';
import { ClusterState, selectsPods } from './simulate';
import { destinationShares } from '../../src/routing/evaluate';
import { routingFromObjects } from '../../src/routing/from-istio';
import { HttpRouteRule, VersionTarget } from '../../src/routing/route-table';

/** Problems at one moment; empty when it is safe. */
export function unsafe(state: ClusterState, declared: readonly Json[]): string[] {
  const problems: string[] = [];
  const at = (p: string) => problems.push(`${state.moment}: ${p}`);
  const r = rolloutRouting(state.objects.find(o => o.kind === 'Rollout')!);
  const dr = state.objects.find(o => o.kind === 'DestinationRule' && o.metadata.name === r.destinationRule.name)!;
  const mesh = routingFromObjects(state.objects);
  // The Rollout's host (other services' pods are not simulated).
  const host = mesh.table.services.find(s => s.name === dr.spec.host.split('.')[0] || s.host.startsWith(`${dr.spec.host}.`) || s.host === dr.spec.host)!.host;
  const subsetsByHost = new Map<string, readonly VersionTarget[]>(mesh.table.services.map(s => [s.host, s.versions]));
  const gateways = [...new Set(state.objects.filter(o => o.kind === 'VirtualService').flatMap(o => (o.spec.gateways ?? [])
    .filter((g: string) => g !== 'mesh').map((g: string) => (g.includes('/') ? g : `${o.metadata.namespace}/${g}`))))];
  const views = [mesh, ...gateways.map(gateway => routingFromObjects(state.objects, { gateway }))];
  for (const view of views) {
    for (const service of view.table.services) {
      for (const route of service.routes) {
        const targets = [...destinationShares(route.destinations).filter(d => d.percent > 0), ...route.mirrors.filter(m => m.percent > 0)];
        for (const d of targets) {
          if (d.subset === undefined || d.host !== host) continue;
          const subset = subsetsByHost.get(d.host)?.find(v => v.name === d.subset);
          if (!subset) at(`${service.host} route "${route.name}" sends to ${d.host} subset "${d.subset}", which no DestinationRule defines (503 NR)`);
          else if (!selectsPods(subset.labels as Record<string, string>, state.pods)) at(`${service.host} route "${route.name}" sends to ${d.host} subset "${d.subset}", which selects no ready pod (503 UH)`);
        }
      }
    }
  }
  for (const written of declared.filter(o => o.kind === 'DestinationRule')) {
    const live = state.objects.find(o => o.kind === 'DestinationRule' && o.metadata.name === written.metadata.name);
    for (const s of written.spec.subsets ?? []) {
      if (!live?.spec.subsets?.some((x: Json) => x.name === s.name)) at(`DestinationRule ${written.metadata.name} lost subset "${s.name}"`);
    }
  }
  problems.push(...weightProblems(state));
  return problems;
}

/** Every managed route of every VirtualService the Rollout names carries the moment's weights, as explain reads them. */
function weightProblems(state: ClusterState): string[] {
  const rollout = state.objects.find(o => o.kind === 'Rollout')!;
  const r = rolloutRouting(rollout);
  const problems: string[] = [];
  for (const ref of r.virtualServices) {
    const [name, ns] = ref.name.split('.');
    const vs = state.objects.find(o => o.kind === 'VirtualService' && o.metadata.name === name && (o.metadata.namespace ?? 'default') === (ns ?? r.namespace));
    if (!vs) {
      problems.push(`${state.moment}: VirtualService ${ref.name} is missing`);
      continue;
    }
    const gateway = (vs.spec.gateways ?? []).find((g: string) => g !== 'mesh');
    const view = routingFromObjects([vs, ...state.objects.filter(o => o.kind === 'DestinationRule')], gateway ? { gateway: gateway.includes('/') ? gateway : `${vs.metadata.namespace}/${gateway}` } : {});
    for (const routeName of ref.routes) {
      const route = view.table.services.flatMap(s => s.routes.map(rt => ({ rt }))).find(x => x.rt.name === routeName);
      if (!route) {
        problems.push(`${state.moment}: ${ref.name} has no route ${routeName}`);
        continue;
      }
      // explain's view of the route: the share each subset receives.
      const shares = evaluateRoute(route.rt);
      const canary = shares.get(r.destinationRule.canarySubsetName) ?? 0;
      const stable = shares.get(r.destinationRule.stableSubsetName) ?? 0;
      if (canary !== state.canaryWeight || stable !== 100 - state.canaryWeight) {
        problems.push(`${state.moment}: ${ref.name} route ${routeName} sends ${canary}% to the canary and ${stable}% to stable, the plan says ${state.canaryWeight}/${100 - state.canaryWeight}`);
      }
    }
  }
  return problems;
}

/** The subsets' shares of a route, as explain reports them for a request it matches. */
function evaluateRoute(route: HttpRouteRule): Map<string, number> {
  return new Map(destinationShares(route.destinations).map(d => [d.subset ?? d.host, d.percent]));
}
