/**
 * TEST-ONLY port of Argo Rollouts' Istio traffic router, the parts that rewrite our objects:
 * argoproj/argo-rollouts v1.9.1 (commit b6bd3bcf8f60d717a98763d26acc983db7f97cb0),
 * rollout/trafficrouting/istio/istio.go:
 * `UpdateHash` (+ `updateDestinationRule`'s JSON merge patch), `SetWeight` →
 * `reconcileVirtualService` / `generateVirtualServicePatches` / `processRoutes` / `appendPatch` /
 * `patchVirtualService` (+ `ValidateHTTPRoutes`, `getHttpRouteIndexesToPatch`, `getHost`),
 * `SetHeaderRoute` / `createHeaderRoute`, `SetMirrorRoute` / `createMirrorRoute`, `removeRoute`,
 * `orderRoutes`, `RemoveManagedRoutes`. Objects are plain JSON as `kubectl get -o json` returns
 * them; every function returns new objects and never mutates its input.
 */

export type Json = Record<string, any>;

/** The Rollout fields the router reads. */
export interface RolloutRouting {
  readonly namespace: string;
  readonly virtualServices: ReadonlyArray<{ name: string; routes: readonly string[] }>;
  readonly destinationRule: { name: string; stableSubsetName: string; canarySubsetName: string; additionalSubsetNames?: readonly string[] };
  readonly managedRoutes: readonly string[];
}

export const HASH_LABEL = 'rollouts-pod-template-hash';

export function rolloutRouting(rollout: Json): RolloutRouting {
  const tr = rollout.spec.strategy.canary.trafficRouting;
  const istio = tr.istio;
  return {
    namespace: rollout.metadata.namespace ?? 'default',
    virtualServices: istio.virtualServices ?? [istio.virtualService],
    destinationRule: istio.destinationRule,
    managedRoutes: (tr.managedRoutes ?? []).map((m: Json) => m.name),
  };
}

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));

/**
 * `UpdateHash`: rebuild `spec.subsets` from the stable and canary subsets only (other subsets are
 * skipped: "Ignore any extraneous subsets"), set or delete the hash label, annotate the DR, and
 * write it back through a JSON merge patch, in which an array replaces the whole array.
 */
export function updateHash(dr: Json, r: RolloutRouting, canaryHash: string, stableHash: string): Json {
  const spec = r.destinationRule;
  const subsets: Json[] = [];
  for (const subset of dr.spec.subsets ?? []) {
    const hash = subset.name === spec.canarySubsetName ? canaryHash : subset.name === spec.stableSubsetName ? stableHash : undefined;
    if (hash === undefined && subset.name !== spec.canarySubsetName && subset.name !== spec.stableSubsetName) continue;
    const labels = { ...subset.labels };
    if (hash) labels[HASH_LABEL] = hash;
    else delete labels[HASH_LABEL];
    subsets.push({ ...clone(subset), labels });
  }
  const out = clone(dr);
  out.metadata.annotations = { ...out.metadata.annotations, 'argo-rollouts.argoproj.io/managed-by-rollouts': 'rollout' };
  out.spec.subsets = subsets; // merge patch: the array is replaced whole
  return out;
}

/** `getHost`: the part of the destination host before the first dot. */
function hostOf(d: Json): string {
  const host: string = d.destination?.host ?? '';
  const i = host.indexOf('.');
  return i > 0 ? host.slice(0, i) : i < 0 ? host : '';
}

/** `getHttpRouteIndexesToPatch`. */
function routeIndexes(routeNames: readonly string[], http: Json[]): number[] {
  if (routeNames.length === 0) {
    if (http.length === 1) return [0];
    const i = http.findIndex(h => !h.name);
    return i >= 0 ? [i] : [];
  }
  return routeNames.map(name => {
    const i = http.findIndex(h => h.name === name);
    if (i < 0) throw new Error(`HTTP Route '${name}' is not found in the defined Virtual Service.`);
    return i;
  });
}

/** `ValidateHTTPRoutes` / `validateVirtualServiceRouteDestinations` (subset mode). */
export function validateHttpRoutes(vs: Json, routeNames: readonly string[], r: RolloutRouting): void {
  const http: Json[] = vs.spec.http ?? [];
  for (const i of routeIndexes(routeNames, http)) {
    const subsets = (http[i].route ?? []).map((d: Json) => d.destination?.subset);
    if (!subsets.includes(r.destinationRule.canarySubsetName)) throw new Error(`Canary DestinationRule subset '${r.destinationRule.canarySubsetName}' not found in route`);
    if (!subsets.includes(r.destinationRule.stableSubsetName)) throw new Error(`Stable DestinationRule subset '${r.destinationRule.stableSubsetName}' not found in route`);
  }
  const unmanaged = http.filter(h => !r.managedRoutes.includes(h.name));
  if (routeNames.length === 0 && unmanaged.length > 1) throw new Error('spec.http[] must have exactly one route when omitting routes');
}

