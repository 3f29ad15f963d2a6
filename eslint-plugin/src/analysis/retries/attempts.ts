// How many attempts a hand-rolled retry makes, worked out by running its counter symbolically:
// one failing attempt after another, through the loop test, the catch's guards
// (`if (attempt >= max) throw err`) and the counter updates, until something stops it.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, memberName, staticNumber, unwrap, variableOf } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { walkOwn } from './reach.js';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
type Loop = TSESTree.ForStatement | TSESTree.ForOfStatement | TSESTree.ForInStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement;

const LIMIT = 1000;
const UNKNOWN = Symbol('unknown');
type Val = number | boolean | typeof UNKNOWN;

interface Counter {
  variable: Variable;
  value: number;
  /**
   * The value to give a part of an `&&`/`||` that does not depend on the counter (`isTransient(e)`,
   * `res.status === 503`): the one that keeps the retry going, since we follow a failing attempt.
   */
  assume?: boolean;
}

/** Evaluates an expression over one counter, applying its updates (`attempt++`, `retries -= 1`). */
export function evaluate(ctx: AnalysisContext, e: Node, c: Counter): Val {
  const sm = ctx.source.scopeManager;
  const n = unwrap(e);
  const isCounter = (x: Node): boolean => {
    const u = unwrap(x);
    return u.type === 'Identifier' && variableOf(sm, u) === c.variable;
  };
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'number' || typeof n.value === 'boolean' ? n.value : UNKNOWN;
    case 'Identifier':
      if (isCounter(n)) return c.value;
      return staticNumber(sm, n) ?? parameterDefault(ctx, n) ?? UNKNOWN;
    case 'UpdateExpression': {
      if (!isCounter(n.argument)) return UNKNOWN;
      const old = c.value;
      c.value += n.operator === '++' ? 1 : -1;
      return n.prefix ? c.value : old;
    }
    case 'AssignmentExpression': {
      if (!isCounter(n.left)) return UNKNOWN;
      const r = evaluate(ctx, n.right, c);
      if (typeof r !== 'number') return UNKNOWN;
      if (n.operator === '=') c.value = r;
      else if (n.operator === '+=') c.value += r;
      else if (n.operator === '-=') c.value -= r;
      else return UNKNOWN;
      return c.value;
    }
    case 'UnaryExpression': {
      const v = evaluate(ctx, n.argument, c);
      if (v === UNKNOWN) return UNKNOWN;
      if (n.operator === '!') return !v;
      if (n.operator === '-') return -Number(v);
      if (n.operator === '+') return Number(v);
      return UNKNOWN;
    }
    case 'LogicalExpression': {
      const side = (x: Node): Val => {
        const v = evaluate(ctx, x, c);
        return v === UNKNOWN && c.assume !== undefined && !mentionsVariable(x, c.variable) ? c.assume : v;
      };
      const l = side(n.left);
      if (l === UNKNOWN) return UNKNOWN;
      if (n.operator === '&&') return l ? side(n.right) : l;
      if (n.operator === '||') return l ? l : side(n.right);
      return UNKNOWN;
    }
    case 'ConditionalExpression': {
      const t = evaluate(ctx, n.test, c);
      if (t === UNKNOWN) return UNKNOWN;
      return evaluate(ctx, t ? n.consequent : n.alternate, c);
    }
    case 'BinaryExpression': {
      if (n.left.type === 'PrivateIdentifier') return UNKNOWN;
      const l = evaluate(ctx, n.left, c);
      const r = evaluate(ctx, n.right, c);
      if (typeof l !== 'number' || typeof r !== 'number') return UNKNOWN;
      switch (n.operator) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return l / r;
        case '%': return l % r;
        case '<': return l < r;
        case '<=': return l <= r;
        case '>': return l > r;
        case '>=': return l >= r;
        case '===': case '==': return l === r;
        case '!==': case '!=': return l !== r;
        default: return UNKNOWN;
      }
    }
    default: {
      const v = staticNumber(sm, n);
      return v ?? UNKNOWN;
    }
  }
}

