/**
 * A ModelIngress under the Gateway API routing target: a Gateway of the profile's (or the given)
 * GatewayClass, one HTTPRoute per exposed model (`<ingress>-<model>`), a redirect route when a listener
 * redirects to HTTPS, and a ReferenceGrant in each other namespace a model lives in. The objects are
 * created where their intent is declared (construction, `expose`), their specs rendered at synth from the
 * exposed models' route tables (render-ingress.ts).
 */
import { ApiObject, Lazy } from 'cdk8s';
import { GatewayApiProfile } from './profile';
import { ingressHttpRouteName, namespaceOf, REFERENCE_GRANT_V1BETA1, referenceGrantName, renderIngressRouting } from './render-ingress';
import { GatewayApiRendering } from './render-service';
import { Caller } from '../../security/caller';
import { addObjectCheck } from '../../synth/object-check';
import { fail } from '../../util/checks';
import { claimName } from '../../util/claims';
import { isDns1123Subdomain, DNS1123_SUBDOMAIN_RULE } from '../../util/dns';
import { Problem } from '../../util/errors';
import { RevisionMemo, routingGeneration, touchRouting } from '../../util/memo';
import { GATEWAY_API_V1 } from '../../wire/api-versions';
import { IngressIntent, IngressModel, IngressRenderer, RenderedIngress } from '../renderer';

export function gatewayApiIngressRenderer(profile: GatewayApiProfile): IngressRenderer {
  return { render: intent => new GatewayApiIngress(intent, profile) };
}

class GatewayApiIngress implements RenderedIngress {
  public readonly gateway: ApiObject;
  public readonly httpRoutes: ApiObject[] = [];
  /** The ReferenceGrants, by the model namespace they are in. */
  private readonly grants = new Map<string, ApiObject>();
  private readonly exposed: IngressModel[] = [];
  private readonly className: string;
  /** One rendering per routing generation: every object's spec, the check and the problems read it. */
  private readonly memo = new RevisionMemo<GatewayApiRendering>();

  constructor(private readonly intent: IngressIntent, private readonly profile: GatewayApiProfile) {
    const { scope, field, name } = intent;
    if (intent.selector !== undefined) {
      fail(field('selector'), 'selector picks Istio ingress gateway pods; a Gateway API Gateway\'s proxies are deployed for its GatewayClass', 'no selector under the Gateway API routing target');
    }
    this.className = intent.gatewayClassName ?? profile.gatewayClassName ?? fail(field('gatewayClassName'), `profile ${profile.name} has no default GatewayClass`,
      'the GatewayClass your implementation installed, e.g. "eg" (Envoy Gateway) or "gke-l7-global-external-managed" (GKE)');
    if (!isDns1123Subdomain(this.className)) fail(field('gatewayClassName'), `${JSON.stringify(this.className)} is not a GatewayClass name`, DNS1123_SUBDOMAIN_RULE);
    const metadata = { name, namespace: intent.namespace };
    this.gateway = new ApiObject(scope, 'Gateway', { apiVersion: GATEWAY_API_V1, kind: 'Gateway', metadata, spec: this.specOf('Gateway', name) });
    if (intent.listeners.some(l => l._listener().redirectToHttps)) this.addRoute('HTTPRoute-https-redirect', `${name}-https-redirect`);
    // Outside a MeshApp, check the objects against the profile's channel (a MeshApp checks every object).
    addObjectCheck(scope, () => [this.gateway, ...this.httpRoutes, ...this.grants.values()], () => this.renders(), profile.channel);
  }

  /**
   * The identity the models must admit: the one given, else the proxies the implementation deploys for
   * this Gateway in the mesh (Istio: ServiceAccount `<name>-<class>` in the Gateway's namespace,
   * GetDefaultName in pilot/pkg/config/kube/gatewaycommon/gateway_utils.go, istio@86c9f01f).
   */
  public caller(): Caller | undefined {
    const { gatewayIdentity, name, namespace } = this.intent;
    if (gatewayIdentity) return Caller.ingressGateway(gatewayIdentity);
    return this.profile.meshGatewayDeployment ? Caller.serviceAccount(namespaceOf(namespace), `${name}-${this.className}`) : undefined;
  }

  public expose(model: IngressModel): string {
    const { name, namespace, scope } = this.intent;
    const { service } = model;
    const routeName = ingressHttpRouteName(name, service.modelName);
    const other = claimName(scope, `HTTPRoute ${namespace ?? ''}/${routeName}`);
    if (other) fail(this.intent.field('name'), `HTTPRoute "${routeName}" is also created by ${other}`, 'a unique ingress name in the namespace');
    this.exposed.push(model);
    // The exposed models are an input of the rendering.
    touchRouting();
    this.addRoute(`HTTPRoute-${service.modelName}`, routeName);
    const modelNs = namespaceOf(service.namespace);
    if (modelNs !== namespaceOf(namespace) && !this.grants.has(modelNs)) {
      const grantName = referenceGrantName(name, namespaceOf(namespace));
      this.grants.set(modelNs, new ApiObject(scope, `ReferenceGrant-${modelNs}`, {
        apiVersion: REFERENCE_GRANT_V1BETA1,
        kind: 'ReferenceGrant',
        metadata: { name: grantName, namespace: modelNs },
        spec: this.specOf('ReferenceGrant', grantName, modelNs),
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
    return this.memo.get(routingGeneration(), () => this.render());
  }

  private render(): GatewayApiRendering {
    const { name, namespace, hosts, listeners, scope } = this.intent;
    return renderIngressRouting({
      name,
      namespace,
      hosts,
      profile: this.profile,
      gatewayClassName: this.className,
      path: scope.node.path,
      listeners: listeners.map(l => l._listener()),
      exposed: this.exposed.map(e => ({ routing: e.service._routing(), pathPrefix: e.pathPrefix })),
    });
  }

  private addRoute(id: string, routeName: string): void {
    const metadata = { name: routeName, namespace: this.intent.namespace };
    this.httpRoutes.push(new ApiObject(this.intent.scope, id, { apiVersion: GATEWAY_API_V1, kind: 'HTTPRoute', metadata, spec: this.specOf('HTTPRoute', routeName) }));
  }

  /** The spec of one rendered object (a ReferenceGrant by its namespace too: one per model namespace, all named alike). */
  private specOf(kind: string, name: string, namespace?: string): unknown {
    return Lazy.any({
      produce: () => this.rendering().objects
        .find(o => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace))?.spec ?? {},
    });
  }
}
