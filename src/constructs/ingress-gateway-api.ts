/**
 * A ModelIngress under the Gateway API routing target: a Gateway of the profile's (or the given)
 * GatewayClass, one HTTPRoute per exposed model (`<ingress>-<model>`), a redirect route when a listener
 * redirects to HTTPS, and a ReferenceGrant in each other namespace a model lives in. The objects are
 * created where their intent is declared (constructor, `expose`), their specs rendered at synth from the
 * exposed models' route tables (render/gateway-api/render-ingress.ts).
 */
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { ModelService } from './model-service';
import { GatewayApiProfile } from '../render/gateway-api/profile';
import { ExposedModelSpec, ingressRouteName, REFERENCE_GRANT_V1BETA1, renderIngressRouting } from '../render/gateway-api/render-ingress';
import { GatewayApiRendering } from '../render/gateway-api/render-service';
import { Caller, IngressGatewayCallerOptions } from '../security/caller';
import { addObjectCheck } from '../synth/object-check';
import { fail, Where } from '../util/checks';
import { claimName } from '../util/claims';
import { isDns1123Subdomain, DNS1123_SUBDOMAIN_RULE } from '../util/dns';
import { Problem } from '../util/errors';
import { GatewayListener } from '../values/ingress-listener';
import { GATEWAY_API_V1 } from '../wire/api-versions';

export interface GatewayApiIngressProps {
  readonly scope: Construct;
  readonly name: string;
  readonly namespace?: string;
  readonly hosts: readonly string[];
  readonly listeners: readonly GatewayListener[];
  readonly profile: GatewayApiProfile;
  readonly gatewayClassName?: string;
  readonly gatewayIdentity?: IngressGatewayCallerOptions;
  /** The ingress's own field, for errors. */
  readonly field: (name: string) => Where;
}

/** The Gateway API objects of one ModelIngress. */
export class GatewayApiIngress {
  /** The Gateway. */
  public readonly gateway: ApiObject;
  /** The HTTPRoutes: the redirect (when a listener redirects) and one per exposed model. */
  public readonly routes: ApiObject[] = [];
  /** The ReferenceGrants, by the model namespace they are in. */
  private readonly grants = new Map<string, ApiObject>();
  private readonly exposed: Array<() => ExposedModelSpec> = [];
  private readonly className: string;

  constructor(private readonly props: GatewayApiIngressProps) {
    const { scope, profile } = props;
    this.className = props.gatewayClassName ?? profile.gatewayClassName ?? fail(props.field('gatewayClassName'),
      `profile ${profile.name} has no default GatewayClass`, 'the GatewayClass your implementation installed, e.g. "eg" (Envoy Gateway) or "gke-l7-global-external-managed" (GKE)');
    if (!isDns1123Subdomain(this.className)) fail(props.field('gatewayClassName'), `${JSON.stringify(this.className)} is not a GatewayClass name`, DNS1123_SUBDOMAIN_RULE);
    const metadata = { name: props.name, namespace: props.namespace };
    this.gateway = new ApiObject(scope, 'Gateway', { apiVersion: GATEWAY_API_V1, kind: 'Gateway', metadata, spec: this.specOf('Gateway', props.name) });
    if (props.listeners.some(l => l._listener().redirectToHttps)) this.addRoute('HTTPRoute-https-redirect', `${props.name}-https-redirect`);
    // Outside a MeshApp, check the objects against the profile's channel (a MeshApp checks every object).
    addObjectCheck(scope, () => [this.gateway, ...this.routes, ...this.grants.values()], () => this.renders(), profile.channel);
  }

  /**
   * The identity the models must admit: the one given, else the proxies the implementation deploys for
   * this Gateway in the mesh (Istio: ServiceAccount `<name>-<class>` in the Gateway's namespace).
   */
  public caller(): Caller | undefined {
    const { gatewayIdentity, profile, name, namespace } = this.props;
    if (gatewayIdentity) return Caller.ingressGateway(gatewayIdentity);
    return profile.meshGatewayDeployment ? Caller.serviceAccount(namespace ?? 'default', `${name}-${this.className}`) : undefined;
  }

  /** Add `service`'s HTTPRoute (and a ReferenceGrant in its namespace when that is another one). Returns the route's name. */
  public expose(service: ModelService, spec: () => ExposedModelSpec): string {
    const { name, namespace, scope } = this.props;
    const routeName = ingressRouteName(name, service.modelName);
    const other = claimName(scope, `HTTPRoute ${namespace ?? ''}/${routeName}`);
    if (other) fail(this.props.field('name'), `HTTPRoute "${routeName}" is also created by ${other}`, 'a unique ingress name in the namespace');
    this.exposed.push(spec);
    this.addRoute(`HTTPRoute-${service.modelName}`, routeName);
    const modelNs = service.namespace ?? 'default';
    if (modelNs !== (namespace ?? 'default') && !this.grants.has(modelNs)) {
      const grantName = `${name}-from-${namespace ?? 'default'}`;
      this.grants.set(modelNs, new ApiObject(scope, `ReferenceGrant-${modelNs}`, {
        apiVersion: REFERENCE_GRANT_V1BETA1,
        kind: 'ReferenceGrant',
        metadata: { name: grantName, namespace: modelNs },
        spec: Lazy.any({ produce: () => this.rendering().objects.find(o => o.kind === 'ReferenceGrant' && o.metadata.namespace === modelNs)?.spec ?? {} }),
      }));
    }
    return routeName;
  }

  /** What the profile cannot render, and Gateway API precedence conflicts across the exposed models. */
  public problems(): Problem[] {
    return this.rendering().problems;
  }

  /** Whether the objects render (a model with broken routing reports that itself). */
  private renders(): boolean {
    try {
      return this.problems().length === 0;
    } catch {
      return false;
    }
  }

  private rendering(): GatewayApiRendering {
    const { name, namespace, hosts, listeners, profile, scope } = this.props;
    return renderIngressRouting({
      name,
      namespace,
      hosts,
      profile,
      gatewayClassName: this.className,
      path: scope.node.path,
      listeners: listeners.map(l => l._listener()),
      exposed: this.exposed.map(e => e()),
    });
  }

  private addRoute(id: string, routeName: string): void {
    const metadata = { name: routeName, namespace: this.props.namespace };
    this.routes.push(new ApiObject(this.props.scope, id, { apiVersion: GATEWAY_API_V1, kind: 'HTTPRoute', metadata, spec: this.specOf('HTTPRoute', routeName) }));
  }

  private specOf(kind: string, name: string): unknown {
    return Lazy.any({ produce: () => this.rendering().objects.find(o => o.kind === kind && o.metadata.name === name)?.spec ?? {} });
  }
}
