/**
 * The example platform in both routing APIs. Its Istio rendering is what `cdk8s synth` writes; its
 * Gateway API rendering comes from the same route table (the constructs' intent) through the Gateway
 * API renderer, with the Istio sidecar profile on the experimental channel (the platform retries). The
 * variant retries only on what both APIs express (`portableRetries`) and keeps the canary static (the
 * Argo plugin would overwrite the A/B route's weights: see argo-plugin.test.ts).
 */
import { Testing, Yaml } from 'cdk8s';
import { checkErrors } from './helpers';
import { RecommendationPlatform } from '../../examples/recommendation-platform/platform';
import { collectRouteTable } from '../../src/constructs/collect';
import { GatewayApiProfile, GatewayApiReleaseChannel } from '../../src/render/gateway-api/profile';
import { renderIngressRouting } from '../../src/render/gateway-api/render-ingress';
import { RenderedObject, renderMeshRouting } from '../../src/render/gateway-api/render-service';
import { evaluate } from '../../src/routing/evaluate';
import { routingFromObjects } from '../../src/routing/from-istio';
import { MatchBlock, ServiceRouting, StringMatchSpec } from '../../src/routing/route-table';
import { re2FullMatch } from '../../src/util/re2';

const PROFILE = GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL });

function renderings() {
  const chart = new RecommendationPlatform(Testing.app(), 'recommendation', { staticRankingCanary: true, portableRetries: true });
  const istio = Testing.synth(chart);
  const table = collectRouteTable(chart);
  const problems: string[] = [];
  const gateway: RenderedObject[] = [];
  // The Knative-mode model is an InferenceService in both renderings: KServe routes its host.
  for (const s of table.services.filter(x => !x.routedBy)) {
    const out = renderMeshRouting({ service: s, profile: PROFILE, path: s.source ?? s.name });
    problems.push(...out.problems.map(p => `${p.path} ${p.field}: ${p.problem}`));
    gateway.push(...out.objects);
  }
  const byName = new Map(table.services.map(s => [s.name, s]));
  const ingress = renderIngressRouting({
    name: 'recsys-api',
    namespace: 'ml-serving',
    hosts: chart.ingress.hosts,
    gatewayClassName: 'istio',
    tlsSecret: 'recsys-example-com-tls',
    httpsRedirect: true,
    exposed: chart.ingress.exposed.map(e => ({ routing: byName.get(e.service.modelName)!, pathPrefix: e.pathPrefix })),
    profile: PROFILE,
    path: chart.ingress.node.path,
  });
  problems.push(...ingress.problems.map(p => `${p.path} ${p.field}: ${p.problem}`));
  gateway.push(...ingress.objects);
  // Everything else (workloads, stable Services, security, KServe, observability) is the same in both.
  const shared = istio.filter(o => !['VirtualService', 'DestinationRule', 'Gateway'].includes(o.kind) || o.kind === 'InferenceService');
  const knativeVs = istio.filter(o => o.kind === 'VirtualService' && table.services.some(s => s.routedBy && s.name === o.metadata.name));
  return { istio, gateway: JSON.parse(JSON.stringify(gateway)) as any[], shared: [...shared, ...knativeVs], problems, table };
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

  test('Gateway API objects (snapshot)', () => {
    expect(Yaml.stringify(...r.gateway)).toMatchSnapshot();
  });

  test('0 check errors: the Gateway API objects with the rest of the platform, against the vendored CRDs (experimental channel), CEL and references included', () => {
    expect(checkErrors([...r.shared, ...r.gateway], 'experimental')).toEqual([]);
  });

  test('explain gives the same destinations for every route of every mesh service in both renderings', () => {
    const istio = routingFromObjects(r.istio).table;
    const gateway = routingFromObjects([...r.shared, ...r.gateway]).table;
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
});
