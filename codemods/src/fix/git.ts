// Which of the files `fix --write` would write have uncommitted changes in git: staged or unstaged
// modifications, or untracked (and not ignored) files. A file outside any git work tree is clean
// by definition (there is nothing to lose that git could restore).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { existingDirOf, realPathOf } from '../files/project.js';

export interface DirtyFile {
  path: string;
  /** Porcelain v1 status code: ` M`, `M `, `??`, `A `, `UU`, … */
  status: string;
}

export type GitCheck = { ok: true; dirty: DirtyFile[] } | { ok: false; error: string };

function git(cwd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string; missing: boolean } {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const missing = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: run.status, stdout: run.stdout ?? '', stderr: (run.stderr ?? '').trim(), missing };
}

/** Whether a `.git` entry exists at or above `dir`: git should know about it even if git itself fails. */
function looksLikeRepo(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/** Groups `files` (absolute) by git work tree, then asks `git status` about exactly those files. */
export function findUncommitted(files: readonly string[]): GitCheck {
  const topByDir = new Map<string, string | null>();
  const byTop = new Map<string, string[]>();
  for (const file of files) {
    const dir = existingDirOf(file);
    let top = topByDir.get(dir);
    if (top === undefined) {
      const run = git(dir, ['rev-parse', '--show-toplevel']);
      if (run.status === 0) top = path.resolve(run.stdout.trim());
      else if (!run.missing && looksLikeRepo(dir)) return { ok: false, error: `cannot read git status in ${dir}: ${run.stderr || 'git failed'}` };
      else top = null; // not in a work tree (or no git on this machine and no .git folder)
      topByDir.set(dir, top);
    }
    if (top === null) continue;
    const list = byTop.get(top) ?? [];
    list.push(file);
    byTop.set(top, list);
  }

  const dirty: DirtyFile[] = [];
  for (const [top, list] of byTop) {
    // Real paths: git reports paths relative to the work tree's real location.
    const realTop = fs.realpathSync(top);
    const relative = list.map((file) => path.relative(realTop, realPathOf(file)));
    for (let start = 0; start < relative.length; start += 500) {
      const chunk = relative.slice(start, start + 500);
      const run = git(top, ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=no', '--', ...chunk]);
      if (run.status !== 0) return { ok: false, error: `git status failed in ${top}: ${run.stderr}` };
      const entries = run.stdout.split('\0');
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i] ?? '';
        if (entry.length < 4) continue;
        const status = entry.slice(0, 2);
        dirty.push({ path: path.join(realTop, entry.slice(3)), status });
        if (status.startsWith('R') || status.startsWith('C')) i++; // the rename's source path follows
      }
    }
  }
  return { ok: true, dirty };
}
