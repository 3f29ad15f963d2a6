// axios-retry: `axiosRetry(instance, { retries, retryCondition, retryDelay })` installs interceptors
// on one axios instance, so it retries every call made through that instance in the file.
// Defaults from axios-retry 4.5's source: retries 3; retryDelay `noDelay` (no wait unless the
// server sends Retry-After); retryCondition `isNetworkOrIdempotentRequestError` — 429/5xx only
// for GET/HEAD/OPTIONS/PUT/DELETE, but a network error (ECONNRESET after the request was sent,
// say) is retried for any method, POST included. `exponentialDelay` adds 0–20 % random jitter;
// `linearDelay()` has none.
import type { TSESTree } from '@typescript-eslint/utils';
import { resolveValue, staticNumber, unwrap, variableOf } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { importBindings } from '../imports.js';
import { lookupIn } from '../options.js';
import type { BackoffInfo, OutboundCall, RetryConstruct } from '../types.js';
import { classifyDelay, returnedExpressions, toBackoff } from './delay-growth.js';
import { resolveFunction } from './functions.js';
import { libRef, libRefs, valueRef, type LibRef } from './modules.js';
import { numberOpt, optionNode, optionsArg } from './option-values.js';
import { alwaysTrue } from './policy-retry.js';
import { someNode } from './reach.js';

type Node = TSESTree.Node;

export function axiosRetryConstructs(ctx: AnalysisContext, calls: readonly OutboundCall[]): RetryConstruct[] {
  const out: RetryConstruct[] = [];
  for (const [node, ref] of libRefs(ctx)) {
    if (ref !== 'axios-retry' || node.type !== 'CallExpression' || !node.arguments[0]) continue;
    const target = node.arguments[0];
    const covered = calls.filter((c) => c.client === 'axios' && throughInstance(ctx, c, target) && !disabledAtCall(ctx, c));
    if (covered.length === 0) continue;
    const r = construct(ctx, node, covered);
    if (r.maxAttempts !== 1) out.push(r);
  }
  return out;
}

/** Whether a call goes through the axios instance passed to axiosRetry (`api`, or the default `axios`). */
function throughInstance(ctx: AnalysisContext, call: OutboundCall, target: Node): boolean {
  const sm = ctx.source.scopeManager;
  const t = unwrap(target);
  const resolved = resolveValue(sm, t);
  if (call.instance) return resolved === call.instance.node || (t.type === 'Identifier' && call.instance.name === t.name && resolved === t);
  if (t.type === 'Identifier') {
    const v = variableOf(sm, t);
    return importBindings(ctx.source, (s) => s === 'axios').some((b) => b.variable === v && (b.imported === 'default' || b.imported === '*'));
  }
  return false;
}

/** `axios.get(url, { 'axios-retry': { retries: 0 } })` turns it off for one request. */
function disabledAtCall(ctx: AnalysisContext, call: OutboundCall): boolean {
  const obj = call.options.object;
  if (!obj) return false;
  const sm = ctx.source.scopeManager;
  const l = lookupIn(sm, obj, 'axios-retry');
  if (l.kind !== 'found') return false;
  const cfg = resolveValue(sm, l.value);
  if (cfg.type !== 'ObjectExpression') return false;
  const r = lookupIn(sm, cfg, 'retries');
  return r.kind === 'found' && staticNumber(sm, r.value) === 0;
}

const CONDITIONS: Partial<Record<LibRef, { allErrors: boolean; nonIdempotent: boolean }>> = {
  'axios-retry.isNetworkOrIdempotentRequestError': { allErrors: false, nonIdempotent: true },
  'axios-retry.isNetworkError': { allErrors: false, nonIdempotent: true },
  'axios-retry.isRetryableError': { allErrors: false, nonIdempotent: true },
  'axios-retry.isSafeRequestError': { allErrors: false, nonIdempotent: false },
  'axios-retry.isIdempotentRequestError': { allErrors: false, nonIdempotent: false },
};

