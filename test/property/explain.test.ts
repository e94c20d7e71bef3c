/**
 * Property B: `explain` agrees with the configuration it was built from. A small independent
 * oracle (header conditions, bucket ranges, canary split) predicts the route and destinations
 * for requests without headers, with a bucket header (in and out of range) and with the witness
 * headers of an explicit match; the evaluator must say the same.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  armRanges, bucketHeaderOf, bucketsOf, buildChart, chartArb, ChartSpec, Condition, liveDefault, ServiceSpec, Split, sum,
} from './arbitraries';
import { Explanation, ModelService } from '../../src';
import { re2FullMatch } from '../../src/util/re2';

const SEED = Number(process.env.FC_SEED ?? 20250807);
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);

type Headers = Record<string, string>;

interface Expected {
  readonly index: number;
  readonly name?: string;
  readonly destinations: Split[];
  readonly mirrors: string[];
  readonly timeoutMs?: number;
}

function holds(c: Condition, headers: Headers): boolean {
  const value = headers[c.header];
  if (value === undefined) return false;
  if (c.kind === 'exact') return value === c.value;
  if (c.kind === 'prefix') return value.startsWith(c.value);
  return re2FullMatch(c.value, value);
}

/** Route order: explicit matches, then each experiment's arms that own buckets, then the default route. */
function oracle(s: ServiceSpec, headers: Headers): Expected {
  const mirrored = (all: boolean) => s.mirrors.filter(m => all || m.allRoutes).map(m => m.target);
  const explicit = s.routes.findIndex(r => r.blocks.some(b => b.every(c => holds(c, headers))));
  if (explicit >= 0) {
    const r = s.routes[explicit];
    return { index: explicit, destinations: [{ version: r.version, percent: 100 }], mirrors: mirrored(false), timeoutMs: r.timeoutMs ?? s.timeoutMs };
  }
  let index = s.routes.length;
  for (const e of s.experiments) {
    const value = headers[bucketHeaderOf(e)];
    const bucket = value !== undefined && /^(0|[1-9][0-9]*)$/.test(value) ? Number(value) : -1;
    for (const arm of armRanges(e)) {
      if (bucket >= arm.first && bucket <= arm.last) {
        return { index, name: `ab-${e.experimentId}-${arm.version}`, destinations: [{ version: arm.version, percent: 100 }], mirrors: mirrored(false), timeoutMs: s.timeoutMs };
      }
      index++;
    }
  }
  return { index, name: 'default', destinations: liveDefault(s), mirrors: mirrored(true), timeoutMs: s.timeoutMs };
}

/** Subsets and percents exactly: whole-percent splits must come back as the same whole numbers. */
function expectShares(actual: Array<{ subset?: string; percent: number }>, expected: Split[]): void {
  expect(actual.map(d => [d.subset, d.percent])).toEqual(expected.map(d => [d.version, d.percent]));
}

function agree(service: ModelService, s: ServiceSpec, headers: Headers): void {
  const expected = oracle(s, headers);
  const actual: Explanation = service.explain({ headers });
  const context = `${s.id} with headers ${JSON.stringify(headers)}:\n${actual.trace.join('\n')}`;
  expect({ context, index: actual.matchedRoute?.index }).toEqual({ context, index: expected.index });
  if (expected.name !== undefined) expect(actual.matchedRoute?.name).toBe(expected.name);
  expectShares(actual.destinations, expected.destinations);
  expect(actual.mirrors.map(m => m.subset)).toEqual(expected.mirrors);
  expect(actual.timeoutMs).toBe(expected.timeoutMs);
}

/** Requests to try: none, each experiment's bucket (in range and past the last bucket), each match's witnesses. */
const requestsArb = (spec: ChartSpec) => fc.tuple(...spec.services.map(s => fc.record({
  buckets: fc.tuple(...s.experiments.map(e => fc.integer({ min: 0, max: bucketsOf(e) - 1 }))),
  pastLast: fc.tuple(...s.experiments.map(e => fc.integer({ min: bucketsOf(e), max: bucketsOf(e) * 3 }))),
})));

describe('explain agrees with the configuration', () => {
  test('no headers, bucket headers and match witnesses reach the version the configuration names', () => {
    fc.assert(fc.property(chartArb.chain(spec => fc.tuple(fc.constant(spec), requestsArb(spec))), ([spec, requests]) => {
      const { services } = buildChart(Testing.app(), spec);
      spec.services.forEach((s, i) => {
        const service = services[i];
        // No headers: always the default route, split exactly as the CanaryRollout says.
        const plain = service.explain({});
        expect(plain.matchedRoute?.name).toBe('default');
        const split: Split[] = s.canary
          ? [{ version: s.canary.champion, percent: 100 - sum(s.canary.challengers) }, ...s.canary.challengers]
          : [{ version: s.defaultVersion ?? s.versions[0].name, percent: 100 }];
        expectShares(plain.destinations, split.filter(d => d.percent > 0));
        agree(service, s, {});
        s.experiments.forEach((e, k) => {
          agree(service, s, { [bucketHeaderOf(e)]: String(requests[i].buckets[k]) });
          agree(service, s, { [bucketHeaderOf(e)]: String(requests[i].pastLast[k]) });
        });
        for (const r of s.routes) {
          for (const block of r.blocks) agree(service, s, Object.fromEntries(block.map(c => [c.header, c.witness])));
        }
      });
    }), { seed: SEED, numRuns: NUM_RUNS });
  });
});
