/**
 * The fleet the synth benchmark builds: per model service 3 versions, a header route, a canary, a
 * shadow and an A/B experiment; 100 services per chart, one namespace per chart. Built from the
 * compiled package (lib/), as a user's app would load it.
 */
import { App, Chart, Duration } from 'cdk8s';
import type * as mesh from '../src';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib: typeof mesh = require('../lib');

export const SERVICES_PER_CHART = 100;

export function addFleet(app: App, services: number): void {
  for (let c = 0; c * SERVICES_PER_CHART < services; c++) {
    const chart = new Chart(app, `fleet-${String(c).padStart(3, '0')}`, { namespace: `team-${c}` });
    const end = Math.min(services, (c + 1) * SERVICES_PER_CHART);
    for (let i = c * SERVICES_PER_CHART; i < end; i++) addModel(chart, `model-${i}`);
  }
}

function addModel(chart: Chart, name: string): void {
  const image = (v: string) => `registry.example.com/${name}:${v}`;
  const service = new lib.ModelService(chart, name, {
    modelName: name,
    versions: ['v1', 'v2', 'v3'].map(v => ({ name: v, image: image(v) })),
    timeout: Duration.millis(300),
  });
  service.routeMatching(lib.RequestMatch.header('x-user-segment', 'premium'), 'v2', { name: 'premium' });
  new lib.CanaryRollout(chart, `${name}-canary`, { service, champion: 'v1', challengers: [{ version: 'v2', percent: 10 }] });
  new lib.ShadowMirror(chart, `${name}-shadow`, { service, target: 'v3', percent: 5 });
  new lib.AbExperiment(chart, `${name}-ab`, {
    service, experimentId: `${name}-exp`, arms: [{ version: 'v1', percent: 50 }, { version: 'v2', percent: 50 }],
  });
}
