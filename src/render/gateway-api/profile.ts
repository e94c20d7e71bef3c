/**
 * Gateway API implementation profiles: what one implementation supports, by the feature names its
 * GatewayClass reports in `status.supportedFeatures` (GEP-2162; names from
 * kubernetes-sigs/gateway-api `pkg/features/*.go` at v1.6.1). Core features (`HTTPRoute`, `Mesh`,
 * `GRPCRoute`, `Gateway`, `ReferenceGrant`) are listed too, so one lookup answers every question.
 */
import { listOf, MeshConfigError } from '../../util/errors';

/** Gateway API release channel: which CRDs the cluster installed (the apiserver prunes the other channel's fields). */
export enum GatewayApiReleaseChannel {
  /** `config/crd/standard`: no `retry`, no `sessionPersistence`. */
  STANDARD = 'standard',
  /** `config/crd/experimental`: adds e.g. HTTPRoute `retry` (GEP-1731). */
  EXPERIMENTAL = 'experimental',
}

/** Options every built-in profile takes. */
export interface GatewayApiProfileOptions {
  /**
   * The channel of the Gateway API CRDs installed in the cluster. Experimental fields (retries) are
   * rendered only with EXPERIMENTAL: a standard-channel apiserver would silently prune them.
   * @default GatewayApiReleaseChannel.STANDARD
   */
  readonly channel?: GatewayApiReleaseChannel;
}

/** A profile described by hand, e.g. from a captured `GatewayClass.status.supportedFeatures`. */
export interface GatewayApiProfileProps extends GatewayApiProfileOptions {
  /** Short name used in messages, e.g. `kgateway-2.3`. */
  readonly name: string;
  /** GatewayClass `status.supportedFeatures` names, e.g. `HTTPRouteMethodMatching`. */
  readonly supportedFeatures: string[];
  /**
   * The regex dialect of `RegularExpression` matches (implementation-specific, GEP-4359 is only a
   * memorandum), e.g. `RE2`.
   * @default - regex matches are a synth error
   */
  readonly regexDialect?: string;
  /**
   * Whether the implementation routes to `inference.networking.k8s.io/v1` InferencePool backends.
   * @default false
   */
  readonly inferencePool?: boolean;
  /**
   * Whether the implementation keeps applying Istio DestinationRule traffic policy (outlier detection,
   * connection pool, load balancer) to Gateway API traffic, so the renderer may add a DestinationRule.
   * @default false
   */
  readonly destinationRuleTrafficPolicy?: boolean;
  /**
   * Whether a ResponseHeaderModifier on one backendRef is applied (the CRD allows it, but no conformance
   * feature covers it).
   * @default false
   */
  readonly backendResponseHeaderModification?: boolean;
  /** Where the feature list comes from (conformance report, docs). @default - none */
  readonly sources?: string[];
  /**
   * What the cluster must have enabled before InferencePool backends route (listed in the routing report's
   * cluster assumptions when a version is served through a pool).
   * @default - nothing beyond the Inference Extension CRDs
   */
  readonly inferencePoolSetup?: string;
  /**
   * The GatewayClass a ModelIngress's Gateway uses unless it names one.
   * @default - none: every ModelIngress names its `gatewayClassName`
   */
  readonly gatewayClassName?: string;
  /**
   * Whether the implementation deploys each Gateway's proxies itself, in the mesh, under the ServiceAccount
   * `<gateway name>-<gatewayClassName>` (Istio's gateway deployment controller), so a ModelIngress can grant
   * that identity by default.
   * @default false
   */
  readonly meshGatewayDeployment?: boolean;
}

/** Core features of the conformance profiles GATEWAY-HTTP, GATEWAY-GRPC and MESH-HTTP. */
const CORE = ['Gateway', 'HTTPRoute', 'ReferenceGrant'];

/**
 * Istio 1.28's extended features from its Gateway API conformance report (GATEWAY-HTTP and MESH-HTTP
 * profiles; `MeshClusterIPMatching` unsupported): conformance/reports/v1.4.0/istio-istio/1.28.0-default-report.yaml
 * in kubernetes-sigs/gateway-api at v1.6.1 (8bb74df0).
 */
