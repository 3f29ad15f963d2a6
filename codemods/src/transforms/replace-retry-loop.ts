// replace-retry-loop: a hand-rolled retry loop becomes the runtime's retry (exponential backoff
// with full jitter, transient failures only), keeping the loop's attempt count, what it did on
// success (return / assign) and what it did after the last failure (rethrow / throw its own error).
//
//   for (let i = 0; i < 3; i++) {                 return await retry({ maxAttempts: 3 }).execute(
//     try { return await fetch(url); }       →       ({ signal }) => fetch(url, { signal }));
//     catch (err) { if (i === 2) throw err; await sleep(500); }
//   }
//
// Only shapes whose success path can be moved into `execute(fn)` unchanged are rewritten; every other
// loop is reported as skipped, with the reason.
import type { OutboundCall, RetryConstruct } from 'eslint-plugin-breakwater/analysis';
import { Node, SyntaxKind, type Block, type CatchClause, type DoStatement, type ForOfStatement, type ForStatement, type Statement, type TryStatement, type WhileStatement } from 'ts-morph';
import { isNonIdempotent } from './clients.js';
import type { TransformContext } from './context.js';
import { applyWithin, type Edit } from './edits.js';
import { executeOptions } from './execute-options.js';
import { callAt, contains, identifiersNamed, nodeAt } from './locate.js';
import { selectAt } from './only.js';
import { reindentEdits, reindentInserted } from './reindent.js';
import { existingEntry, isPolicyModule, recordPolicyUse, usePolicy, type ServicePolicy } from './service-policy.js';
import { passSignal, signalLocalName } from './signal.js';
import { indentAt } from './source.js';

type Loop = Node & Statement;

export function replaceRetryLoop(ctx: TransformContext): void {
  const replaced: Array<readonly [number, number]> = [];
  const handRolled = ctx.analysis.retries.filter((r) => r.kind === 'hand-rolled');
  for (const construct of selectAt(handRolled, (r) => r.node.range, ctx.only)) {
    const at = construct.node.range[0];
    if (construct.form === 'recursion') {
      ctx.skip(at, 'a recursive retry is not rewritten; replace the recursion with retry({ maxAttempts }).execute(…) by hand');
      continue;
    }
    const loop = nodeAt(ctx.sf, construct.node.range, isLoop);
    if (!loop) {
      ctx.skip(at, `${construct.label}: left as is — not a loop statement this transform can rewrite`);
      continue;
    }
    const plan = planLoop(ctx, construct, loop as Loop, replaced);
    if ('skip' in plan) ctx.skip(at, `${construct.label}: left as is — ${plan.skip}`);
  }
  removeUnusedWaitHelpers(ctx, replaced);
}

interface LoopShape {
  tryStmt: TryStatement;
  catchClause: CatchClause;
  /** Names that count attempts (the loop variable, counters updated in the loop). */
  control: Set<string>;
  /** Statements of the catch block and after the try that are dropped (waits, counters, logs). */
  dropped: Statement[];
  /** `if (<last attempt>) throw <expr>` in the catch. */
  guard?: { expr: Node; statement: Statement };
  /** `lastError = err` in the catch. */
  lastErrorName?: string;
  /** The `lastError = err` assignment comes before the guard (so the guard's `lastError` is this attempt's error). */
  lastErrorBeforeGuard?: boolean;
}

