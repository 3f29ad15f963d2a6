// Finds every construct that retries (hand-rolled loops and recursion, retry libraries, client retry
// options, superagent `.retry`) and the outbound calls each one repeats.
import type { AnalysisContext } from './context.js';
import type { OutboundCall, RetryConstruct } from './types.js';

export function findRetries(ctx: AnalysisContext, calls: readonly OutboundCall[]): RetryConstruct[] {
  void ctx;
  void calls;
  return []; // TODO(#3)
}
