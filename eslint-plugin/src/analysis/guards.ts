// The guards around a call: walking out from the call through the functions that contain it, a
// function counts as guarded when it is passed to a guard (`payments.execute(fn)`,
// `new CircuitBreaker(fn)`, `limit(fn)`, `pMap(items, fn, { concurrency })`, a declared wrapper),
// directly or by name (`const charge = () => …; breaker = new CircuitBreaker(charge)`).
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberName, outermostWrapper, resolveValue, staticNumber, unwrap, variableOf } from './ast.js';
import type { AnalysisContext } from './context.js';
import { lookupIn } from './options.js';
import { guardIndex, resolveGuard, type GuardObject } from './policies.js';
import type { BulkheadGuard, Guard } from './types.js';

type Node = TSESTree.Node;

export interface GuardsAround {
  breaker: Guard | null;
  bulkhead: BulkheadGuard | null;
  /** The tightest timeout a guard provides. */
  timeout: { ms: number | null; node: Node; label: string; declared: boolean } | null;
  /** Every guard object found, innermost first (the retry finder may want them). */
  objects: Array<{ guard: GuardObject; at: Node }>;
}

/** Guard objects applied to a function value that is passed to the call `g`. */
function guardOfCall(ctx: AnalysisContext, g: TSESTree.CallExpression | TSESTree.NewExpression): GuardObject | null {
  const idx = guardIndex(ctx);
  const sm = ctx.source.scopeManager;
  const factory = idx.factories.get(g);
  if (factory) {
    const guard = resolveGuard(ctx, g);
    if (!guard) return null;
    // p-map bounds concurrency only with a finite `concurrency` option.
    if (guard.kind === 'p-map') {
      const opts = g.arguments[2] ? resolveValue(sm, g.arguments[2]) : null;
      const c = opts?.type === 'ObjectExpression' ? lookupIn(sm, opts, 'concurrency') : null;
      const n = c?.kind === 'found' ? staticNumber(sm, c.value) : null;
      return n !== null && Number.isFinite(n) ? { ...guard, bulkheadLimit: n } : null;
    }
    return guard.breaker || guard.bulkhead || guard.timeout || guard.kind === 'p-limit' ? guard : null;
  }
  if (idx.declaredCalls.has(g)) return resolveGuard(ctx, g);
  const callee = unwrap(g.callee);
  if (g.type === 'CallExpression' && callee.type === 'MemberExpression' && memberName(callee) === 'execute') {
    return resolveGuard(ctx, callee.object);
  }
  // `limit(fn)` where `limit = pLimit(n)`; any other guard object called directly.
  if (g.type === 'CallExpression') {
    const guard = resolveGuard(ctx, callee);
    if (guard && guard.kind === 'p-limit') return guard;
  }
  return null;
}

/** The calls a function is passed to: directly as an argument, or by name. */
function callsReceiving(ctx: AnalysisContext, fn: TSESTree.FunctionLike): Array<TSESTree.CallExpression | TSESTree.NewExpression> {
  const out: Array<TSESTree.CallExpression | TSESTree.NewExpression> = [];
  const outer = outermostWrapper(fn);
  const p = outer.parent;
  if ((p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.arguments.includes(outer as TSESTree.CallExpressionArgument)) out.push(p);
  let id: TSESTree.Identifier | null = null;
  if (fn.type === 'FunctionDeclaration' && fn.id) id = fn.id;
  else if (p?.type === 'VariableDeclarator' && p.init === outer && p.id.type === 'Identifier') id = p.id;
  if (id) {
    const variable = variableOf(ctx.source.scopeManager, id);
    for (const ref of variable?.references ?? []) {
      if (!ref.isRead()) continue;
      const r = outermostWrapper(ref.identifier);
      const rp = r.parent;
      if ((rp?.type === 'CallExpression' || rp?.type === 'NewExpression') && rp.arguments.includes(r as TSESTree.CallExpressionArgument)) out.push(rp);
      // `() => charge(x)` passed on: the arrow wraps the named function.
      if (rp?.type === 'CallExpression' && rp.callee === r) {
        const wrapperFn = enclosingArrowBody(rp);
        if (wrapperFn) out.push(...callsReceiving(ctx, wrapperFn).filter((c) => c !== rp));
      }
    }
  }
  return out;
}

/** `() => f(x)` / `async () => await f(x)` / `() => { return f(x) }`: the arrow whose whole job is calling f. */
function enclosingArrowBody(call: TSESTree.CallExpression): TSESTree.FunctionLike | null {
  let n: Node = outermostWrapper(call);
  if (n.parent?.type === 'AwaitExpression') n = n.parent;
  const p = n.parent;
  if ((p?.type === 'ArrowFunctionExpression' || p?.type === 'FunctionExpression') && p.body === n) return p;
  if (p?.type === 'ReturnStatement' && p.parent?.type === 'BlockStatement' && p.parent.body.length === 1) {
    const f = p.parent.parent;
    if (f && isFunction(f)) return f;
  }
  return null;
}

export function guardsAround(ctx: AnalysisContext, call: Node, extra: Array<{ guard: GuardObject; at: Node }> = []): GuardsAround {
  const result: GuardsAround = { breaker: null, bulkhead: null, timeout: null, objects: [...extra] };
  let depth = 0;
  for (let n: Node | undefined = call.parent; n && depth < 12; n = n.parent) {
    if (!isFunction(n)) continue;
    depth++;
    for (const g of callsReceiving(ctx, n)) {
      const guard = guardOfCall(ctx, g);
      if (guard) result.objects.push({ guard, at: g });
    }
  }
  for (const { guard, at } of result.objects) {
    if (guard.breaker && !result.breaker) result.breaker = { kind: guard.kind, node: at, label: guard.label };
    if (guard.bulkhead && !result.bulkhead) {
      result.bulkhead = { kind: guard.kind, node: at, label: guard.label };
      if (typeof guard.bulkheadLimit === 'number') result.bulkhead.limit = guard.bulkheadLimit;
    }
    if (guard.timeout) {
      const t = guard.timeout;
      const cur = result.timeout;
      if (!cur || (t.ms !== null && (cur.ms === null || t.ms < cur.ms))) {
        result.timeout = { ms: t.ms, node: t.node, label: guard.label, declared: guard.kind === 'declared' };
      }
    }
  }
  return result;
}
