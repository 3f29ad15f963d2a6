// Waits between attempts: `await new Promise(r => setTimeout(r, ms))`, `setTimeout` from
// node:timers/promises, `scheduler.wait(ms)`, the `delay` package, `sleep`/`delay`/`wait` helpers
// (read through when they are defined in the same file), and what each wait's delay does.
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction, memberName, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import type { BackoffInfo } from '../types.js';
import { bindParams, classifyDelay, toBackoff, type DelayClass, type GrowthEnv } from './delay-growth.js';
import { resolveFunction, type FunctionNode } from './functions.js';
import { libRef } from './modules.js';
import { someNode, walkOwn } from './reach.js';

type Node = TSESTree.Node;

export interface Sleep {
  /** The expression that waits (the `new Promise`, the `sleep(…)` call). */
  node: Node;
  delay: DelayClass;
  /** The delay expression as written at the wait (absent when a same-file helper computes it). */
  arg?: Node;
}

const SLEEP_NAME = /^(sleep|delay|wait|pause|snooze|backoff|sleepMs|delayMs|waitMs|setTimeoutAsync|setTimeoutPromise)$/i;

/** Every wait that runs as part of `region` (nested callbacks included, other functions not). */
export function findSleeps(ctx: AnalysisContext, region: Node, env: GrowthEnv, depth = 0): Sleep[] {
  const out: Sleep[] = [];
  const sm = ctx.source.scopeManager;
  walkOwn(region, (n) => {
    if (n.type === 'NewExpression') {
      const callee = unwrap(n.callee);
      if (callee.type === 'Identifier' && callee.name === 'Promise') {
        const timer = promiseTimer(ctx, n);
        if (timer) {
          const ms = timer.arguments[1];
          out.push(ms ? { node: n, delay: classifyDelay(ctx, ms, env), arg: ms } : { node: n, delay: { growth: 'zero', jitter: false } });
          return false;
        }
      }
      return undefined;
    }
    if (n.type !== 'CallExpression') return undefined;
    const ref = libRef(ctx, n);
    if (ref === 'sleep') {
      const arg = n.arguments[0];
      out.push(arg && arg.type !== 'SpreadElement' ? { node: n, delay: classifyDelay(ctx, arg, env), arg } : { node: n, delay: { growth: 'zero', jitter: false } });
      return false;
    }
    if (ref) return undefined;
    const fn = resolveFunction(sm, n.callee);
    if (fn && depth < 2 && !contains(fn, n)) {
      const inner = findSleeps(ctx, fn.body, bindParams(ctx, fn, n, env), depth + 1);
      if (inner.length > 0) {
        const arg = passedThrough(fn, inner, n);
        out.push(arg ? { node: n, delay: bestDelay(inner.map((s) => s.delay)), arg } : { node: n, delay: bestDelay(inner.map((s) => s.delay)) });
        return false;
      }
      return undefined;
    }
    if (!fn) {
      const callee = unwrap(n.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
      if (name && SLEEP_NAME.test(name)) {
        const arg = n.arguments[0];
        out.push(arg && arg.type !== 'SpreadElement' ? { node: n, delay: classifyDelay(ctx, arg, env), arg } : { node: n, delay: { growth: 'unknown', jitter: false } });
        return false;
      }
    }
    return undefined;
  });
  return out;
}

/** `const sleep = (ms) => new Promise(r => setTimeout(r, ms))`: the argument the helper waits for, at the call. */
function passedThrough(fn: FunctionNode, inner: readonly Sleep[], call: TSESTree.CallExpression): Node | undefined {
  const only = inner.length === 1 ? inner[0]!.arg : undefined;
  if (only?.type !== 'Identifier') return undefined;
  const index = fn.params.findIndex((p) => (p.type === 'AssignmentPattern' ? p.left : p).type === 'Identifier' && ((p.type === 'AssignmentPattern' ? p.left : p) as TSESTree.Identifier).name === only.name);
  const arg = index >= 0 ? call.arguments[index] : undefined;
  return arg && arg.type !== 'SpreadElement' ? arg : undefined;
}

/** `new Promise(resolve => setTimeout(resolve, ms))` (or a callback that calls `resolve`): the setTimeout call. */
function promiseTimer(ctx: AnalysisContext, promise: TSESTree.NewExpression): TSESTree.CallExpression | null {
  const executor = promise.arguments[0] ? unwrap(promise.arguments[0]) : null;
  if (!executor || !isFunction(executor)) return null;
  const resolve = executor.params[0];
  if (resolve?.type !== 'Identifier') return null;
  let timer: TSESTree.CallExpression | null = null;
  walkOwn(executor.body, (n) => {
    if (timer) return false;
    if (n.type !== 'CallExpression' || libRef(ctx, n) !== 'setTimeout') return undefined;
    const cb = n.arguments[0] ? unwrap(n.arguments[0]) : null;
    if (!cb) return undefined;
    const resolves =
      (cb.type === 'Identifier' && cb.name === resolve.name) ||
      (isFunction(cb) && mentions(cb.body, resolve.name));
    if (resolves) timer = n;
    return undefined;
  });
  return timer;
}

function mentions(root: Node, name: string): boolean {
  return someNode(root, (n) => n.type === 'Identifier' && n.name === name, 'own');
}

const RANK: Record<string, number> = { zero: 0, fixed: 1, unknown: 2, linear: 3, exponential: 4 };

/** Of several waits on the way to the next attempt, the one that backs off best decides (a Retry-After branch, say, next to a computed backoff). */
export function bestDelay(delays: readonly DelayClass[]): DelayClass {
  let best: DelayClass = { growth: 'zero', jitter: false };
  for (const d of delays) {
    const better = RANK[d.growth]! > RANK[best.growth]! || (d.growth === best.growth && d.jitter && !best.jitter);
    if (better) best = d;
  }
  return best;
}

/** The backoff of the code that runs between attempts (no wait at all is `none`), and the wait that decides it. */
export function backoffOfSleeps(sleeps: readonly Sleep[]): { backoff: BackoffInfo; sleep?: Sleep } {
  if (sleeps.length === 0) return { backoff: { growth: 'none', jitter: false } };
  const best = bestDelay(sleeps.map((s) => s.delay));
  const chosen = sleeps.find((s) => s.delay === best) ?? sleeps[0]!;
  return { backoff: toBackoff(best, chosen.node), sleep: chosen };
}

