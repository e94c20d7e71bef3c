import { RoutingChange, RoutingChangeKind } from './diff-types';

/** One change and its sentence fragment for the summary (empty when another clause says it). */
export interface Clause {
  readonly kind: RoutingChangeKind;
  /** Absent for context that is not a change ("premium route unchanged"). */
  readonly change?: RoutingChange;
  readonly text: string;
}

export function clause(change: RoutingChange, text: string): Clause {
  return { kind: change.kind, change, text };
}

/** Summary order: who gets what first, then route structure, then settings, then DestinationRule. */
const ORDER: readonly RoutingChangeKind[] = [
  RoutingChangeKind.HOST_RENAMED, RoutingChangeKind.HOST_ADDED, RoutingChangeKind.HOST_REMOVED,
  RoutingChangeKind.SHARE, RoutingChangeKind.MIRROR, RoutingChangeKind.ROUTE_ADDED, RoutingChangeKind.ROUTE_REMOVED,
  RoutingChangeKind.ROUTE_REORDERED, RoutingChangeKind.ROUTE_RENAMED, RoutingChangeKind.MATCH, RoutingChangeKind.ACTION,
  RoutingChangeKind.TIMEOUT, RoutingChangeKind.RETRIES, RoutingChangeKind.FAULT, RoutingChangeKind.REWRITE,
  RoutingChangeKind.HEADERS, RoutingChangeKind.CORS, RoutingChangeKind.STREAM_ROUTE,
  RoutingChangeKind.VERSION_ADDED, RoutingChangeKind.VERSION_RETIRED, RoutingChangeKind.VERSION_LABELS, RoutingChangeKind.POLICY,
];

/**
 * Stable sort by kind, keeping the order within a kind (route order, version order). Context
 * without a change ("premium route unchanged") follows the share changes it qualifies, or ends
 * the list when no share changed.
 */
export function sortClauses(clauses: readonly Clause[]): Clause[] {
  const sorted = clauses
    .filter(c => c.change)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER.indexOf(a.c.kind) - ORDER.indexOf(b.c.kind) || a.i - b.i)
    .map(x => x.c);
  const context = clauses.filter(c => !c.change);
  const at = sorted.filter(c => c.kind === RoutingChangeKind.SHARE).length;
  const end = at > 0 ? at : sorted.length;
  return [...sorted.slice(0, end), ...context, ...sorted.slice(end)];
}

/** `a`, `a and b`, `a, b and c`. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