function planLoop(ctx: TransformContext, construct: RetryConstruct, loop: Loop, replaced: Array<readonly [number, number]>): { skip: string } | { done: boolean } {
  if (construct.maxAttempts === null) return { skip: 'its attempt count is not static' };
  if (Node.isLabeledStatement(loop.getParent())) return { skip: 'it is labeled (something may `continue` or `break` it from inside)' };
  const shape = readShape(ctx, construct, loop);
  if ('skip' in shape) return shape;
  const tryBlock = shape.tryStmt.getTryBlock();
  const statements = tryBlock.getStatements();
  const last = statements.at(-1);
  if (!last) return { skip: 'its try block is empty' };

  const calls = construct.calls
    .map((c) => ({ call: c, node: callAt(ctx.sf, c.range) }))
    .filter((c): c is { call: OutboundCall; node: NonNullable<typeof c.node> } => c.node !== undefined && contains(tryBlock, c.node));
  if (calls.length === 0) return { skip: 'the request it repeats is not inside its try block' };
  const unsafe = calls.filter((c) => isNonIdempotent(c.call.method));
  if (unsafe.length > 1) return { skip: 'it repeats several non-idempotent requests' };

  // Where the new code goes and how the success path reads.
  let success: 'return' | 'assign';
  if (Node.isReturnStatement(last)) {
    const fn = loop.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
    if (!fn || !(Node.isModifierable(fn) && fn.hasModifier(SyntaxKind.AsyncKeyword))) return { skip: 'it is not inside an async function' };
    success = 'return';
  } else if (Node.isBreakStatement(last) && !last.getLabel() && statements.length === 2) {
    success = 'assign';
  } else return { skip: 'its success path does not end in `return` (or in one assignment and `break`)' };

  const problem = controlFlowProblem(tryBlock, success === 'assign' ? last : undefined, shape.control);
  if (problem) return { skip: problem };

  // What happens after the last failure.
  const after = nextStatement(loop);
  let rethrow: FinalThrow | null = null; // wrap in a try/catch that throws this
  const removals: Edit[] = [];
  let coverEnd = loop.getEnd(); // the replaced span (grows over a removed `throw` after the loop)
  const caughtName = shape.catchClause.getVariableDeclaration()?.getName() ?? null;
  if (shape.guard) {
    const expr = shape.guard.expr;
    if (!(Node.isIdentifier(expr) && expr.getText() === caughtName)) {
      const final = finalThrow(ctx, loop, shape, expr, caughtName, shape.guard.statement);
      if ('skip' in final) return { skip: `the error it throws after the last attempt ${final.skip}` };
      rethrow = final;
    }
    if (shape.lastErrorName) removals.push(...removeIfOnlyUsedIn(ctx, shape.lastErrorName, loop, undefined));
  } else {
    if (success === 'assign') return { skip: 'after the last failure it carries on as if the request had succeeded' };
    if (!after || !Node.isThrowStatement(after)) return { skip: 'after the last failure it does not throw (the runtime retry would)' };
    const between = ctx.text.slice(loop.getEnd(), after.getStart()).trim();
    const thrown = after.getExpression();
    if (shape.lastErrorName && Node.isIdentifier(thrown) && thrown.getText() === shape.lastErrorName && between === '') {
      // `throw lastError`: exactly what the runtime does after the last attempt.
    } else {
      const final = finalThrow(ctx, loop, shape, thrown, null, after);
      if ('skip' in final) return { skip: `the error it throws after the loop ${final.skip}` };
      // Comments between the loop and its throw describe the throw: they move with it.
      rethrow = { ...final, prelude: [...between.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => (l.trim().startsWith('*') ? ` ${l.trim()}` : l.trim())), ...final.prelude] };
    }
    coverEnd = after.getEnd();
    if (shape.lastErrorName) removals.push(...removeIfOnlyUsedIn(ctx, shape.lastErrorName, loop, after));
  }
  for (const name of shape.control) if (!loopDeclares(loop, name)) removals.push(...removeIfOnlyUsedIn(ctx, name, loop, after && coverEnd === after.getEnd() ? after : undefined));

  // The work function: the try block's statements with the policy signal passed to the request.
  const callEdits: Edit[] = [];
  const local = signalLocalName(ctx, tryBlock);
  let passed = false;
  for (const { call, node } of calls) {
    if (call.signal) continue; // keeps its own signal (a per-attempt timeout stays per attempt)
    if (!(Node.isCallExpression(node) || Node.isNewExpression(node))) continue;
    const plan = passSignal(ctx, call, node, local);
    if ('reason' in plan || !plan.passed) continue;
    callEdits.push(...plan.edits);
    passed = true;
  }
  const param = !passed ? '()' : local === 'signal' ? '({ signal })' : `({ signal: ${local} })`;
  const indent = indentAt(ctx.text, loop.getStart());
  const unit = ctx.style.indentUnit;
  const eol = ctx.style.eol;
  const bodyIndent = indent + (rethrow ? unit : '');

  const unsafeCall = unsafe[0]?.call;
  const runner = retryRunner(ctx, construct.maxAttempts, calls.map((c) => c.call), unsafeCall);
  /** The text of `node` with the request edits, re-indented from its statement's depth to `to`. */
  const moved = (start: number, end: number, statementOf: Node, to: string) => {
    const from = indentAt(ctx.text, statementOf.getStart());
    const inside = callEdits.filter((e) => e.start >= start && e.end <= end);
    const edits = [...reindentEdits(ctx.sf, start, end, from, to), ...inside.map((e) => reindentInserted(e, from, to))];
    return applyWithin(ctx.text.slice(start, end), start, edits);
  };
  const run = (fn: string) => `${runner.callee}.execute(${fn}${runner.execOpts ? `, ${runner.execOpts}` : ''})`;

  let statement: string;
  if (success === 'return') {
    const only = statements.length === 1 ? returnedExpression(last) : undefined;
    if (only) {
      statement = `return await ${run(`${asyncIfAwaits(only)}${param} => ${moved(only.getStart(), only.getEnd(), last, bodyIndent)}`)}${ctx.style.semi}`;
    } else {
      const first = statements[0]!;
      const reindented = moved(first.getStart(), last.getEnd(), first, bodyIndent + unit);
      statement = `return await ${run(`async ${param} => {${eol}${bodyIndent}${unit}${reindented}${eol}${bodyIndent}}`)}${ctx.style.semi}`;
    }
  } else {
    const only = statements[0]!;
    const awaited = awaitedExpression(only);
    if (!awaited) return { skip: 'its try block does not await the request in one statement' };
    const before = ctx.text.slice(only.getStart(), awaited.getStart());
    const after = ctx.text.slice(awaited.getEnd(), only.getEnd());
    statement = `${before}${run(`${asyncIfAwaits(awaited)}${param} => ${moved(awaited.getStart(), awaited.getEnd(), only, bodyIndent)}`)}${after}`;
  }
  if (rethrow) {
    const binding = rethrow.binding ? ` (${rethrow.binding})` : '';
    const inCatch = indent + unit;
    const thrownText = applyWithin(ctx.text.slice(rethrow.expr.getStart(), rethrow.expr.getEnd()), rethrow.expr.getStart(), reindentEdits(ctx.sf, rethrow.expr.getStart(), rethrow.expr.getEnd(), indentAt(ctx.text, rethrow.statement.getStart()), inCatch));
    const lines = [...rethrow.prelude, `throw ${thrownText}${ctx.style.semi}`].map((l) => `${inCatch}${l}`).join(eol);
    statement = `try {${eol}${inCatch}${statement}${eol}${indent}} catch${binding} {${eol}${lines}${eol}${indent}}`;
  }

  const dropped = shape.dropped.filter((s) => /^console\./.test(s.getText())).length;
  const notes = [
    unsafeCall && !unsafeCall.idempotencyKey ? `the ${unsafeCall.method} is not repeated without an Idempotency-Key: run idempotency-key` : '',
    dropped > 0 ? 'per-attempt logging dropped (subscribe to the policy\'s "retry" event instead)' : '',
    runner.note,
  ].filter(Boolean);
  const message = `${construct.label} → ${runner.summary}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
  const done = ctx.commit([{ start: loop.getStart(), end: coverEnd, text: statement }, ...removals], loop.getStart(), message, () => {
    ctx.session.runtimeUsed = true;
    runner.onAccept();
    replaced.push([loop.getStart(), coverEnd]);
    if (runner.routed) ctx.routed.push([loop.getStart(), coverEnd]);
  });
  return { done };
}

interface RetryRunner {
  /** What `.execute(fn, opts)` is called on: `retry({ maxAttempts: 3 })` or the service's policy. */
  callee: string;
  execOpts: string | null;
  /** For the change note: what the loop became. */
  summary: string;
  /** Something the user should know (the policy's own retry settings), or ''. */
  note: string;
  /** Through the service's policy (its timeout bounds the requests), not a bare retry. */
  routed: boolean;
  onAccept(): void;
}

/**
 * What runs the work: with wrap-policy also chosen, the service's policy when every request of the
 * loop goes to one known service (its retry replaces the loop: one retry, not two stacked, with
 * the breaker and bulkhead around it); else the runtime's bare retry with the loop's attempt count.
 */
function retryRunner(ctx: TransformContext, maxAttempts: number, calls: readonly OutboundCall[], unsafeCall: OutboundCall | undefined): RetryRunner {
  const execOpts = unsafeCall ? executeOptions(ctx, unsafeCall) : null;
  // A key the execute options cannot repeat (built by a call): only the bare retry can opt in to repeating the request.
  const keyNotPassed = unsafeCall?.idempotencyKey === true && !execOpts?.includes('headers');
  const services = new Set(calls.map((c) => c.service));
  const service = services.size === 1 ? [...services][0] : null;
  let why = '';
  if (ctx.options.transforms.includes('wrap-policy') && !isPolicyModule(ctx)) {
    if (!service) why = services.size > 1 ? 'its requests go to several services' : 'no service name can be told for its request';
    else if (keyNotPassed) why = 'its Idempotency-Key is built by a call the execute options cannot repeat';
    if (service && !why) {
      const policy = usePolicy(ctx, service);
      return {
        callee: policy.local,
        execOpts,
        summary: `${policy.local}.execute(…) (policy '${service}': its retry — backoff, jitter, transient failures only — replaces the loop's ${maxAttempts} attempts, inside its breaker and bulkhead)`,
        note: attemptsNote(ctx, policy, maxAttempts),
        routed: true,
        onAccept: () => recordPolicyUse(ctx, policy, calls.find((c) => c.url?.host)?.url?.host, maxAttempts),
      };
    }
  }
  const retryLocal = ctx.imports.use(ctx.runtimeSpecifier(), 'retry');
  const retryOpts = keyNotPassed ? `{ maxAttempts: ${maxAttempts}, retryNonIdempotent: true }` : `{ maxAttempts: ${maxAttempts} }`;
  return {
    callee: `${retryLocal}(${retryOpts})`,
    execOpts,
    summary: `${retryLocal}({ maxAttempts: ${maxAttempts} }) with backoff, jitter and transient-only retries`,
    note: why ? `not routed through a service policy (${why}): wrap its requests in their policies by hand for a breaker and a bulkhead` : '',
    routed: false,
    onAccept: () => {},
  };
}

