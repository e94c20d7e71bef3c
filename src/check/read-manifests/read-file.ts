/**
 * Open and read one listed file safely: never blocks (O_NONBLOCK, and the file is checked to be
 * regular after opening, so a file swapped for a FIFO after listing is not read), never follows a
 * link met in a directory walk (O_NOFOLLOW), and never reads more than MAX_FILE_BYTES.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'fs';
import { MAX_FILE_BYTES } from './limits';
import { describe, ListedFile, PathProblem, unreadable } from './walk';

const CHUNK = 64 * 1024;

/** The file's text, or why it was not read. */
export function readManifestFile(file: ListedFile): string | PathProblem {
  // eslint-disable-next-line no-bitwise -- open(2) flags are a bit set
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (file.followLink ? 0 : constants.O_NOFOLLOW ?? 0);
  let fd: number;
  try {
    fd = openSync(file.path, flags);
  } catch (e) {
    return unreadable(file.path, e);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return { path: file.path, rule: 'read/not-a-regular-file', severity: 'error', message: `is ${describe(stats)}, not a regular file; not read` };
    }
    if (stats.size > MAX_FILE_BYTES) return tooLarge(file.path, stats.size);
    const bytes = readBounded(fd, stats.size);
    return bytes ?? tooLarge(file.path);
  } catch (e) {
    return unreadable(file.path, e);
  } finally {
    closeSync(fd);
  }
}

/** The whole file as UTF-8, or undefined past MAX_FILE_BYTES (a file can grow while it is read). */
function readBounded(fd: number, expectedSize: number): string | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // First the size fstat reported plus one byte (to see the end), then chunks if the file grew.
    const buffer = Buffer.allocUnsafe(Math.min(total === 0 ? expectedSize + 1 : CHUNK, MAX_FILE_BYTES + 1 - total));
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    total += n;
    if (total > MAX_FILE_BYTES) return undefined;
    chunks.push(n === buffer.length ? buffer : buffer.subarray(0, n));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function tooLarge(path: string, size?: number): PathProblem {
  const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  const what = size === undefined ? 'file grew past' : `file is ${mib(size)}, over`;
  return { path, rule: 'read/too-large', severity: 'error', message: `${what} the limit of ${mib(MAX_FILE_BYTES)}; not read (split it into smaller files)` };
}