function construct(ctx: AnalysisContext, call: TSESTree.CallExpression, covered: OutboundCall[]): RetryConstruct {
  const opts = optionsArg(ctx, call, 1);
  const dynamic = opts.info.kind === 'dynamic' || opts.info.hasSpread;
  const retries = numberOpt(ctx, opts, 'retries');
  const condition = optionNode(opts, 'retryCondition');
  let retriesAllErrors: boolean | null = dynamic ? null : false;
  let retriesNonIdempotent = true;
  if (condition) {
    const known = CONDITIONS[valueRef(ctx, condition) ?? ('' as LibRef)];
    if (known) {
      retriesAllErrors = known.allErrors;
      retriesNonIdempotent = known.nonIdempotent;
    } else if (alwaysTrue(condition)) {
      retriesAllErrors = true;
    } else {
      retriesAllErrors = false;
      retriesNonIdempotent = !checksMethod(ctx, condition);
    }
  }
  return {
    kind: 'axios-retry',
    node: call,
    label: 'axios-retry',
    form: 'library',
    maxAttempts: retries.kind === 'value' ? retries.value + 1 : retries.kind === 'absent' && !dynamic ? 4 : null,
    backoff: delayOf(ctx, opts.get('retryDelay'), call, dynamic),
    retriesAllErrors,
    // axios throws on 4xx, so a retry of everything repeats them.
    retriesClientErrors: retriesAllErrors === true,
    retriesNonIdempotent,
    calls: covered,
    predicateNode: condition ?? call,
  };
}

/** A custom retryCondition that looks at the request method (or uses axios-retry's idempotency helpers). */
function checksMethod(ctx: AnalysisContext, fn: Node): boolean {
  return someNode(unwrap(fn), (n) => {
    if (n.type === 'Identifier' && /^method$/i.test(n.name)) return true;
    const ref = n.type === 'Identifier' || n.type === 'MemberExpression' ? valueRef(ctx, n) : undefined;
    return ref === 'axios-retry.isIdempotentRequestError' || ref === 'axios-retry.isSafeRequestError';
  });
}

function delayOf(ctx: AnalysisContext, lookup: ReturnType<ReturnType<typeof optionsArg>['get']>, call: Node, dynamic: boolean): BackoffInfo {
  if (lookup.kind === 'absent') return dynamic ? { growth: 'unknown', jitter: false, node: call } : { growth: 'none', jitter: false, node: call };
  if (lookup.kind === 'unknown') return { growth: 'unknown', jitter: false, node: call };
  const v = unwrap(lookup.value);
  const node = lookup.value;
  if (valueRef(ctx, v) === 'axios-retry.exponentialDelay') return { growth: 'exponential', jitter: true, node };
  if (v.type === 'CallExpression' && libRef(ctx, v) === 'axios-retry.linearDelay') return { growth: 'linear', jitter: false, node };
  const fn = resolveFunction(ctx.source.scopeManager, v);
  if (fn) {
    // `(retryCount, error) => …`: the first parameter counts retries.
    const sm = ctx.source.scopeManager;
    const first = fn.params[0];
    const attemptVar = first?.type === 'Identifier' && sm ? sm.getDeclaredVariables(fn).find((x) => x.name === first.name) : undefined;
    // A delegation to exponentialDelay inside a custom function keeps its jitter.
    if (someNode(fn.body, (n) => n.type === 'CallExpression' && valueRef(ctx, n.callee) === 'axios-retry.exponentialDelay')) return { growth: 'exponential', jitter: true, node };
    const returned = returnedExpressions(fn);
    if (returned.length === 0) return { growth: 'unknown', jitter: false, node };
    const env = { attemptVars: new Set(attemptVar ? [attemptVar] : []), repeating: fn.body };
    const classes = returned.map((r) => classifyDelay(ctx, r, env));
    const best = classes.reduce((a, b) => (rank(b.growth) > rank(a.growth) ? b : a));
    return toBackoff({ growth: best.growth, jitter: classes.some((c) => c.jitter) }, node);
  }
  return { growth: 'unknown', jitter: false, node };
}

const rank = (g: string): number => ['zero', 'fixed', 'unknown', 'linear', 'exponential'].indexOf(g);
