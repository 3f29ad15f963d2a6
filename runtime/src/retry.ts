// Retry: which failures are retried, how long to wait, and when to give up. The pipeline asks
// `delay()` after each failed attempt; -1 means "give up", and the original failure propagates.
import { backoffDelay, type Jitter } from './backoff.js';
import { isTransient, mayRepeat, retryAfterMs } from './classify.js';
import { now } from './clock.js';
import { Stage, type ExecuteOptions } from './stage.js';

export interface RetryOptions {
  name?: string;
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** The first backoff delay (default 100 ms); it doubles with each retry. */
  baseDelayMs?: number;
  /** The longest single delay, Retry-After included (default 10 s). */
  maxDelayMs?: number;
  /** A budget for all attempts and delays together; works as a deadline around the retry. */
  maxTotalMs?: number;
  /** default 'full'; 'none' only on request. */
  jitter?: Jitter;
  /** Decides whether a failure (an error, or a failing Response) is retried; default: transient failures only. */
  retryOn?(failure: unknown, attempt: number): boolean;
  /** Also retry requests whose method is not idempotent and that carry no Idempotency-Key (default false). */
  retryNonIdempotent?: boolean;
}

const JITTERS = ['full', 'equal', 'decorrelated', 'none'];

export class Retry extends Stage {
  /** @internal */
  readonly rank_ = 2;
  readonly maxAttempts: number;
  readonly maxTotalMs: number;
  /** @internal */
  o_: RetryOptions;

  constructor(o: RetryOptions = {}) {
    super(o.name ?? 'retry');
    this.o_ = o;
    this.maxAttempts = o.maxAttempts ?? 3;
    this.maxTotalMs = o.maxTotalMs ?? Infinity;
    this.need_(this.maxAttempts >= 1, 'maxAttempts must be >= 1');
    this.need_(this.maxTotalMs > 0, 'maxTotalMs must be > 0');
    this.need_(JITTERS.includes(o.jitter ?? 'full'), `jitter must be one of ${JITTERS}`);
  }

  /**
   * @internal The delay before the next attempt, or -1 to give up: attempts used up, a failure that is not
   * transient (or that `retryOn` refuses), a request that must not be repeated, or a next attempt
   * that would not fit the budget (deadline − now < delay + the last attempt's duration).
   */
  delay_(failure: unknown, attempt: number, prev: number, o: ExecuteOptions | undefined, attemptStart: number, deadline: number): number {
    const { retryOn, baseDelayMs = 100, maxDelayMs = 10_000 } = this.o_;
    if (
      attempt >= this.maxAttempts ||
      !(retryOn ? retryOn(failure, attempt) : isTransient(failure)) ||
      !(this.o_.retryNonIdempotent || mayRepeat(o?.method, o?.headers))
    )
      return -1;
    const after = retryAfterMs(failure as object);
    const d =
      after === undefined ? backoffDelay(this.o_.jitter ?? 'full', attempt, baseDelayMs, maxDelayMs, prev) : Math.min(after, maxDelayMs);
    const t = now();
    return t + d + (t - attemptStart) > deadline ? -1 : d;
  }
}

/** Retries transient failures with exponential backoff and jitter (see RetryOptions). */
export const retry = (options?: RetryOptions): Retry => new Retry(options);
