import { App, Chart } from 'cdk8s';
import { SourcedObject } from './plan';

/** A chart's objects as `cdk8s synth` writes them (`toJson` validates the whole app first). */
export function objectsOfChart(chart: Chart): SourcedObject[] {
  return chart.toJson().map((object: unknown, index: number) => ({ object, source: `chart ${chart.node.path}, object ${index}` }));
}

/** Every chart's objects. */
export function objectsOfApp(app: App): SourcedObject[] {
  return app.charts.flatMap(objectsOfChart);
}