/** How many attempts the policy will make, compared with the loop's. */
function attemptsNote(ctx: TransformContext, policy: ServicePolicy, loopAttempts: number): string {
  const planned = ctx.session.services.get(policy.exportName)?.maxAttempts;
  const existing = existingEntry(ctx, policy);
  if (existing === 'unknown') return `a new '${policy.service}' entry gets retry.maxAttempts ${loopAttempts} from the loop; an entry the policy module already has keeps its own retry settings`;
  if (existing) {
    const theirs = existing.maxAttempts === false ? 'retry: false, so the request is no longer retried' : existing.maxAttempts === null ? 'its own retry settings' : `maxAttempts ${existing.maxAttempts}`;
    if (existing.maxAttempts === loopAttempts) return '';
    return `the policy module's existing '${policy.service}' entry keeps ${theirs} instead of the loop's ${loopAttempts} attempts (change the entry in the policy module if that is not what you want)`;
  }
  if (planned !== undefined && planned !== loopAttempts) return `the new '${policy.service}' entry has retry.maxAttempts ${planned}, from the first retry loop routed to it (this loop made ${loopAttempts} attempts)`;
  return '';
}

/** What the code threw after the last failure, kept exactly, in a `catch` around the retry. */
interface FinalThrow {
  expr: Node;
  /** The statement it came from (its indentation is the one to replace). */
  statement: Node;
  /** The catch binding the expression needs (the caught error under the name it uses), or null. */
  binding: string | null;
  /** Lines before the `throw` in the catch block (moved comments, a typed copy of the error). */
  prelude: string[];
}

