/**
 * Hostile configurations through the public API, as JavaScript or a loose cast can produce them:
 * every prop and factory argument is usually valid and sometimes replaced by a hostile value
 * (wrong JS type, null/undefined/NaN/Infinity/-0, 2^31, unicode, 64+ characters, reserved words
 * such as `constructor`/`__proto__`/`toString`, regex bombs). `outcomeOf` builds and synthesizes
 * one configuration and classifies what happened; only two outcomes are acceptable:
 * - `synthesized`: manifests that `MeshCheck.checkManifests` (all layers) finds no error in;
 * - `config-error`: a `MeshConfigError` naming a path and a field, thrown before any output.
 * Shared by test/property/hostile.test.ts (fixed seed, bounded) and bench/fuzz-props.ts (20,000 runs).
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  AbExperiment, CanaryRollout, FaultInjection, H2UpgradePolicy, KServeDeploymentMode, KServeProtocol, LoadBalancer, MeshCheck,
  ModelBackend, ModelService, RequestMatch, ShadowMirror,
} from '../../src';
import { MeshConfigError } from '../../src/util/errors';
import { throwOnProblems } from '../../src/util/validation';

// ---------------------------------------------------------------- hostile values

/** Values nobody should pass, of every JS type; `constructor` & co. collide with object properties. */
export const HOSTILE_VALUES: readonly unknown[] = [
  undefined, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2 ** 31, 2 ** 53, -1, 0.5, 1e-7,
  '', ' ', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'a'.repeat(64), 'b'.repeat(300),
  'ünïcødé', '日本語', '🙂', '(a+)+$', '(.*a){20}', '^(([a-z])+.)+[A-Z]([a-z])+$', 'X-Up', 'a\nb', 'tab\there', '-leading', 'trailing-',
  'v1.0', '../escape', '%', '5xx', '42', true, false, 0, 1, 42, 10n, {}, [], [null], ['5xx'], { toMilliseconds: () => 'soon' },
  { toMilliseconds: () => { throw new Error('boom'); } }, () => 1, new Date(0), Object.create(null),
];

const hostileArb: fc.Arbitrary<any> = fc.constantFrom(...HOSTILE_VALUES);

// ---------------------------------------------------------------- recipes (plain data, built inside the run)

/** A call of a static factory, e.g. `{ make: 'header', args: ['x-user', 'premium'] }`. */
export type Recipe = { readonly make: string; readonly args: readonly unknown[] };

const VERSION_NAMES = ['v1', 'v2', 'v3', 'canary', 'constructor', 'a'.repeat(63)];

/**
 * The arbitraries for one hostility rate (hostile values per thousand fields): with a low rate most
 * configurations are valid and synthesize, with a high one several fields are hostile at once.
 */
