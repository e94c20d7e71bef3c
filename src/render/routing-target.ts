import { IConstruct } from 'constructs';
import { fail } from '../util/checks';

/** The construct-tree context key a routing target is kept under. */
export const ROUTING_TARGET_CONTEXT = 'cdk8s-ml-mesh:routingTarget';

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

  /** The target set on `scope` or its nearest ancestor, else Istio. */
  public static of(scope: IConstruct): RoutingTarget {
    const name = scope.node.tryGetContext(ROUTING_TARGET_CONTEXT);
    return name === undefined ? RoutingTarget.istio() : new RoutingTarget(name);
  }

  /** @param name the target's name, the key of its renderer */
  private constructor(public readonly name: string) {}

  /**
   * Render the ModelServices under `scope` (an App or a Chart) for this target. Call it before
   * any child is added to `scope` (construct context is fixed once a scope has children).
   */
  public applyTo(scope: IConstruct): void {
    if (scope.node.children.length) {
      fail({ path: scope.node.path || '<app>', field: 'routingTarget' }, 'the routing target is set after constructs were added to this scope', 'set it before adding any construct (e.g. MeshAppProps.routingTarget)');
    }
    scope.node.setContext(ROUTING_TARGET_CONTEXT, this.name);
  }
}
