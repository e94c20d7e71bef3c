/**
 * Everything MeshApp relies on in cdk8s beyond its documented API, in one place. Read against
 * cdk8s 2.70.106 (`lib/app.js`, `lib/chart.js`, `lib/api-object.js`); test/cdk8s-internals.test.ts
 * pins each point below, and `assertCdk8sInternals` refuses to run when the structure differs:
 *
 * 1. `App.synth()` gets each chart's documents from the chart's own `toJson()` (per-chart output
 *    types) or each object's `toJson()` (folder-per-chart), so an instance property answering
 *    `toJson` replaces the render. Both are prototype methods: deleting the instance property
 *    restores cdk8s's own.
 * 2. cdk8s's `Chart.toJson()` is `App._synthChart`: it validates the whole app and resolves its
 *    dependencies once per chart (quadratic in charts); its objects are `chartToKube(chart)`, which
 *    `chartObjects` repeats with the public `DependencyGraph`.
 * 3. `App.synth()` reads `this.outdir`, a plain writable instance field, when it runs, so setting it
 *    for one call redirects the output.
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';

type Renderable = ApiObject | Chart;

/** Make `target.toJson()` answer `toJson` until `restoreToJson`. */
export function answerToJson(target: Renderable, toJson: () => unknown): void {
  Object.defineProperty(target, 'toJson', { value: toJson, configurable: true, writable: true });
}

/** Give `target` back cdk8s's own `toJson` (the prototype's). */
export function restoreToJson(target: Renderable): void {
  delete (target as { toJson?: unknown }).toJson;
}

/** A chart's own objects in cdk8s's order (its `chartToKube`): dependency order, nested charts' objects excluded. */
export function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}

/** Run `synth` (the app's `App.synth`) with the app's `outdir` set to `dir`; restored afterwards. */
export function withOutdir<T>(app: App, dir: string, synth: () => T): T {
  const writable = app as unknown as { outdir: string };
  const outdir = writable.outdir;
  writable.outdir = dir;
  try {
    return synth();
  } finally {
    writable.outdir = outdir;
  }
}

/**
 * Throw a clear error when the installed cdk8s is not shaped as the points above assume (a cdk8s
 * release changed it): better than writing manifests that silently skip our renders.
 */
export function assertCdk8sInternals(app: App): void {
  const problems: string[] = [];
  for (const [name, proto] of [['ApiObject', ApiObject.prototype], ['Chart', Chart.prototype]] as const) {
    if (typeof Object.getOwnPropertyDescriptor(proto, 'toJson')?.value !== 'function') problems.push(`${name}.prototype.toJson is not a method`);
  }
  const outdir = Object.getOwnPropertyDescriptor(app, 'outdir');
  if (!outdir || !outdir.writable || typeof outdir.value !== 'string') problems.push('App#outdir is not a writable string field');
  if (problems.length) {
    throw new Error(`cdk8s-ml-mesh: this cdk8s release is not one MeshApp supports (${problems.join('; ')}); use the cdk8s version range in cdk8s-ml-mesh's peerDependencies`);
  }
}
