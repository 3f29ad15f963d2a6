// Restricts a whole-file rewrite to one finding. The codemod transforms rewrite every matching call
// of a file; a quick fix must change only the call it was asked for. The rewrite is split into
// line hunks; a hunk belongs to the findings it overlaps or directly precedes (an Idempotency-Key
// declared just above its loop); hunks that belong to no finding (imports) are shared and kept.
import { diffLines } from 'diff';
import { LineIndex } from './text-edits.js';

export interface Hunk {
  /** Offsets of the replaced text in the original. */
  start: number;
  end: number;
  newText: string;
  /** 0-based original lines [firstLine, endLine): an insertion has firstLine === endLine. */
  firstLine: number;
  endLine: number;
}

export function lineHunks(before: string, after: string): Hunk[] {
  const hunks: Hunk[] = [];
  let offset = 0;
  let line = 0;
  let open: Hunk | null = null;
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      if (open) hunks.push(open);
      open = null;
      offset += part.value.length;
      line += part.count ?? 0;
      continue;
    }
    open ??= { start: offset, end: offset, newText: '', firstLine: line, endLine: line };
    if (part.removed) {
      offset += part.value.length;
      line += part.count ?? 0;
      open.end = offset;
      open.endLine = line;
    } else {
      open.newText += part.value;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}

interface LineSpan {
  first: number;
  last: number;
}

function touches(hunk: Hunk, span: LineSpan): boolean {
  if (hunk.endLine > hunk.firstLine) return hunk.firstLine <= span.last && hunk.endLine - 1 >= span.first;
  // A pure insertion before line `firstLine`: right above the span's first line, or inside the span.
  return hunk.firstLine >= span.first && hunk.firstLine <= span.last;
}

/**
 * The text `before` with only the hunks of `after` that belong to `target` or to no other finding.
 * Returns `before` unchanged when no hunk touches the target (the transform did nothing for it).
 */
export function restrictToTarget(
  before: string,
  after: string,
  target: { start: number; end: number },
  others: ReadonlyArray<{ start: number; end: number }>,
): string {
  if (before === after) return before;
  const index = new LineIndex(before);
  const toLines = (r: { start: number; end: number }): LineSpan => ({ first: index.positionAt(r.start).line, last: index.positionAt(r.end).line });
  const targetLines = toLines(target);
  const otherLines = others.map(toLines);
  const hunks = lineHunks(before, after);
  const kept = hunks.filter((h) => touches(h, targetLines) || !otherLines.some((o) => touches(h, o)));
  if (!kept.some((h) => touches(h, targetLines))) return before;
  let out = before;
  for (const h of [...kept].sort((a, b) => b.start - a.start)) out = out.slice(0, h.start) + h.newText + out.slice(h.end);
  return out;
}
