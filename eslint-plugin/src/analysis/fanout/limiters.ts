// Calls that run the function they are given under a concurrency limit: p-limit's `limit(fn)` and
// `limitFunction(fn, { concurrency })`, p-queue's `queue.add(fn)`, Bottleneck's
// `limiter.schedule(fn)` / `.wrap(fn)`, and a bulkhead (Breakwater `bulkhead(n)`, a policy with a
// `bulkhead`, cockatiel `bulkhead(n)`, a declared wrapper providing one) via `.execute(fn)`.
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, resolveValue, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { guardIndex, resolveGuard, type GuardObject } from '../policies.js';
import { libRef } from '../retries/modules.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** What bounds the concurrency of the function passed to `k`, or null when nothing does. */
export function limiterOf(ctx: AnalysisContext, k: Call): string | null {
  if (k.type !== 'CallExpression') return null;
  if (libRef(ctx, k) === 'p-limit.limitFunction') return 'p-limit (limitFunction)';
  const callee = unwrap(k.callee);
  const sm = ctx.source.scopeManager;
  if (callee.type === 'MemberExpression') {
    const method = memberName(callee);
    const target = resolveValue(sm, unwrap(callee.object));
    const ref = libRef(ctx, target);
    if (ref === 'p-queue' && (method === 'add' || method === 'addAll')) return 'p-queue';
    if (ref === 'bottleneck' && (method === 'schedule' || method === 'wrap' || method === 'submit')) return 'Bottleneck';
    if (method === 'execute' || method === 'run') {
      const guard = resolveGuard(ctx, callee.object);
      if (guard?.bulkhead) return bulkheadLabel(guard);
    }
    return null;
  }
  if (guardIndex(ctx).declaredCalls.has(k)) {
    const guard = resolveGuard(ctx, k);
    return guard?.bulkhead ? bulkheadLabel(guard) : null;
  }
  const guard = resolveGuard(ctx, callee);
  return guard?.kind === 'p-limit' ? 'p-limit' : null;
}

/** "Breakwater policy 'inventory' from './policies.js' (limit 16)". */
const bulkheadLabel = (guard: GuardObject): string => (typeof guard.bulkheadLimit === 'number' ? `${guard.label} (limit ${guard.bulkheadLimit})` : guard.label);
