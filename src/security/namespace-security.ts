import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { NamespaceSecuritySpec } from '../routing/route-table';
import { addObjectCheck } from '../synth/object-check';
import { fail } from '../util/checks';
import { claimName } from '../util/claims';
import { DNS1123_LABEL_RULE, isDns1123Label } from '../util/dns';
import { touchRouting } from '../util/memo';
import { ISTIO_SECURITY_V1 } from '../wire/api-versions';
import { AuthorizationPolicySpec, PeerAuthenticationSpec } from '../wire/generated/istio-security';

/** Server-side mTLS of a namespace's workloads (Istio PeerAuthentication `mtls.mode`). */
export enum MtlsMode {
  /** Only mTLS from workloads with a mesh identity is accepted (the default). */
  STRICT = 'STRICT',
  /**
   * Plaintext is accepted too: only while migrating callers that have no sidecar yet; reported in
   * ROUTING.md. A plaintext request carries no identity, so it matches none of our
   * AuthorizationPolicies' callers (service accounts and namespaces both come from the mTLS certificate).
   */
  PERMISSIVE = 'PERMISSIVE',
}

/** Props of a NamespaceSecurity. */
export interface NamespaceSecurityProps {
  /**
   * The namespace the PeerAuthentication (and default-deny policy) applies to.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Server-side mTLS mode for every workload in the namespace.
   * @default MtlsMode.STRICT
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Why PERMISSIVE is needed (e.g. "callers in legacy-batch have no sidecar yet"); required with
   * `MtlsMode.PERMISSIVE` and shown in the report, so the exception has an owner.
   * @default - none
   */
  readonly permissiveReason?: string;
  /**
   * Also render a namespace-wide default deny: an AuthorizationPolicy with an empty spec, so a
   * workload in the namespace without its own ALLOW policy accepts no request.
   * @default false
   */
  readonly defaultDeny?: boolean;
}

/** The PeerAuthentication name Istio's docs use for a namespace-wide policy. */
const PEER_AUTHENTICATION_NAME = 'default';
const DEFAULT_DENY_NAME = 'default-deny';

/**
 * Mesh security of one namespace: a PeerAuthentication (STRICT mTLS unless a migration needs
 * PERMISSIVE) and, when asked, a namespace-wide default deny. One per chart and namespace: every
 * ModelService calls `NamespaceSecurity.of()`, which creates it with the defaults unless it was
 * created explicitly first.
 */
export class NamespaceSecurity extends Construct {
  /**
   * The namespace's NamespaceSecurity, created with the defaults in the chart of `scope` if there
   * is none yet. A named namespace has one for the whole app (two charts in one namespace share
   * it, so there is one PeerAuthentication); a chart without a namespace has its own.
   */
  public static of(scope: IConstruct, namespace?: string): NamespaceSecurity {
    const chart = Chart.of(scope);
    const existing = NamespaceSecurity.find(chart, namespace ?? chart.namespace);
    return existing ?? new NamespaceSecurity(chart, `mesh-security-${namespace ?? chart.namespace ?? 'default'}`, { namespace });
  }

  /** Whether `x` is a NamespaceSecurity. */
  public static isNamespaceSecurity(x: any): x is NamespaceSecurity {
    return x !== null && typeof x === 'object' && NAMESPACE_SECURITY in x;
  }

  private static find(chart: Chart, namespace: string | undefined, except?: NamespaceSecurity): NamespaceSecurity | undefined {
    const found = BY_SCOPE.get(registryScope(chart, namespace))?.get(namespace);
    return found === except ? undefined : found;
  }

  /** The namespace, when known. */
  public readonly namespace?: string;
  /** The mTLS mode. */
  public readonly mtlsMode: MtlsMode;
  /** Whether a namespace-wide default deny is rendered. */
  public readonly defaultDeny: boolean;
  /** The PeerAuthentication. */
  public readonly peerAuthentication: ApiObject;
  /** The empty-spec AuthorizationPolicy, when `defaultDeny` is set. */
  public readonly defaultDenyPolicy?: ApiObject;
  private readonly permissiveReason?: string;