function arbitraries(perMille: number) {
  /** Mostly `valid`, sometimes a hostile value (`undefined` among them, so required fields go missing too). */
  function field<T>(valid: fc.Arbitrary<T>, bad?: fc.Arbitrary<unknown>): fc.Arbitrary<any> {
    if (perMille === 0) return valid;
    const hostile = bad ? fc.oneof(hostileArb, bad) : hostileArb;
    return fc.oneof({ weight: 1000 - perMille, arbitrary: valid }, { weight: perMille, arbitrary: hostile });
  }
  /** Optional field: absent or valid, sometimes hostile. */
  const opt = <T>(valid: fc.Arbitrary<T>, bad?: fc.Arbitrary<unknown>): fc.Arbitrary<any> =>
    field(fc.option(valid, { nil: undefined, freq: 2 }), bad);

  const versionNameArb = field(fc.constantFrom(...VERSION_NAMES));
  /** A version reference: usually one of the service's versions (`{ ref: i }`, resolved when built). */
  const refArb = field(fc.nat(5).map(i => ({ ref: i })), fc.constantFrom(...VERSION_NAMES));
  const headerArb = field(fc.constantFrom('x-user', 'X-Up', 'x-a', 'x-b', 'x-user-segment'), fc.constantFrom('bad name', 'x:y', ''));
  const stringValueArb = field(fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('premium', 'ü', '日本', 'a'.repeat(100))));
  const regexArb = field(fc.constantFrom('prem.*', '(a+)+$', '[0-9]+', '(.*a){20}', '.*'), fc.constantFrom('(?=x)y', '(a)\\1', '', 'a{2,1}'));
  const pathArb = field(fc.constantFrom('/', '/v1/', '/v2/models', '/a', '/ü'), fc.constantFrom('nope', 'a/b'));
  const durationArb = field(
    fc.oneof(fc.integer({ min: 1, max: 600_000 }).map(ms => Duration.millis(ms)), fc.constant(Duration.seconds(30))),
    fc.constantFrom(Duration.millis(0.5), Duration.millis(0), Duration.hours(2562048), 200),
  );

  const leafMatchArb: fc.Arbitrary<Recipe> = fc.oneof(
    fc.tuple(headerArb, stringValueArb).map(args => ({ make: 'header', args })),
    fc.tuple(headerArb, stringValueArb).map(args => ({ make: 'headerPrefix', args })),
    fc.tuple(headerArb, regexArb).map(args => ({ make: 'headerRegex', args })),
    fc.tuple(pathArb).map(args => ({ make: 'uriPrefix', args })),
    fc.tuple(pathArb).map(args => ({ make: 'uriExact', args })),
    fc.tuple(regexArb).map(args => ({ make: 'uriRegex', args })),
    fc.tuple(field(fc.constantFrom('GET', 'POST', 'PUT'), fc.constant('post'))).map(args => ({ make: 'method', args })),
    fc.tuple(field(fc.constantFrom('q', 'user')), stringValueArb).map(args => ({ make: 'queryParam', args })),
  );
  const matchArb: fc.Arbitrary<Recipe> = fc.oneof(
    { weight: 4, arbitrary: leafMatchArb },
    { weight: 1, arbitrary: fc.array(field(leafMatchArb), { minLength: 1, maxLength: 3 }).map(args => ({ make: 'all', args })) },
    { weight: 1, arbitrary: fc.array(field(leafMatchArb), { minLength: 1, maxLength: 3 }).map(args => ({ make: 'any', args })) },
  );

  const loadBalancerArb: fc.Arbitrary<Recipe> = fc.oneof(
    fc.constantFrom('leastRequest', 'leastConn', 'roundRobin', 'random').map(make => ({ make, args: [] })),
    fc.tuple(headerArb).map(args => ({ make: 'consistentHashOnHeader', args })),
  );

  const percentArb = field(fc.constantFrom(0, 5, 10, 20, 50), fc.constantFrom(101, 10.5, -5));
  const faultPercentArb = field(fc.constantFrom(0, 0.5, 10, 100), fc.constantFrom(101, 1e-7, -1));
  const statusArb = field(fc.integer({ min: 200, max: 599 }), fc.constantFrom(100, 601));
  const faultArb: fc.Arbitrary<Recipe> = fc.oneof(
    fc.tuple(durationArb, faultPercentArb).map(args => ({ make: 'delay', args })),
    fc.tuple(statusArb, faultPercentArb).map(args => ({ make: 'abort', args })),
    fc.tuple(durationArb, faultPercentArb, statusArb, faultPercentArb).map(args => ({ make: 'delayAndAbort', args })),
  );

  const resourcesArb = opt(fc.record({
    cpu: opt(fc.record({ request: opt(fc.constantFrom(Cpu.millis(250), Cpu.units(1))), limit: opt(fc.constant(Cpu.units(2))) }),
      fc.constant({ request: Cpu.millis(-5) })),
    memory: opt(fc.record({ request: opt(fc.constant(Size.mebibytes(512))), limit: opt(fc.constant(Size.gibibytes(2))) }),
      fc.constant({ request: Size.kibibytes(1) })),
  }));

  const deploymentBackendArb = fc.record({
    image: field(fc.constantFrom('img', 'registry.example.com/team/model:v2', `nginx@sha256:${'a'.repeat(64)}`), fc.constantFrom('my image', 'img\n', 'Upper/Case')),
    containerPort: opt(fc.constant(8080), fc.constant(70000)),
    resources: resourcesArb,
    env: opt(fc.dictionary(fc.constantFrom('MODEL', 'LOG_LEVEL', 'a.b', 'constructor', 'toString'), stringValueArb, { maxKeys: 3 }),
      fc.constantFrom({ '': 'x' }, { '1BAD': 'x' }, { 'a=b': 'x' }, { A: 1 })),
  }).map(options => ({ make: 'deployment', args: [options] }));

  const kserveBackendArb = fc.record({
    modelFormat: field(fc.constant('xgboost')),
    modelFormatVersion: opt(fc.constantFrom('1', '2.0')),
    storageUri: field(fc.constantFrom('s3://models/m/v1', 'gs://b/p', 'pvc://claim/x'), fc.constant('models/v1')),
    runtime: opt(fc.constant('kserve-xgbserver'), fc.constant('BAD NAME')),
    protocolVersion: opt(fc.constant(KServeProtocol.V1), fc.constant('v3')),
    cpu: opt(fc.constantFrom('1', '500m'), fc.constantFrom('-1', '2 cores')),
    memory: opt(fc.constantFrom('4Gi', '512Mi'), fc.constant('-4Gi')),
    gpus: opt(fc.integer({ min: 0, max: 2 }), fc.constant(65)),
    minReplicas: opt(fc.integer({ min: 1, max: 3 }), fc.constant(0)),
    maxReplicas: opt(fc.constant(5), fc.constant(2 ** 31)),
    deploymentMode: opt(fc.constant(KServeDeploymentMode.STANDARD), fc.constantFrom(KServeDeploymentMode.KNATIVE, 'RawDeployment')),
  }).map(options => ({ make: 'kserve', args: [options] }));

  const circuitBreakerArb = opt(fc.record({
    consecutive5xxErrors: opt(fc.integer({ min: 0, max: 10 })),
    interval: opt(durationArb),
    baseEjectionTime: opt(durationArb),
    maxEjectionPercent: opt(fc.integer({ min: 0, max: 100 }), fc.constant(150)),
    minHealthPercent: opt(fc.integer({ min: 0, max: 100 })),
  }), fc.constant('x'));
  const connectionPoolArb = opt(fc.record({
    maxConnections: opt(fc.integer({ min: 0, max: 1000 })),
    connectTimeout: opt(durationArb),
    http2MaxRequests: opt(fc.integer({ min: 0, max: 1000 })),
    h2UpgradePolicy: opt(fc.constantFrom(H2UpgradePolicy.DEFAULT, H2UpgradePolicy.UPGRADE), fc.constant('upgrade')),
  }));
  const retriesArb = opt(fc.record({
    attempts: field(fc.integer({ min: 1, max: 5 }), fc.constant(2 ** 31)),
    perTryTimeout: opt(durationArb),
    retryOn: opt(fc.array(field(fc.constantFrom('5xx', 'gateway-error', 'connect-failure', '503', 'reset'), fc.constant(' reset')), { maxLength: 3 }), fc.constant('5xx')),
  }));

  const versionArb = fc.record({
    name: versionNameArb,
    image: fc.constant('registry.example.com/m:v1'),
    backend: opt(field(fc.oneof({ weight: 3, arbitrary: deploymentBackendArb }, { weight: 1, arbitrary: kserveBackendArb }))),
    replicas: opt(fc.integer({ min: 0, max: 5 }), fc.constant(2 ** 31)),
    circuitBreaker: circuitBreakerArb,
    connectionPool: connectionPoolArb,
    loadBalancer: opt(loadBalancerArb),
  }).map(v => (v.backend === undefined ? v : { ...v, image: undefined, replicas: v.backend?.make === 'kserve' ? undefined : v.replicas }));

  /** Routing constructs are added now and then: most configurations stay simple enough to synthesize. */
  const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  const challengerArb = (r: number) => field(fc.record({ version: field(fc.constant({ ref: r })), percent: percentArb }));
  const challengersArb = field(fc.constantFrom([1], [1, 2], [2]).chain(refs => fc.tuple(...refs.map(challengerArb))));
  const selfArb = field(fc.constant('self'));

  const serviceArb = fc.record({
    modelName: field(fc.constantFrom('fraud', 'ranking', 'm', 'constructor', 'a-b-c'), fc.constantFrom('Fraud', '9x')),
    namespace: opt(fc.constantFrom('ml', 'other'), fc.constant('ML')),
    port: opt(fc.constantFrom(8080, 80, 65535), fc.constantFrom(0, 65536)),
    versions: field(fc.uniqueArray(field(versionArb), { minLength: 1, maxLength: 3, selector: v => v?.name })),
    defaultVersion: opt(refArb),
    timeout: opt(durationArb),
    retries: retriesArb,
    circuitBreaker: circuitBreakerArb,
    connectionPool: connectionPoolArb,
    loadBalancer: opt(loadBalancerArb),
    fault: opt(faultArb),
    routes: fc.array(fc.record({
      match: field(matchArb),
      version: refArb,
      options: opt(fc.record({ name: opt(fc.constantFrom('premium', 'r-1'), fc.constant('my route')), timeout: opt(durationArb), retries: retriesArb })),
    }), { maxLength: 2 }),
    canary: sometimes(fc.record({ service: selfArb, champion: field(fc.constant({ ref: 0 }), refArb), challengers: challengersArb })),
    experiment: sometimes(fc.record({
      service: selfArb,
      experimentId: field(fc.constantFrom('e1', 'q4-test'), fc.constant('Q4_Test')),
      arms: field(fc.constantFrom([0, 1], [1, 0], [0, 2]).chain(([a, b]) => fc.constantFrom([50, 50], [90, 10], [100, 0]).map(([pa, pb]) => [
        { version: { ref: a }, percent: pa }, { version: { ref: b }, percent: pb },
      ]))),
      bucketHeader: opt(fc.constantFrom('x-ab-bucket', 'X-Exp'), fc.constant('x exp')),
      buckets: opt(fc.constantFrom(10, 100, 1000), fc.constant(0)),
    })),
    mirror: sometimes(fc.record({
      service: selfArb, target: refArb, percent: opt(fc.constantFrom(10, 100, 0.5), fc.constant(0)), allRoutes: opt(fc.boolean()),
    })),
  });

  return fc.record({
    perMille: fc.constant(perMille),
    chartNamespace: opt(fc.constantFrom('ml', 'ml-serving')),
    services: fc.array(serviceArb, { minLength: 1, maxLength: 2 }),
  });
}

