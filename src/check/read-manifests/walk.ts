/**
 * Which files `check` and `explain` read. Every entry is classified with lstat/stat before
 * anything is opened, so a FIFO, socket or device is never opened (opening a FIFO blocks forever).
 * Inside a directory walk symbolic links are never followed, so there are no loops; a link or
 * non-regular file that looks like a manifest is reported as a warning. Paths given on the command
 * line may be symbolic links (to a file or a directory). Every file and directory is read once,
 * whichever path reaches it (`check dist dist`, a file and its directory).
 */
import { Dirent, lstatSync, readdirSync, readlinkSync, realpathSync, Stats, statSync } from 'fs';
import { join } from 'path';

export const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/** A regular file to read. */
export interface ListedFile {
  readonly path: string;
  /** Follow a symbolic link when opening: only for a link given on the command line. */
  readonly followLink: boolean;
}

/** A problem with a path, before reading: error or warning (skipped inside a directory walk). */
export interface PathProblem {
  readonly path: string;
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface Listing {
  readonly files: ListedFile[];
  readonly problems: PathProblem[];
  /** Paths given that do not exist. */
  readonly missing: string[];
}

export function listManifestFiles(paths: readonly string[]): Listing {
  const listing: Listing = { files: [], problems: [], missing: [] };
  const seen = new Set<string>();
  for (const path of paths) listArgument(path, listing, seen);
  return listing;
}

function listArgument(path: string, listing: Listing, seen: Set<string>): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (e) {
    if (isMissing(e)) listing.missing.push(path);
    else listing.problems.push(unreadable(path, e));
    return;
  }
  if (stats.isSymbolicLink()) {
    try {
      stats = statSync(path);
    } catch (e) {
      listing.problems.push(brokenLink(path, e, 'error'));
      return;
    }
  }
  if (stats.isDirectory()) walk(path, stats, listing, seen);
  else if (stats.isFile()) addFile(path, stats, true, listing, seen);
  else listing.problems.push(notRegular(path, stats, 'error'));
}

/** Depth-first in name order, with an explicit stack (no recursion, whatever the tree's depth). */
function walk(root: string, rootStats: Stats, listing: Listing, seen: Set<string>): void {
  if (!firstVisit(root, rootStats, seen)) return;
  const stack: { dir: string; entries: Dirent[]; next: number }[] = [{ dir: root, entries: entries(root, listing), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.entries.length) {
      stack.pop();
      continue;
    }
    const entry = top.entries[top.next++];
    const name = entry.name;
    if (!entry.isDirectory() && !entry.isSymbolicLink() && !MANIFEST_EXTENSIONS.test(name)) continue; // never read: no lstat
    const path = join(top.dir, name);
    const stats = lstatOrReport(path, listing);
    if (!stats) continue;
    if (stats.isDirectory()) {
      if (firstVisit(path, stats, seen)) stack.push({ dir: path, entries: entries(path, listing), next: 0 });
    } else if (stats.isSymbolicLink()) {
      const problem = skippedLink(path, name);
      if (problem) listing.problems.push(problem);
    } else if (MANIFEST_EXTENSIONS.test(name)) {
      if (stats.isFile()) addFile(path, stats, false, listing, seen);
      else listing.problems.push(notRegular(path, stats, 'warning'));
    }
  }
}

/** A directory's entries in name order (types as lstat gives them: a link is a link). */
function entries(dir: string, listing: Listing): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    listing.problems.push(unreadable(dir, e));
    return [];
  }
}

function lstatOrReport(path: string, listing: Listing): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if (!isMissing(e)) listing.problems.push(unreadable(path, e)); // vanished since readdir: nothing to read
    return undefined;
  }
}

function addFile(path: string, stats: Stats, followLink: boolean, listing: Listing, seen: Set<string>): void {
  if (firstVisit(path, stats, seen)) listing.files.push({ path, followLink });
}

/** True the first time a file or directory is met (by device and inode, else by real path). */
function firstVisit(path: string, stats: Stats, seen: Set<string>): boolean {
  let id = stats.ino ? `${stats.dev}:${stats.ino}` : undefined;
  if (!id) {
    try {
      id = realpathSync(path);
    } catch {
      id = path;
    }
  }
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

/** A link met in a walk: reported when it would have been read (a manifest name) or leads to a directory. */
function skippedLink(path: string, name: string): PathProblem | undefined {
  let target: Stats;
  try {
    target = statSync(path);
  } catch (e) {
    return MANIFEST_EXTENSIONS.test(name) ? brokenLink(path, e, 'warning') : undefined;
  }
  if (!target.isDirectory() && !MANIFEST_EXTENSIONS.test(name)) return undefined;
  return {
    path,
    rule: 'read/symlink-skipped',
    severity: 'warning',
    message: `symbolic link to ${describe(target)} ${linkTarget(path)}not followed inside a directory walk; give it on the command line to read it`,
  };
}

function brokenLink(path: string, e: unknown, severity: 'error' | 'warning'): PathProblem {
  const code = errorCode(e);
  const link = `symbolic link ${linkTarget(path)}`.trimEnd();
  const what = code === 'ELOOP' ? `${link} is a loop` : isMissing(e) ? `dangling ${link}: its target does not exist` : `${link} cannot be followed: ${errorText(e)}`;
  return { path, rule: 'read/broken-symlink', severity, message: `${what}; not read` };
}

function linkTarget(path: string): string {
  try {
    return `(-> ${readlinkSync(path)}) `;
  } catch {
    return '';
  }
}

function notRegular(path: string, stats: Stats, severity: 'error' | 'warning'): PathProblem {
  return { path, rule: 'read/not-a-regular-file', severity, message: `is ${describe(stats)}, not a regular file; not opened` };
}

export function describe(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFile()) return 'a regular file';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'an unknown kind of file';
}

export function unreadable(path: string, e: unknown): PathProblem {
  return { path, rule: 'read/unreadable', severity: 'error', message: `cannot be read: ${errorText(e)}` };
}

/** Short reasons for the error codes met when reading files. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'path too long',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent is not a directory',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/** A short reason, e.g. "permission denied (EACCES)". */
export function errorText(e: unknown): string {
  const code = errorCode(e);
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isMissing(e: unknown): boolean {
  const code = errorCode(e);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
