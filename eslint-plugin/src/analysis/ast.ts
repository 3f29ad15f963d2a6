// Small, allocation-light AST helpers shared by the finders. Everything here is syntactic: it reads
// the tree (with `parent` pointers) and the scope manager, never the type checker.
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;
type Scope = TSESLint.Scope.Scope;
type ScopeManager = TSESLint.Scope.ScopeManager;

/** Expression wrappers that do not change the value: TS casts, non-null, `satisfies`, optional chains. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    switch (n.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        n = n.expression;
        continue;
      case 'ChainExpression':
        n = n.expression;
        continue;
      default:
        return n;
    }
  }
}

/** The node that stands for `node` in its parent once the value-preserving wrappers are included. */
export function outermostWrapper(node: Node): Node {
  let n = node;
  while (n.parent) {
    const p = n.parent;
    if (
      p.type === 'TSAsExpression' ||
      p.type === 'TSSatisfiesExpression' ||
      p.type === 'TSNonNullExpression' ||
      p.type === 'TSTypeAssertion' ||
      p.type === 'ChainExpression'
    ) {
      n = p;
      continue;
    }
    return n;
  }
  return n;
}

export function isFunction(
  node: Node,
): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';
}

/** The name of a non-computed member property or a computed string-literal one (`a.b`, `a['b']`). */
export function memberName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : null;
  const p = node.property;
  if (p.type === 'Literal' && typeof p.value === 'string') return p.value;
  if (p.type === 'TemplateLiteral' && p.expressions.length === 0) return p.quasis[0]?.value.cooked ?? null;
  return null;
}

/** The static key of an object property (`a`, `'a'`, `['a']`, `1`). */
export function propertyKey(prop: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | null {
  const k = prop.key;
  if (!prop.computed && k.type === 'Identifier') return k.name;
  if (k.type === 'Literal') return typeof k.value === 'string' || typeof k.value === 'number' ? String(k.value) : null;
  if (k.type === 'TemplateLiteral' && k.expressions.length === 0) return k.quasis[0]?.value.cooked ?? null;
  return null;
}

/** Innermost scope that contains `node`. */
export function scopeOf(scopeManager: ScopeManager | null, node: Node): Scope | null {
  if (!scopeManager) return null;
  for (let n: Node | undefined = node; n; n = n.parent) {
    const scope = scopeManager.acquire(n, true);
    if (scope) {
      // A function's own scope contains its body; the function *name* and default params are
      // evaluated in it too, which is what callers of scopeOf want.
      return scope;
    }
  }
  return scopeManager.globalScope;
}

/** The variable an identifier refers to (walking up from its scope), or null. */
export function variableOf(scopeManager: ScopeManager | null, id: TSESTree.Identifier): TSESLint.Scope.Variable | null {
  const scope = scopeOf(scopeManager, id);
  if (!scope) return null;
  return ASTUtils.findVariable(scope, id) ?? null;
}

/**
 * The initialiser of a variable that is assigned once (a `const`, or a `let`/`var` never written
 * after its declaration), unwrapped from TS casts. Null for parameters, imports, reassigned variables.
 */
export function singleAssignmentInit(variable: TSESLint.Scope.Variable | null): Node | null {
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable') return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'Identifier' || !declarator.init) return null;
  const declaration = declarator.parent as TSESTree.VariableDeclaration;
  if (declaration.kind !== 'const') {
    for (const ref of variable.references) if (ref.isWrite() && ref.identifier !== declarator.id) return null;
  }
  return unwrap(declarator.init);
}

/** Follows identifiers to their single-assignment initialisers (a few hops), unwrapping casts. */
export function resolveValue(scopeManager: ScopeManager | null, node: Node, depth = 4): Node {
  let n = unwrap(node);
  for (let i = 0; i < depth && n.type === 'Identifier'; i++) {
    const init = singleAssignmentInit(variableOf(scopeManager, n));
    if (!init) break;
    n = init;
  }
  return n;
}

/** A statically known value (strings, numbers, booleans, consts, `5 * 1000`, template literals of consts). */
export function staticValue(scopeManager: ScopeManager | null, node: Node): { value: unknown } | null {
  try {
    return ASTUtils.getStaticValue(node, scopeOf(scopeManager, node) ?? undefined);
  } catch {
    return null;
  }
}

export function staticString(scopeManager: ScopeManager | null, node: Node): string | null {
  const v = staticValue(scopeManager, node);
  return v && typeof v.value === 'string' ? v.value : null;
}

export function staticNumber(scopeManager: ScopeManager | null, node: Node): number | null {
  const v = staticValue(scopeManager, node);
  return v && typeof v.value === 'number' && Number.isFinite(v.value) ? v.value : null;
}

/** Whether `inner` lies within `outer` (ranges). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

const SKIP_KEYS = new Set(['parent', 'loc', 'range', 'tokens', 'comments', 'leadingComments', 'trailingComments']);

/**
 * Visits every node below `root` (root included) in source order. Generic over keys, so it needs no
 * visitor-keys table; `enter` returning false skips the node's children.
 */
export function walk(root: Node, enter: (node: Node, parent: Node | undefined) => boolean | void): void {
  const visit = (node: Node, parent: Node | undefined): void => {
    if (enter(node, parent) === false) return;
    for (const key in node) {
      if (SKIP_KEYS.has(key)) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) visit(child, node);
      } else if (isNode(value)) {
        visit(value, node);
      }
    }
  };
  visit(root, root.parent);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'range' in value;
}

/** Sets `parent` pointers (ESLint does this itself; analyzeText's standalone parse does not). */
export function setParents(program: TSESTree.Program): void {
  walk(program, (node, parent) => {
    if (parent && node !== program) (node as { parent?: Node }).parent = parent;
  });
}

/** The statement that directly holds `node` in a block, program or switch case, without crossing a function. */
export function enclosingStatement(node: Node): TSESTree.Statement | null {
  let n: Node = node;
  while (n.parent) {
    const p: Node = n.parent;
    if (p.type === 'BlockStatement' || p.type === 'Program' || p.type === 'SwitchCase' || p.type === 'StaticBlock') {
      return n as TSESTree.Statement;
    }
    if (isFunction(p)) return null;
    n = p;
  }
  return null;
}