const ISTIO_FEATURES = [...CORE, 'GRPCRoute', 'Mesh',
  'GatewayAddressEmpty', 'GatewayHTTPListenerIsolation', 'GatewayInfrastructurePropagation', 'GatewayPort8080', 'GatewayStaticAddresses',
  'HTTPRouteBackendProtocolH2C', 'HTTPRouteBackendProtocolWebSocket', 'HTTPRouteBackendRequestHeaderModification', 'HTTPRouteBackendTimeout',
  'HTTPRouteCORS', 'HTTPRouteDestinationPortMatching', 'HTTPRouteHostRewrite', 'HTTPRouteMethodMatching', 'HTTPRouteNamedRouteRule',
  'HTTPRouteParentRefPort', 'HTTPRoutePathRedirect', 'HTTPRoutePathRewrite', 'HTTPRoutePortRedirect', 'HTTPRouteQueryParamMatching',
  'HTTPRouteRequestMirror', 'HTTPRouteRequestMultipleMirrors', 'HTTPRouteRequestPercentageMirror', 'HTTPRouteRequestTimeout',
  'HTTPRouteResponseHeaderModification', 'HTTPRouteSchemeRedirect',
  'MeshConsumerRoute', 'MeshHTTPRouteBackendRequestHeaderModification', 'MeshHTTPRouteNamedRouteRule', 'MeshHTTPRouteQueryParamMatching',
  'MeshHTTPRouteRedirectPath', 'MeshHTTPRouteRedirectPort', 'MeshHTTPRouteRewritePath', 'MeshHTTPRouteSchemeRedirect'];

/** Istio translates HTTPRoute `retry` (experimental channel) into VirtualService retries (conversion.go@1.30.3 l.186-209). */
const ISTIO_EXPERIMENTAL = ['HTTPRouteRetry', 'HTTPRouteRetryBackendTimeout', 'HTTPRouteRetryConnectionError'];

const ISTIO_SOURCES = [
  'kubernetes-sigs/gateway-api@v1.6.1 conformance/reports/v1.4.0/istio-istio/1.28.0-default-report.yaml',
  'istio/istio@1.30.3 pilot/pkg/config/kube/gateway/conversion.go (HTTPRoute to VirtualService; retry, timeouts, mirror)',
  'https://istio.io/latest/docs/ambient/migrate/migrate-policies/ (DestinationRule traffic policies apply to waypoints; one Service per version)',
  'istio/istio@1.30.3 pilot/pkg/features/experimental.go: ENABLE_GATEWAY_API_INFERENCE_EXTENSION (InferencePool, off by default)',
];

/**
 * Envoy Gateway v1.8.0's GATEWAY-HTTP features (no MESH profile: Envoy Gateway is north-south only):
 * conformance/reports/v1.5/envoy-gateway/experimental-v1.8.0-default-report.yaml.
 */
const ENVOY_GATEWAY_FEATURES = [...CORE, 'GRPCRoute', 'BackendTLSPolicy', 'GatewayPort8080', 'GatewayStaticAddresses', 'ListenerSet',
  'HTTPRoute303RedirectStatusCode', 'HTTPRoute307RedirectStatusCode', 'HTTPRoute308RedirectStatusCode',
  'HTTPRouteBackendProtocolH2C', 'HTTPRouteBackendProtocolWebSocket', 'HTTPRouteBackendRequestHeaderModification', 'HTTPRouteBackendTimeout',
  'HTTPRouteCORS', 'HTTPRouteDestinationPortMatching', 'HTTPRouteHostRewrite', 'HTTPRouteMethodMatching', 'HTTPRouteNamedRouteRule',
  'HTTPRouteParentRefPort', 'HTTPRoutePathRedirect', 'HTTPRoutePathRewrite', 'HTTPRoutePortRedirect', 'HTTPRouteQueryParamMatching',
  'HTTPRouteRequestMirror', 'HTTPRouteRequestMultipleMirrors', 'HTTPRouteRequestPercentageMirror', 'HTTPRouteRequestTimeout',
  'HTTPRouteResponseHeaderModification', 'HTTPRouteSchemeRedirect'];

