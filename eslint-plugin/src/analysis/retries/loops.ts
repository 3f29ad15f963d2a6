// Hand-rolled retry loops: a `for`/`while`/`do…while` that makes an outbound call, leaves the loop
// when it succeeds (`return`, `break`, a `done = true` flag) and goes round again when it fails
// (a catch that `continue`s or falls through, or a status check on the response). A loop over
// items is not a retry: its catch moves on to the next item rather than trying the same work again.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction, memberName, unwrap, variableOf, walk } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import type { BackoffInfo, OutboundCall, RetryConstruct } from '../types.js';
import { abruptness, loopCounters, loopMaxAttempts, rangeLength } from './attempts.js';
import { decisionInspectsFailure, errorVariables, fourXxReachesRetry, namesTransientStatus, statusPolarity, testsResponseStatus } from './error-filter.js';
import { reach, someNode, walkOwn, walkSameFunction } from './reach.js';
import { sequenceGrowth } from './delay-growth.js';
import { setRetryDetails } from './details.js';
import { staticList } from './option-values.js';
import { functionName } from './functions.js';
import { backoffOfSleeps, findSleeps } from './sleeps.js';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
export type Loop = TSESTree.ForStatement | TSESTree.ForOfStatement | TSESTree.ForInStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement;

export function isLoop(n: Node): n is Loop {
  return n.type === 'ForStatement' || n.type === 'ForOfStatement' || n.type === 'ForInStatement' || n.type === 'WhileStatement' || n.type === 'DoWhileStatement';
}

const FORM: Record<Loop['type'], RetryConstruct['form']> = {
  ForStatement: 'for',
  ForOfStatement: 'for',
  ForInStatement: 'for',
  WhileStatement: 'while',
  DoWhileStatement: 'do-while',
};
const LABEL: Record<Loop['type'], string> = {
  ForStatement: 'for loop',
  ForOfStatement: 'for…of loop',
  ForInStatement: 'for…in loop',
  WhileStatement: 'while loop',
  DoWhileStatement: 'do…while loop',
};

/** Whether a `break`/`continue` at `n` targets `loop` (no closer loop or switch in between, or a matching label). */
function targets(n: TSESTree.BreakStatement | TSESTree.ContinueStatement, loop: Loop): boolean {
  if (n.label) return loop.parent?.type === 'LabeledStatement' && loop.parent.label.name === n.label.name;
  for (let p: Node | undefined = n.parent; p && p !== loop; p = p.parent) {
    if (isLoop(p) || (n.type === 'BreakStatement' && p.type === 'SwitchStatement')) return false;
  }
  return true;
}

/** Leaves the loop on success: a return or a break of this loop outside the catch handlers, or a flag in the loop's test set to a constant. */
function exitsOnSuccess(ctx: AnalysisContext, loop: Loop, handlers: readonly Node[]): boolean {
  const sm = ctx.source.scopeManager;
  const inHandler = (n: Node): boolean => handlers.some((h) => contains(h, n));
  const testVars = new Set<Variable>();
  const test = 'test' in loop ? loop.test : null;
  if (test) {
    walk(test, (n) => {
      if (n.type === 'Identifier') {
        const v = variableOf(sm, n);
        if (v) testVars.add(v);
      }
    });
  }
  let exits = false;
  walkSameFunction(loop.body, (n) => {
    if (exits) return false;
    if (inHandler(n)) return false;
    if (n.type === 'ReturnStatement') exits = true;
    else if (n.type === 'BreakStatement' && targets(n, loop)) exits = true;
    else if (n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'Identifier' && unwrap(n.right).type === 'Literal') {
      const v = variableOf(sm, n.left);
      if (v && testVars.has(v)) exits = true;
    }
    return undefined;
  });
  return exits;
}

/** Whether the loop walks a collection (`for…of items`, `items[i]`) rather than counting attempts. */
function iteratesItems(ctx: AnalysisContext, loop: Loop): boolean {
  if (loop.type === 'ForInStatement') return true;
  if (loop.type === 'ForOfStatement') return rangeLength(ctx, loop.right) === null;
  const counters = loopCounters(ctx, loop);
  if (counters.length === 0) return false;
  let indexes = false;
  walkOwn(loop.body, (n) => {
    if (indexes) return false;
    if (n.type === 'MemberExpression' && n.computed) {
      const p = unwrap(n.property);
      if (p.type === 'Identifier' && counters.includes(variableOf(ctx.source.scopeManager, p)!)) indexes = true;
    }
    return undefined;
  });
  return indexes;
}

/** The try statements directly in the loop (not in a nested loop) whose block makes one of the calls. */
function retriedTries(loop: Loop, anchors: readonly Node[]): TSESTree.TryStatement[] {
  const out: TSESTree.TryStatement[] = [];
  walkSameFunction(loop.body, (n) => {
    if (isLoop(n)) return false;
    if (n.type === 'TryStatement' && n.handler && anchors.some((a) => contains(n.block, a))) out.push(n);
    return undefined;
  });
  return out;
}

