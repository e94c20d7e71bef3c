/**
 * `import` on Gateway API mesh routes (GAMMA): our own Gateway API rendering round-trips (exit 0, the
 * program targets Gateway API and explains alike), upstream GAMMA conformance YAML gets a verdict per file,
 * Gateway-bound upstream examples are refused per route, and bad usage is exit 2.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import * as lib from '../../src';
import { GatewayApiProfile } from '../../src/render/gateway-api/profile';
import { importProgram, runPrintedProgram, typeCheck } from '../import-program';

const UPSTREAM = path.join(__dirname, '..', 'fixtures', 'gateway-api-upstream');
const MESH = path.join(UPSTREAM, 'conformance', 'mesh');

function writeYaml(objects: readonly unknown[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-import-')), 'input.yaml');
  fs.writeFileSync(file, Yaml.stringify(...objects));
  return file;
}

function gatewayApp(profile = GatewayApiProfile.istioSidecar()): { app: App; chart: Chart } {
  const app = Testing.app();
  lib.RoutingTarget.gatewayApi(profile).applyTo(app);
  return { app, chart: new Chart(app, 'models', { namespace: 'ml-serving' }) };
}

/** Two HTTP models and a gRPC one: matches, a canary split, a mirror, timeouts and a circuit breaker. */
function platform(chart: Chart): void {
  const ranking = new lib.ModelService(chart, 'content-ranking', {
    modelName: 'content-ranking',
    port: 8080,
    versions: [{ name: 'v45', image: 'r.example.com/ranking:v45' }, { name: 'v47', image: 'r.example.com/ranking:v47' }],
    timeout: Duration.millis(200),
    circuitBreaker: { consecutive5xxErrors: 5, interval: Duration.seconds(30) },
  });
  ranking.routeMatching(lib.RequestMatch.uriExact('/rank'), 'v45', { timeout: Duration.seconds(1) });
  ranking.routeMatching(lib.RequestMatch.header('x-user-tier', 'premium'), 'v47', { name: 'premium' });
  new lib.CanaryRollout(chart, 'canary', { service: ranking, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
  new lib.ShadowMirror(chart, 'shadow', { service: ranking, target: 'v47', percent: 5 });
  const fraud = new lib.ModelService(chart, 'fraud', {
    modelName: 'fraud',
    versions: [{ name: 'v1', image: 'r.example.com/fraud:v1' }, { name: 'v2', image: 'r.example.com/fraud:v2' }],
    defaultVersion: 'v1',
  });
  fraud.routeMatching(lib.RequestMatch.all(lib.RequestMatch.method('POST'), lib.RequestMatch.queryParam('debug', '1')), 'v2');
  new lib.ModelService(chart, 'embed', {
    modelName: 'embed',
    port: 9000,
    versions: [{ name: 'v1', backend: lib.ModelBackend.deployment({ image: 'r.example.com/embed:v1', protocol: lib.ModelProtocol.GRPC }) }],
  });
}

/** Requests that meet each route of every host, explained on both sides: hosts where anything differs. */
function differingHosts(input: readonly unknown[], output: readonly unknown[]): string[] {
  const theirs = lib.Routing.fromManifests([...input]);
  const ours = lib.Routing.fromManifests([...output]);
  const requests: lib.ExplainRequest[] = [{}, { uri: '/rank' }, { uri: '/rank/x' }, { headers: { 'x-user-tier': 'premium' } }, { method: 'POST', uri: '/?debug=1' }];
  // A version named "all" is the import's stand-in for "the whole Service" (a route to the Service itself).
  const target = (d: { host: string; subset?: string; percent: number }) => `${d.host}/${d.subset === 'all' ? '' : d.subset ?? ''} ${d.percent}`;
  const seen = (e: lib.Explanation) => JSON.stringify([
    e.outcome, e.destinations.map(target).sort(), e.mirrors.map(target).sort(), e.timeoutMs, e.retries, e.redirect, e.headers,
  ]);
  return theirs.hosts.filter(h => !ours.hosts.includes(h) || requests.some(r => seen(ours.explain(h, r)) !== seen(theirs.explain(h, r))));
}

/** A mesh VirtualService sending every request of `name` to its Service. */
const virtualService = (name: string, namespace: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace },
  spec: { hosts: [name], http: [{ route: [{ destination: { host: name } }] }] },
});

