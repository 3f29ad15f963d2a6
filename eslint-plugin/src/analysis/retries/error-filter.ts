// Which failures a retry repeats. A retry is "transient-only" when something inspects the failure
// before trying again (a status or error-code check, `isTransient(err)`, a rethrow of 4xx); it
// "retries everything" when a catch loops on whatever was thrown and 4xx responses do get thrown.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, memberName, staticNumber, unwrap, variableOf, walk } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { lookupIn } from '../options.js';
import type { OutboundCall } from '../types.js';
import { someNode, walkOwn } from './reach.js';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

const ERROR_PROPS = new Set(['status', 'statusCode', 'code', 'errno', 'response', 'retryable', 'isRetryable', 'transient', 'isTransient', 'cause', 'statusText']);
const PREDICATE_NAME = /retr(y|i)able|transient|should.?retry|assert|ensure|check|rethrow|classify|isNetwork|isServer|isTimeout|is5xx|isIdempotent/i;
const ABORT_ONLY = /abort/i;

/** The variables that hold a caught error: the catch parameter (or its destructured names) and consts computed from it. */
export function errorVariables(sm: TSESLint.Scope.ScopeManager | null, param: Node | null, scopeRoot: Node): Set<Variable> {
  const out = new Set<Variable>();
  if (!param || !sm) return out;
  walk(param, (n) => {
    if (n.type === 'Identifier') {
      const v = variableOf(sm, n);
      if (v) out.add(v);
    }
  });
  // One hop: `const status = err.response?.status`.
  walkOwn(scopeRoot, (n) => {
    if (n.type === 'VariableDeclarator' && n.init && n.id.type === 'Identifier' && mentionsAny(sm, n.init, out)) {
      const v = variableOf(sm, n.id);
      if (v) out.add(v);
    }
  });
  return out;
}

function mentionsAny(sm: TSESLint.Scope.ScopeManager | null, root: Node, vars: ReadonlySet<Variable>): boolean {
  return someNode(root, (n) => n.type === 'Identifier' && vars.has(variableOf(sm, n)!));
}