/** After a catch falls through, does the loop go round again (nothing after the try leaves it)? */
function fallsToNextIteration(t: TSESTree.TryStatement, loop: Loop): boolean {
  let n: Node = t;
  while (n !== loop.body && n.parent) {
    const p: Node = n.parent;
    if (p.type === 'BlockStatement') {
      const after = p.body.slice(p.body.indexOf(n as TSESTree.Statement) + 1);
      for (const s of after) {
        const a = abruptness(s);
        if (a === 'continue') return true;
        if (a === 'exit') return false;
      }
    }
    if (p === loop) break;
    n = p;
  }
  return true;
}

function continuesLoop(root: Node, loop: Loop): boolean {
  return someNode(root, (n) => n.type === 'ContinueStatement' && targets(n, loop), 'function');
}

/** The variable holding the response of a call (`const res = await fetch(…)`). */
function responseVariable(ctx: AnalysisContext, call: Node): Variable | null {
  let n: Node = call;
  while (n.parent && (n.parent.type === 'AwaitExpression' || n.parent.type === 'TSAsExpression' || n.parent.type === 'TSNonNullExpression' || n.parent.type === 'ChainExpression')) n = n.parent;
  const p = n.parent;
  if (p?.type === 'VariableDeclarator' && p.init === n && p.id.type === 'Identifier') return variableOf(ctx.source.scopeManager, p.id);
  if (p?.type === 'AssignmentExpression' && p.right === n && p.left.type === 'Identifier') return variableOf(ctx.source.scopeManager, p.left);
  return null;
}

/** Status-driven retry: `if (res.ok) return res` / `if (res.status === 503) continue` on the response of a call in the loop. */
function statusChecks(ctx: AnalysisContext, loop: Loop, anchors: readonly Node[]): TSESTree.IfStatement[] {
  const sm = ctx.source.scopeManager;
  const vars = new Set<Variable>();
  for (const a of anchors) {
    const v = responseVariable(ctx, a);
    if (v) vars.add(v);
  }
  if (vars.size === 0) return [];
  const out: TSESTree.IfStatement[] = [];
  walkSameFunction(loop.body, (n) => {
    if (isLoop(n)) return false;
    if (n.type !== 'IfStatement' || !testsResponseStatus(n.test)) return undefined;
    let onResponse = false;
    walk(n.test, (m) => {
      if (m.type === 'MemberExpression') {
        const o = unwrap(m.object);
        const name = memberName(m);
        if (o.type === 'Identifier' && (name === 'ok' || name === 'status' || name === 'statusCode') && vars.has(variableOf(sm, o)!)) onResponse = true;
      }
    });
    if (onResponse && decidesToRetry(ctx, n)) out.push(n);
    return undefined;
  });
  return out;
}

/**
 * A status check that makes the loop a retry: it leaves on success (`if (res.ok) return res`) or
 * goes round on failure (`if (res.status === 503) continue`). One that leaves on failure
 * (`if (!res.ok) break` in a pagination loop) is not.
 */
function decidesToRetry(ctx: AnalysisContext, check: TSESTree.IfStatement): boolean {
  const polarity = statusPolarity(ctx, check.test);
  const leaves = abruptness(check.consequent) === 'exit';
  if (polarity === 'success') return leaves;
  if (polarity === 'failure') return !leaves;
  return false;
}

