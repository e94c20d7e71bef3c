import { ApiObject } from 'cdk8s';

/**
 * Run `fn` (cdk8s's `App.synth()`) with each object's `toJson()` answering its already rendered JSON,
 * so an object is rendered once per synth: cdk8s would otherwise render it again to write it, after
 * we rendered it to check it and to write the report. Restored afterwards, whatever happens.
 */
export function withRenderedJson<T>(rendered: ReadonlyMap<ApiObject, unknown>, fn: () => T): T {
  for (const [object, json] of rendered) {
    Object.defineProperty(object, 'toJson', { value: () => json, configurable: true, writable: true });
  }
  try {
    return fn();
  } finally {
    for (const object of rendered.keys()) delete (object as { toJson?: unknown }).toJson;
  }
}
