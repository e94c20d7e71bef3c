/**
 * Route conditions in words, for the report tables and diagrams. `quote` marks literal values
 * (code spans in Markdown, quotes in Mermaid) so header values and regexes read unambiguously.
 */
import { MatchBlock, StringMatchSpec } from '../route-table';

export type Quote = (literal: string) => string;

/** One phrase per match block (blocks are ORed); `every request` for a route without blocks. */
export function describeMatches(blocks: readonly MatchBlock[], quote: Quote): string[] {
  if (blocks.length === 0) return ['every request'];
  return blocks.map(b => describeBlock(b, quote));
}

/** The conditions of one block joined with "and" (they must all hold). */
export function describeBlock(block: MatchBlock, q: Quote): string {
  const parts: string[] = [];
  if (block.gateways?.length) parts.push(`via gateway ${block.gateways.map(q).join(' or ')}`);
  if (block.sourceLabels && Object.keys(block.sourceLabels).length > 0) {
    parts.push(`from workloads labelled ${Object.entries(block.sourceLabels).map(([k, v]) => q(`${k}=${v}`)).join(', ')}`);
  }
  if (block.sourceNamespace) parts.push(`from namespace ${q(block.sourceNamespace)}`);
  if (block.port !== undefined) parts.push(`port ${block.port}`);
  if (block.uri) {
    const caseNote = block.ignoreUriCase && block.uri.kind !== 'regex' ? ' (any case)' : '';
    parts.push(`path ${positive(block.uri, q)}${caseNote}`);
  }
  if (block.method) parts.push(`method ${positive(block.method, q)}`);
  if (block.authority) parts.push(`authority ${positive(block.authority, q)}`);
  if (block.scheme) parts.push(`scheme ${positive(block.scheme, q)}`);
  for (const [name, spec] of Object.entries(block.headers ?? {})) parts.push(`header ${q(name)} ${positive(spec, q)}`);
  for (const [name, spec] of Object.entries(block.withoutHeaders ?? {})) {
    parts.push(isPresence(spec) ? `no header ${q(name)}` : `header ${q(name)} ${negative(spec, q)}`);
  }
  for (const [name, spec] of Object.entries(block.queryParams ?? {})) parts.push(`query ${q(name)} ${positive(spec, q)}`);
  return parts.length > 0 ? parts.join(' and ') : 'every request';
}

function isPresence(spec: StringMatchSpec): boolean {
  return spec.kind === 'regex' && spec.value === '*';
}

function positive(spec: StringMatchSpec, q: Quote): string {
  if (isPresence(spec)) return 'is present';
  switch (spec.kind) {
    case 'exact': return `is ${q(spec.value)}`;
    case 'prefix': return `starts with ${q(spec.value)}`;
    case 'regex': return `matches ${q(spec.value)}`;
  }
}

function negative(spec: StringMatchSpec, q: Quote): string {
  switch (spec.kind) {
    case 'exact': return `is not ${q(spec.value)}`;
    case 'prefix': return `does not start with ${q(spec.value)}`;
    case 'regex': return `does not match ${q(spec.value)}`;
  }
}