/**
 * The final error `expr` as a catch block can throw it. What the runtime rethrows after the last
 * attempt is that attempt's error, so an expression built from the last error — `new Error(msg, {
 * cause: lastError })`, `lastError ?? new Error(…)`, `` `…${lastError}` `` — or, in the guard, from
 * the caught error gets it as the catch binding under the same name.
 */
function finalThrow(ctx: TransformContext, loop: Loop, shape: LoopShape, expr: Node, param: string | null, statement: Node): FinalThrow | { skip: string } {
  if (mentions(expr, shape.control)) return { skip: 'uses the attempt counter' };
  const last = shape.lastErrorName;
  const usesParam = param !== null && mentionsName(expr, param);
  const usesLast = last !== undefined && mentionsName(expr, last);
  if (usesParam && usesLast && param !== last) return { skip: 'is built from both the caught error and an earlier one' };
  if (usesLast && shape.guard && !shape.lastErrorBeforeGuard) return { skip: 'is built from the previous attempt\'s error' };
  if (usesParam) return { expr, statement, binding: param, prelude: [] };
  if (!usesLast) return { expr, statement, binding: null, prelude: [] };
  // The catch binding is `unknown` (or `any`); the variable had a declared type. Where the
  // expression reads the error's members, a typed copy keeps it type-checking as before.
  const declared = declaredType(loop, last);
  if (!declared || !readsMembers(expr, last)) return { expr, statement, binding: last, prelude: [] };
  const caught = ctx.imports.reserve('error');
  return { expr, statement, binding: caught, prelude: [`const ${last} = ${caught} as ${declared}${ctx.style.semi}`] };
}

