import { IConstruct } from 'constructs';
import { GatewayApiProfile } from './gateway-api/profile';
import { checkInstance, fail } from '../util/checks';

/** The construct-tree context key a routing target is kept under. */
export const ROUTING_TARGET_CONTEXT = 'cdk8s-ml-mesh:routingTarget';
/** The context key of the Gateway API target's implementation profile. */
const GATEWAY_API_PROFILE_CONTEXT = 'cdk8s-ml-mesh:gatewayApiProfile';

/**
 * Which routing API the ModelServices of an app (or a chart) are rendered for. Set it with
 * `MeshAppProps.routingTarget`, or `target.applyTo(chart)` before the chart's services are created.
 * A Knative-mode KServe model is always rendered as one InferenceService: KServe routes its host.
 */
export class RoutingTarget {
  /** Istio mesh routing: a Service, a VirtualService and a DestinationRule per ModelService. */
  public static istio(): RoutingTarget {
    return new RoutingTarget('istio');
  }

  /**
   * Gateway API routing (docs/gateway-api.md): per ModelService an HTTPRoute (GRPCRoute for gRPC
   * models) attached to its Service (GAMMA), one Service per version, and what the implementation
   * `profile` supports; whatever it cannot route is a synth error naming the feature and the profile.
   */
  public static gatewayApi(profile: GatewayApiProfile): RoutingTarget {
    checkInstance(profile, { path: 'RoutingTarget.gatewayApi', field: 'profile' }, GatewayApiProfile, 'GatewayApiProfile.istioAmbient() or another profile');
    return new RoutingTarget('gateway-api', profile);
  }

  /** The target set on `scope` or its nearest ancestor, else Istio. */
  public static of(scope: IConstruct): RoutingTarget {
    const name = scope.node.tryGetContext(ROUTING_TARGET_CONTEXT);
    return name === undefined ? RoutingTarget.istio() : new RoutingTarget(name, scope.node.tryGetContext(GATEWAY_API_PROFILE_CONTEXT));
  }

  /**
   * @param name the target's name, the key of its renderer
   * @param gatewayApiProfile the implementation profile of the Gateway API target
   */
  private constructor(public readonly name: string, public readonly gatewayApiProfile?: GatewayApiProfile) {}

  /**
   * Render the ModelServices under `scope` (an App or a Chart) for this target. Call it before
   * any child is added to `scope` (construct context is fixed once a scope has children).
   */
  public applyTo(scope: IConstruct): void {
    if (scope.node.children.length) {
      fail({ path: scope.node.path || '<app>', field: 'routingTarget' }, 'the routing target is set after constructs were added to this scope', 'set it before adding any construct (e.g. MeshAppProps.routingTarget)');
    }
    scope.node.setContext(ROUTING_TARGET_CONTEXT, this.name);
    if (this.gatewayApiProfile) scope.node.setContext(GATEWAY_API_PROFILE_CONTEXT, this.gatewayApiProfile);
  }
}