/** Hostile values per thousand fields: none, rare, some, many. */
const RATES = [0, 5, 20, 80];

/** One hostile configuration: plain data, readable when a run fails. */
export const hostileConfigArb = fc.oneof(...RATES.map(arbitraries));
export type HostileConfig = typeof hostileConfigArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------- building

/** Build a recipe with the real factory; a recipe replaced by a hostile value is passed as is. */
function build(cls: any, r: unknown): unknown {
  if (typeof r !== 'object' || r === null || !('make' in r)) return r;
  const recipe = r as Recipe;
  const args = recipe.make === 'all' || recipe.make === 'any' ? recipe.args.map(a => build(RequestMatch, a)) : recipe.args;
  return cls[recipe.make](...args);
}

/** `service: 'self'` is the service the construct belongs to; anything else is passed as is. */
const serviceOf = (given: unknown, svc: ModelService) => (given === 'self' ? svc : given);

/** Resolve version references `{ ref: i }` to the name of the service's i-th version (modulo). */
function resolveRefs(value: unknown, names: string[]): any {
  if (Array.isArray(value)) return value.map(v => resolveRefs(v, names));
  if (value === null || typeof value !== 'object' || ![Object.prototype, null].includes(Object.getPrototypeOf(value))) return value;
  const ref = (value as { ref?: unknown }).ref;
  if (typeof ref === 'number' && Object.keys(value).length === 1) return names.length ? names[ref % names.length] : 'v1';
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, names)]));
}

