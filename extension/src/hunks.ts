// Restricts a whole-file rewrite to one finding. The codemod transforms rewrite every matching call
// of a file; a quick fix must change only the call it was asked about.
//
// The rewrite is split into change regions (a line diff, refined word by word, so two
// calls on adjacent lines stay apart). Each region is owned by:
//   - nobody (shared, kept) when it only adds or extends import/require declarations;
//   - the finding it overlaps or touches;
//   - else the nearest finding (an Idempotency-Key declared above its loop belongs to the call in
//     that loop, not to one further away).
// Regions of the target and shared imports are kept. Names an import gained only for dropped
// regions are removed again, so the result imports what it uses.
import { diffLines, diffWordsWithSpace } from 'diff';

export interface Span {
  start: number;
  end: number;
}

export interface Region extends Span {
  /** Replacement for before[start, end). */
  newText: string;
}

/** Where `after` differs from `before`, as replacements of `before`'s offsets, in order. */
export function changeRegions(before: string, after: string): Region[] {
  const regions: Region[] = [];
  let offset = 0;
  let hunk: { start: number; end: number; newText: string } | null = null;
  const flush = () => {
    if (hunk) regions.push(...refine(before.slice(hunk.start, hunk.end), hunk.newText, hunk.start));
    hunk = null;
  };
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      flush();
      offset += part.value.length;
      continue;
    }
    hunk ??= { start: offset, end: offset, newText: '' };
    if (part.removed) {
      offset += part.value.length;
      hunk.end = offset;
    } else {
      hunk.newText += part.value;
    }
  }
  flush();
  return regions;
}

/** Splits one line hunk into the ranges that really change (by words: a character diff matches
 * letters of unrelated words, import against export). */
function refine(oldText: string, newText: string, base: number): Region[] {
  if (oldText === '' || newText === '') return [{ start: base, end: base + oldText.length, newText }];
  const out: Region[] = [];
  let offset = 0;
  let open: Region | null = null;
  for (const part of diffWordsWithSpace(oldText, newText)) {
    if (!part.added && !part.removed) {
      if (open) out.push(open);
      open = null;
      offset += part.value.length;
      continue;
    }
    open ??= { start: base + offset, end: base + offset, newText: '' };
    if (part.removed) {
      offset += part.value.length;
      open.end = base + offset;
    } else {
      open.newText += part.value;
    }
  }
  if (open) out.push(open);
  return out;
}

const IMPORT_LINE = /^\s*(import\s[^;]*?from\s*['"][^'"]+['"]|import\s*['"][^'"]+['"]|(const|let|var)\s+\{[^}]*\}\s*=\s*require\(\s*['"][^'"]+['"]\s*\))\s*;?\s*$/;

/** A change widened to whole lines of `before` (for import declarations, which are edited as lines). */
interface LineChange extends Region {
  oldText: string;
}

/** The lines a region touches, before and after it; several regions on one line become one change. */
function wholeLineChanges(before: string, regions: readonly Region[]): LineChange[] {
  const byLine = new Map<number, { end: number; regions: Region[] }>();
  const inserted: LineChange[] = [];
  for (const region of regions) {
    const atLineStart = region.start === 0 || before[region.start - 1] === '\n';
    if (region.start === region.end && atLineStart && region.newText.endsWith('\n')) {
      inserted.push({ ...region, oldText: '' }); // whole new lines
      continue;
    }
    const lineStart = before.lastIndexOf('\n', region.start - 1) + 1;
    const nextBreak = before.indexOf('\n', Math.max(region.end - 1, region.start));
    const lineEnd = nextBreak === -1 ? before.length : nextBreak;
    const entry = byLine.get(lineStart) ?? { end: lineEnd, regions: [] };
    entry.end = Math.max(entry.end, lineEnd);
    entry.regions.push(region);
    byLine.set(lineStart, entry);
  }
  const widened = [...byLine.entries()].map(([start, { end, regions: inLine }]) => {
    let text = before.slice(start, end);
    for (const r of [...inLine].sort((a, b) => b.start - a.start)) text = text.slice(0, r.start - start) + r.newText + text.slice(r.end - start);
    return { start, end, oldText: before.slice(start, end), newText: text };
  });
  return [...inserted, ...widened];
}

