// Edits to object literals and argument lists that keep the surrounding layout: a property goes on
// its own line in a multi-line object (with the same indentation and comma style), inline in a
// one-line object; a new argument goes after the last one, padded with `undefined` when the options
// sit behind arguments the call does not pass (axios.post(url) → axios.post(url, undefined, {…})).
import { Node, SyntaxKind, type CallExpression, type NewExpression, type ObjectLiteralExpression } from 'ts-morph';
import type { Edit } from './edits.js';
import { indentAt } from './source.js';

/** The key of a property, a shorthand property or a method, when written as a name or a string (not computed). */
export function propertyKey(p: Node): string | undefined {
  if (!Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p) && !Node.isMethodDeclaration(p)) return undefined;
  const nameNode = p.getNameNode();
  return Node.isIdentifier(nameNode) ? nameNode.getText() : Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : undefined;
}

/** The property named `name` (not computed), or undefined. */
export function propertyNamed(obj: ObjectLiteralExpression, name: string): Node | undefined {
  return obj.getProperties().find((p) => propertyKey(p) === name);
}

/** Any property whose key, compared without letter case, equals `name` (HTTP header names). */
export function propertyNamedIgnoreCase(obj: ObjectLiteralExpression, name: string): Node | undefined {
  const lower = name.toLowerCase();
  return obj.getProperties().find((p) => !Node.isMethodDeclaration(p) && propertyKey(p)?.toLowerCase() === lower);
}

export function hasSpread(obj: ObjectLiteralExpression): boolean {
  return obj.getProperties().some((p) => Node.isSpreadAssignment(p));
}

/** Edits that add `propText` (e.g. `signal: AbortSignal.timeout(5000)`) as the last property of `obj`. */
export function addProperty(obj: ObjectLiteralExpression, propText: string): Edit[] {
  const sf = obj.getSourceFile();
  const text = sf.getFullText();
  const props = obj.getProperties();
  const open = obj.getStart();
  const close = obj.getEnd() - 1; // the `}`
  const last = props[props.length - 1];
  if (!last) {
    const inner = text.slice(open + 1, close);
    if (inner.trim() === '') return [{ start: open, end: close + 1, text: `{ ${propText} }` }];
    return [{ start: close, end: close, text: `${propText} ` }];
  }
  const lastEnd = last.getEnd();
  const afterLast = skipTrivia(text, lastEnd, close);
  const hasTrailingComma = text[afterLast] === ',';
  const multiLine = text.slice(open, last.getStart()).includes('\n');
  if (multiLine) {
    // The end of the last property's line, when nothing but a comment follows it there.
    const from = hasTrailingComma ? afterLast + 1 : lastEnd;
    const lineEnd = endOfLine(text, from);
    const rest = text.slice(from, lineEnd).trim();
    const onlyComment = rest === '' || rest.startsWith('//') || (/^\/\*.*\*\/$/.test(rest) && !rest.slice(2, -2).includes('*/'));
    if (onlyComment && lineEnd < close) {
      const indent = indentAt(text, last.getStart());
      const eol = text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
      const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
      if (hasTrailingComma) return [{ start: at, end: at, text: `${eol}${indent}${propText},` }];
      return [
        { start: lastEnd, end: lastEnd, text: ',' },
        { start: at, end: at, text: `${eol}${indent}${propText}` },
      ];
    }
  }
  if (hasTrailingComma) return [{ start: afterLast + 1, end: afterLast + 1, text: ` ${propText},` }];
  return [{ start: lastEnd, end: lastEnd, text: `, ${propText}` }];
}

/** Position of the first non-whitespace, non-comment character at or after `pos` (before `limit`). */
export function skipTrivia(text: string, pos: number, limit = text.length): number {
  let i = pos;
  while (i < limit) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (text.startsWith('//', i)) i = endOfLine(text, i);
    else if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? limit : e + 2;
    } else break;
  }
  return i;
}

/** The offset of the line break that ends the line containing `pos` (or the text's length). */
export function endOfLine(text: string, pos: number): number {
  const n = text.indexOf('\n', pos);
  return n < 0 ? text.length : n;
}

/** Edits that put `argText` at argument position `index` of `call` (which has fewer arguments, or
 * a callback at that position that the options must go before). */
export function insertArgument(call: CallExpression | NewExpression, index: number, argText: string): Edit[] | null {
  const args = call.getArguments();
  if (index < args.length) {
    const at = args[index]!.getStart();
    return [{ start: at, end: at, text: `${argText}, ` }];
  }
  const lastArg = args[args.length - 1];
  const padding = ', undefined'.repeat(index - args.length);
  if (!lastArg) {
    if (index > 0) return null;
    const open = call.getFirstChildByKind(SyntaxKind.OpenParenToken);
    if (!open) return null;
    return [{ start: open.getEnd(), end: open.getEnd(), text: argText }];
  }
  return [{ start: lastArg.getEnd(), end: lastArg.getEnd(), text: `${padding}, ${argText}` }];
}
