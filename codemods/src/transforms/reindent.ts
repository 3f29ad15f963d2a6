// Moving statements to another nesting depth: edits that replace the old indentation of each line
// with the new one, except lines inside multi-line template literals (their text is the value).
import { ts, type SourceFile } from 'ts-morph';
import type { Edit } from './edits.js';

/** Edits re-indenting the lines that start inside (start, end). */
export function reindentEdits(sf: SourceFile, start: number, end: number, from: string, to: string): Edit[] {
  const text = sf.getFullText();
  const literals = templateLiteralsIn(sf.compilerNode, start, end);
  const edits: Edit[] = [];
  for (let nl = text.indexOf('\n', start); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    const lineStart = nl + 1;
    if (literals.some(([s, e]) => s < lineStart && lineStart < e)) continue;
    const ws = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const blank = /^[ \t]*\r?(\n|$)/.test(text.slice(lineStart, lineStart + ws.length + 2));
    const replacement = blank ? '' : ws.startsWith(from) ? to + ws.slice(from.length) : to;
    if (replacement !== ws) edits.push({ start: lineStart, end: lineStart + ws.length, text: replacement });
  }
  return edits;
}

/** The same change for text an edit inserts (its continuation lines carry the old indentation). */
export function reindentInserted(edit: Edit, from: string, to: string): Edit {
  return { ...edit, text: edit.text.replace(/\n([ \t]*)/g, (m, ws: string) => (ws.startsWith(from) ? `\n${to}${ws.slice(from.length)}` : m)) };
}

/**
 * The spans of the template literals that overlap (start, end). Walks the compiler's nodes and
 * descends only into those that overlap the range: a node's descendants lie within its
 * [pos, end), so the rest of the file (and wrapping every node in ts-morph) is never visited.
 */
function templateLiteralsIn(sf: ts.SourceFile, start: number, end: number): Array<readonly [number, number]> {
  const found: Array<readonly [number, number]> = [];
  const visit = (n: ts.Node): void => {
    if (n.end <= start || n.pos >= end) return;
    if ((n.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || n.kind === ts.SyntaxKind.TemplateExpression) && n.getStart(sf) < end && n.end > start) found.push([n.getStart(sf), n.end]);
    for (const doc of (n as { jsDoc?: ts.Node[] }).jsDoc ?? []) visit(doc);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}
