// How a delay expression grows from one attempt to the next, read syntactically: a constant is
// fixed, `base * attempt` linear, `2 ** attempt` / `Math.pow(2, n)` / `base << n` / `delay *= 2`
// exponential; randomness anywhere in it (directly or through a local variable) is jitter.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, memberName, staticNumber, unwrap, variableOf, walk } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import type { BackoffInfo } from '../types.js';
import { resolveFunction, type FunctionNode } from './functions.js';
import { libRef } from './modules.js';
import { someNode } from './reach.js';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** Growth classes, weakest first: `max` of two classes is the later one in this list. */
const ORDER = ['zero', 'fixed', 'unknown', 'linear', 'exponential'] as const;
export type Growth = (typeof ORDER)[number];

export interface DelayClass {
  growth: Growth;
  jitter: boolean;
}

export interface GrowthEnv {
  /** Variables that count attempts (loop counters, a recursion's attempt parameter). */
  attemptVars: ReadonlySet<Variable>;
  /** The code that repeats: a variable written inside it changes between attempts. */
  repeating: Node | null;
  /** Variables that walk a fixed list of delays (`for (const delay of [100, 200, 400])`), and how that list grows. */
  sequences?: ReadonlyMap<Variable, BackoffInfo['growth']>;
  /** Parameters of a helper bound to the caller's arguments (one level of same-file indirection). */
  bindings?: ReadonlyMap<Variable, { node: Node; env: GrowthEnv }>;
  depth?: number;
}

const FIXED: DelayClass = { growth: 'fixed', jitter: false };
const UNKNOWN: DelayClass = { growth: 'unknown', jitter: false };

export function maxGrowth(a: Growth, b: Growth): Growth {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

function join(...parts: DelayClass[]): DelayClass {
  let growth: Growth = 'zero';
  let jitter = false;
  for (const p of parts) {
    growth = maxGrowth(growth, p.growth);
    jitter ||= p.jitter;
  }
  return { growth, jitter };
}

const attemptDependent = (c: DelayClass): boolean => c.growth === 'linear' || c.growth === 'exponential';

const JITTER_NAME = /jitter|random/i;
const PASS_THROUGH = new Set(['min', 'max', 'round', 'floor', 'ceil', 'trunc', 'abs']);

/** Classifies a delay expression (milliseconds) within `env`. */
export function classifyDelay(ctx: AnalysisContext, expr: Node, env: GrowthEnv): DelayClass {
  if ((env.depth ?? 0) > 24) return UNKNOWN; // a guard against cycles, deep enough for a helper inside a helper
  const deeper: GrowthEnv = { ...env, depth: (env.depth ?? 0) + 1 };
  const sm = ctx.source.scopeManager;
  const n = unwrap(expr);
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'number' ? (n.value === 0 ? { growth: 'zero', jitter: false } : FIXED) : UNKNOWN;
    case 'Identifier':
      return classifyIdentifier(ctx, n, deeper);
    case 'MemberExpression': {
      const root = rootIdentifier(n);
      if (root === 'this') return FIXED;
      if (!root) return UNKNOWN;
      const variable = variableOf(sm, root);
      if (variable && env.attemptVars.has(variable)) return { growth: 'linear', jitter: false };
      return variable && env.repeating && changesIn(variable, env.repeating) ? UNKNOWN : FIXED;
    }
    case 'UnaryExpression':
      return n.operator === '-' || n.operator === '+' || n.operator === '~' ? classifyDelay(ctx, n.argument, deeper) : UNKNOWN;
    case 'AwaitExpression':
      return classifyDelay(ctx, n.argument, deeper);
    case 'ConditionalExpression':
      return join(classifyDelay(ctx, n.consequent, deeper), classifyDelay(ctx, n.alternate, deeper));
    case 'LogicalExpression':
      return join(classifyDelay(ctx, n.left, deeper), classifyDelay(ctx, n.right, deeper));
    case 'BinaryExpression':
      return classifyBinary(ctx, n, deeper);
    case 'CallExpression':
      return classifyCall(ctx, n, deeper);
    default: {
      const v = staticNumber(sm, n);
      if (v !== null) return v === 0 ? { growth: 'zero', jitter: false } : FIXED;
      return UNKNOWN;
    }
  }
}

function classifyBinary(ctx: AnalysisContext, n: TSESTree.BinaryExpression, env: GrowthEnv): DelayClass {
  if (n.left.type === 'PrivateIdentifier') return UNKNOWN;
  const left = classifyDelay(ctx, n.left, env);
  const right = classifyDelay(ctx, n.right, env);
  const jitter = left.jitter || right.jitter;
  switch (n.operator) {
    case '**':
    case '<<':
      if (attemptDependent(right)) return { growth: 'exponential', jitter };
      if (attemptDependent(left)) return { growth: 'linear', jitter };
      return join(left, right);
    case '*':
      if (left.growth === 'zero' || right.growth === 'zero') return { growth: 'zero', jitter };
      return join(left, right);
    case '+':
    case '-':
    case '|':
      return join(left, right);
    case '/':
    case '%':
    case '>>':
    case '>>>':
      return { growth: left.growth === 'zero' ? 'zero' : attemptDependent(right) ? 'unknown' : left.growth, jitter };
    default:
      return UNKNOWN;
  }
}

