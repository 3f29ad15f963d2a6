// Finds an `Idempotency-Key` header (any letter case) in a headers value: an object literal (or a
// const holding one, spreads followed), `new Headers({...})`, an array of pairs, or a Headers
// variable filled with `.set()`/`.append()`.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, propertyKey, resolveValue, staticString, unwrap, variableOf } from './ast.js';

type Node = TSESTree.Node;
type ScopeManager = TSESLint.Scope.ScopeManager | null;

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface HeaderHit {
  /** The header's value expression. */
  value: Node;
}

export function isIdempotencyHeaderName(name: string | null): boolean {
  return name !== null && name.toLowerCase() === IDEMPOTENCY_HEADER;
}

/** Finds the Idempotency-Key header in a headers expression; null when absent or unknowable. */
export function findIdempotencyHeader(sm: ScopeManager, headers: Node, depth = 0): HeaderHit | null {
  if (depth > 5) return null;
  const original = unwrap(headers);
  const node = resolveValue(sm, original);
  if (node.type === 'ObjectExpression') {
    for (let i = node.properties.length - 1; i >= 0; i--) {
      const p = node.properties[i]!;
      if (p.type === 'Property') {
        if (isIdempotencyHeaderName(propertyKey(p))) return { value: p.value };
      } else {
        const inner = findIdempotencyHeader(sm, p.argument, depth + 1);
        if (inner) return inner;
      }
    }
    return null;
  }
  if (node.type === 'ArrayExpression') {
    for (const el of node.elements) {
      const pair = el && el.type !== 'SpreadElement' ? resolveValue(sm, el) : null;
      if (pair?.type === 'ArrayExpression' && pair.elements[0] && pair.elements[1] && pair.elements[0].type !== 'SpreadElement') {
        if (isIdempotencyHeaderName(staticString(sm, pair.elements[0]))) return { value: pair.elements[1] as Node };
      }
    }
    return null;
  }
  if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'Headers') {
    const init = node.arguments[0];
    const fromInit = init ? findIdempotencyHeader(sm, init, depth + 1) : null;
    if (fromInit) return fromInit;
    // `const h = new Headers(); h.set('Idempotency-Key', key)`
    if (original.type === 'Identifier') return headerSetCall(sm, original);
  }
  if (original.type === 'Identifier') return headerSetCall(sm, original);
  return null;
}

/** `h.set('Idempotency-Key', v)` / `h.append(...)` / `h['Idempotency-Key'] = v` on the variable `id`. */
function headerSetCall(sm: ScopeManager, id: TSESTree.Identifier): HeaderHit | null {
  const variable = variableOf(sm, id);
  if (!variable) return null;
  for (const ref of variable.references) {
    const member = ref.identifier.parent;
    if (member?.type !== 'MemberExpression' || member.object !== ref.identifier) continue;
    const name = memberName(member);
    const call = member.parent;
    if ((name === 'set' || name === 'append') && call?.type === 'CallExpression' && call.callee === member) {
      const [key, value] = call.arguments;
      if (key && value && isIdempotencyHeaderName(staticString(sm, key))) return { value };
    }
    if (isIdempotencyHeaderName(name) && call?.type === 'AssignmentExpression' && call.left === member) return { value: call.right };
  }
  return null;
}
