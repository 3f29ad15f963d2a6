// The errors a policy raises itself. Each names the policy, so a log line says which dependency
// failed and why; none of them wraps or replaces the work's own error.

/** The work did not finish within the timeout or the deadline (the caller was released then). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(
    readonly policy: string,
    readonly timeoutMs: number,
  ) {
    super(`${policy}: timed out after ${Math.round(timeoutMs)} ms`);
  }
}

/** The circuit is open, isolated, or half-open with every probe slot taken: the call was not made. */
export class BrokenCircuitError extends Error {
  override name = 'BrokenCircuitError';
  constructor(
    readonly policy: string,
    readonly state: 'open' | 'half-open' | 'isolated',
    /** How long until the breaker admits a probe (Infinity while isolated). */
    readonly retryAfterMs: number,
  ) {
    super(`${policy}: circuit ${state}, retry in ${Math.ceil(retryAfterMs)} ms`);
  }
}

/** The bulkhead had no free slot: its queue was full, or the call waited in it too long. */
export class BulkheadRejectedError extends Error {
  override name = 'BulkheadRejectedError';
  constructor(
    readonly policy: string,
    readonly reason: 'queue-full' | 'queue-timeout',
  ) {
    super(`${policy}: bulkhead rejected (${reason})`);
  }
}

/** Every fallback level failed; `errors` holds the primary failure first, then each level's. */
export class FallbackError extends AggregateError {
  override name = 'FallbackError';
  constructor(
    readonly policy: string,
    errors: unknown[],
  ) {
    super(errors, `${policy}: all fallback levels failed`);
  }
}
