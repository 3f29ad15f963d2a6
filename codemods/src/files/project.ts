// Where a project starts, and how paths are shown to people.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The project root for `fix`: the nearest folder with a package.json at or above the first given
 * path (its folder when it is a file), or `cwd` when there is none.
 */
export function findProjectRoot(firstPath: string | undefined, cwd: string): string {
  let dir = folderOf(path.resolve(cwd, firstPath ?? '.'));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

/** `target` when it is a folder, else the folder it is in (also when it does not exist). */
export function folderOf(target: string): string {
  try {
    return fs.statSync(target).isDirectory() ? target : path.dirname(target);
  } catch {
    return path.dirname(target);
  }
}

/** `child` is `parent` or lies inside it (both absolute). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** A path as people and diffs see it: relative to `base`, with forward slashes. */
export function displayPath(file: string, base: string): string {
  return (path.relative(base, file) || '.').split(path.sep).join('/');
}

/** The nearest existing folder at or above `file`'s folder (a file to be created may sit in new folders). */
export function existingDirOf(file: string): string {
  let dir = path.dirname(file);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  return dir;
}

/** `file` with every existing folder above it resolved through symbolic links (the file itself may not exist yet). */
export function realPathOf(file: string): string {
  const dir = existingDirOf(file);
  return path.join(fs.realpathSync(dir), path.relative(dir, file));
}
