// Which outbound calls run when a piece of code runs: the calls inside it, and one level down the
// calls inside same-file functions it calls (`for (…) { try { return await chargeCard() } … }`).
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction, walk } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import type { OutboundCall } from '../types.js';
import { resolveFunction, type FunctionNode } from './functions.js';

type Node = TSESTree.Node;

export interface Reach {
  calls: OutboundCall[];
  /** The code that runs: the region itself, then the bodies of the same-file functions it calls. */
  regions: Node[];
}

/**
 * Outbound calls made when `regions` run, excluding anything inside `exclude` (a catch handler
 * that only logs, say). Follows calls to same-file functions one level deep.
 */
export function reach(ctx: AnalysisContext, regions: readonly Node[], calls: readonly OutboundCall[], exclude: readonly Node[] = []): Reach {
  const sm = ctx.source.scopeManager;
  const outside = (n: Node): boolean => !exclude.some((e) => contains(e, n));
  const found = new Set<OutboundCall>();
  const visited: Node[] = [...regions];
  const helpers = new Set<FunctionNode>();
  for (const region of regions) {
    for (const c of calls) if (contains(region, c.node) && outside(c.node)) found.add(c);
    walk(region, (n) => {
      if (!outside(n)) return false;
      if (n.type !== 'CallExpression') return;
      const fn = resolveFunction(sm, n.callee);
      // A function defined inside the region is already covered; one that encloses it is recursion.
      if (!fn || contains(region, fn) || contains(fn, region) || helpers.has(fn)) return;
      helpers.add(fn);
    });
  }
  for (const fn of helpers) {
    let any = false;
    for (const c of calls) {
      if (contains(fn.body, c.node)) {
        found.add(c);
        any = true;
      }
    }
    if (any) visited.push(fn.body);
  }
  return { calls: [...found].sort((a, b) => a.range[0] - b.range[0]), regions: visited };
}

/** Walks `root` without entering nested functions other than callbacks passed to calls (a Promise
 * executor, a `.then` handler) — the code that runs as part of `root` itself. */
export function walkOwn(root: Node, enter: (n: Node) => boolean | void): void {
  walk(root, (n) => {
    if (n !== root && isFunction(n) && !isCallbackArgument(n)) return false;
    return enter(n);
  });
}

/** Walks `root` without entering any nested function: the statements of one function body. */
export function walkSameFunction(root: Node, enter: (n: Node) => boolean | void): void {
  walk(root, (n) => {
    if (n !== root && isFunction(n)) return false;
    return enter(n);
  });
}

/**
 * Whether some node below `root` (root included) satisfies `test`: among all nodes, the code that
 * runs as part of `root` (`'own'`, see walkOwn), or one function body (`'function'`).
 */
export function someNode(root: Node, test: (n: Node) => boolean, within: 'all' | 'own' | 'function' = 'all'): boolean {
  let found = false;
  const visit = (n: Node): boolean | void => {
    if (found) return false;
    if (test(n)) found = true;
    return undefined;
  };
  if (within === 'own') walkOwn(root, visit);
  else if (within === 'function') walkSameFunction(root, visit);
  else walk(root, visit);
  return found;
}

function isCallbackArgument(fn: Node): boolean {
  const p = fn.parent;
  return (p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.arguments.includes(fn as TSESTree.CallExpressionArgument);
}
