// Same-file functions: which function an expression names, and where a function is used. The retry
// and fan-out finders follow one level of this indirection (a loop that calls `chargeCard()`, a map
// over `ids.map(getUser)`), so a helper defined in the same file is seen through.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberName, propertyKey, resolveValue, unwrap, variableOf, walk } from '../ast.js';

type Node = TSESTree.Node;
type ScopeManager = TSESLint.Scope.ScopeManager | null;

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** A function passed straight to a call (`items.map(x => …)`, `pRetry(async () => …)`, `limit(() => …)`). */
export function callbackCall(fn: Node): TSESTree.CallExpression | TSESTree.NewExpression | null {
  let n: Node = fn;
  while (n.parent && (n.parent.type === 'TSAsExpression' || n.parent.type === 'TSSatisfiesExpression' || n.parent.type === 'TSNonNullExpression')) n = n.parent;
  const p = n.parent;
  if ((p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.arguments.includes(n as TSESTree.CallExpressionArgument)) return p;
  return null;
}

/**
 * `const f = wrapper(async () => …)` with a plain function as the wrapper (`limitFunction`,
 * `makeRetriable`, `memoize`): the function is passed to a call, but the program uses it by name.
 * A method call (`ids.map(…)`, `p.then(…)`) is not a wrapper: it runs the callback itself.
 */
export function isWrappedDeclaration(fn: Node): boolean {
  const k = callbackCall(fn);
  return !!k && k.callee.type === 'Identifier' && k.parent?.type === 'VariableDeclarator' && k.parent.init === k;
}

/** The same-file function an expression refers to: an inline function, a function declaration or
 * `const f = () => …` by name, or `this.method` inside a class. */
export function resolveFunction(sm: ScopeManager, expr: Node): FunctionNode | null {
  const n = unwrap(expr);
  if (isFunction(n)) return n;
  if (n.type === 'Identifier') {
    const variable = variableOf(sm, n);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
    const init = resolveValue(sm, n);
    return isFunction(init) ? init : null;
  }
  if (n.type === 'MemberExpression' && unwrap(n.object).type === 'ThisExpression') {
    const name = memberName(n);
    const method = name ? classMember(n, name) : null;
    return method && isFunction(method) ? method : null;
  }
  return null;
}

/** `name` as declared in the class that encloses `from` (a method, or a field holding a function). */
function classMember(from: Node, name: string): Node | null {
  for (let p = from.parent; p; p = p.parent) {
    if (p.type !== 'ClassBody') continue;
    for (const el of p.body) {
      if (el.type === 'MethodDefinition' && el.kind === 'method' && !el.static && propertyKey(el) === name) return el.value;
      if (el.type === 'PropertyDefinition' && !el.static && propertyKey(el) === name && el.value) return unwrap(el.value);
    }
    return null;
  }
  return null;
}

/** A function's name as a reader would say it, for labels. */
export function functionName(fn: FunctionNode): string | null {
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') {
    if (fn.id) return fn.id.name;
  }
  const p = fn.parent;
  if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
  if (p?.type === 'MethodDefinition' || p?.type === 'PropertyDefinition' || p?.type === 'Property') return propertyKey(p);
  return null;
}

/**
 * Where a same-file function is used: the identifiers (or `this.name` member expressions) that
 * refer to it, outside its own declaration. Covers function declarations, `const f = () => …` /
 * `const f = wrapper(() => …)` (the wrapper's result stands for the function), and class methods.
 */
export function usesOfFunction(sm: ScopeManager, fn: Node): Node[] {
  const holder = bindingHolder(fn);
  if (!holder) return [];
  if (holder.kind === 'method') return thisMemberUses(holder.classBody, holder.name);
  if (!sm) return [];
  const out: Node[] = [];
  for (const variable of sm.getDeclaredVariables(holder.node)) {
    for (const ref of variable.references) {
      if (ref.init || !ref.isRead()) continue;
      out.push(ref.identifier);
    }
  }
  return out;
}

type Holder = { kind: 'declaration'; node: Node } | { kind: 'method'; classBody: TSESTree.ClassBody; name: string };

function bindingHolder(fn: Node): Holder | null {
  if (fn.type === 'FunctionDeclaration') return fn.id ? { kind: 'declaration', node: fn } : null;
  let n: Node = fn;
  // `const f = limitFunction(async () => …)`: the variable stands for the wrapped function too.
  for (let i = 0; i < 3 && n.parent; i++) {
    const p: Node = n.parent;
    if (p.type === 'VariableDeclarator' && p.init === n && p.id.type === 'Identifier') return { kind: 'declaration', node: p };
    if (p.type === 'MethodDefinition' || p.type === 'PropertyDefinition') {
      const name = propertyKey(p);
      const body = p.parent;
      return name && body?.type === 'ClassBody' && !p.static ? { kind: 'method', classBody: body, name } : null;
    }
    if (p.type === 'TSAsExpression' || p.type === 'TSSatisfiesExpression' || ((p.type === 'CallExpression' || p.type === 'NewExpression') && p.arguments.includes(n as TSESTree.CallExpressionArgument))) {
      n = p;
      continue;
    }
    return null;
  }
  return null;
}

const thisUses = new WeakMap<TSESTree.ClassBody, Map<string, Node[]>>();

/** `this.name` inside a class body; one walk per class, however many methods are asked about. */
function thisMemberUses(body: TSESTree.ClassBody, name: string): Node[] {
  let byName = thisUses.get(body);
  if (!byName) {
    byName = new Map();
    const map = byName;
    walk(body, (n) => {
      if (n.type !== 'MemberExpression' || unwrap(n.object).type !== 'ThisExpression') return;
      const key = memberName(n);
      if (!key) return;
      const list = map.get(key);
      if (list) list.push(n);
      else map.set(key, [n]);
    });
    thisUses.set(body, byName);
  }
  return byName.get(name) ?? [];
}

/** The call that a use of a function makes (`f(…)`, `this.f(…)`, `await f(…)`), or null when the function is passed or stored. */
export function callOfUse(use: Node): TSESTree.CallExpression | null {
  let n: Node = use;
  while (n.parent?.type === 'ChainExpression' || n.parent?.type === 'TSNonNullExpression') n = n.parent;
  const p = n.parent;
  return p?.type === 'CallExpression' && p.callee === n ? p : null;
}
