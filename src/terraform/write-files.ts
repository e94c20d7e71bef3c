import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Write files into `dir` (created if missing); returns the paths written. Other files in `dir` are kept. */
export function writeTerraformFiles(dir: string, files: ReadonlyArray<{ fileName: string; content: string }>): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map(f => {
    const path = join(dir, f.fileName);
    writeFileSync(path, f.content);
    return path;
  });
}