const header = (program: string) => program.split('\n').filter(l => l.startsWith('//')).join('\n');

describe('import reads Gateway API mesh routes', () => {
  const { chart } = gatewayApp();
  platform(chart);
  const input = Testing.synth(chart);
  const file = writeYaml(input);

  test('round trip: our Gateway API rendering of three models imports to a Gateway API program that routes alike (exit 0)', async () => {
    const { code, program, notes } = await importProgram(file);
    expect(notes.filter(n => /not imported|cannot express|differs|InferenceService/.test(n))).toEqual([]);
    expect(code).toBe(0);
    expect(header(program)).toContain('Verdict: routes alike');
    expect(header(program)).toContain('RoutingTarget.gatewayApi(GatewayApiProfile.istioSidecar()): profile istio-sidecar (the default;');
    expect(program).toContain('RoutingTarget.gatewayApi(GatewayApiProfile.istioSidecar()).applyTo(app);');
    expect(program).toContain('protocol: ModelProtocol.GRPC');
    const output = runPrintedProgram(program);
    // The same objects by kind and name: the program takes the models over in place.
    const names = (objects: readonly any[]) => objects.filter(o => /^(Service|HTTPRoute|GRPCRoute|DestinationRule)$/.test(o.kind)).map(o => `${o.kind}/${o.metadata.name}`).sort();
    expect(names(output)).toEqual(names(input));
    expect(differingHosts(input, output)).toEqual([]);
    expect(lib.MeshCheck.checkManifests(output).findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(typeCheck(new Map([['gw', program]])).get('gw')).toEqual([]);
  });

  test('--check prints the verdict with the target; a DestinationRule of the parent Service is not imported, said (exit 1)', async () => {
    const checked = await importProgram(file, '--check');
    expect(checked.code).toBe(0);
    expect(checked.program).toMatch(/^Verdict: routes alike.*\nRouting: Gateway API, rendered under RoutingTarget.gatewayApi\(GatewayApiProfile.istioSidecar\(\)\)/m);
    const dr = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'fraud', namespace: 'ml-serving' },
      spec: { host: 'fraud', trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } },
    };
    const r = await importProgram(writeYaml([...input, dr]));
    expect(r.code).toBe(1);
    expect(r.notes).toContainEqual(expect.stringMatching(/^not imported: fraud\.ml-serving\.svc\.cluster\.local: DestinationRule ml-serving\/fraud is not imported: its host is the parent Service/));
  });

  test('the version DestinationRules are the versions\' traffic policy, not hosts of their own', async () => {
    const { program } = await importProgram(file);
    expect(program).not.toMatch(/new ModelService\([^,]+, 'content-ranking-v45'/);
    expect(program).toMatch(/name: 'v45', backend: [^\n]*circuitBreaker: \{ consecutive5xxErrors: 5/);
  });

  test('--profile picks the profile (printed in the program); a profile without mesh routes refuses each host', async () => {
    const ambient = await importProgram(file, '--profile', 'istio-ambient');
    expect(ambient.code).toBe(0);
    expect(ambient.program).toContain('RoutingTarget.gatewayApi(GatewayApiProfile.istioAmbient())');
    expect(header(ambient.program)).toContain('profile istio-ambient (--profile)');
    const gke = await importProgram(file, '--profile', 'gke');
    expect(gke.code).toBe(2);
    for (const host of ['content-ranking', 'fraud', 'embed']) {
      expect(gke.notes).toContainEqual(expect.stringMatching(new RegExp(`^not imported: ${host}\\.ml-serving\\.svc\\.cluster\\.local: profile gke cannot route it: .*feature Mesh`)));
    }
    const experimental = await importProgram(file, '--channel', 'experimental');
    expect(experimental.program).toContain('GatewayApiProfile.istioSidecar({ channel: GatewayApiReleaseChannel.EXPERIMENTAL })');
    expect(runPrintedProgram(experimental.program).length).toBeGreaterThan(0);
  });

  test('bad usage: exit 2, the reason and the usage, no program', async () => {
    for (const args of [['--profile', 'nope', file], ['--profile'], ['--channel', 'beta', file], [file, '--bogus']]) {
      const r = await importProgram(...args);
      expect([args, r.code, r.program]).toEqual([args, 2, '']);
      expect(r.notes.join('\n')).toMatch(/^import: .*\n\nusage: cdk8s-ml-mesh import/);
    }
    expect((await importProgram('--profile', 'nope', file)).notes[0]).toContain('--profile must be one of istio-sidecar, istio-ambient, envoy-gateway, gke, generic-standard, got "nope"');
  });

  test('Istio hosts next to Gateway API routes are refused per host, never dropped (exit 1)', async () => {
    const r = await importProgram(writeYaml([...input, virtualService('legacy', 'ml-serving')]));
    expect(r.code).toBe(1);
    expect(r.notes).toContain('not imported: legacy.ml-serving.svc.cluster.local: routed by Istio (VirtualService or DestinationRule), while this program renders Gateway API routes; not imported (import the Istio objects on their own, without --profile)');
    expect(header(r.program)).toContain('legacy.ml-serving.svc.cluster.local');
  });
});

