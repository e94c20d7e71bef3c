/**
 * The layering of `src/`: no import cycles, and every import runs down (or stays within one
 * layer). ARCHITECTURE.md draws these layers; keep the two in step.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findCycles, readImportGraph } from './import-graph';

/** Bottom first. A folder (or top-level file) of `src/` imports only from its own layer and below. */
const LAYERS: readonly (readonly string[])[] = [
  ['util', 'wire', 'vendor'],
  ['routing'],
  ['check'],
  ['synth'],
  ['values', 'cluster'],
  ['security'],
  ['backends'],
  ['observability'],
  ['progressive'],
  ['render'],
  ['report', 'migrate', 'terraform'],
  ['constructs'],
  ['cli', 'terraform-cdktf', 'index.ts'],
];

const graph = readImportGraph(path.join(__dirname, '..', '..', 'src'));

function layerOf(file: string): number {
  const top = file.split('/')[0];
  const layer = LAYERS.findIndex(l => l.includes(top));
  if (layer < 0) throw new Error(`src/${file} is in no layer: add src/${top} to LAYERS (and ARCHITECTURE.md)`);
  return layer;
}

test('src/ has no import cycles', () => {
  expect(findCycles(graph).map(c => c.join(' <-> '))).toEqual([]);
});

test('imports run down the layers: nothing imports from a layer above its own', () => {
  const upward = [...graph].flatMap(([file, targets]) => targets
    .filter(t => layerOf(t) > layerOf(file))
    .map(t => `src/${file} -> src/${t}`));
  expect(upward).toEqual([]);
});

test('the routing core imports only the foundation (util, wire, vendor)', () => {
  const routing = [...graph].filter(([f]) => f.startsWith('routing/'));
  expect(routing.length).toBeGreaterThan(10);
  const outside = routing.flatMap(([f, ts]) => ts.filter(t => layerOf(t) > 0 && !t.startsWith('routing/')).map(t => `src/${f} -> src/${t}`));
  expect(outside).toEqual([]);
});

/** The only render/ modules a construct may name: the seam, not a renderer. */
const SEAM = ['render/registry.ts', 'render/renderer.ts', 'render/routing-target.ts'];

test('constructs reach renderers only through the seam, so adding a renderer touches no construct file', () => {
  const direct = [...graph].filter(([f]) => f.startsWith('constructs/'))
    .flatMap(([f, ts]) => ts.filter(t => t.startsWith('render/') && !SEAM.includes(t)).map(t => `src/${f} -> src/${t}`));
  expect(direct).toEqual([]);
});

test('ModelService is intent: under 300 lines, and no Istio, Knative or wire type in it', () => {
  const file = 'constructs/model-service.ts';
  const lines = fs.readFileSync(path.join(__dirname, '..', '..', 'src', file), 'utf8').split('\n').length;
  expect(lines).toBeLessThan(300);
  expect(graph.get(file)!.filter(t => /^(render\/(istio|knative)|wire|imports)\//.test(t))).toEqual([]);
});