/** The type annotation of `let <name>: T` declared before the loop in its block. */
function declaredType(loop: Loop, name: string): string | undefined {
  for (const s of loop.getParent()?.getChildSyntaxList()?.getChildren() ?? []) {
    if (!Node.isVariableStatement(s) || s.getEnd() > loop.getStart()) continue;
    const decl = s.getDeclarations().find((d) => d.getName() === name);
    const type = decl?.getTypeNode();
    if (type) return type.getText();
  }
  return undefined;
}

/** `name.x`, `name?.x`, `name[k]`, `name!.x`, `name()` somewhere in `expr`. */
function readsMembers(expr: Node, name: string): boolean {
  return [expr, ...expr.getDescendants()].some((n) => {
    if (!Node.isIdentifier(n) || !mentionsSelf(n, new Set([name]))) return false;
    let outer: Node = n;
    while (Node.isNonNullExpression(outer.getParent()) || Node.isParenthesizedExpression(outer.getParent())) outer = outer.getParent()!;
    const parent = outer.getParent();
    return (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent) || Node.isCallExpression(parent)) && parent.getExpression() === outer;
  });
}

function readShape(ctx: TransformContext, construct: RetryConstruct, loop: Loop): LoopShape | { skip: string } {
  const body = isLoop(loop) ? loop.getStatement() : undefined;
  if (!body || !Node.isBlock(body)) return { skip: 'its body is not a block' };
  const stmts = body.getStatements();
  const tryIndex = stmts.findIndex((s) => Node.isTryStatement(s));
  const tryStmt = stmts[tryIndex];
  if (!tryStmt || !Node.isTryStatement(tryStmt)) return { skip: 'its body has no try/catch' };
  if (tryIndex !== 0) return { skip: 'it does work before its try block' };
  const catchClause = tryStmt.getCatchClause();
  if (!catchClause) return { skip: 'its try has no catch' };
  if (tryStmt.getFinallyBlock()) return { skip: 'its try has a finally block' };

  const control = controlNames(loop);
  const param = catchClause.getVariableDeclaration()?.getName() ?? null;
  const shape: LoopShape = { tryStmt, catchClause, control, dropped: [] };
  const backoffRange = construct.backoff.node?.range;
  const failurePath = [...catchClause.getBlock().getStatements(), ...stmts.slice(tryIndex + 1)];
  for (const s of failurePath) {
    const kind = classify(s, control, param, backoffRange);
    if (kind.kind === 'other') return { skip: `its catch block does more than wait and rethrow (\`${s.getText().split('\n')[0]}\`)` };
    if (kind.kind === 'guard') {
      if (shape.guard) return { skip: 'its catch block throws in more than one place' };
      shape.guard = { expr: kind.expr, statement: s };
      shape.lastErrorBeforeGuard = shape.lastErrorName !== undefined;
    } else if (kind.kind === 'last-error') shape.lastErrorName = kind.name;
    shape.dropped.push(s);
  }
  void ctx;
  return shape;
}

type Classified = { kind: 'wait' | 'count' | 'log' } | { kind: 'guard'; expr: Node } | { kind: 'last-error'; name: string } | { kind: 'other' };

const WAIT_CALLEE = /(sleep|delay|wait|pause|backoff|setTimeout|timeout)/i;

function classify(s: Statement, control: Set<string>, param: string | null, backoffRange: readonly [number, number] | undefined): Classified {
  if (backoffRange && s.getStart() <= backoffRange[0] && backoffRange[1] <= s.getEnd() && !containsThrowOrReturn(s)) return { kind: 'wait' };
  if (Node.isExpressionStatement(s)) {
    const e = s.getExpression();
    if (Node.isAwaitExpression(e)) {
      const inner = e.getExpression();
      const callee = Node.isCallExpression(inner) || Node.isNewExpression(inner) ? inner.getExpression().getText() : '';
      if (WAIT_CALLEE.test(callee) || (callee === 'Promise' && /setTimeout/.test(inner.getText()))) return { kind: 'wait' };
      return { kind: 'other' };
    }
    if ((Node.isPostfixUnaryExpression(e) || Node.isPrefixUnaryExpression(e)) && control.has(e.getOperand().getText())) return { kind: 'count' };
    if (Node.isBinaryExpression(e)) {
      const op = e.getOperatorToken().getKind();
      const left = e.getLeft().getText();
      if ((op === SyntaxKind.PlusEqualsToken || op === SyntaxKind.MinusEqualsToken) && control.has(left)) return { kind: 'count' };
      if (op === SyntaxKind.EqualsToken && param && Node.isIdentifier(e.getLeft()) && caughtValue(e.getRight(), param)) return { kind: 'last-error', name: left };
    }
    if (Node.isCallExpression(e) && /^console\.\w+$/.test(e.getExpression().getText())) return { kind: 'log' };
    return { kind: 'other' };
  }
  if (Node.isIfStatement(s) && !s.getElseStatement()) {
    const then = s.getThenStatement();
    const thrown = Node.isThrowStatement(then) ? then : Node.isBlock(then) && then.getStatements().length === 1 && Node.isThrowStatement(then.getStatements()[0]) ? then.getStatements()[0] : undefined;
    if (thrown && Node.isThrowStatement(thrown)) {
      const cond = s.getExpression();
      // Only a last-attempt check: it reads the counter, not the error (that would be a predicate).
      if (mentions(cond, control) && !(param && mentionsName(cond, param))) return { kind: 'guard', expr: thrown.getExpression() };
    }
  }
  return { kind: 'other' };
}