describe('HTTPRoutes beside a VirtualService for the same Service', () => {
  test('the VirtualService is imported (as explain shows it), the HTTPRoute is refused by name (exit 1)', async () => {
    const vs = virtualService('echo', 'gateway-conformance-mesh');
    const r = await importProgram(path.join(MESH, 'base-manifests.yaml'), path.join(MESH, 'httproute-weight.yaml'), writeYaml([vs]));
    expect(r.code).toBe(1);
    expect(r.notes).toContainEqual(expect.stringMatching(
      /^not imported: HTTPRoute gateway-conformance-mesh\/mesh-weighted-backends \(.*\): echo\.gateway-conformance-mesh\.svc\.cluster\.local is also routed by a VirtualService/));
    expect(r.program).not.toContain('RoutingTarget');
    expect(r.program).toContain("new ModelService(chartGatewayConformanceMesh, 'echo', {");
  });
});

describe('routes bound to a Gateway', () => {
  test('are refused by name; the Gateway\'s namespace may call the model they send to (exit 1)', async () => {
    const { chart } = gatewayApp();
    platform(chart);
    const ingress = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'public', namespace: 'ml-serving' },
      spec: { parentRefs: [{ name: 'edge', namespace: 'istio-ingress' }], rules: [{ backendRefs: [{ name: 'content-ranking', port: 8080 }] }] },
    };
    const r = await importProgram(writeYaml([...Testing.synth(chart), ingress]));
    expect(r.code).toBe(1);
    expect(r.notes).toContainEqual(expect.stringMatching(/^not imported: HTTPRoute ml-serving\/public \(.*\): bound to Gateway istio-ingress\/edge: not mesh routing/));
    expect(r.program).toMatch(/const contentRanking = [^]*allowedCallers: \[Caller.namespace\('ml-serving'\), Caller.namespace\('istio-ingress'\)\]/);
    expect(r.program).toMatch(/const fraud = [^]*allowedCallers: \[Caller.namespace\('ml-serving'\)\]/);
    expect(header(r.program)).toContain('routes bound to a Gateway send to it: the program lets namespace istio-ingress call it');
  });
});

describe('the Knative note is said for KServe hosts only', () => {
  test('Gateway API hosts never get "keep its InferenceService"; a Knative InferenceService still does', async () => {
    const gw = await importProgram(path.join(MESH, 'base-manifests.yaml'), path.join(MESH, 'httproute-weight.yaml'));
    expect(gw.notes.filter(n => n.includes('InferenceService'))).toEqual([]);
    const isvc = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'sklearn', namespace: 'ml', annotations: { 'serving.kserve.io/deploymentMode': 'Knative' } },
      spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://b/m' } } },
    };
    const kserve = await importProgram(writeYaml([isvc]));
    expect(kserve.notes).toContainEqual(expect.stringMatching(/^note: sklearn\.ml\.svc\.cluster\.local is not generated: .*; keep its InferenceService as it is$/));
  });
});

