// Finds every construct that retries (hand-rolled loops and recursion, retry libraries, client retry
// options, superagent `.retry`) and the outbound calls each one repeats.
//
// It works outwards from the calls: from each call (and, one level up, from where its enclosing
// same-file function is called or passed) it walks up through loops, callbacks and functions, so a
// file without outbound calls costs nothing and a large file costs what its calls' ancestry costs.
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberName, unwrap } from './ast.js';
import type { AnalysisContext } from './context.js';
import { guardIndex } from './policies.js';
import { asyncRetryConstruct } from './retries/async-retry.js';
import { axiosRetryConstructs } from './retries/axios-retry.js';
import { clientOptionRetries } from './retries/client-options.js';
import { callbackCall, callOfUse, isWrappedDeclaration, resolveFunction, usesOfFunction, type FunctionNode } from './retries/functions.js';
import { isLoop, loopRetry, type Loop } from './retries/loops.js';
import { libRef } from './retries/modules.js';
import { pRetryConstruct } from './retries/p-retry.js';
import { fetchWithRetries, policyRetryConstruct, retryPolicyOf } from './retries/policy-retry.js';
import { recursionRetry } from './retries/recursion.js';
import { strictAnalysis } from './retries/strict.js';
import { superagentRetries } from './retries/superagent.js';
import type { OutboundCall, RetryConstruct } from './types.js';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** Where a call's work starts: the call, and where its enclosing same-file function is called or passed (one level). */
export function anchorsOf(ctx: AnalysisContext, node: Node): Node[] {
  const out: Node[] = [node];
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunction(n)) continue;
    if (callbackCall(n) && !isWrappedDeclaration(n)) continue;
    for (const use of usesOfFunction(ctx.source.scopeManager, n)) {
      if (use.range[0] >= n.range[0] && use.range[1] <= n.range[1]) continue; // recursion, not a caller
      out.push(callOfUse(use) ?? use);
    }
    break;
  }
  return out;
}

/** Where a candidate's attempts start (`anchors`), and code passed in from elsewhere that runs there (`extra`). */
interface Sites {
  anchors: Node[];
  extra: Node[];
}

interface Candidates {
  loops: Map<Loop, Sites>;
  recursive: Map<FunctionNode, Sites>;
  wrappers: Map<Call, FunctionNode | null>;
}

