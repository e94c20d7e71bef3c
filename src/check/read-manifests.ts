/**
 * Read manifest files and directories for `check`: every YAML document of every `.yaml`, `.yml`
 * and `.json` file (directories recursively, in name order). Empty documents are skipped but
 * keep their position, so document indices match what a person counts in the file. Syntax
 * errors, unreadable paths and inputs over a limit (read-manifests/limits.ts) become findings
 * instead of exceptions.
 */
import { Finding, ManifestDocument } from './finding';
import { parseBlockYaml } from './read-manifests/block-yaml';
import { LimitExceeded, MAX_DOCUMENTS } from './read-manifests/limits';
import { readManifestFile } from './read-manifests/read-file';
import { listManifestFiles, PathProblem } from './read-manifests/walk';
import { parseWithYamlLibrary } from './read-manifests/yaml-library';

export interface ReadResult {
  readonly documents: ManifestDocument[];
  /** YAML syntax errors, documents that are not objects, paths not read, limits exceeded. */
  readonly findings: Finding[];
  /** Files read, in reading order. */
  readonly files: string[];
  /** Paths that do not exist. */
  readonly missing: string[];
}

export function readManifests(paths: readonly string[]): ReadResult {
  const listing = listManifestFiles(paths);
  const result: ReadResult = { documents: [], findings: listing.problems.map(pathFinding), files: [], missing: listing.missing };
  for (const file of listing.files) {
    const text = readManifestFile(file);
    if (typeof text !== 'string') {
      result.findings.push(pathFinding(text));
      continue;
    }
    result.files.push(file.path);
    const parsed = parseManifestText(file.path, text);
    for (const d of parsed.documents) result.documents.push(d);
    for (const f of parsed.findings) result.findings.push(f);
  }
  return result;
}

/** Parse one file's text. A JSON array holds one document per element. */
export function parseManifestText(file: string, text: string): { documents: ManifestDocument[]; findings: Finding[] } {
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  const tooMany = (count: string) => ({
    documents, findings: [readFinding(file, 0, 'read/too-many-documents', `file holds ${count} documents, over the limit of ${MAX_DOCUMENTS}; not read (split it into smaller files)`)],
  });
  const markers = countDocumentMarkers(text);
  if (markers > MAX_DOCUMENTS) return tooMany(`at least ${markers}`);
  const values = parseBlockYaml(text) ?? parseWithYamlLibrary(text, findings, (index, rule, message) => readFinding(file, index, rule, message));
  const expanded = values.length === 1 && Array.isArray(values[0]) && /^\s*\[/.test(text) ? values[0] : values;
  if (expanded.length > MAX_DOCUMENTS) return tooMany(`${expanded.length}`);
  expanded.forEach((value, index) => {
    if (value === null || value === undefined) return;
    if (value instanceof LimitExceeded) {
      findings.push(readFinding(file, index, value.rule, value.message));
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      findings.push(readFinding(file, index, 'yaml/not-an-object',
        `document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}; expected a Kubernetes object (a mapping with apiVersion, kind and metadata)`));
      return;
    }
    documents.push({ file, index, object: value });
  });
  return { documents, findings };
}

/** Document start markers (`---` alone or before a blank): a cheap bound checked before parsing. */
function countDocumentMarkers(text: string): number {
  let count = isDocumentMarker(text, 0) ? 1 : 0;
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 1)) if (isDocumentMarker(text, i + 1)) count++;
  return count;
}

function isDocumentMarker(text: string, at: number): boolean {
  if (!text.startsWith('---', at)) return false;
  const next = text[at + 3];
  return next === undefined || next === '\n' || next === '\r' || next === ' ' || next === '\t';
}

function pathFinding(problem: PathProblem): Finding {
  return { ...readFinding(problem.path, 0, problem.rule, problem.message), severity: problem.severity };
}

function readFinding(file: string, document: number, rule: string, message: string): Finding {
  return { file, document, kind: '', name: '', path: '', rule, layer: 'schema', severity: 'error', message };
}
