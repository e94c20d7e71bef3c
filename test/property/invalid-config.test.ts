/**
 * Property C: one mutation of a random valid configuration always fails before any output, with
 * the library's message format `[<construct path>] <field>: <problem> (allowed: ...)`. Errors in
 * props fail where they are given (constructors, `routeMatching`) as MeshConfigError; references
 * to versions fail at synthesis, as a cdk8s validation error carrying the same line. `MeshApp`
 * writes nothing — no output directory, no staging directory — when it fails.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  buildChart, canaryId, chartArb, ChartSpec, CHART_ID, experimentConstructId, ExperimentSpec, mirrorId, regexArb, ServiceSpec,
  servicePath, versionNameArb,
} from './arbitraries';
import { MeshApp } from '../../src';
import { MeshConfigError } from '../../src/util/errors';

const SEED = Number(process.env.FC_SEED ?? 20250807);
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 120);

/** Where the error must point; `synth` errors are version references, checked once the tree is complete. */
interface Expected {
  readonly path: string;
  readonly field: string;
  readonly phase: 'construct' | 'synth';
}

interface Mutated {
  readonly spec: ChartSpec;
  readonly expected: Expected;
}

const at = (id: string) => `${CHART_ID}/${id}`;
const construct = (path: string, field: string): Expected => ({ path, field, phase: 'construct' });

// ---------------------------------------------------------------- bad values

/** Not a whole percent in 0..100. */
const badPercentArb = fc.oneof(
  fc.integer({ min: -1000, max: -1 }),
  fc.integer({ min: 101, max: 100_000 }),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom(0.5, 0.25, 0.1, 0.999)).map(([n, f]) => n + f),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
);
/** Not a mirror percentage (> 0 and <= 100). */
const badMirrorPercentArb = fc.oneof(fc.constant(0), fc.integer({ min: -100, max: -1 }), fc.integer({ min: 101, max: 1000 }), fc.constant(100.5));
/** Below 1ms or not whole milliseconds. */
const badDurationArb = fc.oneof(
  fc.constantFrom(0, 0.5, 0.001, 0.999),
  fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(0.5, 0.25, 0.001)).map(([n, f]) => n + f),
);
const badRetryOnArb = fc.constantFrom(' reset', '5XX', 'retriable_4xx', '', '599', '42', 'gateway-errors', '5xx,reset', 'connect-failure ');
/** Not RE2: look-around, backreferences, Perl-only groups, broken syntax, too long. */
const badRegexArb = fc.oneof(
  fc.tuple(fc.option(regexArb, { nil: undefined }), fc.constantFrom(
    '(?=admin).*', '(?!x)y', '(?<=a)b', '(?<!a)b', '(a)\\1', 'a++', 'x{2,1}', '(?P<n>a)(?P=n)', '[z-a]', '(', 'a)', '\\Z', 'x{1001}',
  )).map(([prefix, bad]) => `${prefix?.re ?? ''}${bad}`),
  fc.constantFrom('', 'a'.repeat(1025)),
);

// ---------------------------------------------------------------- mutations

type Mutation =
  | { kind: 'challengerPercent'; pick: number; value: number }
  | { kind: 'challengerSum'; first: number; offset: number }
  | { kind: 'armPercent'; pick: number; value: number }
  | { kind: 'armSum'; pick: number; shift: number }
  | { kind: 'mirrorPercent'; pick: number; value: number }
  | { kind: 'undeclaredVersion'; site: number; name: string }
  | { kind: 'versionName'; pick: number; how: 'dot' | 'upper'; suffix: number }
  | { kind: 'modelName'; position: number }
  | { kind: 'duration'; site: number; ms: number }
  | { kind: 'replicas'; pick: number; value: number }
  | { kind: 'retryOn'; site: number; position: number; value: string }
  | { kind: 'regex'; pick: number; pattern: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('challengerPercent' as const), pick: fc.nat(), value: badPercentArb }),
  fc.record({ kind: fc.constant('challengerSum' as const), first: fc.integer({ min: 1, max: 100 }), offset: fc.nat() }),
  fc.record({ kind: fc.constant('armPercent' as const), pick: fc.nat(), value: badPercentArb }),
  fc.record({ kind: fc.constant('armSum' as const), pick: fc.nat(), shift: fc.nat() }),
  fc.record({ kind: fc.constant('mirrorPercent' as const), pick: fc.nat(), value: badMirrorPercentArb }),
  fc.record({ kind: fc.constant('undeclaredVersion' as const), site: fc.nat(), name: versionNameArb }),
  fc.record({ kind: fc.constant('versionName' as const), pick: fc.nat(), how: fc.constantFrom('dot' as const, 'upper' as const), suffix: fc.nat(9) }),
  fc.record({ kind: fc.constant('modelName' as const), position: fc.nat() }),
  fc.record({ kind: fc.constant('duration' as const), site: fc.nat(), ms: badDurationArb }),
  fc.record({ kind: fc.constant('replicas' as const), pick: fc.nat(), value: fc.integer({ min: -100, max: -1 }) }),
  fc.record({ kind: fc.constant('retryOn' as const), site: fc.nat(), position: fc.nat(), value: badRetryOnArb }),
  fc.record({ kind: fc.constant('regex' as const), pick: fc.nat(), pattern: badRegexArb }),
);

