// Bulkhead: at most `limit` calls run at once; up to `queue` more wait, each for at most
// `queueTimeoutMs` (and never past its deadline). A queued call that is aborted leaves the queue
// at once. The pipeline drives it: takes a slot (active++) while active < limit, else queue_();
// free_() after the work; a freed slot passes straight to the first waiter.
import { now, TimerList, type TimerNode } from './clock.js';
import { Stage } from './stage.js';

export interface BulkheadOptions {
  name?: string;
  /** Calls that may wait for a slot (default 0: reject at once when full). */
  queue?: number;
  /** The longest a call waits in the queue (default: until its deadline, if any). */
  queueTimeoutMs?: number;
}

/** @internal A call that can wait in the queue: it is told to run when a slot passes to it. */
export interface Waiter extends TimerNode {
  /** The waiter's own deadline. */
  deadline_: number;
  run_(): void;
}

export class Bulkhead extends Stage {
  /** @internal */
  readonly rank_ = 4;
  /** Calls running now. */
  active = 0;
  /** Calls rejected (queue full or wait timed out). */
  rejected = 0;
  /** @internal */
  readonly o_: BulkheadOptions;
  /** @internal Calls waiting for a slot, first come first served. */
  readonly waiting_: Waiter[] = [];
  /** @internal */
  readonly timers_ = new TimerList();

  constructor(
    readonly limit: number,
    options: BulkheadOptions = {},
  ) {
    super(options.name ?? 'bulkhead');
    this.o_ = options;
    this.need_(limit >= 1 && (options.queue ?? 0) >= 0, 'limit must be >= 1 and queue >= 0');
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiting_.length;
  }

  /** @internal With every slot taken (the pipeline checks `active < limit`): queues the waiter (true), or says the queue is full (false). */
  queue_(w: Waiter): boolean {
    if (this.waiting_.length >= (this.o_.queue ?? 0)) return false;
    this.waiting_.push(w);
    const t = now();
    w.at_ = Math.min(t + (this.o_.queueTimeoutMs ?? Infinity), w.deadline_);
    if (w.at_ < Infinity) this.timers_.add_(w, t);
    return true;
  }

  /** @internal Gives a slot back; the first waiter, if any, gets it and runs. */
  free_(): void {
    if (!this.waiting_.length) return void this.active--;
    const w = this.waiting_.shift()!;
    this.timers_.del_(w);
    w.run_();
  }

  /** @internal Removes a waiter (aborted, or its wait expired). */
  drop_(w: Waiter): void {
    const i = this.waiting_.indexOf(w);
    if (i >= 0) this.waiting_.splice(i, 1);
    this.timers_.del_(w);
  }
}

/** Limits concurrency to `limit`, with an optional bounded queue (see BulkheadOptions). */
export const bulkhead = (limit: number, options?: BulkheadOptions): Bulkhead => new Bulkhead(limit, options);
