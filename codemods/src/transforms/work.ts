// Whether a transform can have anything to do, judged on an analysis. Used with the analysis of
// the text *before* the previous transform's edits, to skip re-analysing a file when the next
// transform certainly has nothing to do: the transforms run in an order where an edit never creates
// work for a later transform that the earlier analysis did not already show.
import type { FileAnalysis, OutboundCall } from 'eslint-plugin-breakwater/analysis';
import type { FixOptions, TransformName } from './api.js';
import { isNonIdempotent, LINT_MAX_MS } from './clients.js';
import { guardedByAnalysis } from './guards.js';

type Span = readonly [number, number];

export function needsTimeout(call: OutboundCall, options: FixOptions): boolean {
  const t = call.timeout;
  return t.status !== 'bounded' || (t.ms !== null && t.ms > Math.max(LINT_MAX_MS, options.timeoutMs));
}

export function needsKey(call: OutboundCall): boolean {
  return isNonIdempotent(call.method) && !call.idempotencyKey && call.retries.some((r) => r.retriesNonIdempotent);
}

/**
 * `wrapped`: spans (in the analysed text) that wrap-policy has just routed through a policy; the
 * calls inside them are bounded by the policy's timeout now.
 */
export function mayHaveWork(transform: TransformName, analysis: FileAnalysis, options: FixOptions, wrapped: readonly Span[]): boolean {
  switch (transform) {
    case 'add-timeout':
      return analysis.calls.some((c) => needsTimeout(c, options) && !wrapped.some(([s, e]) => s <= c.range[0] && c.range[1] <= e));
    case 'wrap-policy':
      return analysis.calls.some((c) => c.service !== null && !guardedByAnalysis(c));
    case 'idempotency-key':
      return analysis.calls.some(needsKey);
    case 'replace-retry-loop':
      return analysis.retries.some((r) => r.kind === 'hand-rolled');
  }
}
