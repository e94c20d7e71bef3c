/**
 * fast-check arbitraries for random VALID model-serving configurations, and the builder that
 * turns one into constructs.
 *
 * Configurations are plain data (`ChartSpec`), so a failing case prints readably and shrinks;
 * versions are picked by index and resolved to names in `map` steps (no `chain`), which keeps
 * shrinking effective. Every rule the library enforces is respected by construction:
 * - DNS-1035 model names, DNS-1123 version names, whole-millisecond durations >= 1ms;
 * - KServe versions of one service share model format, protocol and served model name, and the
 *   stable Service's single target port agrees with every version (KServe listens on 8080);
 * - Knative services have one or two versions, two with a one-challenger CanaryRollout, and no
 *   feature that needs our VirtualService;
 * - no match block is covered by an earlier one (shadowed-routes.ts: a route whose every block
 *   is covered can never match, an error), explicit matches on a bucket header are exact or prefix;
 * - a mirror target never is the only live destination of a route it mirrors.
 */
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  AbExperiment, CanaryRollout, CircuitBreaker, ConnectionPool, FaultInjection, H2UpgradePolicy, KServeDeploymentMode,
  KServeProtocol, LoadBalancer, ModelBackend, ModelProtocol, ModelService, ModelVersionOptions, RequestMatch, RetryPolicy, ShadowMirror,
} from '../../src';
import { KSERVE_GRPC_PORT } from '../../src/backends/kserve/inference-service-spec';
import { ConnectionPoolSpec as RouteTableConnectionPool, MatchBlock, OutlierDetectionSpec } from '../../src/routing/route-table';
import { blockCovers } from '../../src/routing/shadowed-routes';

// ---------------------------------------------------------------- configuration data

export type MatchKind = 'exact' | 'prefix' | 'regex';

/** One header condition; `witness` is a value that satisfies it. */
export interface Condition {
  readonly header: string;
  readonly kind: MatchKind;
  readonly value: string;
  readonly witness: string;
}

export interface RetrySpec {
  readonly attempts: number;
  readonly perTryTimeoutMs?: number;
  readonly retryOn?: string[];
}

/** The route table's shapes (milliseconds), with the public enum for the upgrade policy. */
export type CircuitBreakerSpec = OutlierDetectionSpec;
export type ConnectionPoolSpec = Omit<RouteTableConnectionPool, 'h2UpgradePolicy'> & { readonly h2UpgradePolicy?: H2UpgradePolicy };

export type LoadBalancerSpec = { readonly simple: 'leastRequest' | 'leastConn' | 'roundRobin' | 'random' } | { readonly hashHeader: string };

/** DestinationRule settings of a service or a version. */
export interface PolicySpec {
  readonly circuitBreaker?: CircuitBreakerSpec;
  readonly connectionPool?: ConnectionPoolSpec;
  readonly loadBalancer?: LoadBalancerSpec;
}

export interface FaultSpec {
  readonly delay?: { readonly ms: number; readonly percent: number };
  readonly abort?: { readonly status: number; readonly percent: number };
}

export interface DeploymentSpec {
  readonly kind: 'deployment';
  readonly image: string;
  readonly containerPort?: number;
  readonly replicas?: number;
}

export interface KServeSpec {
  readonly kind: 'kserve';
  readonly storageUri: string;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly gpus?: number;
  readonly cpu?: string;
  readonly memory?: string;
}

export interface VersionSpec {
  readonly name: string;
  readonly backend: DeploymentSpec | KServeSpec;
  readonly policy?: PolicySpec;
}

/** What every KServe version of one service shares (one request path for callers). */
export interface KServeShared {
  readonly modelFormat: string;
  readonly protocol?: KServeProtocol;
  readonly servedModelName?: string;
  readonly knative: boolean;
}

export interface MatchRouteSpec {
  readonly blocks: Condition[][];
  readonly version: string;
  readonly timeoutMs?: number;
  readonly retries?: RetrySpec;
}

export interface Split {
  readonly version: string;
  readonly percent: number;
}

export interface CanarySpec {
  readonly champion: string;
  readonly challengers: Split[];
}

export interface ExperimentSpec {
  readonly experimentId: string;
  readonly bucketHeader?: string;
  readonly buckets?: number;
  readonly arms: Split[];
}

