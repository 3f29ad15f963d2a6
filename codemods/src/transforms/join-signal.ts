// Joining a timeout to a signal the call already passes: `AbortSignal.any([theirs, timeout])`.
// `AbortSignal.any` takes signals only: when the type checker says theirs may be undefined or null
// (an optional parameter or property, `AbortSignal | null`, a JS parameter, or a type it cannot
// see), a timeout of the same length stands in for it —
//   AbortSignal.any([signal ?? AbortSignal.timeout(5000), AbortSignal.timeout(5000)])
// which type-checks, evaluates their expression once, never hands `AbortSignal.any` an undefined
// (a TypeError at run time), and reads as bounded to the analysis, so a second run leaves it alone.
import { Node } from 'ts-morph';
import type { TransformContext } from './context.js';
import { isExecuteWork } from './guards.js';

/** The expression to pass as the call's signal: `existing` (its node) joined with `timeout`. */
export function joinSignal(ctx: TransformContext, existing: Node, timeout: string): string {
  const { mayBeNull, mayBeUndefined } = nullability(ctx, existing);
  if (!mayBeNull && !mayBeUndefined) return `AbortSignal.any([${existing.getText()}, ${timeout}])`;
  const theirs = withoutNullishDefault(existing);
  const text = needsParens(theirs) ? `(${theirs.getText()})` : theirs.getText();
  return `AbortSignal.any([${text} ?? ${timeout}, ${timeout}])`;
}

/** `signal ?? null`, `signal || undefined` → `signal`: the caller gives the nullish case its own default. */
export function withoutNullishDefault(n: Node): Node {
  if (!Node.isBinaryExpression(n)) return n;
  const op = n.getOperatorToken().getText();
  const right = n.getRight();
  const nullish = Node.isNullLiteral(right) || (Node.isIdentifier(right) && right.getText() === 'undefined');
  return (op === '??' || op === '||') && nullish ? n.getLeft() : n;
}

/**
 * `signal` destructured from the context of a Breakwater `execute` (`({ signal }) => …`): always a
 * signal, though the checker cannot see the runtime's types from here.
 */
function isPolicyContextSignal(ctx: TransformContext, n: Node): boolean {
  if (!Node.isIdentifier(n)) return false;
  const shorthand = n.getParent();
  const symbol = Node.isShorthandPropertyAssignment(shorthand) ? shorthand.getValueSymbol() : n.getSymbol();
  const decl = symbol?.getDeclarations()[0];
  if (!decl || !Node.isBindingElement(decl) || (decl.getPropertyNameNode()?.getText() ?? decl.getName()) !== 'signal') return false;
  const param = decl.getParent()?.getParent();
  const fn = param?.getParent();
  return Node.isParameterDeclaration(param) && fn !== undefined && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && fn.getParameters()[0] === param && isExecuteWork(ctx, fn);
}

/**
 * Whether the type checker lets `n` (a signal expression) be null or undefined; a type it cannot
 * see (`any`, `unknown`) may be either. A Breakwater context's `signal` is neither.
 */
export function nullability(ctx: TransformContext, n: Node): { mayBeNull: boolean; mayBeUndefined: boolean } {
  if (isPolicyContextSignal(ctx, n)) return { mayBeNull: false, mayBeUndefined: false };
  let type;
  try {
    type = n.getType();
  } catch {
    return { mayBeNull: true, mayBeUndefined: true }; // the checker failed: assume the worst
  }
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  const unseen = parts.some((t) => t.isAny() || t.isUnknown());
  return { mayBeNull: unseen || parts.some((t) => t.isNull()), mayBeUndefined: unseen || parts.some((t) => t.isUndefined() || t.getText() === 'void') };
}

/** Whether `text ?? x` would parse differently (a binary, conditional, arrow…): parenthesised then. */
export function needsParens(n: Node): boolean {
  return !(
    Node.isIdentifier(n) ||
    Node.isThisExpression(n) ||
    Node.isPropertyAccessExpression(n) ||
    Node.isElementAccessExpression(n) ||
    Node.isCallExpression(n) ||
    Node.isNewExpression(n) ||
    Node.isNonNullExpression(n) ||
    Node.isParenthesizedExpression(n)
  );
}
