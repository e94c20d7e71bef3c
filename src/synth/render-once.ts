import { ApiObject, Chart } from 'cdk8s';
import { answerToJson, chartObjects, restoreToJson } from './cdk8s-internals';

/**
 * Run `fn` (cdk8s's `App.synth()`) with each object's `toJson()` answering its already rendered JSON,
 * so an object is rendered once per synth: cdk8s would otherwise render it again to write it, after
 * we rendered it to check it and to write the report. Each chart's `toJson()` likewise answers its
 * objects' renders in cdk8s's own order: cdk8s's would validate and walk the whole app once per
 * chart, which makes a many-chart app quadratic. Restored afterwards, whatever happens.
 */
export function withRenderedJson<T>(rendered: ReadonlyMap<ApiObject, unknown>, charts: readonly Chart[], fn: () => T): T {
  const overridden = [...rendered.keys(), ...charts];
  for (const [object, json] of rendered) answerToJson(object, () => json);
  for (const chart of charts) answerToJson(chart, () => chartObjects(chart).map(o => rendered.get(o)));
  try {
    return fn();
  } finally {
    overridden.forEach(restoreToJson);
  }
}
