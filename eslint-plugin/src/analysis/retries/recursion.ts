// Recursive retries: a function that calls itself again when its outbound call fails — from its
// catch (`catch (e) { if (n > 0) return charge(n - 1) … }`), from a `.catch(() => get(n - 1))`,
// or when the response's status says so (`if (res.status === 503) return poll(attempt + 1)`).
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction, memberName, staticNumber, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import type { OutboundCall, RetryConstruct } from '../types.js';
import { abruptness, evaluate, mentionsVariable } from './attempts.js';
import { classifyDelay } from './delay-growth.js';
import { decisionInspectsFailure, errorVariables, fourXxReachesRetry, namesTransientStatus, statusPolarity, testsResponseStatus } from './error-filter.js';
import { callbackCall, callOfUse, functionName, usesOfFunction, type FunctionNode } from './functions.js';
import { libRef } from './modules.js';
import { reach } from './reach.js';
import { setRetryDetails } from './details.js';
import { backoffOfSleeps, findSleeps, type Sleep } from './sleeps.js';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

type Trigger =
  | { kind: 'catch'; handler: TSESTree.CatchClause; block: TSESTree.BlockStatement }
  | { kind: 'promise-catch'; callback: FunctionNode; chain: Node }
  | { kind: 'status'; test: Node };

const LIMIT = 1000;

/** How the recursive call at `again` is reached after a failure of the calls at `anchors`. */
function triggerOf(ctx: AnalysisContext, again: Node, fn: FunctionNode, anchors: readonly Node[]): Trigger | null {
  const inFn = anchors.filter((a) => contains(fn, a));
  for (let n = again.parent; n && n !== fn; n = n.parent) {
    if (n.type === 'CatchClause') {
      const t = n.parent as TSESTree.TryStatement;
      if (inFn.some((a) => contains(t.block, a))) return { kind: 'catch', handler: n, block: t.block };
    }
    if (isFunction(n)) {
      const k = callbackCall(n);
      if (k?.type === 'CallExpression' && k.callee.type === 'MemberExpression') {
        const name = memberName(k.callee);
        const isCatch = name === 'catch' || (name === 'then' && k.arguments[1] === n);
        if (isCatch && inFn.some((a) => contains(k.callee, a))) return { kind: 'promise-catch', callback: n, chain: k.callee };
      }
    }
    if ((n.type === 'IfStatement' || n.type === 'ConditionalExpression') && testsResponseStatus(n.test) && inFn.some((a) => a.range[0] < again.range[0])) {
      // Only the branch taken on failure retries (`if (!res.ok) return poll(n - 1)`).
      const onFailure = statusPolarity(ctx, n.test) === 'failure' ? contains(n.consequent, again) : statusPolarity(ctx, n.test) === 'success' ? !contains(n.consequent, again) : false;
      if (onFailure) return { kind: 'status', test: n.test };
    }
  }
  return null;
}

/** The parameter the recursive call advances (`attempt + 1`, `retries - 1`), and its index. */
function attemptParam(ctx: AnalysisContext, fn: FunctionNode, again: TSESTree.CallExpression): { variable: Variable; index: number } | null {
  const sm = ctx.source.scopeManager;
  if (!sm) return null;
  const declared = sm.getDeclaredVariables(fn);
  for (let i = 0; i < again.arguments.length; i++) {
    const arg = again.arguments[i]!;
    const param = fn.params[i];
    const target = param?.type === 'AssignmentPattern' ? param.left : param;
    if (target?.type !== 'Identifier') continue;
    const variable = declared.find((v) => v.name === target.name);
    if (!variable || arg.type === 'SpreadElement') continue;
    const a = unwrap(arg);
    const changes =
      (a.type === 'BinaryExpression' && (a.operator === '+' || a.operator === '-') && mentionsVariable(a, variable)) ||
      (a.type === 'UpdateExpression' && mentionsVariable(a, variable));
    if (changes) return { variable, index: i };
  }
  return null;
}

/** Conditions that must hold for the recursive call to happen (enclosing tests, and earlier `if (…) throw` guards). */
function conditionsFor(again: Node, boundary: Node): Array<{ test: Node; negate: boolean }> {
  const out: Array<{ test: Node; negate: boolean }> = [];
  let child: Node = again;
  for (let n = again.parent; n; child = n, n = n.parent) {
    if ((n.type === 'IfStatement' || n.type === 'ConditionalExpression') && child !== n.test) out.push({ test: n.test, negate: child !== n.consequent });
    if (n.type === 'LogicalExpression' && child === n.right) out.push({ test: n.left, negate: n.operator === '||' });
    if (n.type === 'BlockStatement') {
      for (const s of n.body) {
        if (s === child) break;
        if (s.type === 'IfStatement' && !s.alternate && abruptness(s.consequent) === 'exit') out.push({ test: s.test, negate: true });
      }
    }
    if (n === boundary) break;
  }
  return out;
}