type Change = { service: ServiceSpec; expected: Expected };

const replaceAt = <T>(list: T[], i: number, value: T) => list.map((x, j) => (j === i ? value : x));

function challengerPercent(s: ServiceSpec, m: Extract<Mutation, { kind: 'challengerPercent' }>): Change {
  const canary = s.canary ?? { champion: s.versions[0].name, challengers: [{ version: 'other', percent: 10 }] };
  const j = m.pick % canary.challengers.length;
  const challengers = replaceAt(canary.challengers, j, { ...canary.challengers[j], percent: m.value });
  return { service: { ...s, canary: { ...canary, challengers } }, expected: construct(at(canaryId(s)), `challengers[${j}].percent`) };
}

function challengerSum(s: ServiceSpec, m: Extract<Mutation, { kind: 'challengerSum' }>): Change {
  const second = 101 - m.first + (m.offset % m.first); // first + second in 101..200, each in 1..100
  const champion = s.canary?.champion ?? s.versions[0].name;
  const challengers = [{ version: 'other-1', percent: m.first }, { version: 'other-2', percent: second }];
  return { service: { ...s, canary: { champion, challengers } }, expected: construct(at(canaryId(s)), 'challengers') };
}

/**
 * Change arm `j` of the service's experiment `k` (picked by `pick`), or of a new 50/50 experiment
 * when the service has none; returns the service and the experiment's construct path.
 */
function withArm(s: ServiceSpec, pick: number, change: (percent: number) => number): { service: ServiceSpec; path: string; j: number } {
  const arms = [{ version: s.versions[0].name, percent: 50 }, { version: 'other', percent: 50 }];
  const list: ExperimentSpec[] = s.experiments.length ? s.experiments : [{ experimentId: 'mutant', bucketHeader: 'x-mutant-bucket', arms }];
  const k = pick % list.length;
  const e = list[k];
  const j = pick % e.arms.length;
  const changed = { ...e, arms: replaceAt(e.arms, j, { ...e.arms[j], percent: change(e.arms[j].percent) }) };
  return { service: { ...s, experiments: replaceAt(list, k, changed) }, path: at(experimentConstructId(s, k)), j };
}

function armPercent(s: ServiceSpec, m: Extract<Mutation, { kind: 'armPercent' }>): Change {
  const { service, path, j } = withArm(s, m.pick, () => m.value);
  return { service, expected: construct(path, `arms[${j}].percent`) };
}

function armSum(s: ServiceSpec, m: Extract<Mutation, { kind: 'armSum' }>): Change {
  // Another whole percent in 0..100, so only the sum is wrong.
  const { service, path } = withArm(s, m.pick, p => (p + 1 + (m.shift % 100)) % 101);
  return { service, expected: construct(path, 'arms') };
}

function mirrorPercent(s: ServiceSpec, m: Extract<Mutation, { kind: 'mirrorPercent' }>): Change {
  const list = s.mirrors.length ? s.mirrors : [{ target: s.versions[0].name }];
  const i = m.pick % list.length;
  return { service: { ...s, mirrors: replaceAt(list, i, { ...list[i], percent: m.value }) }, expected: construct(at(mirrorId(s, i)), 'percent') };
}

/** Every place a version is referenced, with the construct and field an error must name. */
interface Site { service: ServiceSpec; path: string; field: string }

function versionSites(s: ServiceSpec, name: string): Site[] {
  const own = servicePath(s);
  const sites: Site[] = [{ service: { ...s, defaultVersion: name }, path: own, field: 'defaultVersion' }];
  s.routes.forEach((r, i) => sites.push({ service: { ...s, routes: replaceAt(s.routes, i, { ...r, version: name }) }, path: own, field: `routeMatching[${i}].version` }));
  const c = s.canary;
  if (c) {
    sites.push({ service: { ...s, canary: { ...c, champion: name } }, path: at(canaryId(s)), field: 'champion' });
    c.challengers.forEach((ch, j) => sites.push({
      service: { ...s, canary: { ...c, challengers: replaceAt(c.challengers, j, { ...ch, version: name }) } },
      path: at(canaryId(s)),
      field: `challengers[${j}].version`,
    }));
  }
  s.experiments.forEach((e, k) => e.arms.forEach((a, j) => sites.push({
    service: { ...s, experiments: replaceAt(s.experiments, k, { ...e, arms: replaceAt(e.arms, j, { ...a, version: name }) }) },
    path: at(experimentConstructId(s, k)),
    field: `arms[${j}].version`,
  })));
  s.mirrors.forEach((mi, i) => sites.push({ service: { ...s, mirrors: replaceAt(s.mirrors, i, { ...mi, target: name }) }, path: at(mirrorId(s, i)), field: 'target' }));
  return sites;
}