/** `retries` in `function f(fn, retries = 3)`, when nothing reassigns it: callers that pass another value are not seen. */
function parameterDefault(ctx: AnalysisContext, id: TSESTree.Identifier): number | null {
  const variable = variableOf(ctx.source.scopeManager, id);
  const def = variable?.defs[0];
  if (def?.type !== 'Parameter' || variable!.references.some((r) => r.isWrite() && !r.init)) return null;
  const p = def.name.parent;
  return p?.type === 'AssignmentPattern' && p.left === def.name ? staticNumber(ctx.source.scopeManager, p.right) : null;
}

/** Whether an expression mentions the counter variable. */
export function mentionsVariable(root: Node, variable: Variable): boolean {
  // The variable's references know where they are: a range check instead of a walk (the
  // simulation asks this for every statement of every iteration).
  return variable.references.some((r) => r.identifier.range[0] >= root.range[0] && r.identifier.range[1] <= root.range[1]);
}

type Abrupt = 'exit' | 'continue' | null;

/** How a statement always ends, if it always ends abruptly: `exit` (throw, return, break) or `continue`. */
export function abruptness(s: Node | null | undefined): Abrupt {
  if (!s) return null;
  switch (s.type) {
    case 'ThrowStatement':
    case 'ReturnStatement':
    case 'BreakStatement':
      return 'exit';
    case 'ContinueStatement':
      return 'continue';
    case 'BlockStatement':
      for (const st of s.body) {
        const a = abruptness(st);
        if (a) return a;
      }
      return null;
    case 'IfStatement': {
      const a = abruptness(s.consequent);
      const b = abruptness(s.alternate);
      return a && a === b ? a : null;
    }
    case 'TryStatement': {
      const f = abruptness(s.finalizer);
      if (f) return f;
      const b = abruptness(s.block);
      if (!s.handler) return b;
      const h = abruptness(s.handler.body);
      return b && b === h ? b : null;
    }
    default:
      return null;
  }
}

type Outcome = 'fallthrough' | 'next' | 'stop' | 'fail';

/**
 * Runs the statements of one failing attempt. `isAttempt` tells which statement makes the attempt:
 * inside a `try` whose block makes it, only the statements before the attempt run, then the catch.
 */
function run(ctx: AnalysisContext, stmts: readonly Node[], c: Counter, isAttempt: (s: Node) => boolean): Outcome {
  for (const s of stmts) {
    const o = runOne(ctx, s, c, isAttempt);
    if (o !== 'fallthrough') return o;
  }
  return 'fallthrough';
}

