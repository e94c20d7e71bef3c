/**
 * What `npm run wire` generates: for each output file under src/wire/generated/, the vendored CRD
 * files (relative to the repository) and the kinds whose `spec` we emit or read. One API group per
 * output file. Add a kind here when a construct starts emitting or reading it.
 */
export interface WireKind {
  readonly kind: string;
  /** The served version whose schema is generated. */
  readonly version: string;
}

export interface WireTarget {
  /** File name under src/wire/generated/. */
  readonly file: string;
  /** What the file covers, for its header. */
  readonly title: string;
  /** CRD files (YAML, one or more documents) to read the kinds from. */
  readonly crds: readonly string[];
  /**
   * Optional narrower channel of the same CRDs (Gateway API's standard channel): fields present in
   * `crds` but not here are marked experimental in their TSDoc.
   */
  readonly stableCrds?: readonly string[];
  readonly kinds: readonly WireKind[];
  /**
   * Names for shapes used at several paths (otherwise named after the first, shallowest one):
   * type name → the path-derived name of one place that holds it.
   */
  readonly names?: Readonly<Record<string, string>>;
}

const GATEWAY_API_KINDS = ['gateways', 'httproutes', 'grpcroutes', 'referencegrants'];

export const WIRE_TARGETS: readonly WireTarget[] = [
  {
    file: 'istio-networking.ts',
    title: 'Istio 1.30.3 `networking.istio.io`',
    crds: ['crds/istio/istio-crds.yaml'],
    kinds: [
      { kind: 'VirtualService', version: 'v1' },
      { kind: 'DestinationRule', version: 'v1' },
      { kind: 'Gateway', version: 'v1' },
    ],
    // Istio's own proto message names (istio.io/api networking/v1alpha3).
    names: {
      StringMatch: 'VirtualServiceSpecHttpMatchUri',
      Destination: 'VirtualServiceSpecHttpRouteDestination',
      PortSelector: 'VirtualServiceSpecHttpRouteDestinationPort',
      Percent: 'VirtualServiceSpecHttpMirrorPercentage',
      HeaderOperations: 'VirtualServiceSpecHttpHeadersRequest',
      TrafficPolicy: 'DestinationRuleSpecTrafficPolicy',
      HTTPRoute: 'VirtualServiceSpecHttp',
      HTTPMatchRequest: 'VirtualServiceSpecHttpMatch',
      Headers: 'VirtualServiceSpecHttpHeaders',
      HTTPRewrite: 'VirtualServiceSpecHttpRewrite',
      OutlierDetection: 'DestinationRuleSpecTrafficPolicyOutlierDetection',
      ConnectionPoolSettings: 'DestinationRuleSpecTrafficPolicyConnectionPool',
      LoadBalancerSettings: 'DestinationRuleSpecTrafficPolicyLoadBalancer',
      Server: 'GatewaySpecServers',
    },
  },
  {
    file: 'istio-security.ts',
    title: 'Istio 1.30.3 `security.istio.io`',
    crds: ['crds/istio/istio-crds.yaml'],
    kinds: [
      { kind: 'PeerAuthentication', version: 'v1' },
      { kind: 'AuthorizationPolicy', version: 'v1' },
    ],
  },
  {
    file: 'kserve.ts',
    title: 'KServe v0.20.0 `serving.kserve.io`',
    crds: ['crds/kserve/serving.kserve.io_inferenceservices.yaml'],
    kinds: [{ kind: 'InferenceService', version: 'v1beta1' }],
    // Kubernetes' own name for the shape every container of the spec shares.
    names: { ResourceRequirements: 'InferenceServiceSpecPredictorModelResources' },
  },
  {
    file: 'argo-rollouts.ts',
    title: 'Argo Rollouts v1.9.1 `argoproj.io`',
    crds: ['crds/argo-rollouts/rollout-crd.yaml', 'crds/argo-rollouts/analysis-template-crd.yaml'],
    kinds: [
      { kind: 'Rollout', version: 'v1alpha1' },
      { kind: 'AnalysisTemplate', version: 'v1alpha1' },
    ],
  },
  {
    file: 'prometheus-operator.ts',
    title: 'Prometheus Operator v0.93.0 `monitoring.coreos.com`',
    crds: [
      'crds/prometheus-operator/monitoring.coreos.com_prometheusrules.yaml',
      'crds/prometheus-operator/monitoring.coreos.com_podmonitors.yaml',
    ],
    kinds: [
      { kind: 'PrometheusRule', version: 'v1' },
      { kind: 'PodMonitor', version: 'v1' },
    ],
  },
  {
    file: 'gateway-api.ts',
    title: 'Gateway API v1.6.1 `gateway.networking.k8s.io` (experimental channel; fields the standard channel lacks are marked)',
    crds: GATEWAY_API_KINDS.map(k => `crds/gateway-api/experimental/${k}.yaml`),
    stableCrds: GATEWAY_API_KINDS.map(k => `crds/gateway-api/standard/${k}.yaml`),
    kinds: [
      { kind: 'Gateway', version: 'v1' },
      { kind: 'HTTPRoute', version: 'v1' },
      { kind: 'GRPCRoute', version: 'v1' },
      { kind: 'ReferenceGrant', version: 'v1' },
    ],
  },
  {
    file: 'inference-pool.ts',
    title: 'Gateway API Inference Extension v1.6.0 `inference.networking.k8s.io`',
    crds: ['crds/gateway-api-inference-extension/inferencepools.yaml'],
    kinds: [{ kind: 'InferencePool', version: 'v1' }],
  },
];
