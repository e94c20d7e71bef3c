import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { RoutingReport } from '../src/constructs/routing-report';
import { mermaidLabel, renderFlowchart } from '../src/report/mermaid';
import { renderRoutingReport } from '../src/report/render';
import { Routing } from '../src/routing/from-istio-routing';
import { HttpRouteRule, ServiceRouting } from '../src/routing/route-table';
import { contentRanking, platformTable, RANKING_HOST } from './fixtures/explain/platform-table';
import { REFERENCE_MANIFESTS } from './util';

describe('routing report', () => {
  const report = renderRoutingReport(platformTable);

  test('snapshot of the hand-made platform table', () => {
    expect(report).toMatchSnapshot();
  });

  test('is deterministic', () => {
    expect(renderRoutingReport(platformTable)).toBe(report);
  });

  test('fleet overview: every version with its default share, mirror share, backend, replicas, GPUs', () => {
    const lines = report.split('\n');
    expect(lines).toContain('| **content-ranking** (ml-serving) | `v45` | 85% | – | deployment | 3 | – |');
    expect(lines).toContain('|  | `v47` | 10% | 10% | deployment | 1 | – |');
    expect(lines).toContain('|  | `v43` | 5% | – | kserve-standard | 1 | 1 |');
    expect(lines).toContain('| **user-affinity** (ml-serving) | `v12` | 100% | – | deployment | 2 | – |');
    expect(lines).toContain('|  | `v13` | 0% | 20% | deployment | 1 | – |');
  });

  test('routes in order with the match in words; regex pipes are escaped for the table', () => {
    const routeRows = report.split('\n').filter(l => /^\| [0-9] \| `/.test(l)).slice(0, 4);
    expect(routeRows.map(r => r.split(' | ')[1])).toEqual(['`premium`', '`ab-ranking-q4-v45`', '`ab-ranking-q4-v47`', '`default`']);
    expect(routeRows[0]).toContain('header `x-user-segment` is `premium`');
    expect(routeRows[1]).toContain('header `x-ab-bucket` matches `(?:[0-9]\\|[1-7][0-9])`');
    expect(routeRows[3]).toContain('`v45` 85%, `v47` 10%, `v43` 5% | `v47` 10% | timeout 200ms; 2 retries × 80ms on `5xx`');
  });

  test('destination policy: subset overrides replace the service-wide field', () => {
    expect(report).toContain('| _all versions_ | – | eject a pod after 5 consecutive 5xx, checked every 30s, for at least 30s, at most 50% of pods ejected | max 100 connections, idle timeout 30s, HTTP/2 upgrade `UPGRADE` | least request |');
    expect(report).toContain('| `v45` | `app.kubernetes.io/name=content-ranking`, `model-version=v45` | as above | max 50 pending requests (replaces the service-wide setting) | as above |');
    expect(report).toContain('consistent hash on header `x-user-id`');
  });

  test('a service whose last route has conditions warns about 404', () => {
    const premiumOnly: ServiceRouting = { ...contentRanking, routes: contentRanking.routes.slice(0, 1) };
    expect(renderRoutingReport({ services: [premiumOnly] })).toContain('a request that matches no route gets **404** from the proxy');
  });
});

describe('mermaid flowchart', () => {
  const chart = renderFlowchart(contentRanking);

  test('request → routes in order → versions with percents, mirrors dotted', () => {
    const lines = chart.split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines[1]).toBe('flowchart LR');
    expect(lines).toContain('  request --> r0');
    expect(lines).toContain('  r0 -->|"100%"| v1');
    expect(lines).toContain('  r0 -->|"no match"| r1');
    expect(lines).toContain('  r3 -->|"85%"| v0');
    expect(lines).toContain('  r3 -.->|"mirror 10%"| v1');
    expect(lines).toContain('  v0[["v45"]]');
    expect(lines).toContain('  r1["1 · ab-ranking-q4-v45<br/>header \'x-ab-bucket\' matches \'(?:[0-9]#124;[1-7][0-9])\'"]');
    expect(lines).not.toContain('  none["404 no route"]');
  });

  test('labels escape every character Mermaid would parse', () => {
    expect(mermaidLabel('a "b" #1 <i> & `c` | d')).toBe('"a #34;b#34; #35;1 #60;i#62; #38; #96;c#96; #124; d"');
  });

  test('no catch-all: unmatched requests end at a 404 node', () => {
    const chart2 = renderFlowchart({ ...contentRanking, routes: contentRanking.routes.slice(0, 2) });
    expect(chart2).toContain('  r1 -->|"no match"| none');
    expect(chart2).toContain('  none["404 no route"]');
  });

  test('non-forwarding routes end in an action node', () => {
    const redirect: HttpRouteRule = { name: 'old', origin: 'imported', matches: [{ uri: { kind: 'prefix', value: '/old' } }], destinations: [], mirrors: [], redirect: { code: 301, uri: '/new' } };
    const chart3 = renderFlowchart({ ...contentRanking, routes: [redirect, contentRanking.routes[3]] });
    expect(chart3).toContain('  a0["redirect 301"]');
    expect(chart3).toContain('  r0 --> a0');
  });
});

describe('RoutingReport', () => {
  test('renders manifests read back from YAML', () => {
    const objects = parseAllDocuments(readFileSync(join(REFERENCE_MANIFESTS, 'content-ranking.yaml'), 'utf8')).map(d => d.toJS());
    const md = RoutingReport.fromRouting(Routing.fromManifests(objects));
    expect(md).toContain('## content-ranking-svc');
    expect(md).toContain('| 1 | – | imported | every request | `v45` 90%, `v47` 10% |');
    expect(md).toContain('|  | `v43-legacy` | 0% | – |');
  });

  test('_render is the table renderer', () => {
    expect(RoutingReport._render(platformTable)).toBe(renderRoutingReport(platformTable));
    expect(RoutingReport._render(platformTable)).toContain(RANKING_HOST);
  });
});
