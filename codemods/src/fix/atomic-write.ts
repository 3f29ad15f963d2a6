// Writes a file so that a crash at any moment leaves either the old content or the new, never a
// half-written file: the text goes to a temporary file in the same folder (same file system, so
// the rename is atomic), is flushed to disk, takes the original's mode (and owner, when we may),
// and then replaces the original by rename.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteHooks {
  /** Called with the temporary file's path after it is complete, just before the rename (tests inject failures here). */
  beforeRename?: (tempPath: string) => void;
}

export function writeFileAtomic(file: string, text: string, hooks: AtomicWriteHooks = {}): void {
  const dir = path.dirname(file);
  let original: fs.Stats | undefined;
  try {
    original = fs.statSync(file);
  } catch {
    original = undefined; // a new file
  }
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.breakwater-tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', original ? original.mode & 0o7777 : 0o666);
    try {
      fs.writeFileSync(fd, text, 'utf8');
      if (original) {
        // The mode given to open() is reduced by the umask; set it exactly.
        fs.fchmodSync(fd, original.mode & 0o7777);
        if (typeof process.getuid === 'function' && process.getuid() === 0 && (original.uid !== 0 || original.gid !== 0)) {
          fs.fchownSync(fd, original.uid, original.gid);
        }
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    hooks.beforeRename?.(temp);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dir);
}

/** Makes the rename itself durable; not every platform can open a folder, so this is best effort. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
