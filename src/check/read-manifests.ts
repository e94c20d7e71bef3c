/**
 * Read manifest files and directories for `check`: every YAML document of every `.yaml`, `.yml`
 * and `.json` file (directories recursively, in name order). Empty documents are skipped but
 * keep their position, so document indices match what a person counts in the file. Syntax
 * errors become findings instead of exceptions.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from '../vendor/yaml';
import { Finding, ManifestDocument } from './finding';
import { parseBlockYaml } from './read-manifests/block-yaml';

export interface ReadResult {
  readonly documents: ManifestDocument[];
  /** YAML syntax errors and documents that are not objects. */
  readonly findings: Finding[];
  /** Files read, in reading order. */
  readonly files: string[];
  /** Paths that do not exist. */
  readonly missing: string[];
}

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

export function readManifests(paths: readonly string[]): ReadResult {
  const result: ReadResult = { documents: [], findings: [], files: [], missing: [] };
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      result.missing.push(path);
      continue;
    }
    for (const file of isDirectory ? manifestFilesUnder(path) : [path]) {
      result.files.push(file);
      const parsed = parseManifestText(file, readFileSync(file, 'utf8'));
      result.documents.push(...parsed.documents);
      result.findings.push(...parsed.findings);
    }
  }
  return result;
}

/** Manifest files below a directory, recursively, sorted by name at each level. */
export function manifestFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...manifestFilesUnder(full));
    else if (MANIFEST_EXTENSIONS.test(entry.name)) files.push(full);
  }
  return files;
}

/** Parse one file's text. A JSON array holds one document per element. */
export function parseManifestText(file: string, text: string): { documents: ManifestDocument[]; findings: Finding[] } {
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  const values = parseBlockYaml(text) ?? parseWithYamlLibrary(file, text, findings);
  const expanded = values.length === 1 && Array.isArray(values[0]) && /^\s*\[/.test(text) ? values[0] : values;
  expanded.forEach((value, index) => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      findings.push(readFinding(file, index, 'yaml/not-an-object',
        `document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}; expected a Kubernetes object (a mapping with apiVersion, kind and metadata)`));
      return;
    }
    documents.push({ file, index, object: value });
  });
  return { documents, findings };
}

/** The `yaml` package: complete YAML 1.2, precise errors, but slow (about 0.4 ms per document). */
function parseWithYamlLibrary(file: string, text: string, findings: Finding[]): unknown[] {
  return parseAllDocuments(text).map((doc, index) => {
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      const message = first.message.split('\n')[0].replace(/:$/, '');
      const where = first.linePos && !message.includes(' at line ') ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
      findings.push(readFinding(file, index, 'yaml/syntax', `${message}${where}`));
      return undefined;
    }
    return doc.toJS({ maxAliasCount: 1000 });
  });
}

function readFinding(file: string, document: number, rule: string, message: string): Finding {
  return { file, document, kind: '', name: '', path: '', rule, layer: 'schema', severity: 'error', message };
}
