/**
 * The example platform in both routing APIs, each as its app synthesizes it: the Istio rendering is what
 * `cdk8s synth` writes (examples/recommendation-platform/main.ts); the Gateway API rendering is the same
 * constructs under `RoutingTarget.gatewayApi` with the Istio sidecar profile on the experimental channel
 * (the platform retries), as examples/recommendation-platform/gateway-api.ts writes it. Both use the
 * variant that retries only on what both APIs express (`portableRetries`) and keeps the canary static
 * (the Argo plugin would overwrite the A/B route's weights: see argo-plugin.test.ts).
 */
import { App, Testing, Yaml } from 'cdk8s';
import { checkErrors } from './helpers';
import { PORTABLE_VARIANT, RecommendationPlatform } from '../../examples/recommendation-platform/platform';
import { collectRouteTable } from '../../src/constructs/collect';
import { GatewayApiProfile, GatewayApiReleaseChannel } from '../../src/render/gateway-api/profile';
import { RoutingTarget } from '../../src/render/routing-target';
import { evaluate } from '../../src/routing/evaluate';
import { routingFromObjects } from '../../src/routing/from-istio';
import { MatchBlock, ServiceRouting, StringMatchSpec } from '../../src/routing/route-table';
import { re2FullMatch } from '../../src/util/re2';

const PROFILE = GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL });

/** The kinds the two renderings draw differently: routing objects and the Services behind them. */
const ROUTING_KINDS = ['VirtualService', 'DestinationRule', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'ReferenceGrant', 'InferencePool'];

function platform(app: App) {
  return new RecommendationPlatform(app, 'recommendation', PORTABLE_VARIANT);
}

function renderings() {
  const istioChart = platform(Testing.app());
  const istio = Testing.synth(istioChart);
  const app = Testing.app();
  RoutingTarget.gatewayApi(PROFILE).applyTo(app);
  const chart = platform(app);
  let objects: any[] = [];
  let problems: string[] = [];
  try {
    objects = Testing.synth(chart);
  } catch (e) {
    problems = [(e as Error).message];
  }
  const routing = objects.filter(o => ROUTING_KINDS.includes(o.kind) || (o.kind === 'Service' && !istio.some(i => i.kind === 'Service' && i.metadata.name === o.metadata.name)));
  return { istio, gateway: objects, routing, problems, table: collectRouteTable(istioChart) };
}

