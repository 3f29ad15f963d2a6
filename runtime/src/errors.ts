// The errors a policy raises itself. Each names the policy, so a log line says which dependency
// failed and why; none of them wraps or replaces the work's own error.

/**
 * The work did not finish within the timeout or the deadline (the caller was released then). When
 * the limit was a deadline handed down by an outer policy's signal, `cause` is the TimeoutError of
 * that outer budget, the one that ran out.
 */
export class TimeoutError extends Error {
  /** The outer budget that ran out, when it is what cut this call short. */
  declare readonly cause?: TimeoutError;

  constructor(
    readonly policy: string,
    readonly timeoutMs: number,
    cause?: TimeoutError,
  ) {
    super(`${policy}: timed out after ${Math.round(timeoutMs)} ms${cause ? `, cut short by ${cause.policy}` : ''}`, cause && { cause });
    this.name = 'TimeoutError';
  }
}

/** The circuit is open, isolated, or half-open with every probe slot taken: the call was not made. */
export class BrokenCircuitError extends Error {
  constructor(
    readonly policy: string,
    readonly state: 'open' | 'half-open' | 'isolated',
    /** How long until the breaker admits a probe (Infinity while isolated). */
    readonly retryAfterMs: number,
  ) {
    super(`${policy}: circuit ${state}`);
    this.name = 'BrokenCircuitError';
  }
}

/** The bulkhead had no free slot: its queue was full, or the call waited in it too long. */
export class BulkheadRejectedError extends Error {
  constructor(
    readonly policy: string,
    readonly reason: 'queue-full' | 'queue-timeout',
  ) {
    super(`${policy}: bulkhead ${reason}`);
    this.name = 'BulkheadRejectedError';
  }
}

/** Every fallback level failed; `errors` holds the primary failure first, then each level's. */
export class FallbackError extends AggregateError {
  constructor(
    readonly policy: string,
    errors: unknown[],
  ) {
    super(errors, `${policy}: every fallback failed`);
    this.name = 'FallbackError';
  }
}