describe('import on upstream Gateway API YAML (kubernetes-sigs/gateway-api v1.6.1, SOURCES.md)', () => {
  // Each GAMMA conformance case with the mesh base manifests (its Services and Deployments).
  test.each([
    ['httproute-simple-same-namespace', 0],
    ['httproute-weight', 0],
    ['grpcroute-weight', 0],
    ['httproute-matching', 0],
    ['mesh-frontend', 0],
    ['mesh-ports', 0],
    // Routes only for some paths: a ModelService always ends with a catch-all, listed as a difference.
    ['mesh-split', 1],
    ['httproute-named-rule', 1],
    ['httproute-query-param-matching', 1],
    ['httproute-request-header-modifier', 1],
    ['httproute-request-header-modifier-backend', 1],
    ['httproute-redirect-host-and-status', 1],
    ['httproute-redirect-port', 1],
    ['httproute-redirect-scheme', 1],
    // Refused with the reason: 303/307/308 are not in Istio's conformance report; prefix rewrites and consumer routes are not read.
    ['httproute-303-redirect', 2],
    ['httproute-307-redirect', 2],
    ['httproute-308-redirect', 2],
    ['httproute-redirect-path', 2],
    ['httproute-rewrite-path', 2],
    ['mesh-consumer-route', 2],
  ])('%s: exit %i', async (name, expected) => {
    const { code, program, notes } = await importProgram(path.join(MESH, 'base-manifests.yaml'), path.join(MESH, `${name}.yaml`));
    expect(notes.join('\n')).not.toMatch(/\n\s+at /);
    expect(code).toBe(expected);
    if (code === 2) {
      expect(program).toBe('');
      expect(notes).toContainEqual(expect.stringMatching(/^not imported: echo(-v1)?\.gateway-conformance-mesh\.svc\.cluster\.local: /));
      return;
    }
    const output = runPrintedProgram(program);
    const differing = differingHosts([...readAll(path.join(MESH, 'base-manifests.yaml')), ...readAll(path.join(MESH, `${name}.yaml`))], output);
    if (code === 0) expect(differing).toEqual([]);
    for (const host of differing) expect(header(program)).toContain(host);
  });

  test('the GRPCRoute: its parentRef port is the program\'s port; the Services\' other ports are said to be dropped', async () => {
    const { code, program } = await importProgram(path.join(MESH, 'base-manifests.yaml'), path.join(MESH, 'grpcroute-weight.yaml'));
    expect(code).toBe(0);
    expect(program).toMatch(/port: 7070,\n/);
    expect(program).toContain('protocol: ModelProtocol.GRPC');
    expect(header(program)).toContain('Service gateway-conformance-mesh/echo-v1 has ports 80, 8080, 443, 9090, 7070; the program\'s has port 7070 only');
    expect(runPrintedProgram(program).find(o => o.kind === 'GRPCRoute').spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'echo', port: 7070 }]);
  });

  test('a version Service that has routes of its own: the model it is a version of is refused, the other imported (exit 1)', async () => {
    const r = await importProgram(...['base-manifests', 'httproute-weight', 'mesh-frontend'].map(f => path.join(MESH, `${f}.yaml`)));
    expect(r.code).toBe(1);
    expect(r.notes).toContainEqual(expect.stringMatching(/^not imported: echo\.gateway-conformance-mesh\.svc\.cluster\.local: Service echo-v2 is one of its versions and has routes of its own/));
    expect(r.program).toContain("new ModelService(chartGatewayConformanceMesh, 'echo-v2', {");
    expect(runPrintedProgram(r.program).filter(o => o.kind === 'Service' && o.metadata.name === 'echo-v2')).toHaveLength(1);
  });

  test('a 303 redirect needs mesh routes and HTTPRoute303RedirectStatusCode: no built-in profile has both, and each refusal says why', async () => {
    const args = [path.join(MESH, 'base-manifests.yaml'), path.join(MESH, 'httproute-303-redirect.yaml')];
    const generic = await importProgram(...args, '--profile', 'generic-standard');
    expect(generic.notes).toContainEqual(expect.stringMatching(/profile generic-standard cannot route it: .*HTTPRoute303RedirectStatusCode/));
    const envoy = await importProgram(...args, '--profile', 'envoy-gateway');
    expect(envoy.notes).toContainEqual(expect.stringMatching(/profile envoy-gateway cannot route it: .*feature Mesh/));
    expect([generic.code, envoy.code]).toEqual([2, 2]);
  });

  test('Gateway-bound upstream examples: each route refused with its Gateway named, exit 2, never a crash', async () => {
    const files = yamlFiles(path.join(UPSTREAM, 'valid'));
    expect(files.length).toBeGreaterThan(60);
    let refusedRoutes = 0;
    for (const f of files) {
      const { code, notes } = await importProgram(f);
      expect([f, notes.join('\n')]).not.toEqual([f, expect.stringMatching(/\n\s+at /)]);
      expect([f, code]).toEqual([f, 2]);
      const routes = readAll(f).filter(o => /Route$/.test(o?.kind ?? '') && String(o.apiVersion).startsWith('gateway.networking.k8s.io/'));
      for (const r of routes) {
        expect([f, notes.some(n => n.startsWith(`not imported: ${r.kind} ${r.metadata.namespace ?? 'default'}/${r.metadata.name} `))]).toEqual([f, true]);
        refusedRoutes++;
      }
    }
    expect(refusedRoutes).toBeGreaterThan(40);
    const bound = await importProgram(path.join(UPSTREAM, 'valid', 'standard', 'http-routing', 'foo-httproute.yaml'));
    expect(bound.notes[0]).toMatch(/^not imported: HTTPRoute default\/foo-route \(.*\): bound to Gateway default\/example-gateway: not mesh routing of a Service \(GAMMA\)/);
  });
});