/** `err`, or `err as Error` (the same value, typed). */
function caughtValue(e: Node, param: string): boolean {
  while (Node.isAsExpression(e) || Node.isParenthesizedExpression(e) || Node.isNonNullExpression(e)) e = e.getExpression();
  return Node.isIdentifier(e) && e.getText() === param;
}

function isLoop(n: Node): n is ForStatement | ForOfStatement | WhileStatement | DoStatement {
  return Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n);
}

/** The loop variable and the counters the loop updates or tests. */
function controlNames(loop: Loop): Set<string> {
  const names = new Set<string>();
  if (Node.isForOfStatement(loop)) {
    // for (const delay of [100, 200, 400]): the variable is the attempt's own value
    const init = loop.getInitializer();
    if (Node.isVariableDeclarationList(init)) for (const d of init.getDeclarations()) for (const id of identifiers(d.getNameNode())) names.add(id);
  }
  if (Node.isForStatement(loop)) {
    const init = loop.getInitializer();
    if (init && Node.isVariableDeclarationList(init)) for (const d of init.getDeclarations()) names.add(d.getName());
    const inc = loop.getIncrementor();
    if (inc) for (const id of inc.getDescendantsOfKind(SyntaxKind.Identifier)) names.add(id.getText());
  }
  const cond = Node.isForStatement(loop) ? loop.getCondition() : Node.isWhileStatement(loop) || Node.isDoStatement(loop) ? loop.getExpression() : undefined;
  if (cond) for (const id of identifiers(cond)) names.add(id);
  for (const u of loop.getDescendants()) {
    if ((Node.isPostfixUnaryExpression(u) || Node.isPrefixUnaryExpression(u)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(u.getOperatorToken())) {
      const operand = u.getOperand();
      if (Node.isIdentifier(operand)) names.add(operand.getText());
    }
    if (Node.isBinaryExpression(u) && [SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken].includes(u.getOperatorToken().getKind()) && Node.isIdentifier(u.getLeft())) names.add(u.getLeft().getText());
  }
  return names;
}

/** A reason the try block cannot become a function body, or null. */
function controlFlowProblem(tryBlock: Block, finalBreak: Node | undefined, control: Set<string>): string | null {
  for (const n of tryBlock.getDescendants()) {
    if (mentionsSelf(n, control)) return `its request uses the attempt counter \`${n.getText()}\``;
    if (Node.isYieldExpression(n)) return 'it yields (a generator)';
    if ((Node.isBreakStatement(n) || Node.isContinueStatement(n)) && n !== finalBreak && targetsLoop(n, tryBlock)) return 'it uses `break`/`continue` inside its try block';
  }
  return null;
}

function mentionsSelf(n: Node, names: Set<string>): boolean {
  if (!Node.isIdentifier(n) || !names.has(n.getText())) return false;
  const parent = n.getParent();
  return !(Node.isPropertyAccessExpression(parent) && parent.getNameNode() === n) && !(Node.isPropertyAssignment(parent) && parent.getNameNode() === n);
}

/** Does an unlabeled break/continue (or a labeled one) leave `within`? */
function targetsLoop(n: Node, within: Node): boolean {
  if ((Node.isBreakStatement(n) || Node.isContinueStatement(n)) && n.getLabel()) return true;
  for (let p = n.getParent(); p && p !== within; p = p.getParent()) {
    if (Node.isFunctionLikeDeclaration(p) || Node.isArrowFunction(p)) return false;
    if (Node.isIterationStatement(p)) return false;
    if (Node.isSwitchStatement(p) && Node.isBreakStatement(n)) return false;
  }
  return true;
}

function identifiers(n: Node): string[] {
  const ids = n.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => mentionsSelf(id, new Set([id.getText()])));
  return (Node.isIdentifier(n) ? [n, ...ids] : ids).map((id) => id.getText());
}

