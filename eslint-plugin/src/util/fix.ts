// Text edits the rules' suggestions share: add a property to an object literal (keeping its
// single- or multi-line layout), add an options argument at a given position, find a free name.
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { scopeOf } from '../analysis/ast.js';

type Fixer = TSESLint.RuleFixer;
type SourceCode = Readonly<TSESLint.SourceCode>;

function indentOf(sourceCode: SourceCode, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** Adds `text` (e.g. `timeout: 5000`) as the last property of `object`. */
export function addProperty(fixer: Fixer, sourceCode: SourceCode, object: TSESTree.ObjectExpression, text: string): TSESLint.RuleFix {
  const props = object.properties;
  if (props.length === 0) return fixer.replaceText(object, `{ ${text} }`);
  const last = props[props.length - 1]!;
  const after = sourceCode.getTokenAfter(last);
  const multiline = object.loc.start.line !== object.loc.end.line && last.loc.start.line !== object.loc.start.line;
  const hasTrailingComma = after?.value === ',';
  if (multiline) {
    const indent = indentOf(sourceCode, last);
    if (hasTrailingComma) return fixer.insertTextAfter(after!, `\n${indent}${text},`);
    return fixer.insertTextAfter(last, `,\n${indent}${text}`);
  }
  if (hasTrailingComma) return fixer.insertTextAfter(after!, ` ${text}`);
  return fixer.insertTextAfter(last, `, ${text}`);
}

/** Removes a property and its separating comma. */
export function removeProperty(fixer: Fixer, sourceCode: SourceCode, property: TSESTree.Property): TSESLint.RuleFix {
  const object = property.parent;
  if (object?.type === 'ObjectExpression' && object.properties.length === 1) return fixer.replaceText(object, '{}');
  const after = sourceCode.getTokenAfter(property);
  if (after?.value === ',') return fixer.removeRange([property.range[0], after.range[1]]);
  const before = sourceCode.getTokenBefore(property);
  if (before?.value === ',') return fixer.removeRange([before.range[0], property.range[1]]);
  return fixer.remove(property);
}

/**
 * Adds an options argument at `index` (filling skipped positions with `undefined`, e.g. axios.post's
 * data), before a trailing callback when `beforeCallback` is set. Null when the call cannot take it.
 */
export function addArgument(
  fixer: Fixer,
  sourceCode: SourceCode,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  index: number,
  text: string,
): TSESLint.RuleFix | null {
  const args = call.arguments;
  if (index < 0) return null;
  if (index < args.length) {
    // The slot is taken (a callback): insert before it.
    return fixer.insertTextBefore(args[index]!, `${text}, `);
  }
  if (args.length === 0) {
    if (index !== 0) return null;
    const closing = sourceCode.getLastToken(call);
    if (closing?.value !== ')') return null;
    return fixer.insertTextBefore(closing, text);
  }
  const fillers = Array.from({ length: index - args.length }, () => 'undefined');
  return fixer.insertTextAfter(args[args.length - 1]!, `, ${[...fillers, text].join(', ')}`);
}

/** `base`, or `base2`, `base3`, … : the first name no scope around `node` (or `also`) declares or reads. */
export function freeName(sourceCode: SourceCode, nodes: TSESTree.Node[], base: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    const taken = nodes.some((node) => {
      const scope = scopeOf(sourceCode.scopeManager, node);
      if (!scope) return false;
      if (ASTUtils.findVariable(scope, name)) return true;
      return scope.through.some((r) => r.identifier.name === name);
    });
    if (!taken) return name;
  }
}

/** The indentation of the line a node starts on. */
export function lineIndent(sourceCode: SourceCode, node: TSESTree.Node): string {
  return indentOf(sourceCode, node);
}
