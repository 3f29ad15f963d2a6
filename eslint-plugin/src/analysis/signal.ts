// Recognises abort signals that end a request after a time: `AbortSignal.timeout(ms)`,
// `AbortSignal.any([..., AbortSignal.timeout(ms)])`, a const holding one, and the hand-made form
// `const c = new AbortController(); setTimeout(() => c.abort(), ms); … { signal: c.signal }`.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, resolveValue, staticNumber, unwrap, variableOf } from './ast.js';

type Node = TSESTree.Node;
type ScopeManager = TSESLint.Scope.ScopeManager | null;

export interface SignalTimeout {
  /** Milliseconds when static. */
  ms: number | null;
  node: Node;
}

function isAbortSignalMember(node: Node, method: string): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  return (
    callee.type === 'MemberExpression' &&
    memberName(callee) === method &&
    unwrap(callee.object).type === 'Identifier' &&
    (unwrap(callee.object) as TSESTree.Identifier).name === 'AbortSignal'
  );
}

/** The timeout a signal expression carries, or null when it is not (recognisably) a timeout signal. */
export function signalTimeout(sm: ScopeManager, expr: Node, depth = 0): SignalTimeout | null {
  if (depth > 4) return null;
  const node = resolveValue(sm, expr);
  if (node.type === 'CallExpression' && isAbortSignalMember(node, 'timeout')) {
    const arg = node.arguments[0];
    return { ms: arg ? staticNumber(sm, arg) : null, node };
  }
  if (node.type === 'CallExpression' && isAbortSignalMember(node, 'any')) {
    const list = node.arguments[0] ? resolveValue(sm, node.arguments[0]) : null;
    if (list?.type !== 'ArrayExpression') return null;
    let best: SignalTimeout | null = null;
    for (const el of list.elements) {
      if (!el || el.type === 'SpreadElement') continue;
      const t = signalTimeout(sm, el, depth + 1);
      if (t && (!best || (t.ms !== null && (best.ms === null || t.ms < best.ms)))) best = t;
    }
    return best ? { ms: best.ms, node } : null;
  }
  if (node.type === 'MemberExpression' && memberName(node) === 'signal') {
    return controllerTimeout(sm, unwrap(node.object));
  }
  return null;
}

/** `c.signal` where `c = new AbortController()` is aborted from a `setTimeout` callback. */
function controllerTimeout(sm: ScopeManager, controller: Node): SignalTimeout | null {
  if (controller.type !== 'Identifier') return null;
  const variable = variableOf(sm, controller);
  if (!variable) return null;
  const init = resolveValue(sm, controller);
  if (init.type !== 'NewExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'AbortController') return null;
  for (const ref of variable.references) {
    const member = ref.identifier.parent;
    if (member?.type !== 'MemberExpression' || memberName(member) !== 'abort') continue;
    // Climb to the function the abort() sits in and check it is a setTimeout callback.
    for (let n: Node | undefined = member.parent; n; n = n.parent) {
      if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') {
        const call = n.parent;
        if (
          call?.type === 'CallExpression' &&
          call.arguments[0] === n &&
          unwrap(call.callee).type === 'Identifier' &&
          ['setTimeout', 'setTimeoutPromise'].includes((unwrap(call.callee) as TSESTree.Identifier).name)
        ) {
          const delay = call.arguments[1];
          return { ms: delay ? staticNumber(sm, delay) : null, node: call };
        }
        break;
      }
    }
  }
  return null;
}