function buildService(chart: Chart, id: string, given: any): void {
  const declared = Array.isArray(given.versions)
    ? given.versions.map((v: any) => v?.name).filter((n: unknown) => typeof n === 'string')
    : [];
  const { defaultVersion, routes, canary, experiment, mirror } = given;
  const s = { ...given, ...resolveRefs({ defaultVersion, routes, canary, experiment, mirror }, declared) };
  const versions = Array.isArray(s.versions)
    ? s.versions.map((v: any) => (v && typeof v === 'object' && 'backend' in v ? { ...v, backend: build(ModelBackend, v.backend), loadBalancer: build(LoadBalancer, v.loadBalancer) } : v))
    : s.versions;
  const svc = new ModelService(chart, id, {
    ...s, versions, loadBalancer: build(LoadBalancer, s.loadBalancer), fault: build(FaultInjection, s.fault),
  });
  for (const r of s.routes) {
    const options = r.options && typeof r.options === 'object' ? { ...r.options, fault: build(FaultInjection, r.options.fault) } : r.options;
    svc.routeMatching(build(RequestMatch, r.match) as RequestMatch, r.version, options);
  }
  if (s.canary !== undefined) new CanaryRollout(chart, `${id}-canary`, { ...s.canary, service: serviceOf(s.canary.service, svc) });
  if (s.experiment !== undefined) new AbExperiment(chart, `${id}-ab`, { ...s.experiment, service: serviceOf(s.experiment.service, svc) });
  if (s.mirror !== undefined) new ShadowMirror(chart, `${id}-shadow`, { ...s.mirror, service: serviceOf(s.mirror.service, svc) });
}

