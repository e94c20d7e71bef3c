import * as fs from 'fs';
import * as path from 'path';

/** What the schema layer reads (the compact artifact); the directory holding it is the package root. */
const MARKERS = [path.join('schemas', 'compact', 'index.json')];

let cached: string | undefined;

/**
 * The directory that holds `schemas/compact/`: found by walking up from this file, so it works from
 * `src/check/schema` (ts-jest, ts-node) and from `lib/check/schema` in the published package alike.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    if (MARKERS.every(m => fs.existsSync(path.join(dir, m)))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cdk8s-ml-mesh: cannot find the vendored schemas (${MARKERS.join(', ')}) in any directory above ${__dirname}`);
    }
    dir = parent;
  }
}
