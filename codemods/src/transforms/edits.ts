// Text edits: the transforms compute edits against one version of a file's text and apply them
// together, so formatting and comments outside the edited spans stay byte for byte as they were.

/** Replace text[start, end) with `text`; start === end is an insertion. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

function conflicts(a: Edit, b: Edit): boolean {
  if (a.start === a.end && b.start === b.end) return false; // two insertions: kept in order
  if (a.start === a.end) return b.start < a.start && a.start < b.end;
  if (b.start === b.end) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** The edits of one pass. A group of edits that overlaps an accepted edit is refused as a whole
 * (the next pass, on the new text, picks it up again). */
export class EditSet {
  private readonly accepted: Array<Edit & { seq: number }> = [];
  private seq = 0;

  get size(): number {
    return this.accepted.length;
  }

  /** Accepts all of `edits` or none; returns whether they were accepted. */
  tryAdd(edits: readonly Edit[]): boolean {
    for (const e of edits) {
      if (this.accepted.some((a) => conflicts(a, e))) return false;
    }
    for (const e of edits) this.accepted.push({ ...e, seq: this.seq++ });
    return true;
  }

  /**
   * Where `[start, end)` of the text lies once the edits are applied: an edit straddling a bound
   * moves it to the edge of its replacement; an insertion at `start` goes before the range, one at
   * `end` after it.
   */
  mapRange([start, end]: readonly [number, number]): [number, number] {
    return [this.mapOffset(start, 'start'), Math.max(this.mapOffset(start, 'start'), this.mapOffset(end, 'end'))];
  }

  private mapOffset(p: number, bound: 'start' | 'end'): number {
    let delta = 0;
    for (const e of this.sorted()) {
      const growth = e.text.length - (e.end - e.start);
      if (e.start === e.end) {
        if (e.start < p || (e.start === p && bound === 'start')) delta += growth;
      } else if (e.end <= p) {
        delta += growth;
      } else if (e.start < p) {
        return e.start + delta + (bound === 'start' ? 0 : e.text.length); // straddles p
      }
    }
    return p + delta;
  }

  private sorted(): Array<Edit & { seq: number }> {
    return [...this.accepted].sort((a, b) => a.start - b.start || a.end - b.end || a.seq - b.seq);
  }

  apply(text: string): string {
    const sorted = this.sorted();
    let out = '';
    let cursor = 0;
    for (const e of sorted) {
      out += text.slice(cursor, e.start) + e.text;
      cursor = Math.max(cursor, e.end);
    }
    return out + text.slice(cursor);
  }
}

/** Applies edits that lie inside [base, base + text.length) to `text` (a slice starting at `base`). */
export function applyWithin(text: string, base: number, edits: readonly Edit[]): string {
  const set = new EditSet();
  if (!set.tryAdd(edits.map((e) => ({ start: e.start - base, end: e.end - base, text: e.text })))) throw new Error('overlapping edits inside one span');
  return set.apply(text);
}