export interface MirrorSpec {
  readonly target: string;
  readonly percent?: number;
  readonly allRoutes?: boolean;
}

export interface ServiceSpec {
  /** Construct id (the model name as generated; mutations may change `modelName` only). */
  readonly id: string;
  readonly modelName: string;
  readonly namespace?: string;
  readonly port?: number;
  readonly kserve?: KServeShared;
  readonly versions: VersionSpec[];
  readonly defaultVersion?: string;
  readonly timeoutMs?: number;
  readonly retries?: RetrySpec;
  readonly policy?: PolicySpec;
  readonly fault?: FaultSpec;
  readonly routes: MatchRouteSpec[];
  readonly canary?: CanarySpec;
  readonly experiments: ExperimentSpec[];
  readonly mirrors: MirrorSpec[];
}

export interface ChartSpec {
  readonly namespace?: string;
  readonly services: ServiceSpec[];
}

// ---------------------------------------------------------------- names and paths

export const CHART_ID = 'test';
export const DEFAULT_BUCKET_HEADER = 'x-ab-bucket';
/** Headers experiments may route on; explicit matches on them are exact or prefix only. */
export const BUCKET_HEADERS = [DEFAULT_BUCKET_HEADER, 'x-exp-1'];

export const servicePath = (s: ServiceSpec) => `${CHART_ID}/${s.id}`;
export const canaryId = (s: ServiceSpec) => `${s.id}-canary`;
export const experimentConstructId = (s: ServiceSpec, i: number) => `${s.id}-ab-${i}`;
export const mirrorId = (s: ServiceSpec, i: number) => `${s.id}-shadow-${i}`;
export const bucketHeaderOf = (e: ExperimentSpec) => e.bucketHeader ?? DEFAULT_BUCKET_HEADER;
export const bucketsOf = (e: ExperimentSpec) => e.buckets ?? 100;

/** Bucket range of every arm that owns buckets, in route order (the library's contract, computed independently). */
export function armRanges(e: ExperimentSpec): Array<{ version: string; first: number; last: number }> {
  let next = 0;
  return e.arms.flatMap(a => {
    const count = (a.percent * bucketsOf(e)) / 100;
    const range = { version: a.version, first: next, last: next + count - 1 };
    next += count;
    return count > 0 ? [range] : [];
  });
}

type DefaultRouteFields = 'canary' | 'defaultVersion' | 'versions';

/** Destinations of the default route with weight > 0: the canary split, or the default version. */
export function liveDefault(s: Pick<ServiceSpec, DefaultRouteFields>): Split[] {
  if (!s.canary) return [{ version: s.defaultVersion ?? s.versions[0].name, percent: 100 }];
  const split = [{ version: s.canary.champion, percent: 100 - sum(s.canary.challengers) }, ...s.canary.challengers];
  return split.filter(d => d.percent > 0);
}

export const sum = (splits: readonly Split[]) => splits.reduce((a, d) => a + d.percent, 0);

// ---------------------------------------------------------------- building constructs

const ms = (n: number | undefined) => (n === undefined ? undefined : Duration.millis(n));

function retryPolicy(r: RetrySpec | undefined): RetryPolicy | undefined {
  return r && { attempts: r.attempts, perTryTimeout: ms(r.perTryTimeoutMs), retryOn: r.retryOn };
}

function circuitBreaker(c: CircuitBreakerSpec | undefined): CircuitBreaker | undefined {
  return c && {
    consecutive5xxErrors: c.consecutive5xxErrors,
    consecutiveGatewayErrors: c.consecutiveGatewayErrors,
    interval: ms(c.intervalMs),
    baseEjectionTime: ms(c.baseEjectionTimeMs),
    maxEjectionPercent: c.maxEjectionPercent,
    minHealthPercent: c.minHealthPercent,
  };
}

function connectionPool(c: ConnectionPoolSpec | undefined): ConnectionPool | undefined {
  return c && {
    maxConnections: c.maxConnections,
    connectTimeout: ms(c.connectTimeoutMs),
    http1MaxPendingRequests: c.http1MaxPendingRequests,
    http2MaxRequests: c.http2MaxRequests,
    maxRequestsPerConnection: c.maxRequestsPerConnection,
    maxRetries: c.maxRetries,
    idleTimeout: ms(c.idleTimeoutMs),
    h2UpgradePolicy: c.h2UpgradePolicy,
  };
}