function collect(ctx: AnalysisContext, calls: readonly OutboundCall[]): Candidates {
  const sm = ctx.source.scopeManager;
  const c: Candidates = { loops: new Map(), recursive: new Map(), wrappers: new Map() };
  const push = <K>(m: Map<K, Sites>, k: K, anchor: Node, extra: Node | null): void => {
    let s = m.get(k);
    if (!s) m.set(k, (s = { anchors: [], extra: [] }));
    s.anchors.push(anchor);
    if (extra && !s.extra.includes(extra)) s.extra.push(extra);
  };
  /** Loops and recursion around `start`, up to the function that holds it. */
  const climb = (start: Node, extra: Node | null, viaHelper: boolean): void => {
    let child: Node = start;
    for (let n = start.parent; n; child = n, n = n.parent) {
      if (isLoop(n) && child === n.body) push(c.loops, n, start, extra);
      if (!isFunction(n)) continue;
      const k = callbackCall(n);
      if (k) {
        if (!c.wrappers.has(k)) c.wrappers.set(k, n);
        if (!viaHelper) throughHelper(k, n);
        if (!isWrappedDeclaration(n)) continue;
      }
      push(c.recursive, n, start, extra);
      return;
    }
  };
  /**
   * `withRetry(() => fetch(…))` where withRetry is a same-file function that retries its argument:
   * the attempts start where it calls that parameter (`await fn()`), and run `fn`'s body.
   */
  const throughHelper = (k: Call, passed: Node): void => {
    const helper = resolveFunction(sm, k.callee);
    if (!helper || (passed.range[0] >= helper.range[0] && passed.range[1] <= helper.range[1])) return;
    const index = k.arguments.indexOf(passed as TSESTree.CallExpressionArgument);
    const param = helper.params[index];
    const target = param?.type === 'AssignmentPattern' ? param.left : param;
    if (target?.type !== 'Identifier' || !sm) return;
    const variable = sm.getDeclaredVariables(helper).find((v) => v.name === target.name);
    const body = resolveFunction(sm, passed)?.body ?? null;
    for (const ref of variable?.references ?? []) {
      const invocation = callOfUse(ref.identifier);
      if (invocation) climb(invocation, body, true);
    }
  };
  for (const call of calls) {
    for (const anchor of anchorsOf(ctx, call.node)) {
      // A function passed by name: `pRetry(charge, opts)`, `policy.execute(charge)`, `withRetry(charge)`.
      const p = anchor.parent;
      if (anchor !== call.node && (p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.arguments.includes(anchor as TSESTree.CallExpressionArgument)) {
        if (!c.wrappers.has(p)) c.wrappers.set(p, resolveFunction(sm, anchor));
        throughHelper(p, anchor);
      }
      climb(anchor, null, false);
    }
  }
  return c;
}

/** A call that runs a function under a retry: p-retry, async-retry, `policy.execute(fn)`, a declared wrapper. */
function wrapperRetry(ctx: AnalysisContext, k: Call, fn: FunctionNode | null, calls: readonly OutboundCall[]): RetryConstruct | null {
  if (k.type !== 'CallExpression') return null;
  const ref = libRef(ctx, k);
  const first = k.arguments[0];
  const isFirst = fn !== null && first !== undefined && resolveFunction(ctx.source.scopeManager, first) === fn;
  if ((ref === 'p-retry' || ref === 'p-retry.makeRetriable') && isFirst) return pRetryConstruct(ctx, k, fn, calls);
  if (ref === 'async-retry' && isFirst) return asyncRetryConstruct(ctx, k, fn, calls);
  if (ref) return null;
  const callee = unwrap(k.callee);
  if (callee.type === 'MemberExpression' && memberName(callee) === 'execute') {
    const policy = retryPolicyOf(ctx, callee.object);
    return policy ? policyRetryConstruct(ctx, k, policy, fn, calls) : null;
  }
  if (guardIndex(ctx).declaredCalls.has(k)) {
    const policy = retryPolicyOf(ctx, k);
    return policy ? policyRetryConstruct(ctx, k, policy, fn, calls) : null;
  }
  return null;
}

/**
 * Every retry around the calls. One construct the finder cannot read does not hide the others: its
 * error is skipped — unless strict (see strictAnalysis), which lets it through.
 */
export function findRetries(ctx: AnalysisContext, calls: readonly OutboundCall[]): RetryConstruct[] {
  if (calls.length === 0) return [];
  const out: RetryConstruct[] = [];
  const strict = strictAnalysis();
  const guard = (f: () => void): void => {
    try {
      f();
    } catch (error) {
      if (strict) throw error;
    }
  };
  const candidates = collect(ctx, calls);
  for (const [loop, sites] of candidates.loops) {
    guard(() => {
      const r = loopRetry(ctx, loop, sites.anchors, calls, sites.extra);
      if (r) out.push(r);
    });
  }
  for (const [fn, sites] of candidates.recursive) {
    guard(() => {
      const r = recursionRetry(ctx, fn, sites.anchors, calls, sites.extra);
      if (r) out.push(r);
    });
  }
  for (const [k, fn] of candidates.wrappers) {
    guard(() => {
      const r = wrapperRetry(ctx, k, fn, calls);
      if (r) out.push(r);
    });
  }
  guard(() => out.push(...axiosRetryConstructs(ctx, calls)));
  guard(() => out.push(...clientOptionRetries(ctx, calls)));
  guard(() => out.push(...superagentRetries(ctx, calls)));
  guard(() => out.push(...fetchWithRetries(ctx, calls)));
  return out.sort((a, b) => a.node.range[0] - b.node.range[0]);
}
