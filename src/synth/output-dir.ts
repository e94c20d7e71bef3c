import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'path';

/** Whether `file` (relative to a directory) stays inside it: no absolute path, no `..` escape. */
export function staysInside(file: string): boolean {
  if (file === '' || isAbsolute(file)) return false;
  const rel = normalize(file);
  return rel !== '.' && rel !== '..' && !rel.startsWith(`..${sep}`);
}

/**
 * Write an output directory whole or not at all: `write` fills a private staging directory beside
 * `outdir` (and returns the report text, if any, written to `reportFile` inside it); the staging
 * directory then replaces `outdir`. A lock file beside `outdir` makes a concurrent synth into the
 * same directory fail clearly instead of interleaving its files with ours.
 */
export function writeAtomically(outdir: string, reportFile: string | undefined, write: (staging: string) => string | undefined): void {
  const finalDir = resolve(outdir);
  mkdirSync(dirname(finalDir), { recursive: true });
  const release = lock(finalDir);
  const staging = mkdtempSync(join(dirname(finalDir), `.${basename(finalDir)}.staging-`));
  try {
    const report = write(staging);
    if (reportFile !== undefined && report !== undefined) {
      const file = join(staging, reportFile);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, report);
    }
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(staging, finalDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
}

/** Take `<dir>.lock` (beside the directory); a lock left by a process that no longer runs is taken over. */
function lock(finalDir: string): () => void {
  const file = join(dirname(finalDir), `.${basename(finalDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(file, 'utf8'));
      if (isRunning(owner) && owner !== process.pid) {
        throw new Error(`another synth (process ${owner}) is writing ${finalDir}${sep}; wait for it, or remove ${file} if no synth is running`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock ${finalDir} (${file})`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
