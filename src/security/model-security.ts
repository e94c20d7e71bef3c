import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { principalOf, renderAuthorizationPolicySpec } from './authorization';
import { Caller, ICaller } from './caller';
import { MtlsMode, NamespaceSecurity } from './namespace-security';
import { CallerSpec, ServiceAccessSpec } from '../routing/route-table';
import { MODEL_NAME_LABEL } from '../util/annotations';
import { fail, Where } from '../util/checks';
import { claimName } from '../util/claims';
import { touchRouting } from '../util/memo';
import { IModelService } from '../values/model-service-ref';
import { routedService } from '../values/routed-service';
import { ISTIO_SECURITY_V1 } from '../wire/api-versions';

/** Props of ModelSecurity. */
export interface ModelSecurityProps {
  /** The secured service (a ModelService). */
  readonly service: IModelService;
  /**
   * Who may call the service; more with `grantInvoke()`.
   * @default - nobody: every request to the service is denied until a caller is allowed
   */
  readonly allowedCallers?: ICaller[];
}

/**
 * Who may call one ModelService: an ALLOW AuthorizationPolicy (named after the model) on its pods
 * for exactly the declared callers, over the namespace's mTLS. A ModelService creates it as its
 * child `Security` (`service.security`).
 */
export class ModelSecurity extends Construct {
  /** The AuthorizationPolicy that allows exactly the declared callers. */
  public readonly authorizationPolicy: ApiObject;
  /** The namespace's mTLS and default-deny settings (shared by every service of the namespace). */
  public readonly namespaceSecurity: NamespaceSecurity;
  private readonly callers: Caller[] = [];
  private readonly servicePath: string;
  private readonly service: IModelService;

  constructor(scope: Construct, id: string, props: ModelSecurityProps) {
    super(scope, id);
    const service = routedService(props.service, { path: this.node.path, field: 'service' });
    this.service = service;
    this.servicePath = service.node.path;
    this.namespaceSecurity = NamespaceSecurity.of(service, service.namespace);
    const policyOwner = claimName(service, `AuthorizationPolicy ${service.namespace ?? ''}/${service.modelName}`);
    if (policyOwner) fail(this.where('modelName'), `AuthorizationPolicy "${service.modelName}" is also created by ${policyOwner}`, 'a model name other than "default-deny"');
    if (props.allowedCallers !== undefined && !Array.isArray(props.allowedCallers)) {
      fail(this.where('allowedCallers'), `${String(props.allowedCallers)} is not a list`, 'a list of callers, e.g. [Caller.serviceAccount(ns, name)]');
    }
    (props.allowedCallers ?? []).forEach((c, i) => this.addCaller(c, this.where(`allowedCallers[${i}]`)));
    this.authorizationPolicy = new ApiObject(this, 'AuthorizationPolicy', {
      apiVersion: ISTIO_SECURITY_V1,
      kind: 'AuthorizationPolicy',
      metadata: { name: service.modelName, namespace: service.namespace },
      spec: Lazy.any({ produce: () => renderAuthorizationPolicySpec(service._routing().access!) }),
    });
  }

  /**
   * Allow `caller` to call the service (a `Caller`, or another ModelService: then every one of
   * its versions' service accounts). Returns the caller's identity as allowed.
   */
  public grantInvoke(caller: ICaller): Caller {
    return this.addCaller(caller, this.where(`grantInvoke[${this.callers.length}]`));
  }

  /** @internal the service as a caller of others: its versions' service accounts, in its namespace */
  public _identityOf(serviceAccounts: () => string[]): Caller {
    const namespace = this.service.namespace;
    if (namespace === undefined) {
      fail(this.where('namespace'), `ModelService ${this.servicePath} has no namespace, so its service accounts have no mesh identity to allow`, 'a namespace on the ModelService or its chart');
    }
    return Caller._lazy(() => ({ description: `ModelService ${this.service.modelName}`, principals: serviceAccounts().map(sa => principalOf(namespace, sa)) }));
  }

  /** @internal who may call, for the route table: the declared callers plus those the routing target needs */
  public _accessSpec(port: number | undefined, systemCallers: readonly CallerSpec[]): ServiceAccessSpec {
    return {
      port,
      selector: { [MODEL_NAME_LABEL]: this.service.modelName },
      callers: [...this.callers.map(c => c._spec()), ...systemCallers],
      mtls: this.namespaceSecurity.mtlsMode === MtlsMode.PERMISSIVE ? 'PERMISSIVE' : 'STRICT',
    };
  }

  private addCaller(caller: ICaller, where: Where): Caller {
    const identity = caller !== null && typeof caller === 'object' ? caller.callerIdentity : undefined;
    if (!(identity instanceof Caller)) {
      fail(where, `${String(caller)} is not a caller`, 'Caller.serviceAccount(ns, name), Caller.namespace(ns), Caller.ingressGateway(), or a ModelService');
    }
    this.callers.push(identity);
    touchRouting();
    return identity;
  }

  /** Errors name the service's props, where the user wrote them. */
  private where(field: string): Where {
    return { path: this.servicePath, field };
  }
}
