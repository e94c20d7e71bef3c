/**
 * TEST-ONLY port of the Argo Rollouts Gateway API plugin's weight step, to assert our HTTPRoutes survive
 * it. Source: argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi v0.15.0 (96c63fd7),
 * pkg/plugin/httproute.go `setHTTPRouteWeight` and `isHTTPManagedRule` (with no canary headers):
 * every rule except those whose only backendRef is the canary gets canary = w, stable = 100 - w, matched
 * by backendRef name; an error unless both names were found.
 */
export function setHTTPRouteWeight(route: any, canaryService: string, stableService: string, desiredWeight: number): any {
  const out = JSON.parse(JSON.stringify(route));
  let canaryFound = false;
  let stableFound = false;
  for (const rule of out.spec.rules ?? []) {
    const refs = rule.backendRefs ?? [];
    if (refs.length === 1 && refs[0].name === canaryService) continue; // isHTTPManagedRule
    for (const ref of refs) {
      if (ref.name === canaryService) {
        ref.weight = desiredWeight;
        canaryFound = true;
      } else if (ref.name === stableService) {
        ref.weight = 100 - desiredWeight;
        stableFound = true;
      }
    }
  }
  if (!canaryFound || !stableFound) throw new Error('backendRef was not found in httpRoute');
  return out;
}
