// Whether a transform can have anything to do, judged on an analysis. Used with the analysis of
// the text *before* the previous transform's edits, to skip re-analysing a file when the next
// transform certainly has nothing to do: the transforms run in an order where an edit never creates
// work for a later transform that the earlier analysis did not already show.
import type { FileAnalysis, OutboundCall } from 'eslint-plugin-breakwater/analysis';
import type { FixOptions, TransformName } from './api.js';
import { isNonIdempotent } from './clients.js';
import { guardedByAnalysis } from './guards.js';

type Span = readonly [number, number];

/** require-timeout's default `maxMs` (the CLI's --max-ms default is the same). */
const DEFAULT_MAX_MS = 30_000;

/** The longest static timeout left as it is: the rules' limit (or the timeout the fix would put instead, if longer). */
export function longestAccepted(options: FixOptions): number {
  return Math.max(options.maxMs ?? DEFAULT_MAX_MS, options.timeoutMs);
}

export function needsTimeout(call: OutboundCall, options: FixOptions): boolean {
  const t = call.timeout;
  return t.status !== 'bounded' || (t.ms !== null && t.ms > longestAccepted(options));
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
