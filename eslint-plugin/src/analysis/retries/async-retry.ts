// async-retry: `retry(async (bail, attempt) => …, { retries, factor, minTimeout, randomize })`.
// Defaults from async-retry 1.3 and the `retry` package it wraps: retries 10, factor 2, minTimeout
// 1000 ms, randomize true (async-retry turns it on): exponential with jitter. Every error is
// retried unless the function calls `bail(err)`.
import type { TSESTree } from '@typescript-eslint/utils';
import { variableOf } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import type { OutboundCall, RetryConstruct } from '../types.js';
import { fourXxReachesRetry } from './error-filter.js';
import type { FunctionNode } from './functions.js';
import { booleanOpt, numberOpt, optionsArg } from './option-values.js';
import { reach } from './reach.js';

export function asyncRetryConstruct(ctx: AnalysisContext, call: TSESTree.CallExpression, fn: FunctionNode | null, calls: readonly OutboundCall[]): RetryConstruct | null {
  const repeated = fn ? reach(ctx, [fn.body], calls) : { calls: [], regions: [] };
  if (repeated.calls.length === 0) return null;
  const opts = optionsArg(ctx, call, 1);
  const dynamic = opts.info.kind === 'dynamic' || opts.info.hasSpread;
  const retries = numberOpt(ctx, opts, 'retries');
  const factor = numberOpt(ctx, opts, 'factor');
  const minTimeout = numberOpt(ctx, opts, 'minTimeout');
  const randomize = booleanOpt(ctx, opts, 'randomize');
  const forever = booleanOpt(ctx, opts, 'forever');
  if (retries.kind === 'value' && retries.value <= 0 && !(forever.kind === 'value' && forever.value)) return null;

  const maxAttempts =
    forever.kind === 'value' && forever.value
      ? null
      : retries.kind === 'absent'
        ? dynamic ? null : 11
        : retries.kind === 'value' && Number.isFinite(retries.value) ? retries.value + 1 : null;
  let growth: RetryConstruct['backoff']['growth'];
  if (dynamic || factor.kind === 'dynamic' || minTimeout.kind === 'dynamic') growth = 'unknown';
  else {
    const f = factor.kind === 'value' ? factor.value : 2;
    // The retry package waits max(minTimeout, 1) * factor ** n: a zero minTimeout still waits 1 ms.
    growth = f > 1 ? 'exponential' : f === 1 ? 'fixed' : 'unknown';
  }
  const jitter = randomize.kind === 'value' ? randomize.value : true;

  // `bail` is the first parameter; calling it stops retrying for that failure.
  const sm = ctx.source.scopeManager;
  const bail = fn?.params[0];
  let bails = false;
  if (bail?.type === 'Identifier' && sm) {
    const v = sm.getDeclaredVariables(fn!).find((x) => x.name === bail.name) ?? variableOf(sm, bail);
    bails = !!v && v.references.some((r) => r.identifier !== bail && r.isRead());
  }
  const retriesAllErrors = bails ? false : dynamic ? null : true;
  const retriesClientErrors = retriesAllErrors === true && fourXxReachesRetry(ctx, repeated.regions, repeated.calls);
  return {
    kind: 'async-retry',
    node: call,
    label: 'async-retry',
    form: 'library',
    maxAttempts,
    backoff: { growth, jitter, node: opts.info.object ?? call },
    retriesAllErrors,
    retriesClientErrors,
    retriesNonIdempotent: true,
    calls: repeated.calls,
    predicateNode: bails ? bail! : call,
  };
}
