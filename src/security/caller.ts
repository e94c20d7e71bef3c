import { principalOf } from './authorization';
import { CallerSpec } from '../routing/route-table';
import { fail, Where } from '../util/checks';
import { DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE, isDns1123Label, isDns1123Subdomain } from '../util/dns';

/** Options of `Caller.ingressGateway()`. */
export interface IngressGatewayCallerOptions {
  /**
   * Namespace of the ingress gateway's pods.
   * @default "istio-system"
   */
  readonly namespace?: string;
  /**
   * Service account of the ingress gateway's pods.
   * @default "istio-ingressgateway-service-account" (the name Istio's installation gives it)
   */
  readonly serviceAccount?: string;
}

/**
 * Who may call a model service, identified by its mTLS identity (so only over Istio mTLS; a
 * plaintext request has no identity and matches no caller).
 */
export class Caller implements ICaller {
  /** Workloads running under one Kubernetes service account. */
  public static serviceAccount(namespace: string, name: string): Caller {
    const where = factory('serviceAccount');
    checkNamespace(namespace, where);
    if (!isDns1123Subdomain(name)) fail({ ...where, field: 'name' }, `${JSON.stringify(name)} is not a service account name`, DNS1123_SUBDOMAIN_RULE);
    return new Caller(() => ({ description: `service account ${namespace}/${name}`, principals: [principalOf(namespace, name)] }));
  }

  /** Every workload in a namespace (with a mesh identity). Broader than a service account: prefer those. */
  public static namespace(namespace: string): Caller {
    checkNamespace(namespace, factory('namespace'));
    return new Caller(() => ({ description: `namespace ${namespace}`, namespaces: [namespace] }));
  }

  /** The Istio ingress gateway, for a model exposed outside the mesh. */
  public static ingressGateway(options: IngressGatewayCallerOptions = {}): Caller {
    const where = factory('ingressGateway');
    const namespace = options.namespace ?? 'istio-system';
    const sa = options.serviceAccount ?? 'istio-ingressgateway-service-account';
    checkNamespace(namespace, where);
    if (!isDns1123Subdomain(sa)) fail({ ...where, field: 'serviceAccount' }, `${JSON.stringify(sa)} is not a service account name`, DNS1123_SUBDOMAIN_RULE);
    return new Caller(() => ({ description: `ingress gateway ${namespace}/${sa}`, principals: [principalOf(namespace, sa)] }));
  }

  /**
   * @internal Anything that can resolve its identity at render time (a ModelService's versions
   * may still be added after it is granted access).
   */
  public static _lazy(produce: () => CallerSpec): Caller {
    return new Caller(produce);
  }

  private constructor(private readonly produce: () => CallerSpec) {}

  /** The caller itself (a Caller is its own identity). */
  public get callerIdentity(): Caller {
    return this;
  }

  /** A human-readable description, e.g. `service account frontend/recsys-api`. */
  public get description(): string {
    return this.produce().description;
  }

  /** @internal the AuthorizationPolicy source this caller renders as */
  public _spec(): CallerSpec {
    return this.produce();
  }
}

/**
 * Something that can be allowed to call a model service: a `Caller`, or another `ModelService`
 * (every one of its versions' service accounts).
 */
export interface ICaller {
  /** The caller's mesh identity. */
  readonly callerIdentity: Caller;
}

function factory(name: string): Where {
  return { path: `Caller.${name}`, field: 'namespace' };
}

function checkNamespace(namespace: string, where: Where): void {
  if (typeof namespace !== 'string' || !isDns1123Label(namespace)) {
    fail({ ...where, field: 'namespace' }, `${JSON.stringify(namespace)} is not a namespace name`, DNS1123_LABEL_RULE);
  }
}