function initialValue(ctx: AnalysisContext, fn: FunctionNode, index: number): number | null {
  const sm = ctx.source.scopeManager;
  const param = fn.params[index];
  if (param?.type === 'AssignmentPattern') return staticNumber(sm, param.right);
  // No default: every outside caller passes the same number.
  let value: number | null = null;
  for (const use of usesOfFunction(sm, fn)) {
    if (contains(fn, use)) continue;
    const call = callOfUse(use);
    const arg = call?.arguments[index];
    const v = arg && arg.type !== 'SpreadElement' ? staticNumber(sm, arg) : null;
    if (v === null || (value !== null && v !== value)) return null;
    value = v;
  }
  return value;
}

function maxAttempts(ctx: AnalysisContext, fn: FunctionNode, again: TSESTree.CallExpression, boundary: Node, param: { variable: Variable; index: number } | null): number | null {
  if (!param) return null;
  const conds = conditionsFor(again, boundary).filter((c) => mentionsVariable(c.test, param.variable));
  if (conds.length === 0) return null;
  const start = initialValue(ctx, fn, param.index);
  if (start === null) return null;
  const arg = again.arguments[param.index]!;
  let value = start;
  for (let count = 1; count < LIMIT; count++) {
    for (const c of conds) {
      // Parts of the condition about something else (the status, the error) take the value that keeps retrying.
      const r = evaluate(ctx, c.test, { variable: param.variable, value, assume: !c.negate });
      if (typeof r === 'symbol') return null;
      if (Boolean(r) === c.negate) return count;
    }
    const next = evaluate(ctx, arg, { variable: param.variable, value });
    if (typeof next !== 'number') return null;
    value = next;
  }
  return null;
}

function countsUpIn(arg: Node): boolean {
  const a = unwrap(arg);
  if (a.type === 'BinaryExpression') return a.operator === '+';
  if (a.type === 'UpdateExpression') return a.operator === '++';
  return true;
}

export function recursionRetry(ctx: AnalysisContext, fn: FunctionNode, anchors: readonly Node[], calls: readonly OutboundCall[], passedIn: readonly Node[] = []): RetryConstruct | null {
  const sm = ctx.source.scopeManager;
  for (const use of usesOfFunction(sm, fn)) {
    if (!contains(fn, use)) continue;
    const again = callOfUse(use);
    if (!again) continue;
    const trigger = triggerOf(ctx, again, fn, anchors);
    if (!trigger) continue;
    const decisionRegion = trigger.kind === 'catch' ? trigger.handler.body : trigger.kind === 'promise-catch' ? trigger.callback : null;
    const repeated = reach(ctx, [fn.body, ...passedIn], calls, decisionRegion ? [decisionRegion] : []);
    if (repeated.calls.length === 0) continue;
    const param = attemptParam(ctx, fn, again);
    const boundary = decisionRegion ?? fn;

    // The wait before trying again: a sleep in the function, or the setTimeout that schedules the call.
    const env = { attemptVars: new Set(param ? [param.variable] : []), repeating: fn };
    const sleeps: Sleep[] = findSleeps(ctx, fn.body, env);
    for (let n: Node | undefined = again.parent; n && n !== fn; n = n.parent) {
      if (n.type === 'CallExpression' && libRef(ctx, n) === 'setTimeout' && n.arguments[1] && contains(n.arguments[0]!, again)) {
        sleeps.push({ node: n, delay: classifyDelay(ctx, n.arguments[1], env), arg: n.arguments[1] });
      }
    }
    const { backoff, sleep } = backoffOfSleeps(sleeps);

    let retriesAllErrors: boolean;
    let retriesClientErrors: boolean;
    let predicateNode: Node;
    if (trigger.kind === 'status') {
      retriesAllErrors = !namesTransientStatus(ctx, trigger.test);
      retriesClientErrors = retriesAllErrors;
      predicateNode = trigger.test;
    } else {
      const param0 = trigger.kind === 'catch' ? trigger.handler.param : trigger.callback.params[0] ?? null;
      const body = trigger.kind === 'catch' ? trigger.handler.body : trigger.callback.body;
      const filtered = decisionInspectsFailure(ctx, body, errorVariables(sm, param0, body), again);
      const regions = trigger.kind === 'catch' ? [trigger.block, ...repeated.regions.slice(1)] : [trigger.chain, ...repeated.regions.slice(1)];
      retriesAllErrors = !filtered;
      retriesClientErrors = !filtered && fourXxReachesRetry(ctx, regions, repeated.calls);
      predicateNode = trigger.kind === 'catch' ? trigger.handler : trigger.callback;
    }
    const name = functionName(fn);
    return setRetryDetails({
      kind: 'hand-rolled',
      node: fn,
      label: name ? `a recursive retry in ${name}()` : 'a recursive retry',
      form: 'recursion',
      maxAttempts: maxAttempts(ctx, fn, again, boundary, param),
      backoff,
      retriesAllErrors,
      retriesClientErrors,
      retriesNonIdempotent: true,
      calls: repeated.calls,
      predicateNode,
    }, {
      ...(param ? { attempt: param.variable.name, attemptCountsUp: countsUpIn(again.arguments[param.index]!) } : {}),
      ...(sleep?.arg ? { delayArg: sleep.arg } : {}),
      waits: sleeps.length,
      ...(trigger.kind === 'catch' ? { handler: trigger.handler } : trigger.kind === 'status' ? { decidesOnStatus: true } : {}),
      isAsync: fn.async,
    });
  }
  return null;
}