/** Whether a test looks at what failed (status, code, type, a predicate over the error) rather than only at the attempt count or an abort. */
export function inspectsFailure(ctx: AnalysisContext, test: Node, errorVars: ReadonlySet<Variable>): boolean {
  const sm = ctx.source.scopeManager;
  let inspects = false;
  let namesOutcome = false;
  walk(test, (n) => {
    if (n.type === 'Identifier') {
      const v = variableOf(sm, n);
      if (v && errorVars.has(v)) inspects = true;
      if (/^(status|statusCode|code)$/.test(n.name) && !(n.parent?.type === 'MemberExpression' && n.parent.property === n)) namesOutcome = true;
    } else if (n.type === 'MemberExpression') {
      const name = memberName(n);
      if (name && ERROR_PROPS.has(name)) namesOutcome = true;
    } else if (n.type === 'CallExpression') {
      const callee = unwrap(n.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
      if (name && PREDICATE_NAME.test(name)) namesOutcome = true;
    }
    return undefined;
  });
  if (namesOutcome) return true;
  // `if (err.name === 'AbortError') throw err` stops on aborts but still retries every 4xx.
  return inspects && !ABORT_ONLY.test(ctx.source.text.slice(test.range[0], test.range[1]));
}

/** Whether a statement (or expression branch) ends the attempt's path: throw, return, break, continue. */
function hasAbrupt(root: Node): boolean {
  return someNode(root, (n) => n.type === 'ThrowStatement' || n.type === 'ReturnStatement' || n.type === 'BreakStatement' || n.type === 'ContinueStatement', 'own');
}

/**
 * Whether the code that decides to retry (a catch clause, a `.catch` callback) inspects the failure:
 * a branch on the error that rethrows, returns, stops or continues, a predicate that may rethrow,
 * or a condition on the way to the retry (`retryPoint`, e.g. a recursive call) that looks at the error.
 */
export function decisionInspectsFailure(ctx: AnalysisContext, body: Node, errorVars: ReadonlySet<Variable>, retryPoint: Node | null = null): boolean {
  const sm = ctx.source.scopeManager;
  let filtered = false;
  walkOwn(body, (n) => {
    if (filtered) return false;
    if (n.type === 'IfStatement' || n.type === 'ConditionalExpression') {
      const onPath = retryPoint !== null && (contains(n.consequent, retryPoint) || (n.alternate !== null && contains(n.alternate, retryPoint)));
      if ((onPath || hasAbrupt(n.consequent) || (n.alternate && hasAbrupt(n.alternate))) && inspectsFailure(ctx, n.test, errorVars)) filtered = true;
    } else if (n.type === 'LogicalExpression') {
      if (retryPoint && contains(n.right, retryPoint) && inspectsFailure(ctx, n.left, errorVars)) filtered = true;
    } else if (n.type === 'SwitchStatement') {
      if (inspectsFailure(ctx, n.discriminant, errorVars) && n.cases.some((c) => c.consequent.some(hasAbrupt))) filtered = true;
    } else if (n.type === 'ExpressionStatement' && n.expression.type === 'CallExpression') {
      // `assertRetryable(err)`: a helper that rethrows what must not be retried.
      const call = n.expression;
      const callee = unwrap(call.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
      if (name && PREDICATE_NAME.test(name) && call.arguments.some((a) => mentionsAny(sm, a, errorVars))) filtered = true;
    }
    return undefined;
  });
  return filtered;
}

/** Clients that turn a 4xx response into a thrown error by default. */
const THROWS_ON_4XX = new Set(['axios', 'got', 'ky', 'ofetch', 'superagent']);

/** The option that makes a throwing client return 4xx responses instead. */
const NO_THROW_OPTION: Record<string, string> = { axios: 'validateStatus', got: 'throwHttpErrors', ky: 'throwHttpErrors', ofetch: 'ignoreResponseError' };

function clientThrowsOn4xx(ctx: AnalysisContext, call: OutboundCall): boolean {
  if (!THROWS_ON_4XX.has(call.client)) return false;
  const option = NO_THROW_OPTION[call.client];
  if (!option) return true;
  for (const obj of [call.options.object, call.instance?.options]) {
    if (!obj) continue;
    const l = lookupIn(ctx.source.scopeManager, obj, option);
    if (l.kind === 'found') return false;
  }
  return true;
}

/** A status test that singles out transient failures: 408, 429, 5xx, `>= 500`. */
export function namesTransientStatus(ctx: AnalysisContext, test: Node): boolean {
  const transient = (v: number | null): boolean => v !== null && (v === 408 || v === 429 || (v >= 499 && v <= 599));
  return someNode(test, (n) => {
    if (n.type === 'Literal') return typeof n.value === 'number' && transient(n.value);
    if (n.type === 'Identifier') return /transient|retryable|retriable|RETRY_STATUS/i.test(n.name);
    return (n.type === 'CallExpression' || n.type === 'MemberExpression') && transient(staticNumber(ctx.source.scopeManager, n));
  });
}

/** A test on an HTTP response's outcome: `res.ok`, `res.status …`, `res.statusCode …`. */
export function testsResponseStatus(test: Node): boolean {
  return someNode(test, (n) => n.type === 'MemberExpression' && /^(ok|status|statusCode)$/.test(memberName(n) ?? ''));
}

/**
 * Whether a 4xx response becomes a failure the retry sees: a repeated call whose client throws on
 * 4xx (axios, got, ky, ofetch, superagent, unless told not to), or code that throws when a
 * response is not ok without singling out transient statuses (`if (!res.ok) throw …`).
 */
export function fourXxReachesRetry(ctx: AnalysisContext, regions: readonly Node[], calls: readonly OutboundCall[]): boolean {
  if (calls.some((c) => clientThrowsOn4xx(ctx, c))) return true;
  let reaches = false;
  for (const region of regions) {
    walkOwn(region, (n) => {
      if (reaches) return false;
      if (n.type === 'IfStatement' && testsResponseStatus(n.test) && !namesTransientStatus(ctx, n.test)) {
        if (throwsIn(n.consequent) || (n.alternate && throwsIn(n.alternate))) reaches = true;
      }
      return undefined;
    });
  }
  return reaches;
}

export function throwsIn(root: Node): boolean {
  return someNode(root, (n) => n.type === 'ThrowStatement', 'own');
}

/**
 * Whether a status test is true on success (`res.ok`, `res.status === 200`, `status < 400`) or on
 * failure (`!res.ok`, `res.status === 503`, `status >= 500`); null when it cannot be told.
 */
export function statusPolarity(ctx: AnalysisContext, test: Node): 'success' | 'failure' | null {
  const n = unwrap(test);
  const flip = (p: 'success' | 'failure' | null): 'success' | 'failure' | null => (p === 'success' ? 'failure' : p === 'failure' ? 'success' : null);
  if (n.type === 'UnaryExpression' && n.operator === '!') return flip(statusPolarity(ctx, n.argument));
  if (n.type === 'LogicalExpression') return testsResponseStatus(n.left) ? statusPolarity(ctx, n.left) : statusPolarity(ctx, n.right);
  if (n.type === 'MemberExpression') return memberName(n) === 'ok' ? 'success' : null;
  if (n.type !== 'BinaryExpression' || n.left.type === 'PrivateIdentifier') return null;
  const leftIsStatus = testsResponseStatus(n.left);
  const statusSide = leftIsStatus ? n.left : n.right;
  const numberSide = leftIsStatus ? n.right : n.left;
  if (!testsResponseStatus(statusSide)) return null;
  const v = staticNumber(ctx.source.scopeManager, numberSide);
  if (v === null) return null;
  // Normalise to `status <op> v`.
  const mirror: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
  const op = leftIsStatus ? n.operator : (mirror[n.operator] ?? n.operator);
  const ok = v >= 200 && v < 300;
  switch (op) {
    case '===':
    case '==':
      return ok ? 'success' : 'failure';
    case '!==':
    case '!=':
      return ok ? 'failure' : 'success';
    case '<':
    case '<=':
      return v <= 500 ? 'success' : null; // `status < 500`: anything but a server error is an answer
    case '>':
    case '>=':
      return v >= 400 ? 'failure' : null;
    default:
      return null;
  }
}