function loadBalancer(l: LoadBalancerSpec | undefined): LoadBalancer | undefined {
  if (!l) return undefined;
  if ('hashHeader' in l) return LoadBalancer.consistentHashOnHeader(l.hashHeader);
  return LoadBalancer[l.simple]();
}

function policy(p: PolicySpec | undefined) {
  return {
    circuitBreaker: circuitBreaker(p?.circuitBreaker),
    connectionPool: connectionPool(p?.connectionPool),
    loadBalancer: loadBalancer(p?.loadBalancer),
  };
}

function fault(f: FaultSpec | undefined): FaultInjection | undefined {
  if (!f) return undefined;
  if (f.delay && f.abort) return FaultInjection.delayAndAbort(Duration.millis(f.delay.ms), f.delay.percent, f.abort.status, f.abort.percent);
  if (f.delay) return FaultInjection.delay(Duration.millis(f.delay.ms), f.delay.percent);
  return f.abort && FaultInjection.abort(f.abort.status, f.abort.percent);
}

function versionOptions(v: VersionSpec, s: ServiceSpec): ModelVersionOptions {
  const b = v.backend;
  const common = { name: v.name, ...policy(v.policy) };
  if (b.kind === 'deployment') {
    // Beside gRPC KServe versions a Deployment must speak gRPC too, on KServe's gRPC port.
    const grpc = s.kserve?.protocol === KServeProtocol.GRPC_V2
      ? { protocol: ModelProtocol.GRPC, containerPort: KSERVE_GRPC_PORT } : { containerPort: b.containerPort };
    return { ...common, replicas: b.replicas, backend: ModelBackend.deployment({ image: b.image, ...grpc }) };
  }
  const shared = s.kserve!;
  return {
    ...common,
    backend: ModelBackend.kserve({
      modelFormat: shared.modelFormat,
      protocolVersion: shared.protocol,
      servedModelName: shared.servedModelName,
      deploymentMode: shared.knative ? KServeDeploymentMode.KNATIVE : undefined,
      storageUri: b.storageUri,
      minReplicas: b.minReplicas,
      maxReplicas: b.maxReplicas,
      gpus: b.gpus,
      cpu: b.cpu,
      memory: b.memory,
    }),
  };
}

function condition(c: Condition): RequestMatch {
  switch (c.kind) {
    case 'exact': return RequestMatch.header(c.header, c.value);
    case 'prefix': return RequestMatch.headerPrefix(c.header, c.value);
    case 'regex': return RequestMatch.headerRegex(c.header, c.value);
  }
}

export function requestMatch(blocks: Condition[][]): RequestMatch {
  return RequestMatch.any(...blocks.map(b => RequestMatch.all(...b.map(condition))));
}

/** Create the service and its routing constructs, in the order a user would write them. */
export function buildService(chart: Chart, s: ServiceSpec): ModelService {
  const service = new ModelService(chart, s.id, {
    modelName: s.modelName,
    namespace: s.namespace,
    port: s.port,
    versions: s.versions.map(v => versionOptions(v, s)),
    defaultVersion: s.defaultVersion,
    timeout: ms(s.timeoutMs),
    retries: retryPolicy(s.retries),
    fault: fault(s.fault),
    ...policy(s.policy),
  });
  for (const r of s.routes) {
    service.routeMatching(requestMatch(r.blocks), r.version, { timeout: ms(r.timeoutMs), retries: retryPolicy(r.retries) });
  }
  if (s.canary) new CanaryRollout(chart, canaryId(s), { service, champion: s.canary.champion, challengers: s.canary.challengers });
  s.experiments.forEach((e, i) => new AbExperiment(chart, experimentConstructId(s, i), { service, ...e }));
  s.mirrors.forEach((m, i) => new ShadowMirror(chart, mirrorId(s, i), { service, ...m }));
  return service;
}

