// p-retry: `pRetry(fn, { retries, factor, minTimeout, randomize, shouldRetry, onFailedAttempt })`
// and `makeRetriable(fn, options)`. Defaults from p-retry 7's source: retries 10, factor 2,
// minTimeout 1000 ms, randomize false (exponential without jitter); every error is retried except
// an AbortError (and a TypeError that is not a network error).
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../context.js';
import type { OutboundCall, RetryConstruct } from '../types.js';
import { fourXxReachesRetry, throwsIn } from './error-filter.js';
import type { FunctionNode } from './functions.js';
import { libRef } from './modules.js';
import { booleanOpt, numberOpt, optionNode, optionsArg } from './option-values.js';
import { reach, someNode } from './reach.js';

type Node = TSESTree.Node;

export function pRetryConstruct(ctx: AnalysisContext, call: TSESTree.CallExpression, fn: FunctionNode | null, calls: readonly OutboundCall[]): RetryConstruct | null {
  const repeated = fn ? reach(ctx, [fn.body], calls) : { calls: [], regions: [] };
  if (repeated.calls.length === 0) return null;
  const opts = optionsArg(ctx, call, 1);
  const retries = numberOpt(ctx, opts, 'retries');
  const factor = numberOpt(ctx, opts, 'factor');
  const minTimeout = numberOpt(ctx, opts, 'minTimeout');
  const randomize = booleanOpt(ctx, opts, 'randomize');
  const dynamic = opts.info.kind === 'dynamic' || opts.info.hasSpread;
  if (retries.kind === 'value' && retries.value <= 0) return null; // one attempt: nothing is retried

  const maxAttempts =
    retries.kind === 'absent' ? (dynamic ? null : 11) : retries.kind === 'value' && Number.isFinite(retries.value) ? retries.value + 1 : null;
  let growth: RetryConstruct['backoff']['growth'];
  if (dynamic || factor.kind === 'dynamic' || minTimeout.kind === 'dynamic') growth = 'unknown';
  else if (minTimeout.kind === 'value' && minTimeout.value === 0) growth = 'none';
  else {
    const f = factor.kind === 'value' ? factor.value : 2;
    growth = f > 1 ? 'exponential' : f > 0 && f < 1 ? 'unknown' : 'fixed';
  }
  const jitter = randomize.kind === 'value' ? randomize.value : randomize.kind === 'dynamic' || dynamic;

  const shouldRetry = optionNode(opts, 'shouldRetry');
  const onFailed = optionNode(opts, 'onFailedAttempt');
  let retriesAllErrors: boolean | null;
  let predicateNode: Node = call;
  if (shouldRetry) {
    retriesAllErrors = false;
    predicateNode = shouldRetry;
  } else if (onFailed && throwsIn(onFailed)) {
    retriesAllErrors = false; // p-retry stops when onFailedAttempt throws
    predicateNode = onFailed;
  } else if (repeated.regions.some((r) => throwsAbortError(ctx, r))) {
    retriesAllErrors = false;
  } else if (dynamic) {
    retriesAllErrors = null;
  } else {
    retriesAllErrors = true;
  }
  const backoffNode = opts.info.object ?? call;
  return {
    kind: 'p-retry',
    node: call,
    label: libRef(ctx, call) === 'p-retry.makeRetriable' ? 'p-retry makeRetriable' : 'p-retry',
    form: 'library',
    maxAttempts,
    backoff: { growth, jitter, node: backoffNode },
    retriesAllErrors,
    retriesClientErrors: retriesAllErrors === true && fourXxReachesRetry(ctx, repeated.regions, repeated.calls),
    retriesNonIdempotent: true,
    calls: repeated.calls,
    predicateNode,
  };
}

/** `throw new AbortError(…)` from p-retry: the function itself stops retries for some failures. */
function throwsAbortError(ctx: AnalysisContext, region: Node): boolean {
  return someNode(region, (n) => n.type === 'NewExpression' && libRef(ctx, n) === 'p-retry.AbortError', 'own');
}