// ---------------------------------------------------------------- outcomes

export type Outcome =
  | { readonly kind: 'synthesized'; readonly documents: number }
  | { readonly kind: 'config-error'; readonly field: string; readonly message: string }
  /** Synthesized, but `check` finds errors: a manifest the cluster would reject. */
  | { readonly kind: 'invalid-manifest'; readonly errors: string[] }
  /** Caught only by the synth-time check of the rendered objects (a problem with a rule id): the prop should have been checked. */
  | { readonly kind: 'self-check'; readonly message: string }
  /** Anything else thrown: a crash, or an error without a path and a field. */
  | { readonly kind: 'crash'; readonly error: string };

/** Build, validate (as MeshApp.synth does) and synthesize one configuration; classify the result. */
export function outcomeOf(config: HostileConfig): Outcome {
  let objects: any[];
  try {
    const chart = new Chart(Testing.app(), 'test', { namespace: config.chartNamespace });
    config.services.forEach((s, i) => buildService(chart, `svc${i}`, s));
    throwOnProblems(chart.node.root);
    objects = Testing.synth(chart);
  } catch (e) {
    if (e instanceof MeshConfigError && e.problems.some(p => p.rule !== undefined)) return { kind: 'self-check', message: e.message };
    if (e instanceof MeshConfigError && e.path && e.field && e.message.startsWith(`[${e.path}] ${e.field}: `)) {
      return { kind: 'config-error', field: e.field, message: e.message };
    }
    return { kind: 'crash', error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e) };
  }
  const result = MeshCheck.checkManifests(objects);
  if (result.errorCount > 0) {
    return { kind: 'invalid-manifest', errors: result.findings.filter(f => f.severity === 'error').map(f => `${f.kind}/${f.name} ${f.path}: ${f.message} (${f.rule})`) };
  }
  return { kind: 'synthesized', documents: objects.length };
}

/** The field an error names, without indexes and version names: `versions[].backend.cpu`. */
export function fieldFamily(field: string): string {
  return field.replace(/\[[^\]]*\]/g, '[]');
}
