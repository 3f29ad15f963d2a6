// Plain-data text edits (no vscode import): offsets ↔ positions, and the smallest edits that turn
// one text into another, so an applied fix touches only what changed (undo, cursor and other
// extensions' decorations stay put).
import type { Position, RangeData } from './diagnostic-mapping.js';

export interface TextEditData {
  range: RangeData;
  newText: string;
}

/** Maps offsets of one text to positions (lines split at \n; a \r stays on its line, as in VS Code). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  positionAt(offset: number): Position {
    const clamped = Math.min(Math.max(0, offset), this.text.length);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low]! };
  }
  offsetAt(position: Position): number {
    const start = this.starts[Math.min(Math.max(0, position.line), this.starts.length - 1)]!;
    return Math.min(start + Math.max(0, position.character), this.text.length);
  }
  rangeOf(start: number, end: number): RangeData {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return '';
    const next = this.starts[line + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/** One replacement covering everything between the common prefix and the common suffix; null if equal. */
export function minimalEdit(before: string, after: string): { start: number; end: number; newText: string } | null {
  if (before === after) return null;
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a \r\n pair or a surrogate pair.
  while (prefix > 0 && isPairTail(before, prefix)) prefix--;
  while (suffix > 0 && isPairTail(before, before.length - suffix)) suffix--;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

function isPairTail(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  const previous = text.charCodeAt(index - 1);
  return (code === 10 && previous === 13) || (code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff);
}

/** The edit list that turns `before` into `after`, as positions of `before`. */
export function editsBetween(before: string, after: string): TextEditData[] {
  const edit = minimalEdit(before, after);
  if (!edit) return [];
  return [{ range: new LineIndex(before).rangeOf(edit.start, edit.end), newText: edit.newText }];
}

/** Applies offset replacements (non-overlapping) to a text. */
export function applyReplacements(text: string, replacements: ReadonlyArray<{ start: number; end: number; newText: string }>): string {
  let out = text;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.newText + out.slice(r.end);
  return out;
}

export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