/**
 * GKE Gateway (1.35.2-gke.1751000) from its v1.5.0 report: conformance/reports/v1.5/gke-gateway/v1.5.0-gke-report.yaml.
 * No method or query matching, no timeouts (KServe hit this: kserve#5311), no CORS, no mesh.
 */
const GKE_FEATURES = [...CORE, 'GatewayPort8080', 'HTTPRouteHostRewrite', 'HTTPRoutePathRedirect', 'HTTPRouteRequestMirror',
  'HTTPRouteRequestPercentageMirror', 'HTTPRouteResponseHeaderModification', 'HTTPRouteSchemeRedirect'];

/**
 * Which Gateway API implementation renders the routes, and so which features a route may use. Built-in
 * profiles list the features from the implementation's published conformance report; `custom` takes
 * a GatewayClass's `status.supportedFeatures` as captured from a cluster.
 */
export class GatewayApiProfile {
  /** Istio with sidecars (GAMMA mesh routes and Istio gateways), Istio 1.28+ conformance. */
  public static istioSidecar(options: GatewayApiProfileOptions = {}): GatewayApiProfile {
    return GatewayApiProfile.istio('istio-sidecar', options);
  }

  /**
   * Istio ambient mode (waypoints): Istio recommends HTTPRoute there, since VirtualService on waypoints is
   * Alpha and mixing both APIs on one workload is undefined.
   */
  public static istioAmbient(options: GatewayApiProfileOptions = {}): GatewayApiProfile {
    return GatewayApiProfile.istio('istio-ambient', options);
  }

  /** Envoy Gateway 1.8 (north-south only: no mesh routes). */
  public static envoyGateway(options: GatewayApiProfileOptions = {}): GatewayApiProfile {
    return new GatewayApiProfile({
      name: 'envoy-gateway',
      channel: options.channel,
      supportedFeatures: ENVOY_GATEWAY_FEATURES,
      regexDialect: 'RE2',
      sources: [
        'kubernetes-sigs/gateway-api@v1.6.1 conformance/reports/v1.5/envoy-gateway/experimental-v1.8.0-default-report.yaml',
        'Envoy safe_regex is Google RE2',
      ],
    });
  }

  /** GKE Gateway (GKE 1.35), with GKE Inference Gateway for InferencePool backends. */
  public static gke(options: GatewayApiProfileOptions = {}): GatewayApiProfile {
    return new GatewayApiProfile({
      name: 'gke',
      channel: options.channel,
      supportedFeatures: GKE_FEATURES,
      inferencePool: true,
      inferencePoolSetup: 'the cluster has GKE Inference Gateway enabled (the Inference Extension CRDs and a regional or global external managed GatewayClass)',
      sources: [
        'kubernetes-sigs/gateway-api@v1.6.1 conformance/reports/v1.5/gke-gateway/v1.5.0-gke-report.yaml',
        'https://cloud.google.com/kubernetes-engine/docs/concepts/about-gke-inference-gateway',
      ],
    });
  }

  /** Only what every conformant implementation must do: Core HTTPRoute, GRPCRoute and Mesh. */
  public static genericStandard(options: GatewayApiProfileOptions = {}): GatewayApiProfile {
    return new GatewayApiProfile({
      name: 'generic-standard',
      channel: options.channel,
      supportedFeatures: [...CORE, 'GRPCRoute', 'Mesh'],
      sources: ['kubernetes-sigs/gateway-api@v1.6.1 pkg/features (Core features of GATEWAY-HTTP, GATEWAY-GRPC, MESH-HTTP)'],
    });
  }