/** The chart `test` with every service of `spec`. */
export function buildChart(scope: Construct, spec: ChartSpec): { chart: Chart; services: ModelService[] } {
  const chart = new Chart(scope, CHART_ID, { namespace: spec.namespace });
  return { chart, services: spec.services.map(s => buildService(chart, s)) };
}

// ---------------------------------------------------------------- small arbitraries

/** `arb` or undefined, undefined in `absent` out of `absent + 1` cases. */
const opt = <T>(arb: fc.Arbitrary<T>, absent = 1): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 });

export const modelNameArb = fc.stringMatching(/^[a-z]([-a-z0-9]{0,12}[a-z0-9])?$/);
export const versionNameArb = fc.oneof(
  fc.integer({ min: 0, max: 99 }).map(n => `v${n}`),
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/),
);

/** Whole milliseconds >= 1, small values more often. */
export const durationMsArb = fc.oneof(
  fc.integer({ min: 1, max: 2_000 }),
  fc.integer({ min: 1, max: 3_600 }).map(s => s * 1000),
  fc.integer({ min: 1, max: 86_400_000 }),
);

const RETRY_ON = ['5xx', 'gateway-error', 'reset', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'cancelled', 'deadline-exceeded', 'unavailable', 'resource-exhausted', '503', '429', '500'];

export const retryArb: fc.Arbitrary<RetrySpec> = fc.oneof(
  fc.constant({ attempts: 0 }),
  fc.record({
    attempts: fc.integer({ min: 1, max: 10 }),
    perTryTimeoutMs: opt(durationMsArb),
    retryOn: opt(fc.uniqueArray(fc.constantFrom(...RETRY_ON), { minLength: 1, maxLength: 4 })),
  }),
);

const uint32 = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 4294967295 }));
const int32 = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2147483647 }));
const percent = fc.integer({ min: 0, max: 100 });

export const circuitBreakerArb: fc.Arbitrary<CircuitBreakerSpec> = fc.record({
  consecutive5xxErrors: opt(uint32),
  consecutiveGatewayErrors: opt(uint32),
  intervalMs: opt(durationMsArb),
  baseEjectionTimeMs: opt(durationMsArb),
  maxEjectionPercent: opt(percent),
  minHealthPercent: opt(percent),
});

export const connectionPoolArb: fc.Arbitrary<ConnectionPoolSpec> = fc.record({
  maxConnections: opt(int32),
  connectTimeoutMs: opt(durationMsArb),
  http1MaxPendingRequests: opt(int32),
  http2MaxRequests: opt(int32),
  maxRequestsPerConnection: opt(int32),
  maxRetries: opt(int32),
  idleTimeoutMs: opt(durationMsArb),
  h2UpgradePolicy: opt(fc.constantFrom(H2UpgradePolicy.DEFAULT, H2UpgradePolicy.DO_NOT_UPGRADE, H2UpgradePolicy.UPGRADE)),
});

/** RFC 7230 tokens (the library lower-cases the hash header). */
const httpTokenArb = fc.stringMatching(/^[-!#$%&'*+.^_`|~0-9A-Za-z]{1,16}$/);

export const loadBalancerArb: fc.Arbitrary<LoadBalancerSpec> = fc.oneof(
  fc.constantFrom('leastRequest', 'leastConn', 'roundRobin', 'random').map(simple => ({ simple } as LoadBalancerSpec)),
  fc.oneof(fc.constantFrom('x-user-id', 'x-session'), httpTokenArb).map(hashHeader => ({ hashHeader })),
);

export const policyArb: fc.Arbitrary<PolicySpec> = fc.record({
  circuitBreaker: opt(circuitBreakerArb),
  connectionPool: opt(connectionPoolArb),
  loadBalancer: opt(loadBalancerArb),
}).filter(p => p.circuitBreaker !== undefined || p.connectionPool !== undefined || p.loadBalancer !== undefined);

/** Istio fault percents: 0, or 0.0001..100. */
const faultPercent = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 1_000_000 }).map(n => n / 10_000));

export const faultArb: fc.Arbitrary<FaultSpec> = fc.record({
  delay: opt(fc.record({ ms: durationMsArb, percent: faultPercent })),
  abort: opt(fc.record({ status: fc.integer({ min: 200, max: 600 }), percent: faultPercent })),
}).filter(f => f.delay !== undefined || f.abort !== undefined);

