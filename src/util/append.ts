/**
 * `target.push(...items)` without its limit: a spread passes every item as an argument, and about
 * 125,000 arguments overflow the stack (a file of many documents, a route list of many entries).
 */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