function undeclaredVersion(s: ServiceSpec, m: Extract<Mutation, { kind: 'undeclaredVersion' }>): Change {
  let name = m.name;
  while (s.versions.some(v => v.name === name)) name = `${name}-x`;
  const sites = versionSites(s, name);
  const site = sites[m.site % sites.length];
  return { service: site.service, expected: { path: site.path, field: site.field, phase: 'synth' } };
}

function versionName(s: ServiceSpec, m: Extract<Mutation, { kind: 'versionName' }>): Change {
  const j = m.pick % s.versions.length;
  const old = s.versions[j].name;
  const name = m.how === 'dot' ? `${old}.${m.suffix}` : /[a-z]/.test(old) ? old.replace(/[a-z]/, ch => ch.toUpperCase()) : `V${old}`;
  return {
    service: { ...s, versions: replaceAt(s.versions, j, { ...s.versions[j], name }) },
    expected: construct(servicePath(s), `versions[${JSON.stringify(name)}].name`),
  };
}

function modelName(s: ServiceSpec, m: Extract<Mutation, { kind: 'modelName' }>): Change {
  const p = m.position % (s.modelName.length + 1);
  return { service: { ...s, modelName: `${s.modelName.slice(0, p)}_${s.modelName.slice(p)}` }, expected: construct(servicePath(s), 'modelName') };
}

function duration(s: ServiceSpec, m: Extract<Mutation, { kind: 'duration' }>): Change {
  const own = servicePath(s);
  const v = s.versions[m.site % s.versions.length];
  const sites: Change[] = [
    { service: { ...s, timeoutMs: m.ms }, expected: construct(own, 'timeout') },
    { service: { ...s, retries: { attempts: 2, perTryTimeoutMs: m.ms } }, expected: construct(own, 'retries.perTryTimeout') },
    {
      service: { ...s, policy: { ...s.policy, circuitBreaker: { ...s.policy?.circuitBreaker, intervalMs: m.ms } } },
      expected: construct(own, 'circuitBreaker.interval'),
    },
    {
      service: { ...s, policy: { ...s.policy, connectionPool: { ...s.policy?.connectionPool, idleTimeoutMs: m.ms } } },
      expected: construct(own, 'connectionPool.idleTimeout'),
    },
    {
      service: { ...s, versions: s.versions.map(x => (x === v ? { ...x, policy: { circuitBreaker: { baseEjectionTimeMs: m.ms } } } : x)) },
      expected: construct(own, `versions[${JSON.stringify(v.name)}].circuitBreaker.baseEjectionTime`),
    },
    ...s.routes.map((r, i) => ({ service: { ...s, routes: replaceAt(s.routes, i, { ...r, timeoutMs: m.ms }) }, expected: construct(own, `routeMatching[${i}].timeout`) })),
  ];
  return sites[m.site % sites.length];
}

function replicas(s: ServiceSpec, m: Extract<Mutation, { kind: 'replicas' }>): Change {
  const j = m.pick % s.versions.length;
  const v = s.versions[j];
  const where = `versions[${JSON.stringify(v.name)}]`;
  if (v.backend.kind === 'deployment') {
    return { service: { ...s, versions: replaceAt(s.versions, j, { ...v, backend: { ...v.backend, replicas: m.value } }) }, expected: construct(servicePath(s), `${where}.replicas`) };
  }
  return { service: { ...s, versions: replaceAt(s.versions, j, { ...v, backend: { ...v.backend, minReplicas: m.value } }) }, expected: construct(servicePath(s), `${where}.backend.minReplicas`) };
}

function retryOn(s: ServiceSpec, m: Extract<Mutation, { kind: 'retryOn' }>): Change {
  const own = servicePath(s);
  const withBad = (list: string[] = []) => {
    const p = m.position % (list.length + 1);
    return { p, list: [...list.slice(0, p), m.value, ...list.slice(p)] };
  };
  const sites: Change[] = [(() => {
    const { p, list } = withBad(s.retries?.retryOn);
    return { service: { ...s, retries: { attempts: Math.max(1, s.retries?.attempts ?? 1), retryOn: list } }, expected: construct(own, `retries.retryOn[${p}]`) };
  })(), ...s.routes.map((r, i) => {
    const { p, list } = withBad(r.retries?.retryOn);
    return {
      service: { ...s, routes: replaceAt(s.routes, i, { ...r, retries: { attempts: 3, retryOn: list } }) },
      expected: construct(own, `routeMatching[${i}].retries.retryOn[${p}]`),
    };
  })];
  return sites[m.site % sites.length];
}