// ---------------------------------------------------------------- RE2 regexes with a witness

interface Regex { readonly re: string; readonly w: string }

const literalArb: fc.Arbitrary<Regex> = fc.constantFrom(...'abcxyz019-_'.split('')).map(c => ({ re: c, w: c }));
const classArb: fc.Arbitrary<Regex> = fc.constantFrom<Regex>(
  { re: '[a-z]', w: 'q' }, { re: '[0-9]', w: '7' }, { re: '[a-f0-9]', w: 'e' }, { re: '[^/]', w: 'k' },
  { re: '\\d', w: '3' }, { re: '\\w', w: '_' }, { re: '.', w: '.' }, { re: '\\.', w: '.' },
);

function quantify(a: Regex, q: string): Regex {
  const times: Record<string, number> = { '': 1, '*': 0, '+': 1, '?': 0, '{2}': 2, '{1,3}': 1, '*?': 0 };
  return { re: a.re + q, w: a.w.repeat(times[q]) };
}

const quantifierArb = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '*?');
const pieceArb: fc.Arbitrary<Regex> = fc.tuple(fc.oneof(literalArb, classArb), quantifierArb).map(([a, q]) => quantify(a, q));
const seqArb = (max: number) => fc.array(pieceArb, { minLength: 1, maxLength: max })
  .map(ps => ({ re: ps.map(p => p.re).join(''), w: ps.map(p => p.w).join('') }));

const groupArb: fc.Arbitrary<Regex> = fc.tuple(fc.array(seqArb(3), { minLength: 1, maxLength: 3 }), fc.nat(), quantifierArb)
  .map(([alts, pick, q]) => quantify({ re: `(?:${alts.map(a => a.re).join('|')})`, w: alts[pick % alts.length].w }, q));

/** A small RE2 regex (no look-around, no backreferences) with a string it fully matches. */
export const regexArb: fc.Arbitrary<Regex> = fc
  .array(fc.oneof({ arbitrary: pieceArb, weight: 3 }, { arbitrary: groupArb, weight: 1 }), { minLength: 1, maxLength: 4 })
  .map(ps => ({ re: ps.map(p => p.re).join(''), w: ps.map(p => p.w).join('') }));

// ---------------------------------------------------------------- matches

const MATCH_HEADERS = ['x-user-segment', 'x-tenant', 'x-client', 'x-region', ...BUCKET_HEADERS];
const valueArb = fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/);

const conditionArb: fc.Arbitrary<Condition> = fc.tuple(
  fc.oneof(fc.constantFrom(...MATCH_HEADERS), fc.stringMatching(/^x-[a-z0-9]{1,8}$/)),
  fc.constantFrom<MatchKind>('exact', 'prefix', 'regex'),
  valueArb, fc.integer({ min: 0, max: 120 }), regexArb, fc.stringMatching(/^[a-z0-9]{0,4}$/),
).map(([header, kind, value, bucket, regex, tail]): Condition => {
  if (BUCKET_HEADERS.includes(header)) {
    // Bucket headers carry numbers; regexes on them could repeat an experiment's own route.
    const v = String(bucket);
    return kind === 'prefix' ? { header, kind, value: v.slice(0, 1), witness: v } : { header, kind: 'exact', value: v, witness: v };
  }
  if (kind === 'exact') return { header, kind, value, witness: value };
  if (kind === 'prefix') return { header, kind, value, witness: value + tail };
  return { header, kind, value: regex.re, witness: regex.w };
});

/** AND block: conditions on distinct headers (two conditions on one header would contradict). */
const blockArb = fc.uniqueArray(conditionArb, { selector: c => c.header, minLength: 1, maxLength: 3 });

const matchBlock = (b: Condition[]): MatchBlock => ({ headers: Object.fromEntries(b.map(c => [c.header, { kind: c.kind, value: c.value }])) });

interface RawRoute { blocks: Condition[][]; version: number; timeoutMs?: number; retries?: RetrySpec }

const rawRouteArb: fc.Arbitrary<RawRoute> = fc.record({
  blocks: fc.array(blockArb, { minLength: 1, maxLength: 2 }),
  version: fc.nat(),
  timeoutMs: opt(durationMsArb, 3),
  retries: opt(retryArb, 3),
});

