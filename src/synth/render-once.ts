import { ApiObject, Chart, DependencyGraph } from 'cdk8s';

/**
 * Run `fn` (cdk8s's `App.synth()`) with each object's `toJson()` answering its already rendered JSON,
 * so an object is rendered once per synth: cdk8s would otherwise render it again to write it, after
 * we rendered it to check it and to write the report. Each chart's `toJson()` likewise answers its
 * objects' renders in cdk8s's own order: cdk8s's would validate and walk the whole app once per
 * chart, which makes a many-chart app quadratic. Restored afterwards, whatever happens.
 */
export function withRenderedJson<T>(rendered: ReadonlyMap<ApiObject, unknown>, charts: readonly Chart[], fn: () => T): T {
  const overridden = [...rendered.keys(), ...charts];
  for (const [object, json] of rendered) answer(object, () => json);
  for (const chart of charts) answer(chart, () => chartJson(chart, rendered));
  try {
    return fn();
  } finally {
    for (const o of overridden) delete (o as { toJson?: unknown }).toJson;
  }
}

function answer(o: ApiObject | Chart, toJson: () => unknown): void {
  Object.defineProperty(o, 'toJson', { value: toJson, configurable: true, writable: true });
}

/** A chart's objects as cdk8s orders them (its `chartToKube`): dependency order, own objects only. */
function chartJson(chart: Chart, rendered: ReadonlyMap<ApiObject, unknown>): unknown[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart)
    .map(o => rendered.get(o));
}