function regex(s: ServiceSpec, m: Extract<Mutation, { kind: 'regex' }>): Change {
  // `x_probe` cannot be one of the generated header names, so the block stays free of contradictions.
  const bad = { header: 'x_probe', kind: 'regex' as const, value: m.pattern, witness: '' };
  if (s.routes.length === 0) {
    return { service: { ...s, routes: [{ blocks: [[bad]], version: s.versions[0].name }] }, expected: construct(servicePath(s), 'routeMatching[0].match') };
  }
  const i = m.pick % s.routes.length;
  const r = s.routes[i];
  const blocks = replaceAt(r.blocks, 0, [bad, ...r.blocks[0].slice(1)]);
  return { service: { ...s, routes: replaceAt(s.routes, i, { ...r, blocks }) }, expected: construct(servicePath(s), `routeMatching[${i}].match`) };
}

function mutate(spec: ChartSpec, index: number, m: Mutation): Mutated {
  const i = index % spec.services.length;
  const s = spec.services[i];
  const change = ((): Change => {
    switch (m.kind) {
      case 'challengerPercent': return challengerPercent(s, m);
      case 'challengerSum': return challengerSum(s, m);
      case 'armPercent': return armPercent(s, m);
      case 'armSum': return armSum(s, m);
      case 'mirrorPercent': return mirrorPercent(s, m);
      case 'undeclaredVersion': return undeclaredVersion(s, m);
      case 'versionName': return versionName(s, m);
      case 'modelName': return modelName(s, m);
      case 'duration': return duration(s, m);
      case 'replicas': return replicas(s, m);
      case 'retryOn': return retryOn(s, m);
      case 'regex': return regex(s, m);
    }
  })();
  return { spec: { ...spec, services: replaceAt(spec.services, i, change.service) }, expected: change.expected };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- the property

function thrown(f: () => unknown): Error | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

/** Build into a fresh MeshApp and synthesize; returns the error and what was left on disk. */
function synthToDisk(spec: ChartSpec): { error?: Error; outdirFiles: string[]; siblings: string[] } {
  const parent = mkdtempSync(join(tmpdir(), 'mesh-property-'));
  const outdir = join(parent, 'dist');
  try {
    const error = thrown(() => {
      const app = new MeshApp({ outdir });
      buildChart(app, spec);
      app.synth();
    });
    return { error, outdirFiles: existsSync(outdir) ? readdirSync(outdir) : [], siblings: readdirSync(parent) };
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

describe('random invalid configurations', () => {
  test('one mutation fails before any output, naming the construct path and the field', () => {
    fc.assert(fc.property(chartArb, fc.nat(), mutationArb, (valid, index, mutation) => {
      const { spec, expected } = mutate(valid, index, mutation);
      const prefix = `[${expected.path}] ${expected.field}: `;
      let chart: Chart | undefined;
      const constructError = thrown(() => ({ chart } = buildChart(Testing.app(), spec)));
      let error: Error;
      if (expected.phase === 'construct') {
        expect(constructError).toBeInstanceOf(MeshConfigError);
        error = constructError!;
        expect(error.message.slice(0, prefix.length)).toBe(prefix);
        expect(error).toMatchObject({ path: expected.path, field: expected.field });
        expect(error.message).toMatch(/ \(allowed: .+\)$/s);
      } else {
        expect(constructError).toBeUndefined();
        error = thrown(() => Testing.synth(chart!))!;
        expect(error).toBeDefined();
        // cdk8s lists each message after the path of the construct whose validation produced it.
        const owner = servicePath(spec.services[index % spec.services.length]);
        expect(error.message).toMatch(new RegExp(`^Validation failed with the following errors:\\n  \\[${escape(owner)}\\] ${escape(prefix)}.* \\(allowed: .+\\)$`));
      }
      const disk = synthToDisk(spec);
      if (expected.phase === 'construct') {
        expect(disk.error?.message).toBe(error.message);
      } else {
        // MeshApp validates the whole tree once and lists every problem with its path once.
        expect(disk.error).toBeInstanceOf(MeshConfigError);
        expect((disk.error as MeshConfigError).problems.some(p => p.startsWith(prefix))).toBe(true);
      }
      expect(disk).toMatchObject({ outdirFiles: [], siblings: [] });
    }), { seed: SEED, numRuns: NUM_RUNS });
  });
});
