// A `git diff --stat`-like summary of what the fix changed: lines added and removed per file
// (from the longest common subsequence of lines; the sample's files are small).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface FileChange {
  file: string;
  added: number;
  removed: number;
  created: boolean;
}

function commonLines(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const lineA of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) current[j] = lineA === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    previous = current;
  }
  return previous[b.length]!;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

async function readLines(file: string): Promise<string[] | null> {
  try {
    return (await readFile(file, 'utf8')).split('\n');
  } catch {
    return null;
  }
}

/** Files of `after` that differ from (or are missing in) `before`, both folders compared recursively. */
export async function diffSummary(before: string, after: string): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of await filesUnder(after)) {
    const newLines = (await readLines(path.join(after, file)))!;
    const oldLines = await readLines(path.join(before, file));
    if (oldLines === null) {
      changes.push({ file, added: newLines.length, removed: 0, created: true });
      continue;
    }
    const common = commonLines(oldLines, newLines);
    if (common === oldLines.length && common === newLines.length) continue;
    changes.push({ file, added: newLines.length - common, removed: oldLines.length - common, created: false });
  }
  return changes;
}

export function formatDiffSummary(changes: readonly FileChange[], prefix: string): string {
  if (changes.length === 0) return 'no file changed';
  const width = Math.max(...changes.map((c) => `${prefix}${c.file}`.length));
  const lines = changes.map((c) => `${`${prefix}${c.file}`.padEnd(width)}  ${c.created ? `new, ${c.added} lines` : `+${c.added} −${c.removed}`}`);
  const added = changes.reduce((sum, c) => sum + c.added, 0);
  const removed = changes.reduce((sum, c) => sum + c.removed, 0);
  return [...lines, `${changes.length} files changed, +${added} −${removed} lines`].join('\n');
}