function classifyCall(ctx: AnalysisContext, n: TSESTree.CallExpression, env: GrowthEnv): DelayClass {
  const sm = ctx.source.scopeManager;
  const callee = unwrap(n.callee);
  const args = n.arguments.filter((a): a is TSESTree.Expression => a.type !== 'SpreadElement');
  if (libRef(ctx, n) === 'random') return { growth: 'fixed', jitter: true };
  if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'Identifier' && (unwrap(callee.object) as TSESTree.Identifier).name === 'Math' && !variableOf(sm, unwrap(callee.object) as TSESTree.Identifier)?.defs.length) {
    const name = memberName(callee);
    if (name === 'pow' && args.length === 2) {
      const [base, exp] = [classifyDelay(ctx, args[0]!, env), classifyDelay(ctx, args[1]!, env)];
      if (attemptDependent(exp)) return { growth: 'exponential', jitter: base.jitter || exp.jitter };
      return join(base, exp);
    }
    if (name && PASS_THROUGH.has(name)) return capped(args.map((a) => classifyDelay(ctx, a, env)), name);
    return UNKNOWN;
  }
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  if (name === 'Number' || name === 'parseInt' || name === 'parseFloat') return args[0] ? classifyDelay(ctx, args[0], env) : UNKNOWN;
  const fn = resolveFunction(sm, callee);
  if (fn && !(env.repeating && contains(fn, env.repeating))) {
    const returned = returnedExpressions(fn);
    if (returned.length > 0) {
      const inner = bindParams(ctx, fn, n, env);
      return join(...returned.map((r) => classifyDelay(ctx, r, inner)));
    }
  }
  if (name && JITTER_NAME.test(name)) return { growth: args.length ? join(...args.map((a) => classifyDelay(ctx, a, env))).growth : 'fixed', jitter: true };
  return UNKNOWN;
}

/** `Math.min(base * 2 ** n, cap)`: the cap bounds the value but the growth below it is what matters. */
function capped(parts: DelayClass[], name: string): DelayClass {
  if (parts.length === 0) return UNKNOWN;
  if (name === 'min' && parts.some((p) => p.growth === 'zero')) return { growth: 'zero', jitter: parts.some((p) => p.jitter) };
  return join(...parts);
}

function classifyIdentifier(ctx: AnalysisContext, id: TSESTree.Identifier, env: GrowthEnv): DelayClass {
  const sm = ctx.source.scopeManager;
  if (id.name === 'undefined') return { growth: 'zero', jitter: false };
  if (id.name === 'Infinity') return FIXED;
  const variable = variableOf(sm, id);
  if (!variable) return FIXED; // an undeclared global: the same value every time
  const bound = env.bindings?.get(variable);
  if (bound) return classifyDelay(ctx, bound.node, { ...bound.env, depth: (env.depth ?? 0) + 1 });
  const sequence = env.sequences?.get(variable);
  if (sequence) return { growth: sequence === 'none' ? 'zero' : sequence, jitter: false };
  if (env.attemptVars.has(variable)) return { growth: 'linear', jitter: false };
  const def = variable.defs[0];
  const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : def?.type === 'Parameter' ? defaultOf(def.name) : null;
  const repeating = env.repeating;
  const declaredInside = repeating !== null && def !== undefined && contains(repeating, def.name);
  const writes = repeating ? variable.references.filter((r) => r.isWrite() && !r.init && contains(repeating, r.identifier)) : [];
  if (!declaredInside && writes.length === 0) {
    // Loop-invariant: whatever it is, it is the same for every attempt.
    if (!init) return FIXED;
    const v = staticNumber(sm, init);
    if (v === 0) return { growth: 'zero', jitter: false };
    return { growth: 'fixed', jitter: containsRandom(ctx, init) };
  }
  const parts: DelayClass[] = [];
  if (declaredInside) {
    if (init) parts.push(classifyDelay(ctx, init, env));
    else if (def?.type !== 'Variable') return UNKNOWN; // a catch parameter, a destructured value
  } else if (init) {
    const start = classifyDelay(ctx, init, { ...env, repeating: null });
    parts.push(start.growth === 'zero' ? start : { growth: 'fixed', jitter: start.jitter });
  }
  for (const w of writes) parts.push(classifyWrite(ctx, w.identifier, variable, env));
  return join(...parts);
}

function defaultOf(name: Node): Node | null {
  const p = name.parent;
  return p?.type === 'AssignmentPattern' && p.left === name ? p.right : null;
}