function mentions(n: Node, names: Set<string>): boolean {
  return identifiers(n).some((id) => names.has(id));
}

function mentionsName(n: Node, name: string): boolean {
  return mentions(n, new Set([name]));
}

function containsThrowOrReturn(s: Node): boolean {
  return s.getDescendants().some((d) => Node.isThrowStatement(d) || Node.isReturnStatement(d)) || Node.isThrowStatement(s) || Node.isReturnStatement(s);
}

function loopDeclares(loop: Loop, name: string): boolean {
  if (!Node.isForStatement(loop) && !Node.isForOfStatement(loop)) return false;
  const init = loop.getInitializer();
  return init !== undefined && Node.isVariableDeclarationList(init) && init.getDeclarations().some((d) => d.getName() === name);
}

/** The statement after `s` (a comment on its own line is not one). */
function nextStatement(s: Statement): Statement | undefined {
  let next = s.getNextSibling();
  while (next && Node.isCommentStatement(next)) next = next.getNextSibling();
  return next && Node.isStatement(next) ? next : undefined;
}

/** `async ` when the expression awaits (outside functions of its own): it becomes an arrow's body. */
function asyncIfAwaits(expr: Node): string {
  const awaits = expr.getDescendants().some((d) => Node.isAwaitExpression(d) && d.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || a === expr) === expr);
  return awaits ? 'async ' : '';
}

/** `return await E` / `return E` → E. */
function returnedExpression(s: Statement): Node | undefined {
  if (!Node.isReturnStatement(s)) return undefined;
  const e = s.getExpression();
  if (!e) return undefined;
  return Node.isAwaitExpression(e) ? e.getExpression() : undefined;
}

/** `x = await E;` / `await E;` → E. */
function awaitedExpression(s: Statement): Node | undefined {
  if (!Node.isExpressionStatement(s)) return undefined;
  let e = s.getExpression();
  if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.EqualsToken) e = e.getRight();
  return Node.isAwaitExpression(e) ? e.getExpression() : undefined;
}

/**
 * A file-private wait helper (`const sleep = …`, `function delay() {}`) that only the replaced loops
 * called is removed with them (it would be an unused declaration).
 */
function removeUnusedWaitHelpers(ctx: TransformContext, replaced: ReadonlyArray<readonly [number, number]>): void {
  if (replaced.length === 0) return;
  const inReplaced = (n: Node) => replaced.some(([s, e]) => s <= n.getStart() && n.getEnd() <= e);
  for (const st of ctx.sf.getStatements()) {
    let nameNode: Node | undefined;
    if (Node.isVariableStatement(st) && !st.isExported() && st.getDeclarations().length === 1) {
      const decl = st.getDeclarations()[0]!;
      const init = decl.getInitializer();
      if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) nameNode = decl.getNameNode();
    } else if (Node.isFunctionDeclaration(st) && !st.isExported() && !st.isDefaultExport()) nameNode = st.getNameNode();
    if (!nameNode || !Node.isIdentifier(nameNode) || !WAIT_CALLEE.test(nameNode.getText())) continue;
    const name = nameNode.getText();
    const uses = identifiersNamed(ctx.sf, name).filter((id) => id !== nameNode && mentionsSelf(id, new Set([name])));
    if (uses.length === 0 || !uses.every(inReplaced)) continue;
    const edits = removeStatementLines(ctx, st);
    if (edits.length > 0) ctx.commit(edits, st.getStart(), `removed \`${name}\`: only the replaced retry loops used it`);
  }
  removeUnusedWaitImports(ctx, inReplaced);
}

/**
 * An imported wait helper (`import { setTimeout as sleep } from 'node:timers/promises'`, `import
 * delay from 'delay'`) that only the replaced loops called: its binding goes, and the whole
 * declaration when nothing else is imported by it.
 */
