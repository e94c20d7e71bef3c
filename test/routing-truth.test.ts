/**
 * One truth: whatever an escape-hatch patch changes in the written VirtualService or
 * DestinationRule, the routing report, `ModelService.explain()` and `cdk8s-ml-mesh explain` on the
 * synthesized directory give the same answer (issue: "what you read is what Istio does").
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, JsonPatch } from 'cdk8s';
import { contentRanking } from './util';
import { RecommendationPlatform } from '../examples/recommendation-platform/platform';
import { ExplainRequest, MeshApp, ModelService, Routing } from '../src';
import { readManifests } from '../src/check/read-manifests';
import { main } from '../src/cli/main';

interface Case {
  readonly name: string;
  readonly patch: (svc: ModelService) => void;
  readonly request: ExplainRequest;
  /** What the report must now say. */
  readonly report: RegExp;
}

const CASES: Case[] = [
  {
    name: 'a redirect patched over route 0',
    patch: s => s.virtualService!.addJsonPatch(JsonPatch.replace('/spec/http/0', { name: 'moved', match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new', redirectCode: 301 } })),
    request: { uri: '/old' },
    report: /moved/,
  },
  {
    name: 'default-route weights patched',
    patch: s => {
      s.virtualService!.addJsonPatch(JsonPatch.replace('/spec/http/0/route/0/weight', 70));
      s.virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/route/1', { destination: { host: s.host, subset: 'v47' }, weight: 30 }));
    },
    request: {},
    report: /70%/,
  },
  {
    name: 'subset labels patched',
    patch: s => s.destinationRule!.addJsonPatch(JsonPatch.replace('/spec/subsets/2/labels', { 'model-version': 'v43-legacy' })),
    request: {},
    report: /`model-version=v43-legacy`/,
  },
  {
    name: 'a timeout patched',
    patch: s => s.virtualService!.addJsonPatch(JsonPatch.replace('/spec/http/0/timeout', '900ms')),
    request: {},
    report: /900ms/,
  },
  {
    name: 'a mirror and a fault added',
    patch: s => {
      s.virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/mirror', { host: s.host, subset: 'v43' }));
      s.virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/mirrorPercentage', { value: 7 }));
      s.virtualService!.addJsonPatch(JsonPatch.add('/spec/http/0/fault', { abort: { httpStatus: 503, percentage: { value: 5 } } }));
    },
    request: {},
    report: /7%/,
  },
];

function synthesize(patch: (svc: ModelService) => void) {
  const outdir = mkdtempSync(join(tmpdir(), 'routing-truth-'));
  const app = new MeshApp({ outdir });
  const svc = contentRanking(new Chart(app, 'ranking', { namespace: 'ml-serving' }));
  patch(svc);
  app.synth();
  return { svc, outdir, report: readFileSync(join(outdir, 'ROUTING.md'), 'utf8') };
}

/** The parts of an explanation all three must agree on. */
function answer(e: ReturnType<ModelService['explain']>) {
  return {
    outcome: e.outcome,
    route: e.matchedRoute?.name,
    destinations: e.destinations.map(d => [d.subset, d.percent]),
    mirrors: e.mirrors.map(m => [m.subset, m.percent]),
    faults: e.faults,
    redirect: e.redirect,
    timeoutMs: e.timeoutMs,
  };
}

describe.each(CASES)('$name', ({ patch, request, report }) => {
  const { svc, outdir, report: written } = synthesize(patch);
  const objects = readManifests([outdir]).documents.map(d => d.object);

  test('ModelService.explain() answers from what is written', () => {
    expect(answer(svc.explain(request))).toEqual(answer(Routing.fromManifests(objects).explain(svc.host, request)));
    expect(svc._effectiveRouting()).not.toBe(svc._routing());
  });

  test('the CLI on the output directory agrees', async () => {
    const out: string[] = [];
    const argv = ['explain', outdir, '--host', 'content-ranking', '--format', 'json', ...(request.uri ? ['--uri', request.uri] : [])];
    await main(argv, s => out.push(s), () => undefined);
    const json = JSON.parse(out.join('\n'));
    const e = svc.explain(request);
    expect(json.matchedRoute?.name ?? undefined).toBe(e.matchedRoute?.name);
    expect(json.destinations.map((d: any) => [d.subset, d.percent])).toEqual(e.destinations.map(d => [d.subset, d.percent]));
  });

  test('ROUTING.md shows the patched routing', () => {
    expect(written).toMatch(report);
  });
});

describe('a Knative-mode model in ROUTING.md', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'routing-truth-knative-'));
  const app = new MeshApp({ outdir });
  new RecommendationPlatform(app, 'recommendation');
  app.synth();
  const report = readFileSync(join(outdir, 'ROUTING.md'), 'utf8');
  const section = report.slice(report.indexOf('\n## freshness-booster\n'));

  test('shows only objects that exist: no Service port, no DestinationRule policy; says KServe routes it', () => {
    const header = section.split('\n')[3];
    expect(header).toMatch(/routed by KServe/);
    expect(header).not.toMatch(/port \d+/);
    expect(section.slice(0, section.indexOf('### Who may call'))).not.toContain('### Destination policy');
  });

  test("lists every version's backend: the storage URI of both revisions", () => {
    const rows = report.split('\n').filter(l => l.includes('gs://models/freshness-booster/'));
    expect(rows.map(l => /`(v\d+)`/.exec(l)?.[1])).toEqual(['v2', 'v3']);
  });
});
