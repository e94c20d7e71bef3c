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
  RoutingChangeKind.TIMEOUT, RoutingChangeKind.RETRIES, RoutingChangeKind.FAULT,
  RoutingChangeKind.VERSION_ADDED, RoutingChangeKind.VERSION_RETIRED, RoutingChangeKind.VERSION_LABELS, RoutingChangeKind.POLICY,
];

/** Stable sort by kind, keeping the order within a kind (route order, version order). */
export function sortClauses(clauses: readonly Clause[]): Clause[] {
  return clauses
    .map((clause, i) => ({ clause, i }))
    .sort((a, b) => ORDER.indexOf(a.clause.kind) - ORDER.indexOf(b.clause.kind) || a.i - b.i)
    .map(x => x.clause);
}

/** `a`, `a and b`, `a, b and c`. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