/** Drop every block an earlier block covers (a repeat, a longer prefix, ...), then the routes left without blocks. */
function uniqueBlocks(routes: RawRoute[], versions: string[]): MatchRouteSpec[] {
  const seen: MatchBlock[] = [];
  return routes.flatMap(r => {
    const blocks = r.blocks.filter(b => {
      const block = matchBlock(b);
      if (seen.some(earlier => blockCovers(earlier, block))) return false;
      seen.push(block);
      return true;
    });
    if (blocks.length === 0) return [];
    return [{ blocks, version: versions[r.version % versions.length], timeoutMs: r.timeoutMs, retries: r.retries }];
  });
}

// ---------------------------------------------------------------- splits

/** `cuts.length + 1` multiples of `step` (zero allowed) summing to `total`: the gaps between sorted cut points. */
function composition(cuts: number[], total: number, step: number): number[] {
  const points = [0, ...cuts.map(c => c % (total / step + 1)).sort((a, b) => a - b), total / step];
  return points.slice(1).map((p, i) => (p - points[i]) * step);
}

/** Version names in the order given by `keys` (a random permutation). */
function permute(versions: string[], keys: number[]): string[] {
  return versions.map((v, i) => ({ v, k: keys[i] ?? 0, i })).sort((a, b) => a.k - b.k || a.i - b.i).map(x => x.v);
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

interface RawCanary { order: number[]; challengers: number; cuts: number[] }
const rawCanaryArb: fc.Arbitrary<RawCanary> = fc.record({
  order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  challengers: fc.nat(),
  cuts: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
});

function canary(raw: RawCanary, versions: string[]): CanarySpec {
  const [champion, ...rest] = permute(versions, raw.order);
  const n = 1 + (raw.challengers % rest.length);
  // n + 1 parts summing to 100: the champion takes the first, challengers the others.
  const parts = composition(raw.cuts.slice(0, n), 100, 1);
  return { champion, challengers: rest.slice(0, n).map((version, i) => ({ version, percent: parts[i + 1] })) };
}

interface RawExperiment { id: string; explicitHeader: boolean; buckets?: number; order: number[]; arms: number; cuts: number[] }
const rawExperimentArb: fc.Arbitrary<RawExperiment> = fc.record({
  id: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?$/),
  explicitHeader: fc.boolean(),
  buckets: opt(fc.oneof(fc.constantFrom(100, 10, 20, 4, 5, 50, 1000, 1), fc.integer({ min: 1, max: 1000 }))),
  order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  arms: fc.nat(),
  cuts: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
});

function experiment(raw: RawExperiment, index: number, versions: string[]): ExperimentSpec {
  const arms = permute(versions, raw.order).slice(0, 2 + (raw.arms % (Math.min(4, versions.length) - 1)));
  const buckets = raw.buckets ?? 100;
  const step = 100 / gcd(100, buckets); // percents that give whole bucket counts
  const parts = composition(raw.cuts.slice(0, arms.length - 1), 100, step);
  return {
    experimentId: `${raw.id}-${index}`,
    // The first experiment may leave the header to its default; the second needs another header.
    bucketHeader: index === 0 ? (raw.explicitHeader ? DEFAULT_BUCKET_HEADER : undefined) : BUCKET_HEADERS[1],
    buckets: raw.buckets,
    arms: arms.map((version, i) => ({ version, percent: parts[i] })),
  };
}

interface RawMirror { target: number; percent?: number; allRoutes: boolean }
const rawMirrorArb: fc.Arbitrary<RawMirror> = fc.record({
  target: fc.nat(),
  percent: opt(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 9_999 }).map(n => n / 100))),
  allRoutes: fc.boolean(),
});

/** Keep mirrors whose target is not the only live destination of a route they mirror. */
function mirrors(raws: RawMirror[], versions: string[], s: Pick<ServiceSpec, 'routes' | 'experiments' | DefaultRouteFields>): MirrorSpec[] {
  const live = liveDefault(s);
  const defaultOnly = live.length === 1 ? live[0].version : undefined;
  const singles = new Set([...s.routes.map(r => r.version), ...s.experiments.flatMap(e => armRanges(e).map(a => a.version))]);
  const taken = new Set<string>();
  return raws.flatMap(m => {
    const target = versions[m.target % versions.length];
    if (taken.has(target) || target === defaultOnly) return [];
    taken.add(target);
    return [{ target, percent: m.percent, allRoutes: m.allRoutes && !singles.has(target) ? true : undefined }];
  });
}