/** How one write inside the repeating code changes a variable: `d *= 2` exponential, `d += 100` linear, `d = expr` whatever expr is. */
function classifyWrite(ctx: AnalysisContext, target: TSESTree.Identifier | TSESTree.JSXIdentifier, variable: Variable, env: GrowthEnv): DelayClass {
  const p = target.parent;
  if (p?.type === 'UpdateExpression') return { growth: 'linear', jitter: false };
  if (p?.type !== 'AssignmentExpression' || p.left !== target) return UNKNOWN;
  const rhs = classifyDelay(ctx, p.right, { ...env, attemptVars: new Set([...env.attemptVars, variable]) });
  switch (p.operator) {
    case '*=':
    case '**=':
    case '<<=':
      return { growth: 'exponential', jitter: rhs.jitter };
    case '+=':
    case '-=':
      return { growth: rhs.growth === 'zero' ? 'fixed' : maxGrowth('linear', rhs.growth), jitter: rhs.jitter };
    case '=':
      return selfScaled(ctx, p.right, variable) ? { growth: 'exponential', jitter: rhs.jitter } : rhs;
    default:
      return UNKNOWN;
  }
}

/** `d = d * 2`, `d = Math.min(d * 2, cap)`, `d = Math.random() * d * 3`: the variable multiplied by something. */
function selfScaled(ctx: AnalysisContext, expr: Node, variable: Variable): boolean {
  return someNode(expr, (n) => {
    if (n.type !== 'BinaryExpression' || (n.operator !== '*' && n.operator !== '**' && n.operator !== '<<')) return false;
    return [unwrap(n.left), unwrap(n.right)].some((s) => s.type === 'Identifier' && variableOf(ctx.source.scopeManager, s) === variable);
  });
}

function rootIdentifier(n: Node): TSESTree.Identifier | 'this' | null {
  let cur = unwrap(n);
  while (cur.type === 'MemberExpression') cur = unwrap(cur.object);
  if (cur.type === 'ThisExpression') return 'this';
  return cur.type === 'Identifier' ? cur : null;
}

/** Whether a variable takes a new value inside the repeating code (declared or written there). */
function changesIn(variable: Variable, repeating: Node): boolean {
  const def = variable.defs[0];
  if (def && contains(repeating, def.name)) return true;
  return variable.references.some((r) => r.isWrite() && !r.init && contains(repeating, r.identifier));
}

/** Whether randomness feeds an expression (directly, through local variables, or a same-file helper). */
export function containsRandom(ctx: AnalysisContext, expr: Node, depth = 0): boolean {
  if (depth > 3) return false;
  const sm = ctx.source.scopeManager;
  return someNode(expr, (n) => {
    if (n.type === 'CallExpression') {
      if (libRef(ctx, n) === 'random') return true;
      const callee = unwrap(n.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
      return name !== null && JITTER_NAME.test(name);
    }
    if (n.type !== 'Identifier' || n === expr || n.parent?.type === 'MemberExpression') return false;
    const def = variableOf(sm, n)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    return !!init && !contains(init, n) && containsRandom(ctx, init, depth + 1);
  });
}

/** The expressions a function returns (an arrow's expression body, or its `return` statements). */
export function returnedExpressions(fn: FunctionNode): Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const out: Node[] = [];
  walk(fn.body, (n) => {
    if (n !== fn.body && (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression')) return false;
    if (n.type === 'ReturnStatement' && n.argument) out.push(n.argument);
    return undefined;
  });
  return out;
}

/** An environment for a helper's body in which its parameters stand for the caller's arguments. */
export function bindParams(ctx: AnalysisContext, fn: FunctionNode, call: TSESTree.CallExpression, env: GrowthEnv): GrowthEnv {
  const sm = ctx.source.scopeManager;
  const bindings = new Map(env.bindings ?? []);
  fn.params.forEach((param, i) => {
    const target = param.type === 'AssignmentPattern' ? param.left : param;
    const arg = call.arguments[i];
    if (target.type !== 'Identifier' || !sm) return;
    const variable = sm.getDeclaredVariables(fn).find((v) => v.name === target.name);
    if (!variable) return;
    if (arg && arg.type !== 'SpreadElement') bindings.set(variable, { node: arg, env });
    else if (param.type === 'AssignmentPattern') bindings.set(variable, { node: param.right, env: { ...env, repeating: null } });
  });
  return { attemptVars: env.attemptVars, repeating: fn.body, bindings, depth: (env.depth ?? 0) + 1 };
}

/** The growth of an explicit delay list (`new IterableBackoff([100, 200, 400])`). */
export function sequenceGrowth(xs: number[]): BackoffInfo['growth'] {
  if (xs.length === 0 || xs.every((x) => x === 0)) return 'none';
  if (xs.every((x) => x === xs[0])) return 'fixed';
  const diffs = xs.slice(1).map((x, i) => x - xs[i]!);
  if (diffs.every((d) => d === diffs[0])) return 'linear';
  const ratios = xs.slice(1).map((x, i) => (xs[i] ? x / xs[i]! : 0));
  return ratios.every((r) => r >= 1.5) ? 'exponential' : 'unknown';
}

export function toBackoff(c: DelayClass, node?: Node): BackoffInfo {
  const growth = c.growth === 'zero' ? 'none' : c.growth;
  return node ? { growth, jitter: c.jitter, node } : { growth, jitter: c.jitter };
}
