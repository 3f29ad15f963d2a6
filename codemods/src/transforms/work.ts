// Whether a transform can have anything to do, judged on an analysis. Used with the analysis of
// the text *before* the previous transform's edits, to skip re-analysing a file when the next
// transform certainly has nothing to do: the transforms run in an order where an edit never creates
// work for a later transform that the earlier analysis did not already show.
import type { FileAnalysis, OutboundCall } from 'eslint-plugin-breakwater/analysis';
import type { FixOptions, TransformName } from './api.js';
import { isNonIdempotent } from './clients.js';
import { DEFAULT_MAX_MS } from '../scan/presets.js';
import { guardedByAnalysis } from './guards.js';
import { selectAt } from './only.js';

type Span = readonly [number, number];

/** The longest static timeout left as it is: the rules' limit (or the timeout the fix would put instead, if longer). */
export function longestAccepted(options: FixOptions): number {
  return Math.max(options.maxMs ?? DEFAULT_MAX_MS, options.timeoutMs);
}

export function needsTimeout(call: OutboundCall, options: FixOptions): boolean {
  return call.timeout.status !== 'bounded' || tooLong(call, options);
}

/** A static timeout of the call's own that is over the limit. */
function tooLong(call: OutboundCall, options: FixOptions): boolean {
  return call.timeout.ms !== null && call.timeout.ms > longestAccepted(options);
}

export function needsKey(call: OutboundCall): boolean {
  return isNonIdempotent(call.method) && !call.idempotencyKey && call.retries.some((r) => r.retriesNonIdempotent);
}

/** What the previous transform left, in the analysed text (its edits came after the analysis). */
export interface Leftover {
  /** Calls wrap-policy has just routed through a policy: bounded by the policy's timeout now. */
  wrapped: readonly Span[];
  /** Retry loops replace-retry-loop has just routed through a service's policy. */
  routed: readonly Span[];
  /** `FixOptions.only` as it was in the analysed text: a transform looks at what it selects. */
  only: Span | undefined;
}

const within = (spans: readonly Span[], c: OutboundCall) => spans.some(([s, e]) => s <= c.range[0] && c.range[1] <= e);

export function mayHaveWork(transform: TransformName, analysis: FileAnalysis, options: FixOptions, left: Leftover): boolean {
  switch (transform) {
    case 'add-timeout':
      // A call just wrapped is bounded by the policy's timeout, but one whose own timeout is over
      // the limit is still reported (and lowered), policy or not.
      return analysis.calls.some((c) => needsTimeout(c, options) && (!within(left.wrapped, c) || tooLong(c, options)));
    case 'wrap-policy':
      // Some call it could wrap, and, among the calls it would look at, one it may wrap or report
      // (one without a service gets a note): not when they all went into a policy just now.
      return (
        analysis.calls.some((c) => c.service !== null && !guardedByAnalysis(c)) &&
        selectAt(analysis.calls, (c) => c.range, left.only).some((c) => !guardedByAnalysis(c) && !within(left.routed, c))
      );
    case 'idempotency-key':
      return analysis.calls.some(needsKey);
    case 'replace-retry-loop':
      return analysis.retries.some((r) => r.kind === 'hand-rolled');
  }
}