/** Candidate values for regex conditions (the A/B buckets match numbers). */
const CANDIDATES = [...Array.from({ length: 100 }, (_, i) => String(i)), ...Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')), 'a', 'premium'];

function value(spec: StringMatchSpec): string | undefined {
  if (spec.kind !== 'regex') return spec.value;
  return CANDIDATES.find(c => re2FullMatch(spec.value, c));
}

/** A request that satisfies a match block (exact, prefix and regex conditions, methods, query parameters). */
function witness(b: MatchBlock): object | undefined {
  if (b.uri?.kind === 'regex') return undefined;
  const headers = Object.entries(b.headers ?? {}).map(([k, v]) => [k, value(v)]);
  if (headers.some(([, v]) => v === undefined)) return undefined;
  const query = Object.entries(b.queryParams ?? {}).map(([k, v]) => `${k}=${value(v)}`).join('&');
  return {
    uri: `${b.uri?.value ?? '/'}${b.uri?.kind === 'prefix' ? 'x' : ''}${query ? `?${query}` : ''}`,
    method: b.method?.value,
    headers: Object.fromEntries(headers),
  };
}

describe('example platform: Istio and Gateway API renderings', () => {
  const r = renderings();

  test('the Gateway API rendering has no refusals', () => {
    expect(r.problems).toEqual([]);
  });

  test('Gateway API routing objects (snapshot): version Services, HTTPRoutes, DestinationRules, the Gateway and its routes', () => {
    expect(Yaml.stringify(...r.routing)).toMatchSnapshot();
  });

  test('the Gateway API app emits no Istio routing object but for the Knative model (KServe owns its VirtualService) and DestinationRule traffic policy', () => {
    const kinds = new Set(r.gateway.map(o => o.kind));
    expect(kinds.has('VirtualService')).toBe(false);
    expect(r.gateway.filter(o => o.kind === 'Gateway').map(o => o.apiVersion)).toEqual(['gateway.networking.k8s.io/v1']);
    // Everything else (workloads, stable Services, security, KServe, observability) is the same in both.
    const key = (o: any) => `${o.kind}/${o.metadata.name}`;
    const same = r.istio.filter(o => !ROUTING_KINDS.includes(o.kind) && o.kind !== 'AuthorizationPolicy');
    expect(same.map(key).filter(k => !r.gateway.some(o => key(o) === k))).toEqual([]);
  });

  test('the gateway identity the models admit is the proxy Istio deploys for the Gateway (<name>-istio)', () => {
    const policy = r.gateway.find(o => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'content-ranking');
    const principals = policy.spec.rules.flatMap((x: any) => x.from ?? []).flatMap((f: any) => f.source.principals ?? []);
    expect(principals).toContain('cluster.local/ns/ml-serving/sa/recsys-api-istio');
    expect(principals).not.toContain('cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account');
  });

  test('0 check errors: the whole Gateway API app against the vendored CRDs (experimental channel), CEL and references included', () => {
    expect(checkErrors(r.gateway, 'experimental')).toEqual([]);
  });

  test('explain gives the same destinations for every route of every mesh service in both renderings', () => {
    const istio = routingFromObjects(r.istio).table;
    const gateway = routingFromObjects(r.gateway).table;
    const hosts = r.table.services.filter(s => !s.routedBy).map(s => s.host);
    let compared = 0;
    for (const host of hosts) {
      const a = istio.services.find(s => s.host === host)!;
      const b: ServiceRouting = gateway.services.find(s => s.host === host)!;
      expect(b.routedBy).toMatch(/^Gateway API \(HTTPRoute ml-serving\//);
      for (const route of a.routes) {
        for (const block of route.matches.length ? route.matches : [{}]) {
          const request = witness(block);
          if (!request) continue;
          const seen = (s: ServiceRouting) => {
            const e = evaluate(s, request);
            return {
              route: e.matchedRoute?.name,
              destinations: e.destinations.map(d => [d.subset, d.percent]),
              mirrors: e.mirrors.map(m => [m.subset, m.percent]),
              timeoutMs: e.timeoutMs,
            };
          };
          expect({ host, request, ...seen(b) }).toEqual({ host, request, ...seen(a) });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  test('explain through the ingress gateway gives the same destinations in both renderings (Gateway-attached HTTPRoutes read back)', () => {
    const view = { gateway: 'ml-serving/recsys-api' };
    const istio = routingFromObjects(r.istio, view).table.services.find(s => s.host === 'recsys.example.com')!;
    const gateway = routingFromObjects(r.gateway, view).table.services.find(s => s.host === 'recsys.example.com')!;
    expect(gateway.routedBy).toMatch(/^Gateway API \(HTTPRoute ml-serving\/recsys-api-https-redirect, HTTPRoute ml-serving\/recsys-api-content-ranking, .* on Gateway ml-serving\/recsys-api\)/);
    let compared = 0;
    for (const route of istio.routes) {
      for (const block of route.matches.length ? route.matches : [{}]) {
        const request = witness(block);
        if (!request) continue;
        const seen = (s: ServiceRouting) => {
          const e = evaluate(s, { ...request, authority: 'recsys.example.com', gateway: view.gateway });
          return { destinations: e.destinations.map(d => [d.host, d.subset, d.percent]), mirrors: e.mirrors.map(m => [m.subset, m.percent]) };
        };
        expect({ request, ...seen(gateway) }).toEqual({ request, ...seen(istio) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });
});
