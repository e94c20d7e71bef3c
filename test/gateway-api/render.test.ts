import { ranking, route, to, checkErrors, HOST } from './helpers';
import { GatewayApiProfile, GatewayApiReleaseChannel } from '../../src/render/gateway-api/profile';
import { renderMeshRouting } from '../../src/render/gateway-api/render-service';
import { ServiceRouting } from '../../src/routing/route-table';

const istio = GatewayApiProfile.istioSidecar();
const render = (s: ServiceRouting, profile = istio, protocol?: 'http' | 'grpc') =>
  renderMeshRouting({ service: s, profile, path: 'platform/content-ranking', protocol });
const httpRoute = (objects: readonly any[]) => objects.find(o => o.kind === 'HTTPRoute');
const messages = (r: ReturnType<typeof render>) => r.problems.map(p => `${p.field}: ${p.problem}`);

/** Every route action the issue lists, in one table (path routes first: HTTPRoute ranks paths before headers). */
const full = ranking([
  route({ name: 'v2-api', matches: [{ uri: { kind: 'exact', value: '/v2' } }, { uri: { kind: 'prefix', value: '/v2/' } }], destinations: [to('v47')], rewrite: { authority: 'ranking-v2' } }),
  route({ name: 'rank-v1', matches: [{ uri: { kind: 'exact', value: '/rank' } }], destinations: [to('v43')], rewrite: { uri: '/v1/rank' } }),
  route({ name: 'legacy', matches: [{ uri: { kind: 'exact', value: '/rank-old' } }], destinations: [], redirect: { code: 301, uri: '/rank' } }),
  route({
    name: 'premium',
    matches: [{ headers: { 'x-user-tier': { kind: 'exact', value: 'premium' } }, method: { kind: 'exact', value: 'POST' }, queryParams: { debug: { kind: 'exact', value: '1' } } }],
    destinations: [to('v47')],
    headers: { request: { set: { 'x-tier': 'premium' } }, response: { add: { 'x-served-by': 'mesh' } } },
  }),
  route({
    name: 'default',
    destinations: [to('v45', 85), to('v47', 10), to('v43', 5)],
    mirrors: [{ host: HOST, subset: 'v43', percent: 5 }, { host: HOST, subset: 'v47', percent: 0.5 }],
    timeoutMs: 1500,
    cors: { allowOrigins: [{ kind: 'exact', value: 'https://app.example.com' }], allowMethods: ['POST'], maxAgeMs: 3_600_000 },
    origin: 'default',
  }),
]);