// ---------------------------------------------------------------- services

type Mode = 'deployment' | 'kserve' | 'mixed' | 'knative';

/** KServe formats; the first ones accept `--model_name`, the others need servedModelName to agree. */
const ARG_FORMATS = ['xgboost', 'sklearn', 'lightgbm', 'tensorflow', 'huggingface'];
const OTHER_FORMATS = ['pytorch', 'onnx', 'tensorrt'];

const kserveSharedArb = (knative: boolean): fc.Arbitrary<KServeShared> => fc.record({
  modelFormat: fc.constantFrom(...ARG_FORMATS, ...OTHER_FORMATS),
  protocol: opt(fc.constantFrom(KServeProtocol.V1, KServeProtocol.V2, KServeProtocol.GRPC_V2)),
  servedModelName: opt(fc.stringMatching(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,15}$/)),
  knative: fc.constant(knative),
}).map(k => (!knative && OTHER_FORMATS.includes(k.modelFormat) && !k.servedModelName ? { ...k, servedModelName: 'model' } : k));

const kserveBackendArb = (knative: boolean) => fc.record({
  minReplicas: opt(fc.integer({ min: knative ? 0 : 1, max: 5 })),
  extraReplicas: opt(fc.integer({ min: 0, max: 10 })),
  gpus: opt(fc.integer({ min: 0, max: 4 })),
  cpu: opt(fc.constantFrom('500m', '1', '2', '0.5')),
  memory: opt(fc.constantFrom('512Mi', '1Gi', '4Gi')),
});

interface RawVersion {
  name: string;
  kserve: boolean;
  replicas?: number;
  ks: { minReplicas?: number; extraReplicas?: number; gpus?: number; cpu?: string; memory?: string };
  policy?: PolicySpec;
}

/** The stable Service's port and the Deployment versions' container port, consistent with the backends. */
const portsArb = fc.record({
  port: opt(fc.oneof(fc.constantFrom(8080, 80, 9000), fc.integer({ min: 1, max: 65535 }))),
  containerPort: opt(fc.oneof(fc.constant(8080), fc.integer({ min: 1, max: 65535 }))),
});

function ports(raw: { port?: number; containerPort?: number }, hasKServe: boolean, hasDeployment: boolean) {
  if (!(hasKServe && hasDeployment)) return raw;
  // Mixed: every Deployment version must serve on KServe's 8080.
  return raw.containerPort !== undefined ? { port: raw.port, containerPort: 8080 } : { port: raw.port === undefined ? undefined : 8080 };
}

function versionSpec(v: RawVersion, modelName: string, containerPort: number | undefined, knative: boolean): VersionSpec {
  if (!v.kserve) {
    return { name: v.name, policy: v.policy, backend: { kind: 'deployment', image: `registry.example.com/${modelName}:${v.name}`, containerPort, replicas: v.replicas } };
  }
  const { extraReplicas, ...ks } = v.ks;
  const maxReplicas = extraReplicas === undefined ? undefined : Math.max(ks.minReplicas ?? 1, 1) + extraReplicas;
  return { name: v.name, policy: knative ? undefined : v.policy, backend: { kind: 'kserve', storageUri: `s3://models/${modelName}/${v.name}`, ...ks, maxReplicas } };
}

const rawVersionsArb = (mode: Mode) => fc.uniqueArray(fc.record({
  name: versionNameArb,
  kserve: mode === 'mixed' ? fc.boolean() : fc.constant(mode !== 'deployment'),
  replicas: opt(fc.integer({ min: 0, max: 5 })),
  ks: kserveBackendArb(mode === 'knative'),
  policy: opt(policyArb, 3),
}), { selector: v => v.name, minLength: 1, maxLength: mode === 'knative' ? 2 : 4 });