function runOne(ctx: AnalysisContext, s: Node, c: Counter, isAttempt: (s: Node) => boolean): Outcome {
  const touches = (n: Node): boolean => mentionsVariable(n, c.variable);
  switch (s.type) {
    case 'ExpressionStatement':
      if (touches(s.expression) && evaluate(ctx, s.expression, c) === UNKNOWN && updates(s.expression, c.variable)) return 'fail';
      return 'fallthrough';
    case 'VariableDeclaration':
      for (const d of s.declarations) if (d.init && touches(d.init)) evaluate(ctx, d.init, c);
      return 'fallthrough';
    case 'BlockStatement':
      return run(ctx, s.body, c, isAttempt);
    case 'ThrowStatement':
    case 'ReturnStatement':
    case 'BreakStatement':
      return 'stop';
    case 'ContinueStatement':
      return 'next';
    case 'IfStatement': {
      const a = abruptness(s.consequent);
      const b = abruptness(s.alternate);
      if (touches(s.test)) {
        // Parts of the test about something else take the value that keeps retrying.
        const probe: Counter = { ...c, assume: a !== 'exit' };
        const t = evaluate(ctx, s.test, probe);
        c.value = probe.value; // keep the test's own updates (`++attempt >= 3`)
        if (t === UNKNOWN) return 'fail';
        const branch = t ? s.consequent : s.alternate;
        return branch ? runOne(ctx, branch, c, isAttempt) : 'fallthrough';
      }
      // A test on something else (the error, the response): follow the branch that retries.
      if (a === 'continue') return runOne(ctx, s.consequent, c, isAttempt);
      if (b === 'continue' && s.alternate) return runOne(ctx, s.alternate, c, isAttempt);
      if (a === 'exit' && b !== 'exit') return s.alternate ? runOne(ctx, s.alternate, c, isAttempt) : 'fallthrough';
      if (b === 'exit' && a !== 'exit') return runOne(ctx, s.consequent, c, isAttempt);
      if (a === 'exit' && b === 'exit') return 'stop';
      return touches(s.consequent) || (s.alternate && touches(s.alternate)) ? 'fail' : 'fallthrough';
    }
    case 'TryStatement': {
      if (!isAttempt(s.block)) {
        const o = run(ctx, s.block.body, c, isAttempt);
        if (o !== 'fallthrough') return o;
      } else {
        const before: Node[] = [];
        for (const st of s.block.body) {
          if (isAttempt(st)) break;
          before.push(st);
        }
        const o = run(ctx, before, c, isAttempt);
        if (o !== 'fallthrough') return o;
        if (!s.handler) return 'stop';
        const h = run(ctx, s.handler.body.body, c, isAttempt);
        if (h !== 'fallthrough') return h;
      }
      return s.finalizer ? run(ctx, s.finalizer.body, c, isAttempt) : 'fallthrough';
    }
    default:
      return touches(s) && updates(s, c.variable) ? 'fail' : 'fallthrough';
  }
}

/** Whether code writes a variable. */
function updates(root: Node, variable: Variable): boolean {
  return variable.references.some((r) => r.isWrite() && contains(root, r.identifier as Node));
}

/** Variables the loop counts with: written by `++`/`--`/`+=`/`-=`/`x = x ± k` inside it. */
const countersCache = new WeakMap<Loop, Variable[]>();

export function loopCounters(ctx: AnalysisContext, loop: Loop): Variable[] {
  const cached = countersCache.get(loop);
  if (cached) return cached;
  const sm = ctx.source.scopeManager;
  const out: Variable[] = [];
  countersCache.set(loop, out);
  walkOwn(loop, (n) => {
    let target: Node | null = null;
    if (n.type === 'UpdateExpression') target = n.argument;
    else if (n.type === 'AssignmentExpression' && (n.operator === '+=' || n.operator === '-=')) target = n.left;
    else if (n.type === 'AssignmentExpression' && n.operator === '=' && n.right.type === 'BinaryExpression' && (n.right.operator === '+' || n.right.operator === '-')) {
      const l = unwrap(n.right.left);
      const t = unwrap(n.left);
      if (l.type === 'Identifier' && t.type === 'Identifier' && l.name === t.name) target = t;
    }
    if (target) {
      const t = unwrap(target);
      if (t.type === 'Identifier') {
        const v = variableOf(sm, t);
        if (v && !out.includes(v)) out.push(v);
      }
    }
    return undefined;
  });
  return out;
}

/** The counter's value before the loop starts: its `for` initialiser, its declaration, or a parameter default. */
function initialValue(ctx: AnalysisContext, variable: Variable): number | null {
  const sm = ctx.source.scopeManager;
  const def = variable.defs[0];
  if (!def) return null;
  if (def.type === 'Variable') {
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return init ? staticNumber(sm, init) : null;
  }
  if (def.type === 'Parameter') {
    const p = def.name.parent;
    return p?.type === 'AssignmentPattern' && p.left === def.name ? staticNumber(sm, p.right) : null;
  }
  return null;
}

