import * as fs from 'fs';
import * as path from 'path';
import { GatewayApiProfile, GatewayApiProfileOptions, GatewayApiReleaseChannel } from '../../src/render/gateway-api/profile';

const PROFILES: Record<string, (o?: GatewayApiProfileOptions) => GatewayApiProfile> = {
  'istio-sidecar': GatewayApiProfile.istioSidecar,
  'istio-ambient': GatewayApiProfile.istioAmbient,
  'envoy-gateway': GatewayApiProfile.envoyGateway,
  'gke': GatewayApiProfile.gke,
  'generic-standard': GatewayApiProfile.genericStandard,
};

/** The feature table of a doc (docs/gateway-api.md, README.md), between its markers. */
function docTable(file: string): string[][] {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
  const block = text.slice(text.indexOf('<!-- profile-features:start -->'), text.indexOf('<!-- profile-features:end -->'));
  return block.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Feature') && !l.startsWith('|---'))
    .map(l => l.split('|').slice(1, -1).map(c => c.trim()));
}

describe('Gateway API profiles', () => {
  test.each([['docs/gateway-api.md', 20], ['README.md', 8]])('the table in %s says what the profiles in code support', (file, minRows) => {
    const header = ['istio-sidecar', 'istio-ambient', 'envoy-gateway', 'gke', 'generic-standard'];
    const rows = docTable(file);
    expect(rows.length).toBeGreaterThan(minRows);
    for (const [label, ...cells] of rows) {
      const feature = label.split(' ')[0];
      const options = label.includes('experimental') ? { channel: GatewayApiReleaseChannel.EXPERIMENTAL } : {};
      const inCode = header.map(name => (PROFILES[name](options).supports(feature) ? '✔' : '–'));
      expect({ feature, cells }).toEqual({ feature, cells: inCode });
    }
  });

  test('every name is a GatewayClass supportedFeatures name of Gateway API v1.6.1 (pkg/features)', () => {
    // pkg/features/{gateway,httproute,grpcroute,mesh,referencegrant,backendtlspolicy,listenerset}.go@v1.6.1, the names used here.
    const known = /^(Gateway|HTTPRoute|GRPCRoute|ReferenceGrant|Mesh|BackendTLSPolicy|ListenerSet|GatewayPort8080|GatewayStaticAddresses|GatewayAddressEmpty|GatewayHTTPListenerIsolation|GatewayInfrastructurePropagation|HTTPRoute[A-Za-z0-9]+|GRPCRouteNamedRouteRule|Mesh(ConsumerRoute|ClusterIPMatching|HTTPRoute[A-Za-z]+))$/;
    for (const make of Object.values(PROFILES)) {
      const p = make({ channel: GatewayApiReleaseChannel.EXPERIMENTAL });
      expect(p.supportedFeatures.filter(f => !known.test(f))).toEqual([]);
      expect(p.sources.length).toBeGreaterThan(0);
    }
  });

  test('experimental features only with the experimental channel', () => {
    expect(GatewayApiProfile.istioSidecar().supports('HTTPRouteRetry')).toBe(false);
    expect(GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL }).supports('HTTPRouteRetry')).toBe(true);
    expect(GatewayApiProfile.istioAmbient().channel).toBe(GatewayApiReleaseChannel.STANDARD);
  });

  test('custom: a captured supportedFeatures list', () => {
    const p = GatewayApiProfile.custom({ name: 'kgateway', supportedFeatures: ['HTTPRoute', 'Mesh', 'HTTPRoute'], regexDialect: 'RE2' });
    expect([p.name, p.supportedFeatures, p.inferencePool, p.destinationRuleTrafficPolicy]).toEqual(['kgateway', ['HTTPRoute', 'Mesh'], false, false]);
  });

  test('custom: bad input is a MeshConfigError naming the field', () => {
    expect(() => GatewayApiProfile.custom({ name: '', supportedFeatures: [] })).toThrow('[GatewayApiProfile.custom] name: a profile needs a name');
    expect(() => GatewayApiProfile.custom({ name: 'x', supportedFeatures: ['HTTPRoute', 'query params'] })).toThrow('supportedFeatures: "query params" is not a feature name');
  });
});
