// Timeout (per attempt, innermost by default) and deadline (a budget for everything inside it).
// Both only set a limit: the pipeline arms one shared timer per limit and releases the caller when
// it expires, whether or not the work honours its signal.
import { Stage } from './stage.js';

export class Timeout extends Stage {
  /** @internal */
  readonly rank_: number = 5;
  constructor(
    readonly ms: number,
    name = 'timeout',
  ) {
    super(name);
    this.need_(ms > 0, 'timeout must be > 0 ms');
  }
}

export class Deadline extends Timeout {
  /** @internal */
  override readonly rank_ = 1;
}

/** Aborts the work's signal and rejects with TimeoutError after `ms` (per attempt when inside a retry). */
export const timeout = (ms: number, options?: { name?: string }): Timeout => new Timeout(ms, options?.name);

/** An absolute budget for everything inside it: retries, backoff sleeps, queue waits, nested policies. */
export const deadline = (ms: number, options?: { name?: string }): Deadline => new Deadline(ms, options?.name ?? 'deadline');
