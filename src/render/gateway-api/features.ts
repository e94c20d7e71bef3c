/**
 * Feature bookkeeping of one rendering: each Gateway API feature a route uses is checked against the
 * profile, and each intent Gateway API cannot express becomes a problem naming the feature, the profile
 * and the alternative (never a silently dropped field).
 */
import { GatewayApiProfile, GatewayApiReleaseChannel } from './profile';
import { Problem, problemAt } from '../../util/errors';

/** Where routes attach: a Service (GAMMA mesh routes) or a Gateway (ingress). */
export type AttachMode = 'mesh' | 'gateway';

/**
 * The MESH-HTTP conformance profile names some features separately (pkg/features/mesh.go@v1.6.1); in
 * mesh mode the mesh name is what an implementation must report.
 */
const MESH_NAMES: Readonly<Record<string, string>> = {
  HTTPRouteQueryParamMatching: 'MeshHTTPRouteQueryParamMatching',
  HTTPRoutePathRewrite: 'MeshHTTPRouteRewritePath',
  HTTPRoutePathRedirect: 'MeshHTTPRouteRedirectPath',
  HTTPRoutePortRedirect: 'MeshHTTPRouteRedirectPort',
  HTTPRouteSchemeRedirect: 'MeshHTTPRouteSchemeRedirect',
  HTTPRouteBackendRequestHeaderModification: 'MeshHTTPRouteBackendRequestHeaderModification',
  HTTPRouteNamedRouteRule: 'MeshHTTPRouteNamedRouteRule',
};

export class FeatureLedger {
  readonly problems: Problem[] = [];
  /** What was left out without changing where requests go (e.g. rule names), said once each. */
  readonly notes = new Set<string>();
  /** Every feature name the rendered objects rely on. */
  readonly used = new Set<string>();

  constructor(readonly profile: GatewayApiProfile, readonly mode: AttachMode, readonly path: string) {}

  /** The name the implementation reports for `feature` in this attach mode. */
  featureName(feature: string): string {
    return this.mode === 'mesh' ? MESH_NAMES[feature] ?? feature : feature;
  }

  /** Record that `field` needs `feature`; a problem when the profile lacks it. Returns whether it is supported. */
  need(feature: string, field: string, what: string, alternative: string): boolean {
    const name = this.featureName(feature);
    this.used.add(name);
    if (this.profile.supports(name)) return true;
    this.fail(field, `${what} needs the Gateway API feature ${name}, which profile ${this.profile.name} does not support`, alternative);
    return false;
  }

  /**
   * A feature that only labels the output (rule names): used when supported, otherwise left out with a
   * note, since routing does not change.
   */
  optional(feature: string, what: string): boolean {
    const name = this.featureName(feature);
    if (this.profile.supports(name)) {
      this.used.add(name);
      return true;
    }
    this.notes.add(`${what} left out: profile ${this.profile.name} does not support ${name} (routing is unchanged)`);
    return false;
  }

  /** Experimental-channel fields: pruned by a standard-channel apiserver, so refused unless the profile declares the channel. */
  needExperimental(feature: string, field: string, what: string, alternative: string): boolean {
    if (this.profile.channel !== GatewayApiReleaseChannel.EXPERIMENTAL) {
      this.fail(field, `${what} is only in Gateway API's experimental channel (${feature}); profile ${this.profile.name} declares the standard channel, whose CRDs prune it`, alternative);
      return false;
    }
    return this.need(feature, field, what, alternative);
  }

  /** Something Gateway API cannot express at all. */
  fail(field: string, problem: string, alternative: string): void {
    this.problems.push(problemAt(this.path, field, `${problem}; alternative: ${alternative}`));
  }
}

/** The advice when the Istio API can do what Gateway API cannot. */
export const USE_ISTIO = 'RoutingTarget.istio() (VirtualService) for this service';