/** The number of elements a `for…of` walks when it is a fixed range (`[1, 2, 3]`, `Array.from({ length: 3 })`, `range(3)`). */
export function rangeLength(ctx: AnalysisContext, iterable: Node): number | null {
  const sm = ctx.source.scopeManager;
  const n = unwrap(iterable);
  if (n.type === 'ArrayExpression') {
    if (n.elements.some((e) => e?.type === 'SpreadElement')) {
      if (n.elements.length === 1 && n.elements[0]?.type === 'SpreadElement') return arrayLikeLength(ctx, n.elements[0].argument);
      return null;
    }
    return n.elements.every((e) => e && staticNumber(sm, e) !== null) ? n.elements.length : null;
  }
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    if (callee.type === 'Identifier' && /^range$/i.test(callee.name) && n.arguments.length === 1 && n.arguments[0]) return staticNumber(sm, n.arguments[0]);
    return arrayLikeLength(ctx, n);
  }
  return null;
}

/** `Array.from({ length: n })`, `Array(n)`, `new Array(n)`, `Array(n).keys()`, `.fill(x)`. */
export function arrayLikeLength(ctx: AnalysisContext, e: Node): number | null {
  const sm = ctx.source.scopeManager;
  const n = unwrap(e);
  if ((n.type === 'CallExpression' || n.type === 'NewExpression') && n.callee.type === 'Identifier' && n.callee.name === 'Array' && n.arguments.length === 1 && n.arguments[0]) {
    return staticNumber(sm, n.arguments[0]);
  }
  if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression') return null;
  const name = memberName(n.callee);
  const object = unwrap(n.callee.object);
  if (name === 'from' && object.type === 'Identifier' && object.name === 'Array') {
    const src = n.arguments[0] ? unwrap(n.arguments[0]) : null;
    if (src?.type === 'ObjectExpression') {
      for (const p of src.properties) {
        if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'length') return staticNumber(sm, p.value);
      }
    }
    return src ? (src.type === 'ArrayExpression' ? rangeLength(ctx, src) : arrayLikeLength(ctx, src)) : null;
  }
  if (name === 'keys' || name === 'fill' || name === 'values') return arrayLikeLength(ctx, object);
  return null;
}

/** Attempts a hand-rolled loop makes before it gives up, when its counter can be followed; null when unbounded or unknown. */
export function loopMaxAttempts(ctx: AnalysisContext, loop: Loop, isAttempt: (s: Node) => boolean): number | null {
  if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') {
    return loop.type === 'ForOfStatement' ? rangeLength(ctx, loop.right) : null;
  }
  for (const variable of loopCounters(ctx, loop)) {
    const init = initialValue(ctx, variable);
    if (init === null) continue;
    const n = simulate(ctx, loop, { variable, value: init }, isAttempt);
    if (n !== null) return n;
  }
  return null;
}

function simulate(ctx: AnalysisContext, loop: Exclude<Loop, TSESTree.ForOfStatement | TSESTree.ForInStatement>, c: Counter, isAttempt: (s: Node) => boolean): number | null {
  const test = loop.test;
  const check = (): boolean | null => {
    if (!test) return true;
    const v = evaluate(ctx, test, c);
    if (v === UNKNOWN) return mentionsVariable(test, c.variable) ? null : true;
    return Boolean(v);
  };
  const body = loop.body.type === 'BlockStatement' ? loop.body.body : [loop.body];
  let count = 0;
  const seen = new Set<number>();
  while (count < LIMIT) {
    // The counter is the whole state: back at a value it had at the top of the loop, it loops forever.
    if (seen.has(c.value)) return null;
    seen.add(c.value);
    if (loop.type !== 'DoWhileStatement') {
      const t = check();
      if (t === null) return null;
      if (!t) return count;
    }
    count++;
    const o = run(ctx, body, c, isAttempt);
    if (o === 'stop') return count;
    if (o === 'fail') return null;
    if (loop.type === 'ForStatement' && loop.update) evaluate(ctx, loop.update, c);
    if (loop.type === 'DoWhileStatement') {
      const t = check();
      if (t === null) return null;
      if (!t) return count;
    }
  }
  return null;
}