describe('property: random Gateway API renderings round-trip through import', () => {
  const VERSIONS = ['v1', 'v2', 'v3'];
  const MATCHES: Array<() => lib.RequestMatch> = [
    () => lib.RequestMatch.uriExact('/a'),
    () => lib.RequestMatch.header('x-tier', 'gold'),
    () => lib.RequestMatch.all(lib.RequestMatch.method('POST'), lib.RequestMatch.header('x-region', 'eu')),
    () => lib.RequestMatch.queryParam('debug', '1'),
  ];
  const arb = fc.record({
    routes: fc.uniqueArray(fc.record({
      match: fc.nat({ max: MATCHES.length - 1 }),
      version: fc.constantFrom(...VERSIONS),
      timeout: fc.option(fc.constantFrom(100, 2000), { nil: undefined }),
    }), { maxLength: 3, selector: r => r.match }),
    canary: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
    mirror: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    timeout: fc.option(fc.constantFrom(300, 5000), { nil: undefined }),
  });

  test('exit 0 and explain-equal, or a listed difference (exit 1)', async () => {
    let alike = 0;
    await fc.assert(fc.asyncProperty(arb, async spec => {
      const { chart } = gatewayApp();
      const service = new lib.ModelService(chart, 'm', {
        modelName: 'm',
        versions: VERSIONS.map(v => ({ name: v, image: `r.example.com/m:${v}` })),
        timeout: spec.timeout === undefined ? undefined : Duration.millis(spec.timeout),
      });
      for (const r of [...spec.routes].sort((a, b) => a.match - b.match)) {
        service.routeMatching(MATCHES[r.match](), r.version, { timeout: r.timeout === undefined ? undefined : Duration.millis(r.timeout) });
      }
      if (spec.canary) new lib.CanaryRollout(chart, 'canary', { service, champion: 'v1', challengers: [{ version: 'v2', percent: spec.canary }] });
      if (spec.mirror) new lib.ShadowMirror(chart, 'shadow', { service, target: 'v3', percent: spec.mirror });
      let input: any[];
      try {
        input = Testing.synth(chart);
      } catch {
        return; // the renderer refused (e.g. a precedence conflict): nothing to import
      }
      const { code, program } = await importProgram(writeYaml(input));
      expect([0, 1]).toContain(code);
      const differing = differingHosts(input, runPrintedProgram(program));
      if (code === 0) {
        expect(differing).toEqual([]);
        alike++;
      } else {
        expect(header(program)).toContain('Differences (review before use):');
      }
    }), { numRuns: 12, seed: 19 });
    expect(alike).toBeGreaterThan(6);
  });
});

function readAll(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJSON()).filter(o => o);
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}