/**
 * `SetWeight` on one VirtualService: `processRoutes` on each named route (plus mirror routes that
 * are managed routes): canary subset → w, stable subset → 100 − w (− additional subsets' weights,
 * clamped at 0), additional subsets unchanged, any other destination deleted (`appendPatch` only
 * patches when the weight differs, so a 0-weight foreign destination survives).
 */
export function setWeight(vs: Json, routeNames: readonly string[], r: RolloutRouting, desiredWeight: number): Json {
  validateHttpRoutes(vs, routeNames, r);
  const out = clone(vs);
  const http: Json[] = out.spec.http ?? [];
  const names = [...routeNames, ...http.filter(h => h.mirror && r.managedRoutes.includes(h.name)).map(h => h.name)];
  const additional = r.destinationRule.additionalSubsetNames ?? [];
  for (const idx of routeIndexes(names, http)) {
    const destinations: Json[] = http[idx].route;
    let stableWeight = 100 - desiredWeight;
    for (const d of destinations) if (additional.includes(d.destination?.subset)) stableWeight -= d.weight ?? 0;
    stableWeight = Math.max(0, stableWeight);
    // Patches are computed on the original list and applied in order (deletions shift later indexes, as in Go).
    const patches: Array<{ index: number; weight: number; del: boolean }> = [];
    destinations.forEach((d, index) => {
      if (hostOf(d) === '') return;
      const subset = d.destination?.subset;
      const weight = d.weight ?? 0;
      const want = subset === r.destinationRule.canarySubsetName ? desiredWeight
        : subset === r.destinationRule.stableSubsetName ? stableWeight
          : additional.includes(subset) ? weight : 0;
      const managed = [r.destinationRule.canarySubsetName, r.destinationRule.stableSubsetName, ...additional];
      const del = want === 0 && !managed.includes(subset);
      if (weight !== want) patches.push({ index, weight: want, del });
    });
    let list = destinations;
    for (const p of patches) {
      if (p.index >= list.length) continue;
      if (p.del) list = [...list.slice(0, p.index), ...list.slice(p.index + 1)];
      else list = list.map((d, i) => (i === p.index ? { ...d, weight: p.weight } : d));
    }
    http[idx] = { ...http[idx], route: list };
  }
  return out;
}

/** `removeRoute`. */
export function removeRoute(vs: Json, name: string): Json {
  const out = clone(vs);
  out.spec.http = (out.spec.http ?? []).filter((h: Json) => h.name !== name);
  return out;
}

/** `orderRoutes`: managed routes, in `managedRoutes` order, above every other route. */
export function orderRoutes(vs: Json, r: RolloutRouting): Json {
  const out = clone(vs);
  const http: Json[] = out.spec.http ?? [];
  const managed = r.managedRoutes.flatMap(name => http.filter(h => h.name === name));
  out.spec.http = [...managed, ...http.filter(h => !r.managedRoutes.includes(h.name))];
  return out;
}

/** `SetHeaderRoute` on one VirtualService: remove the route, append `createHeaderRoute`'s (if a match is given), order. */
export function setHeaderRoute(vs: Json, r: RolloutRouting, drHost: string, step: { name: string; match?: Json[] }): Json {
  let out = removeRoute(vs, step.name);
  if (step.match) {
    const route = {
      name: step.name,
      match: step.match.map(m => ({ headers: { [m.headerName]: { ...m.headerValue } } })),
      route: [{ destination: { host: drHost, subset: r.destinationRule.canarySubsetName }, weight: 100 }],
    };
    out.spec.http = [...out.spec.http, route];
  }
  out = orderRoutes(out, r);
  return out;
}

/**
 * `SetMirrorRoute` on one VirtualService: a route with the step's match, a copy of the first
 * weighted route's destinations and a mirror to the canary subset, prepended; no match removes it.
 */
export function setMirrorRoute(vs: Json, routeNames: readonly string[], r: RolloutRouting, drHost: string,
  step: { name: string; match?: Json[]; percentage?: number }): Json {
  let out = removeRoute(vs, step.name);
  if (step.match) {
    const weighted = out.spec.http[routeIndexes(routeNames, out.spec.http)[0]];
    const route = {
      name: step.name,
      match: step.match,
      route: clone(weighted.route),
      mirror: { host: drHost, subset: r.destinationRule.canarySubsetName },
      mirrorPercentage: { value: step.percentage ?? 100 },
    };
    out.spec.http = [route, ...out.spec.http];
  }
  return orderRoutes(out, r);
}

/** `RemoveManagedRoutes`: every route named in `managedRoutes` goes. */
export function removeManagedRoutes(vs: Json, r: RolloutRouting): Json {
  return r.managedRoutes.reduce((o, name) => removeRoute(o, name), vs);
}
