import { YamlOutputType } from 'cdk8s';
import { PORTABLE_VARIANT, RecommendationPlatform } from './platform';
import { GatewayApiProfile, GatewayApiReleaseChannel, MeshApp, RoutingTarget } from '../../src';

// `npm run synth:gateway-api` runs this file: the same platform routed with Gateway API instead of
// VirtualServices (docs/gateway-api.md), written to dist-gateway-api/. Istio with sidecars implements
// it; the experimental channel keeps the platform's retries (HTTPRoute `retry`). It renders the
// PORTABLE_VARIANT: a static canary and retries HTTPRoute can express.
const app = new MeshApp({
  yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
  routingTarget: RoutingTarget.gatewayApi(GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL })),
});
new RecommendationPlatform(app, 'recommendation', PORTABLE_VARIANT);
app.synth();