/** A Standard-mode service (Deployments, KServe Standard, or both) with any routing. */
const standardServiceArb = (mode: Exclude<Mode, 'knative'>): fc.Arbitrary<ServiceSpec> => fc.record({
  modelName: modelNameArb,
  namespace: opt(fc.constantFrom('ml-serving', 'team-b'), 3),
  ports: portsArb,
  kserve: kserveSharedArb(false),
  versions: rawVersionsArb(mode),
  defaultVersion: opt(fc.nat()),
  timeoutMs: opt(durationMsArb),
  retries: opt(retryArb),
  policy: opt(policyArb),
  fault: opt(faultArb, 4),
  routes: fc.array(rawRouteArb, { maxLength: 4 }),
  canary: opt(rawCanaryArb),
  experiments: fc.array(rawExperimentArb, { maxLength: 2 }),
  mirrors: fc.array(rawMirrorArb, { maxLength: 2 }),
}).map((raw): ServiceSpec => {
  const hasKServe = raw.versions.some(v => v.kserve);
  const p = ports(raw.ports, hasKServe, raw.versions.some(v => !v.kserve));
  const versions = raw.versions.map(v => versionSpec(v, raw.modelName, p.containerPort, false));
  const names = versions.map(v => v.name);
  const several = names.length >= 2;
  const routing = {
    versions,
    defaultVersion: raw.defaultVersion === undefined ? undefined : names[raw.defaultVersion % names.length],
    routes: uniqueBlocks(raw.routes, names),
    canary: several && raw.canary ? canary(raw.canary, names) : undefined,
    experiments: several ? raw.experiments.map((e, i) => experiment(e, i, names)) : [],
  };
  return {
    id: raw.modelName,
    modelName: raw.modelName,
    namespace: raw.namespace,
    port: p.port,
    kserve: hasKServe ? raw.kserve : undefined,
    timeoutMs: raw.timeoutMs,
    retries: raw.retries,
    policy: raw.policy,
    fault: raw.fault,
    ...routing,
    mirrors: mirrors(raw.mirrors, names, routing),
  };
});

/** A Knative-mode service: one version, or two with a one-challenger CanaryRollout. */
const knativeServiceArb: fc.Arbitrary<ServiceSpec> = fc.record({
  modelName: modelNameArb,
  kserve: kserveSharedArb(true),
  versions: rawVersionsArb('knative'),
  port: opt(fc.integer({ min: 1, max: 65535 })),
  percent: percent,
}).map(raw => {
  const versions = raw.versions.map(v => versionSpec(v, raw.modelName, undefined, true));
  const [champion, challenger] = versions.map(v => v.name);
  return {
    id: raw.modelName,
    modelName: raw.modelName,
    port: raw.port,
    kserve: raw.kserve,
    versions,
    routes: [],
    canary: challenger === undefined ? undefined : { champion, challengers: [{ version: challenger, percent: raw.percent }] },
    experiments: [],
    mirrors: [],
  };
});

export const serviceArb: fc.Arbitrary<ServiceSpec> = fc.oneof(
  { arbitrary: standardServiceArb('deployment'), weight: 4 },
  { arbitrary: standardServiceArb('kserve'), weight: 2 },
  { arbitrary: standardServiceArb('mixed'), weight: 2 },
  { arbitrary: knativeServiceArb, weight: 1 },
);

/** Names of the objects a service creates, by kind, to keep distinct services from colliding. */
function objectNames(s: ServiceSpec): string[] {
  const own = s.kserve?.knative ? [`InferenceService/${s.modelName}`] : [`Service/${s.modelName}`];
  return [...own, ...s.versions.map(v => `${v.backend.kind}/${s.modelName}-${v.name}`)];
}

function distinctObjects(services: ServiceSpec[]): boolean {
  const names = services.flatMap(objectNames);
  return new Set(names).size === names.length;
}

/** One chart, namespace optional, with 1..3 services of distinct model names and object names. */
export const chartArb: fc.Arbitrary<ChartSpec> = fc.record({
  namespace: opt(fc.constantFrom('ml-serving', 'default', 'recs')),
  services: fc.uniqueArray(serviceArb, { selector: s => s.modelName, minLength: 1, maxLength: 3 }),
}).filter(c => distinctObjects(c.services));