const isImportText = (text: string) => {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.length > 0 && lines.every((l) => IMPORT_LINE.test(l));
};

function distance(region: Span, finding: Span): number {
  if (region.end < finding.start) return finding.start - region.end;
  if (region.start > finding.end) return region.start - finding.end;
  return 0; // overlapping or touching
}

/**
 * `before` with only the regions of `after` that belong to `target` or to nobody. Returns `before`
 * unchanged when no region belongs to the target (the transform did nothing for it).
 */
export function restrictToTarget(before: string, after: string, target: Span, others: readonly Span[]): string {
  if (before === after) return before;
  const kept: Region[] = [];
  const importCandidates: Region[] = [];
  for (const region of changeRegions(before, after)) {
    const lines = wholeLineChanges(before, [region])[0]!;
    if (isImportText(lines.newText) && (lines.oldText === '' || isImportText(lines.oldText))) {
      importCandidates.push(region);
      continue;
    }
    const toTarget = distance(region, target);
    const nearestOther = Math.min(Infinity, ...others.map((o) => distance(region, o)));
    if (toTarget === 0 || toTarget < nearestOther) kept.push(region);
  }
  if (kept.length === 0) return before;
  const code = apply(before, kept);
  // Imports: a new name stays only when the kept code uses it.
  const imports = wholeLineChanges(before, importCandidates).map((change) => ({ ...change, newText: pruneNewNames(change.oldText, change.newText, code) }));
  return apply(before, [...kept, ...imports]);
}

function apply(text: string, regions: readonly Region[]): string {
  let out = text;
  for (const r of [...regions].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.newText + out.slice(r.end);
  return out;
}

const mentions = (text: string, name: string) => new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(text);

/** Drops the names an import change adds that `code` (outside its imports) never uses; an import
 * line left with no names at all is dropped when it was new. */
function pruneNewNames(oldText: string, newText: string, code: string): string {
  const body = codeOnly(code.split('\n').filter((l) => !IMPORT_LINE.test(l)).join('\n'));
  const lines = newText.split(/(?<=\n)/).map((line) =>
    line.replace(/\{([^}]*)\}/, (whole, list: string) => {
      const names = list.split(',').map((n) => n.trim()).filter(Boolean);
      const keep = names.filter((n) => {
        const local = n.split(/\s+as\s+|\s*:\s*/).pop()!.trim();
        return mentions(oldText, local) || mentions(body, local);
      });
      return keep.length === names.length ? whole : keep.length === 0 ? '{}' : `{ ${keep.join(', ')} }`;
    }),
  );
  return lines.filter((line) => !(/\{\}/.test(line) && IMPORT_LINE.test(line.replace(/\r?\n$/, '')) && !oldText.includes(line.trim()))).join('');
}

/** The text with comments and the contents of string literals blanked (template expressions kept),
 * so a name inside a URL or a comment does not count as a use. */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  const templateDepth: number[] = [];
  let braces = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      out += ' ';
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += ch + ch;
      i = j + 1;
    } else if (ch === '`' || (ch === '}' && templateDepth.at(-1) === braces)) {
      // Template text up to the closing backtick or the next `${`.
      if (ch === '}') templateDepth.pop();
      let j = i + 1;
      while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
      out += '` ';
      if (text[j] === '$') {
        templateDepth.push(braces);
        i = j + 2;
      } else {
        i = j + 1;
      }
    } else {
      if (ch === '{') braces++;
      if (ch === '}') braces--;
      out += ch;
      i++;
    }
  }
  return out;
}