describe('Gateway API rendering of a model service (mesh, GAMMA)', () => {
  test('HTTPRoute attached to the model\'s Service, one Service per version, every action rendered', () => {
    const out = render(full);
    expect(out.problems).toEqual([]);
    expect(out.objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/content-ranking-v45', 'Service/content-ranking-v47', 'Service/content-ranking-v43', 'HTTPRoute/content-ranking',
    ]);
    expect(out.objects[0].spec).toEqual({
      selector: { app: 'content-ranking', version: 'v45' },
      ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }],
    });
    const spec = httpRoute(out.objects).spec;
    expect(spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'content-ranking', port: 8080 }]);
    const [v2, rankV1, legacy, premium, dflt] = spec.rules;
    expect(premium).toEqual({
      name: 'premium',
      matches: [{ headers: [{ type: 'Exact', name: 'x-user-tier', value: 'premium' }], queryParams: [{ type: 'Exact', name: 'debug', value: '1' }], method: 'POST' }],
      filters: [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-tier', value: 'premium' }] } },
        { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'mesh' }] } },
      ],
      backendRefs: [{ group: '', kind: 'Service', name: 'content-ranking-v47', port: 8080 }],
    });
    // Istio's exact /v2 OR prefix /v2/ is one PathPrefix /v2.
    expect(v2.matches).toEqual([{ path: { type: 'PathPrefix', value: '/v2' } }]);
    expect(v2.filters).toEqual([{ type: 'URLRewrite', urlRewrite: { hostname: 'ranking-v2' } }]);
    expect(rankV1.filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/v1/rank' } } }]);
    expect(legacy).toEqual({
      name: 'legacy',
      matches: [{ path: { type: 'Exact', value: '/rank-old' } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/rank' }, statusCode: 301 } }],
    });
    expect(dflt.backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['content-ranking-v45', 85], ['content-ranking-v47', 10], ['content-ranking-v43', 5]]);
    expect(dflt.filters.filter((f: any) => f.type === 'RequestMirror').map((f: any) => f.requestMirror)).toEqual([
      { backendRef: { group: '', kind: 'Service', name: 'content-ranking-v43', port: 8080 }, percent: 5 },
      { backendRef: { group: '', kind: 'Service', name: 'content-ranking-v47', port: 8080 }, fraction: { numerator: 5000, denominator: 1_000_000 } },
    ]);
    expect(dflt.timeouts).toEqual({ request: '1s500ms' });
    expect(dflt.filters.find((f: any) => f.type === 'CORS').cors).toEqual({ allowOrigins: ['https://app.example.com'], allowMethods: ['POST'], maxAge: 3600 });
    expect(out.features).toEqual(expect.arrayContaining(['Mesh', 'HTTPRouteMethodMatching', 'MeshHTTPRouteQueryParamMatching', 'HTTPRouteRequestPercentageMirror', 'HTTPRouteCORS']));
  });

  test('the objects pass check against the vendored CRDs, CEL rules included', () => {
    expect(checkErrors(render(full).objects)).toEqual([]);
  });

  test('a single destination carries no weight (Istio sends it everything whatever its weight)', () => {
    const spec = httpRoute(render(ranking([route({ destinations: [to('v45', 0)] })])).objects).spec;
    expect(spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'content-ranking-v45', port: 8080 }]);
  });

  test('a response header for one destination (the version header): Istio applies it, other profiles refuse it', () => {
    const s = ranking([route({ destinations: [{ ...to('v45', 9), headers: { response: { set: { 'x-model-version': 'v45' } } } }, to('v47', 1)] })]);
    const out = render(s);
    expect(httpRoute(out.objects).spec.rules[0].backendRefs[0].filters).toEqual([
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'x-model-version', value: 'v45' }] } },
    ]);
    expect(checkErrors(out.objects)).toEqual([]);
    expect(messages(render(s, GatewayApiProfile.genericStandard()))).toEqual([expect.stringContaining('a response header change for one destination has no conformance feature')]);
  });

  test('retries: a synth error on the standard channel, retry + backendRequest on the experimental one', () => {
    const s = ranking([route({ retries: { attempts: 3, perTryTimeoutMs: 200, retryOn: ['connect-failure', '503'] }, timeoutMs: 1000 })]);
    expect(messages(render(s))).toEqual([
      expect.stringMatching(/^routes\[0\]\.retries: retries is only in Gateway API's experimental channel \(HTTPRouteRetry\); profile istio-sidecar declares the standard channel.*alternative: no retries/),
    ]);
    const out = render(s, GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL }));
    expect(out.problems).toEqual([]);
    const rule = httpRoute(out.objects).spec.rules[0];
    expect([rule.retry, rule.timeouts]).toEqual([{ attempts: 3, codes: [503] }, { request: '1s', backendRequest: '200ms' }]);
    expect(checkErrors(out.objects, 'experimental')).toEqual([]);
    // The same object on a standard-channel cluster: the apiserver does not know `retry`.
    expect(checkErrors(out.objects, 'standard')).toEqual([expect.stringContaining('spec.rules[0].retry [schema/unknown-field]')]);
  });

  test('Istio retry conditions Gateway API cannot express are named', () => {
    const s = ranking([route({ retries: { attempts: 2, retryOn: ['5xx', 'gateway-error'] } })]);
    const out = render(s, GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL }));
    expect(messages(out)).toEqual([
      expect.stringContaining('retry condition "5xx" has no Gateway API equivalent'),
      expect.stringContaining('retry condition "gateway-error" has no Gateway API equivalent'),
    ]);
    expect(out.objects).toEqual([]);
  });

  test('fault injection, direct response, withoutHeaders, source labels: errors naming feature, profile and alternative', () => {
    const s = ranking([
      route({ matches: [{ withoutHeaders: { 'x-canary': { kind: 'exact', value: '1' } }, sourceLabels: { app: 'frontend' } }], fault: { abort: { httpStatus: 503, percent: 1 } } }),
      route({ destinations: [], directResponse: { status: 503 }, origin: 'default' }),
    ]);
    const out = render(s);
    expect(out.objects).toEqual([]);
    expect(out.problems.map(p => p.field)).toEqual(['routes[0].fault', 'routes[0].matches[0].withoutHeaders', 'routes[0].matches[0].sourceLabels', 'routes[1].directResponse']);
    expect(out.problems[0]).toMatchObject({ path: 'platform/content-ranking' });
    expect(out.problems[0].problem).toMatch(/fault injection has no Gateway API equivalent .*profile istio-sidecar.*alternative: Envoy Gateway BackendTrafficPolicy\.faultInjection/);
    expect(out.problems[2].problem).toMatch(/alternative: a consumer route \(MeshConsumerRoute\)/);
  });

  test('profiles decide: GKE has no method match or timeouts, Envoy Gateway no mesh, generic standard only Core', () => {
    const s = ranking([route({ matches: [{ method: { kind: 'exact', value: 'POST' } }], timeoutMs: 500 }), route({ origin: 'default' })]);
    expect(messages(render(s, GatewayApiProfile.gke()))).toEqual([
      'routing: a mesh (GAMMA) route attached to the model\'s Service needs the Gateway API feature Mesh, which profile gke does not support; alternative: a Gateway (ModelIngress) in front of the model, or another profile',
      'routes[0].matches[0].method: a method match needs the Gateway API feature HTTPRouteMethodMatching, which profile gke does not support; alternative: RoutingTarget.istio() (VirtualService) for this service',
      'routes[0].timeout: a request timeout needs the Gateway API feature HTTPRouteRequestTimeout, which profile gke does not support; alternative: no timeout, or RoutingTarget.istio() (VirtualService) for this service',
    ]);
    expect(messages(render(s, GatewayApiProfile.envoyGateway()))).toEqual([expect.stringMatching(/^routing: .*feature Mesh, which profile envoy-gateway/)]);
    expect(messages(render(s, GatewayApiProfile.genericStandard())).map(m => m.split(':')[0])).toEqual(['routes[0].matches[0].method', 'routes[0].timeout']);
  });

  test('regex is implementation-specific: allowed where the profile names a dialect', () => {
    const s = ranking([route({ matches: [{ headers: { 'x-user': { kind: 'regex', value: 'qa-[0-9]+' } } }] }), route({ origin: 'default' })]);
    expect(render(s).problems).toEqual([]);
    expect(messages(render(s, GatewayApiProfile.genericStandard()))).toEqual([expect.stringContaining('implementation-specific in Gateway API and profile generic-standard declares no regex dialect')]);
  });

  test('a path rewrite after a prefix match is refused (Istio replaces characters, ReplacePrefixMatch whole elements)', () => {
    const s = ranking([route({ matches: [{ uri: { kind: 'exact', value: '/v2' } }, { uri: { kind: 'prefix', value: '/v2/' } }], rewrite: { uri: '/v1/' } })]);
    expect(messages(render(s))).toEqual([expect.stringContaining('routes[0].rewrite.uri: a path rewrite after a prefix match replaces characters in Istio')]);
  });

  test('string prefixes Gateway API cannot match element-wise are refused; prefix "/" is PathPrefix "/"', () => {
    expect(messages(render(ranking([route({ matches: [{ uri: { kind: 'prefix', value: '/v1' } }] })])))).toEqual([
      expect.stringContaining('the string prefix "/v1" has no Gateway API equivalent: PathPrefix matches whole path elements'),
    ]);
    const spec = httpRoute(render(ranking([route({ matches: [{ uri: { kind: 'prefix', value: '/' } }] })])).objects).spec;
    expect(spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
  });

  test('a later route that outranks an earlier one under Gateway API precedence is a synth error', () => {
    const s = ranking([
      route({ name: 'tier', matches: [{ headers: { 'x-tier': { kind: 'exact', value: 'gold' } } }], destinations: [to('v47')] }),
      route({ name: 'tier-eu', matches: [{ headers: { 'x-tier': { kind: 'exact', value: 'gold' }, 'x-region': { kind: 'exact', value: 'eu' } } }], destinations: [to('v43')] }),
      route({ name: 'default', origin: 'default' }),
    ]);
    expect(messages(render(s))).toEqual([
      'routes[1]: Gateway API would send some requests of route "tier" to route "tier-eu": its match (PathPrefix /, 2 headers) outranks (PathPrefix /, 1 header) (routes are ranked by match precedence, not by order); alternative: give the earlier route the more specific match (an exact path, a method, more headers), or make the two routes\' conditions exclusive',
    ]);
    // Exclusive conditions are fine whatever the order.
    const exclusive = ranking([
      route({ matches: [{ headers: { 'x-tier': { kind: 'exact', value: 'silver' } } }] }),
      route({ matches: [{ headers: { 'x-tier': { kind: 'exact', value: 'gold' }, 'x-region': { kind: 'exact', value: 'eu' } } }] }),
    ]);
    expect(render(exclusive).problems).toEqual([]);
  });

  test('traffic policy: a DestinationRule per version Service under Istio, a synth error elsewhere', () => {
    const s = ranking([route({ origin: 'default' })], { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, intervalMs: 30_000 } } });
    const out = render(s);
    const drs = out.objects.filter(o => o.kind === 'DestinationRule');
    expect(drs.map(d => [d.metadata.name, (d.spec as any).host])).toEqual([
      ['content-ranking-v45', 'content-ranking-v45.ml-serving.svc.cluster.local'],
      ['content-ranking-v47', 'content-ranking-v47.ml-serving.svc.cluster.local'],
      ['content-ranking-v43', 'content-ranking-v43.ml-serving.svc.cluster.local'],
    ]);
    expect((drs[0].spec as any).trafficPolicy).toEqual({ outlierDetection: { consecutive5xxErrors: 5, interval: '30s' } });
    expect(checkErrors(out.objects)).toEqual([]);
    const custom = GatewayApiProfile.custom({ name: 'kgateway', supportedFeatures: ['HTTPRoute', 'Mesh'] });
    expect(messages(render(s, custom))).toEqual([expect.stringContaining('profile kgateway applies no DestinationRule'), expect.anything(), expect.anything()]);
  });

  test('GRPCRoute for a gRPC model: service and method matches, weights, no timeouts', () => {
    const s = ranking([
      route({ matches: [{ uri: { kind: 'exact', value: '/ranking.v1.Ranker/RankV2' } }], destinations: [to('v47')] }),
      route({ matches: [{ uri: { kind: 'prefix', value: '/ranking.v1.Ranker/' }, headers: { 'x-tier': { kind: 'exact', value: 'gold' } } }], destinations: [to('v45')] }),
      route({ destinations: [to('v45', 90), to('v47', 10)], origin: 'default' }),
    ]);
    const out = render(s, istio, 'grpc');
    expect(out.problems).toEqual([]);
    const grpc = out.objects.find(o => o.kind === 'GRPCRoute')!;
    expect((out.objects[0].spec as any).ports).toEqual([{ name: 'grpc', appProtocol: 'grpc', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
    expect((grpc.spec as any).rules.map((r: any) => r.matches)).toEqual([
      [{ method: { type: 'Exact', service: 'ranking.v1.Ranker', method: 'RankV2' } }],
      [{ method: { type: 'Exact', service: 'ranking.v1.Ranker' }, headers: [{ type: 'Exact', name: 'x-tier', value: 'gold' }] }],
      undefined,
    ]);
    expect(checkErrors(out.objects)).toEqual([]);
    const timed = ranking([route({ timeoutMs: 100, name: 'rank' })]);
    expect(messages(render(timed, istio, 'grpc'))).toEqual([expect.stringContaining('routes[0].timeout: a timeout has no GRPCRoute field')]);
    // Istio's conformance report does not claim named gRPC rules: names are left out, with a note.
    const named = render(ranking([route({ name: 'rank' })]), istio, 'grpc');
    expect([named.problems, named.notes]).toEqual([[], ['gRPC rule names left out: profile istio-sidecar does not support GRPCRouteNamedRouteRule (routing is unchanged)']]);
  });

  test('a pool-served version: an InferencePool (CRD and CEL valid) beside its version Service; the mesh route keeps Service backends', () => {
    const pool = { targetPorts: [8000], endpointPicker: { service: 'ranking-epp', port: 9002, failureMode: 'FailClose' as const } };
    const base = ranking([route({ origin: 'default', destinations: [to('v45', 9), to('v47', 1)] })]);
    const s = { ...base, versions: base.versions.map(v => ({ ...v, inferencePool: pool })) };
    const out = renderMeshRouting({ service: s, profile: istio, path: 'p' });
    expect(out.problems).toEqual([]);
    expect(out.objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining(['InferencePool/content-ranking-v45', 'InferencePool/content-ranking-v47', 'HTTPRoute/content-ranking']));
    const v45 = out.objects.find(o => o.kind === 'InferencePool' && o.metadata.name === 'content-ranking-v45')!;
    expect(v45.spec).toEqual({
      selector: { matchLabels: base.versions[0].labels },
      targetPorts: [{ number: 8000 }],
      endpointPickerRef: { group: '', kind: 'Service', name: 'ranking-epp', port: { number: 9002 }, failureMode: 'FailClose' },
    });
    expect(checkErrors(out.objects)).toEqual([]);
    expect(checkErrors([{ ...v45, spec: { ...(v45.spec as any), targetPorts: [] } }])).not.toEqual([]);
    const meshRule = (out.objects.find(o => o.kind === 'HTTPRoute')!.spec as any).rules[0];
    expect(meshRule.backendRefs.map((b: any) => b.kind)).toEqual(['Service', 'Service']);
  });

  test('pools: a profile without the Inference Extension, and a model mixing pool and Service versions, are refused', () => {
    const pool = { targetPorts: [8000], endpointPicker: { service: 'ranking-epp', port: 9002, failureMode: 'FailClose' as const } };
    const base = ranking([route({ origin: 'default' })]);
    const all = { ...base, versions: base.versions.map(v => ({ ...v, inferencePool: pool })) };
    expect(messages(renderMeshRouting({ service: all, profile: GatewayApiProfile.genericStandard(), path: 'p' })))
      .toEqual([expect.stringContaining('profile generic-standard does not route to InferencePool backends')]);
    const mixed = { ...base, versions: [{ ...base.versions[0], inferencePool: pool }, ...base.versions.slice(1)] };
    expect(messages(renderMeshRouting({ service: mixed, profile: istio, path: 'p' }))).toEqual([expect.stringContaining('is not served by an InferencePool while "v45" is')]);
  });
});
