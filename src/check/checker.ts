/**
 * `check` orchestration: run the selected layers over a run's documents and return the findings in
 * a deterministic order (file, document, path) with counts.
 */
import { CheckLayer, Finding, ManifestDocument } from './finding';
import { readManifests } from './read-manifests';
import { validateReferences } from './reference';
import { GatewayApiChannel, validateSchema } from './schema';
import { validateWebhook } from './webhook';
import { append } from '../util/append';

export const ALL_LAYERS: readonly CheckLayer[] = ['schema', 'webhook', 'reference'];

export interface CheckerOptions {
  /** Layers to run. @default all three */
  readonly layers?: readonly CheckLayer[];
  /** Namespace assumed for objects without `metadata.namespace`. @default 'default' */
  readonly defaultNamespace?: string;
  /** Gateway API release channel the cluster runs (the CRDs the schema layer validates against). @default 'standard' */
  readonly gatewayApiChannel?: GatewayApiChannel;
}

export interface CheckOutcome {
  readonly findings: Finding[];
  readonly errors: number;
  readonly warnings: number;
  readonly documents: number;
  readonly files: number;
  readonly layers: CheckLayer[];
}

export class MissingPathError extends Error {
  constructor(public readonly paths: string[]) {
    super(`path${paths.length > 1 ? 's' : ''} not found: ${paths.join(', ')} (give existing files or directories)`);
    this.name = 'MissingPathError';
  }
}

/** Check files and directories; throws MissingPathError when a path does not exist. */
export function checkPaths(paths: readonly string[], options: CheckerOptions = {}): CheckOutcome {
  const read = readManifests(paths);
  if (read.missing.length > 0) throw new MissingPathError(read.missing);
  return checkDocuments(read.documents, options, read.findings, read.files.length);
}

/** Check documents already in memory; `readFindings` are syntax problems found while reading. */
export function checkDocuments(documents: readonly ManifestDocument[], options: CheckerOptions = {},
  readFindings: readonly Finding[] = [], files = new Set(documents.map(d => d.file)).size): CheckOutcome {
  const layers = ALL_LAYERS.filter(l => (options.layers ?? ALL_LAYERS).includes(l));
  const namespace = { defaultNamespace: options.defaultNamespace };
  const findings: Finding[] = [...readFindings];
  for (const doc of documents) {
    if (layers.includes('schema')) append(findings, validateSchema(doc, options.gatewayApiChannel));
    if (layers.includes('webhook')) append(findings, validateWebhook(doc, namespace));
  }
  if (layers.includes('reference')) append(findings, validateReferences(documents, namespace));
  sortFindings(findings);
  const errors = findings.filter(f => f.severity === 'error').length;
  return { findings, errors, warnings: findings.length - errors, documents: documents.length, files, layers };
}

/** Order by file, document, then field path with list indices compared as numbers, then rule and message. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => compareText(a.file, b.file) || a.document - b.document || comparePaths(a.path, b.path)
    || compareText(a.rule, b.rule) || compareText(a.message, b.message));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePaths(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    // Odd chunks are the digit runs.
    return i % 2 === 1 ? Number(pa[i]) - Number(pb[i]) || compareText(pa[i], pb[i]) : compareText(pa[i], pb[i]);
  }
  return pa.length - pb.length;
}
