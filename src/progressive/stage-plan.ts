/** Stage plans and gate limits, validated and resolved to the route table's plain numbers. */
import { Duration } from 'cdk8s';
import type { CanaryAnalysis, CanaryStage } from './canary-delivery';
import { checkWindow } from '../cluster/assumptions';
import { CanaryGatesSpec, CanaryStageSpec } from '../routing/route-table';
import { at, checkInt, checkNumber, checkSeconds, fail, Where } from '../util/checks';

/** The seed platform's plan: 5% for 10 min, 10% for 15, 25% for 20, 50% for 30, then 100%. */
export const SEED_STAGES: readonly CanaryStageSpec[] = [
  { percent: 5, holdMs: 10 * 60_000 },
  { percent: 10, holdMs: 15 * 60_000 },
  { percent: 25, holdMs: 20 * 60_000 },
  { percent: 50, holdMs: 30 * 60_000 },
  { percent: 100 },
];

/** Validated stages: increasing whole percents ending at 100, a hold on every stage but the last. */
export function toStages(stages: readonly CanaryStage[], where: Where): CanaryStageSpec[] {
  if (stages.length === 0) fail(where, 'a stage plan needs at least one stage', 'e.g. [{ percent: 5, hold: Duration.minutes(10) }, { percent: 100 }]');
  return stages.map((s, i) => {
    const w = at(where, `[${i}]`);
    const percent = checkInt(s.percent, at(w, 'percent'), 1, 100);
    const last = i === stages.length - 1;
    if (i > 0 && percent <= stages[i - 1].percent) fail(at(w, 'percent'), `${percent} does not increase on the previous stage (${stages[i - 1].percent})`, 'strictly increasing percents');
    if (last && percent !== 100) fail(at(w, 'percent'), `the last stage is ${percent}%, so the challenger would never be promoted`, 'a last stage of 100');
    if (!last && s.hold === undefined) fail(at(w, 'hold'), 'a stage before the last needs a hold, the time its traffic is observed before the gates run', 'a Duration of whole seconds');
    if (last && s.hold !== undefined) fail(at(w, 'hold'), 'the last stage (100%) is the promotion; there is nothing to hold for', 'no hold on the last stage');
    return { percent, holdMs: s.hold && checkSeconds(s.hold, at(w, 'hold')) };
  });
}

/** Validated gate limits, with the defaults. */
export function toGates(a: CanaryAnalysis, prometheusAddress: string, stages: readonly CanaryStageSpec[], where: Where,
  scrapeIntervalMs: number): CanaryGatesSpec {
  const windowMs = checkWindow(checkSeconds(a.window ?? Duration.minutes(5), at(where, 'window')), scrapeIntervalMs, at(where, 'window'));
  const shortest = Math.min(...stages.map(s => s.holdMs ?? Infinity));
  if (windowMs > shortest) {
    fail(at(where, 'window'), `the ${windowMs / 1000}s window is longer than the shortest hold (${shortest / 1000}s), so a gate would judge traffic of the previous stage`, 'a window no longer than every hold');
  }
  if (!/^https?:\/\/[^\s/]+/.test(prometheusAddress)) fail(at(where, 'prometheusAddress'), `"${prometheusAddress}" is not an HTTP URL`, 'http(s)://host[:port]');
  return {
    maxLatencyRegressionPercent: checkNumber(a.maxLatencyRegressionPercent ?? 10, at(where, 'maxLatencyRegressionPercent'), 0),
    maxErrorRatePercent: checkNumber(a.maxErrorRatePercent ?? 1, at(where, 'maxErrorRatePercent'), 0, 100),
    windowMs,
    minRequestRate: checkNumber(a.minRequestRate ?? 0.1, at(where, 'minRequestRate'), 0),
    prometheusAddress,
  };
}
