/**
 * Render a check outcome for people (text) or programs (JSON).
 *
 * Text: one line per finding, errors first and warnings after, then a summary line:
 *   `content-ranking.yaml#1 VirtualService ml-serving/content-ranking-vs spec.http[0].route[0].destination.host [reference/IST0101-host] Referenced host not found: ...`
 *
 * JSON: `{ "findings": [ { file, document, kind, name, namespace?, path, rule, layer, severity, message } ],
 *          "summary": { errors, warnings, documents, files, layers } }`.
 */
import { CheckOutcome } from './checker';
import { Finding } from './finding';

export function formatFindingLine(f: Finding): string {
  const object = f.kind || f.name ? ` ${f.kind || '(no kind)'} ${f.namespace ? `${f.namespace}/` : ''}${f.name || '(no name)'}` : '';
  const path = f.path ? ` ${f.path}` : '';
  return `${f.file}#${f.document}${object}${path} [${f.rule}] ${f.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatSummary(outcome: CheckOutcome): string {
  const counts = outcome.errors + outcome.warnings === 0 ? 'no problems'
    : `${plural(outcome.errors, 'error')}, ${plural(outcome.warnings, 'warning')}`;
  return `${counts} in ${plural(outcome.documents, 'document')} from ${plural(outcome.files, 'file')} (layers: ${outcome.layers.join(', ')})`;
}

export function formatText(outcome: CheckOutcome): string[] {
  const lines: string[] = [];
  const errors = outcome.findings.filter(f => f.severity === 'error');
  const warnings = outcome.findings.filter(f => f.severity === 'warning');
  if (errors.length) lines.push(`errors (${errors.length}):`);
  for (const f of errors) lines.push(`  ${formatFindingLine(f)}`); // a loop: a spread of many findings overflows the stack
  if (warnings.length) lines.push(`warnings (${warnings.length}):`);
  for (const f of warnings) lines.push(`  ${formatFindingLine(f)}`);
  lines.push(formatSummary(outcome));
  return lines;
}

export function formatJson(outcome: CheckOutcome): string {
  return JSON.stringify({
    findings: outcome.findings,
    summary: { errors: outcome.errors, warnings: outcome.warnings, documents: outcome.documents, files: outcome.files, layers: outcome.layers },
  }, null, 2);
}