function removeUnusedWaitImports(ctx: TransformContext, inReplaced: (n: Node) => boolean): void {
  const unusedElsewhere = (nameNode: Node) => {
    const name = nameNode.getText();
    if (!WAIT_CALLEE.test(name)) return false;
    const uses = identifiersNamed(ctx.sf, name).filter((id) => id !== nameNode && mentionsSelf(id, new Set([name])) && !Node.isImportSpecifier(id.getParent()));
    return uses.length > 0 && uses.every(inReplaced);
  };
  for (const decl of ctx.sf.getImportDeclarations()) {
    if (decl.isTypeOnly() || decl.getNamespaceImport()) continue;
    const named = decl.getNamedImports().filter((n) => !n.isTypeOnly());
    const defaultImport = decl.getDefaultImport();
    const goingNamed = named.filter((n) => unusedElsewhere(n.getAliasNode() ?? n.getNameNode()));
    const goingDefault = defaultImport !== undefined && unusedElsewhere(defaultImport);
    if (goingNamed.length === 0 && !goingDefault) continue;
    const names = [...(goingDefault ? [defaultImport.getText()] : []), ...goingNamed.map((n) => (n.getAliasNode() ?? n.getNameNode()).getText())].map((n) => `\`${n}\``).join(', ');
    const message = `removed the import of ${names}: only the replaced retry loops used it`;
    const all = decl.getNamedImports();
    if ((defaultImport === undefined || goingDefault) && goingNamed.length === all.length) {
      const edits = removeStatementLines(ctx, decl, 'import');
      if (edits.length > 0 && ctx.commit(edits, decl.getStart(), message)) ctx.imports.removing(decl);
      continue;
    }
    if (goingDefault) continue; // `import delay, { other }`: rare; left as is
    const bindings = decl.getImportClause()?.getNamedBindings();
    if (goingNamed.length === all.length && defaultImport && bindings) {
      // `import wait, { sleep }` → `import wait`
      ctx.commit([{ start: defaultImport.getEnd(), end: bindings.getEnd(), text: '' }], decl.getStart(), message);
      continue;
    }
    const edits: Edit[] = goingNamed.map((n) => {
      const i = all.indexOf(n);
      const next = all[i + 1];
      const previous = all[i - 1];
      // With the comma that separates it from its neighbour.
      return next ? { start: n.getStart(), end: next.getStart(), text: '' } : { start: previous!.getEnd(), end: n.getEnd(), text: '' };
    });
    ctx.commit(edits, decl.getStart(), message);
  }
}

/**
 * Edits removing a statement's whole line(s), when nothing else shares them. A helper with a
 * comment above it is kept (the comment describes it); an import's comment is usually the file's
 * header, and stays.
 */
function removeStatementLines(ctx: TransformContext, st: Node, kind: 'helper' | 'import' = 'helper'): Edit[] {
  const text = ctx.text;
  const lineStart = text.lastIndexOf('\n', st.getStart() - 1) + 1;
  const nl = text.indexOf('\n', st.getEnd());
  const lineEnd = nl < 0 ? text.length : nl + 1;
  if (text.slice(lineStart, st.getStart()).trim() !== '' || text.slice(st.getEnd(), lineEnd).trim() !== '') return [];
  if (kind === 'helper' && st.getLeadingCommentRanges().length > 0) return [];
  // Also one blank line after it, when it stood between blank lines (or first in the file: but an
  // import there gives its place to the imports the fix adds, which keep that blank line).
  const before = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart);
  const blankBefore = lineStart === 0 ? kind === 'helper' : before.trim() === '';
  const afterMatch = /^[ \t]*\r?\n/.exec(text.slice(lineEnd));
  const end = blankBefore && afterMatch ? lineEnd + afterMatch[0].length : lineEnd;
  return [{ start: lineStart, end, text: '' }];
}

/**
 * Removes `let name …;` declared in the loop's block before the loop, when every other mention of
 * the name is inside the loop (or the removed statement after it): after the rewrite nothing uses it.
 */
function removeIfOnlyUsedIn(ctx: TransformContext, name: string, loop: Loop, alsoRemoved: Statement | undefined): Edit[] {
  const block = loop.getParent();
  if (!block) return [];
  const decl = (block.getChildSyntaxList()?.getChildren() ?? []).find(
    (s): s is Node & Statement => Node.isVariableStatement(s) && s.getDeclarations().length === 1 && s.getDeclarations()[0]!.getName() === name && s.getEnd() <= loop.getStart(),
  );
  if (!decl || !Node.isVariableStatement(decl)) return [];
  const scope = loop.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a)) ?? ctx.sf;
  const declName = decl.getDeclarations()[0]!.getNameNode();
  const outside = scope.getDescendantsOfKind(SyntaxKind.Identifier).some(
    (id) => mentionsSelf(id, new Set([name])) && id !== declName && !contains(loop, id) && !(alsoRemoved && contains(alsoRemoved, id)),
  );
  if (outside) return [];
  return removeStatementLines(ctx, decl);
}