/** Describes `loop` as a retry of the calls made at `anchors`, or null when it is not a retry. */
export function loopRetry(ctx: AnalysisContext, loop: Loop, anchors: readonly Node[], calls: readonly OutboundCall[], passedIn: readonly Node[] = []): RetryConstruct | null {
  if (iteratesItems(ctx, loop)) return null;
  const tries = retriedTries(loop, anchors).filter((t) => {
    const h = t.handler!;
    return continuesLoop(h.body, loop) || (abruptness(h.body) === null && fallsToNextIteration(t, loop));
  });
  const handlers = tries.map((t) => t.handler!.body);
  let checks: TSESTree.IfStatement[] = [];
  if (tries.length === 0) {
    checks = statusChecks(ctx, loop, anchors);
    const goesRound = continuesLoop(loop.body, loop) || abruptness(loop.body) === null;
    if (checks.length === 0 || !goesRound) return null;
  }
  if (!exitsOnSuccess(ctx, loop, handlers)) return null;

  // `passedIn`: bodies of functions a same-file helper receives and calls here (`withRetry(() => fetch(…))`).
  const repeated = reach(ctx, [loop.body, ...passedIn], calls, handlers);
  if (repeated.calls.length === 0) return null;
  const attemptVars = new Set(loopCounters(ctx, loop));
  const sequences = new Map<Variable, BackoffInfo['growth']>();
  if (loop.type === 'ForOfStatement' && loop.left.type === 'VariableDeclaration') {
    // `for (const delay of [100, 200, 400])`: the loop variable grows as the list does.
    const id = loop.left.declarations[0]?.id;
    const v = id?.type === 'Identifier' ? variableOf(ctx.source.scopeManager, id) : null;
    const list = staticList(ctx, loop.right);
    if (v && list && list.every((x) => typeof x === 'number')) sequences.set(v, sequenceGrowth(list as number[]));
    else if (v) attemptVars.add(v);
  }
  const sleeps = findSleeps(ctx, loop.body, { attemptVars, repeating: loop, sequences });
  const { backoff, sleep } = backoffOfSleeps(sleeps);
  const isAttempt = (s: Node): boolean => anchors.some((a) => contains(s, a));
  const maxAttempts = loopMaxAttempts(ctx, loop, isAttempt);

  let retriesAllErrors: boolean;
  let retriesClientErrors: boolean;
  let predicateNode: Node;
  if (tries.length > 0) {
    const t = tries[0]!;
    const h = t.handler!;
    predicateNode = h;
    const filtered = tries.some((tr) => decisionInspectsFailure(ctx, tr.handler!.body, errorVariables(ctx.source.scopeManager, tr.handler!.param, tr.handler!.body)));
    const regions = [...tries.map((tr) => tr.block), ...repeated.regions.slice(1)];
    retriesAllErrors = !filtered;
    retriesClientErrors = !filtered && fourXxReachesRetry(ctx, regions, repeated.calls);
  } else {
    predicateNode = checks[0]!;
    retriesAllErrors = !checks.some((c) => namesTransientStatus(ctx, c.test));
    retriesClientErrors = retriesAllErrors;
  }
  const counter = countingVariable(loop, [...attemptVars]);
  const fn = enclosingFunctionOf(loop);
  return setRetryDetails({
    kind: 'hand-rolled',
    node: loop,
    label: `a hand-rolled ${LABEL[loop.type]}${passedIn.length > 0 && fn ? inFunction(fn) : ''}`,
    form: FORM[loop.type],
    maxAttempts,
    backoff,
    retriesAllErrors,
    retriesClientErrors,
    retriesNonIdempotent: true,
    calls: repeated.calls,
    predicateNode,
  }, {
    ...(counter ? { attempt: counter.name, attemptCountsUp: countsUp(counter) } : {}),
    ...(sleep?.arg ? { delayArg: sleep.arg } : {}),
    waits: sleeps.length,
    ...(tries[0]?.handler ? { handler: tries[0].handler } : { decidesOnStatus: true }),
    isAsync: !!fn?.async,
  });
}

/** The counter a suggestion can use: one the loop's test reads, else the first counter. */
function countingVariable(loop: Loop, vars: Variable[]): Variable | null {
  const test = 'test' in loop ? loop.test : null;
  const inTest = test ? vars.find((v) => v.references.some((r) => contains(test, r.identifier as Node))) : undefined;
  return inTest ?? vars[0] ?? null;
}

/** `i++`, `i += 1`, `i = i + 1` count up; `--`, `-=` count down. */
function countsUp(variable: Variable): boolean {
  for (const ref of variable.references) {
    const p = ref.identifier.parent;
    if (p?.type === 'UpdateExpression') return p.operator === '++';
    if (p?.type === 'AssignmentExpression' && p.left === ref.identifier && p.operator !== '=') return p.operator === '+=';
    if (p?.type === 'AssignmentExpression' && p.left === ref.identifier && p.right.type === 'BinaryExpression') return p.right.operator === '+';
  }
  return true;
}

/** " in withRetry()" for a loop in a helper that retries what it is given. */
function inFunction(fn: TSESTree.FunctionLike): string {
  const name = fn.type === 'TSDeclareFunction' || fn.type === 'TSEmptyBodyFunctionExpression' ? null : functionName(fn);
  return name ? ` in ${name}()` : '';
}

function enclosingFunctionOf(n: Node): TSESTree.FunctionLike | null {
  for (let p = n.parent; p; p = p.parent) if (isFunction(p)) return p;
  return null;
}

/** Loops around `anchor` in the same function (callbacks passed to calls are looked through). */
export function enclosingLoops(anchor: Node): Loop[] {
  const out: Loop[] = [];
  let child: Node = anchor;
  for (let n = anchor.parent; n; child = n, n = n.parent) {
    if (isFunction(n)) {
      const p = n.parent;
      const isCallback = (p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.arguments.includes(n as TSESTree.CallExpressionArgument);
      if (!isCallback) break;
      continue;
    }
    if (isLoop(n) && child === n.body) out.push(n);
  }
  return out;
}
