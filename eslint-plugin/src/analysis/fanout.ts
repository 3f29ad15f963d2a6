// Finds Promise.all/allSettled/any/race over collections of outbound calls and whether a
// concurrency bound applies.
import type { AnalysisContext } from './context.js';
import type { FanOut, OutboundCall } from './types.js';

export function findFanOuts(ctx: AnalysisContext, calls: readonly OutboundCall[]): FanOut[] {
  void ctx;
  void calls;
  return []; // TODO(#3)
}
