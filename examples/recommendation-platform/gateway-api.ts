import { YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from './platform';
import { GatewayApiProfile, GatewayApiReleaseChannel, MeshApp, RoutingTarget } from '../../src';

// `npm run synth:gateway-api` runs this file: the same platform routed with Gateway API instead of
// VirtualServices (docs/gateway-api.md), written to dist-gateway-api/. Istio with sidecars implements
// it; the experimental channel keeps the platform's retries (HTTPRoute `retry`). The canary is static
// and retries are portable: Argo's Gateway API plugin would overwrite the A/B route's weights, and
// HTTPRoute cannot say Envoy's `5xx`/`gateway-error` retry conditions.
const app = new MeshApp({
  yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
  routingTarget: RoutingTarget.gatewayApi(GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL })),
});
new RecommendationPlatform(app, 'recommendation', { staticRankingCanary: true, portableRetries: true });
app.synth();