  constructor(scope: Construct, id: string, props: NamespaceSecurityProps = {}) {
    super(scope, id);
    Object.defineProperty(this, NAMESPACE_SECURITY, { value: true });
    const chart = Chart.of(this);
    const where = { path: this.node.path, field: '' };
    this.namespace = props.namespace ?? chart.namespace;
    if (this.namespace !== undefined && (typeof this.namespace !== 'string' || !isDns1123Label(this.namespace))) {
      fail({ ...where, field: 'namespace' }, `${JSON.stringify(this.namespace)} is not a valid namespace`, DNS1123_LABEL_RULE);
    }
    const other = NamespaceSecurity.find(chart, this.namespace, this);
    if (other) {
      fail({ ...where, field: 'namespace' }, `namespace ${this.namespace ?? '(the chart\'s)'} already has a NamespaceSecurity (${other.node.path}); create it before the ModelServices that use it`, 'one NamespaceSecurity per namespace');
    }
    const registry = registryScope(chart, this.namespace);
    BY_SCOPE.set(registry, (BY_SCOPE.get(registry) ?? new Map()).set(this.namespace, this));
    this.mtlsMode = props.mtlsMode ?? MtlsMode.STRICT;
    if (!Object.values(MtlsMode).includes(this.mtlsMode)) {
      fail({ ...where, field: 'mtlsMode' }, `${JSON.stringify(this.mtlsMode)} is not an mTLS mode`, 'MtlsMode.STRICT, MtlsMode.PERMISSIVE');
    }
    if (this.mtlsMode === MtlsMode.PERMISSIVE && !(typeof props.permissiveReason === 'string' && props.permissiveReason.trim())) {
      fail({ ...where, field: 'permissiveReason' }, 'PERMISSIVE mTLS accepts plaintext from anyone in the cluster; say why it is needed', 'a non-empty reason, e.g. "callers in legacy-batch have no sidecar yet"');
    }
    this.permissiveReason = this.mtlsMode === MtlsMode.PERMISSIVE ? props.permissiveReason : undefined;
    this.defaultDeny = props.defaultDeny ?? false;
    if (typeof this.defaultDeny !== 'boolean') fail({ ...where, field: 'defaultDeny' }, `${JSON.stringify(this.defaultDeny)} is not a boolean`, 'true or false');
    const metadata = (name: string) => ({ name, namespace: this.namespace });
    this.peerAuthentication = new ApiObject(this, 'PeerAuthentication', {
      apiVersion: ISTIO_SECURITY_V1,
      kind: 'PeerAuthentication',
      metadata: metadata(PEER_AUTHENTICATION_NAME),
      spec: { mtls: { mode: this.mtlsMode } } satisfies PeerAuthenticationSpec,
    });
    if (this.defaultDeny) {
      const owner = claimName(this, `AuthorizationPolicy ${this.namespace ?? ''}/${DEFAULT_DENY_NAME}`);
      if (owner) fail({ ...where, field: 'defaultDeny' }, `AuthorizationPolicy "${DEFAULT_DENY_NAME}" is also created by ${owner}`, 'no ModelService named "default-deny" in a namespace with a default deny');
      // An ALLOW policy with no rules matches nothing: every workload it selects (all of the namespace) is denied.
      this.defaultDenyPolicy = new ApiObject(this, 'DefaultDeny', {
        apiVersion: ISTIO_SECURITY_V1,
        kind: 'AuthorizationPolicy',
        metadata: metadata(DEFAULT_DENY_NAME),
        spec: {} satisfies AuthorizationPolicySpec,
      });
    }
    touchRouting();
    addObjectCheck(this, () => [this.peerAuthentication, ...(this.defaultDenyPolicy ? [this.defaultDenyPolicy] : [])]);
  }

  /** @internal for the route table and the report */
  public _spec(): NamespaceSecuritySpec {
    return {
      namespace: this.namespace,
      mtls: this.mtlsMode,
      permissiveReason: this.permissiveReason,
      defaultDeny: this.defaultDeny,
      source: this.node.path,
    };
  }
}

const NAMESPACE_SECURITY = Symbol.for('cdk8s-ml-mesh.NamespaceSecurity');

/**
 * Every NamespaceSecurity by namespace, kept as they are created (a tree search per ModelService
 * made building an app quadratic): named namespaces per app, a chart without one per chart.
 */
const BY_SCOPE = new WeakMap<IConstruct, Map<string | undefined, NamespaceSecurity>>();

function registryScope(chart: Chart, namespace: string | undefined): IConstruct {
  return namespace === undefined ? chart : chart.node.root;
}
