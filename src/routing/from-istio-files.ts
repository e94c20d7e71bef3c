/**
 * Read manifest documents from YAML/JSON files and directories (recursively), for the CLI.
 * Multi-document files are split; `kind: List` objects (kubectl's `-o yaml` output) are
 * expanded to their items. Problems are returned, not thrown, each naming the file.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { ManifestDocument } from '../check/finding';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface ReadManifests {
  readonly documents: ManifestDocument[];
  /** `file: problem` lines; when non-empty the input could not be read completely. */
  readonly errors: string[];
}

export function readManifestPaths(paths: readonly string[]): ReadManifests {
  const documents: ManifestDocument[] = [];
  const errors: string[] = [];
  for (const file of paths.flatMap(p => expand(p, errors))) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      errors.push(`${file}: cannot read: ${(e as Error).message}`);
      continue;
    }
    parseAllDocuments(text).forEach((doc, index) => {
      if (doc.errors.length > 0) {
        errors.push(`${file}: document ${index}: ${doc.errors[0].message.split('\n')[0]}`);
        return;
      }
      const object = doc.toJS();
      if (object === null || object === undefined) return;
      if (object.kind === 'List' && Array.isArray(object.items)) {
        for (const item of object.items) documents.push({ file, index, object: item });
      } else {
        documents.push({ file, index, object });
      }
    });
  }
  return { documents, errors };
}

/** A file as given, or every manifest file under a directory, sorted for a stable order. */
function expand(path: string, errors: string[]): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    errors.push(`${path}: no such file or directory`);
    return [];
  }
  if (!isDirectory) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter(e => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(e => {
      const child = join(path, e.name);
      if (e.isDirectory()) return expand(child, errors);
      return MANIFEST_FILE.test(e.name) ? [child] : [];
    });
}