  /** A profile from a GatewayClass's `status.supportedFeatures`. */
  public static custom(props: GatewayApiProfileProps): GatewayApiProfile {
    if (!props.name) throw new MeshConfigError('GatewayApiProfile.custom', 'name', 'a profile needs a name for messages', 'a short name, e.g. "kgateway-2.3"');
    const bad = props.supportedFeatures.filter(f => !/^[A-Za-z0-9]+$/.test(f));
    if (bad.length) {
      throw new MeshConfigError('GatewayApiProfile.custom', 'supportedFeatures', `${listOf(bad)} ${bad.length > 1 ? 'are not feature names' : 'is not a feature name'}`,
        'GatewayClass status.supportedFeatures names such as "HTTPRouteMethodMatching"');
    }
    return new GatewayApiProfile(props);
  }

  private static istio(name: string, options: GatewayApiProfileOptions): GatewayApiProfile {
    const experimental = options.channel === GatewayApiReleaseChannel.EXPERIMENTAL;
    return new GatewayApiProfile({
      name,
      channel: options.channel,
      supportedFeatures: [...ISTIO_FEATURES, ...(experimental ? ISTIO_EXPERIMENTAL : [])],
      regexDialect: 'RE2',
      inferencePool: true,
      destinationRuleTrafficPolicy: true,
      // conversion.go@1.30.3 l.984: backendRef ResponseHeaderModifier becomes route[].headers.response.
      backendResponseHeaderModification: true,
      // Istio installs GatewayClass `istio` and deploys each Gateway as `<name>-istio` (gatewaycommon/gateway_utils.go
      // GetDefaultName and deploymentcontroller.go, istio@86c9f01f).
      gatewayClassName: 'istio',
      meshGatewayDeployment: true,
      // pilot/pkg/features/experimental.go (istio@86c9f01f): EnableGatewayAPIInferenceExtension defaults to false.
      inferencePoolSetup: 'istiod runs with ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true (off by default): without it Istio ignores InferencePools and the Gateway\'s routes to them fail',
      sources: ISTIO_SOURCES,
    });
  }

  /** Short name for messages. */
  public readonly name: string;
  /** The installed CRD channel. */
  public readonly channel: GatewayApiReleaseChannel;
  /** Supported feature names, sorted. */
  public readonly supportedFeatures: string[];
  /** Regex dialect, when regex matches are supported. */
  public readonly regexDialect?: string;
  /** Whether InferencePool backends are routed. */
  public readonly inferencePool: boolean;
  /** Whether Istio DestinationRule traffic policy applies. */
  public readonly destinationRuleTrafficPolicy: boolean;
  /** Whether per-backend response header changes are applied. */
  public readonly backendResponseHeaderModification: boolean;
  /** Where the feature list comes from. */
  public readonly sources: string[];
  /** The default GatewayClass of a ModelIngress, when the implementation has one. */
  public readonly gatewayClassName?: string;
  /** Whether Gateways' proxies run in the mesh as `<gateway>-<class>`. */
  public readonly meshGatewayDeployment: boolean;
  /** What the cluster must have enabled for InferencePool backends, when anything. */
  public readonly inferencePoolSetup?: string;

  private constructor(props: GatewayApiProfileProps) {
    this.name = props.name;
    this.channel = props.channel ?? GatewayApiReleaseChannel.STANDARD;
    this.supportedFeatures = [...new Set(props.supportedFeatures)].sort();
    this.regexDialect = props.regexDialect;
    this.inferencePool = props.inferencePool ?? false;
    this.destinationRuleTrafficPolicy = props.destinationRuleTrafficPolicy ?? false;
    this.backendResponseHeaderModification = props.backendResponseHeaderModification ?? false;
    this.sources = [...(props.sources ?? [])];
    this.gatewayClassName = props.gatewayClassName;
    this.meshGatewayDeployment = props.meshGatewayDeployment ?? false;
    this.inferencePoolSetup = props.inferencePoolSetup;
  }

  /** Whether the implementation reports `feature` in `status.supportedFeatures`. */
  public supports(feature: string): boolean {
    return this.supportedFeatures.includes(feature);
  }
}
