// Bulkhead: at most `limit` calls run at once; up to `queue` more wait, each for at most
// `queueTimeoutMs` (and never past its deadline). A queued call that is aborted leaves the queue
// at once. The pipeline drives it: take() before the work, free() after; a freed slot passes
// straight to the first waiter.
import { now, TimerList, type TimerNode } from './clock.js';
import { need, Stage } from './stage.js';

export interface BulkheadOptions {
  name?: string;
  /** Calls that may wait for a slot (default 0: reject at once when full). */
  queue?: number;
  /** The longest a call waits in the queue (default: until its deadline, if any). */
  queueTimeoutMs?: number;
}

/** A call that can wait in the queue: it is told to run when a slot passes to it. */
export interface Waiter extends TimerNode {
  /** The waiter's own deadline. */
  dl: number;
  run(): void;
}

export class Bulkhead extends Stage {
  readonly k = 4;
  /** Calls running now. */
  active = 0;
  /** Calls rejected (queue full or wait timed out). */
  rejected = 0;
  readonly #queue: Waiter[] = [];
  readonly #timers = new TimerList();

  constructor(
    readonly limit: number,
    readonly o: BulkheadOptions = {},
  ) {
    super(o.name ?? 'bulkhead');
    need(limit >= 1 && (o.queue ?? 0) >= 0, `${this.name}: limit must be >= 1 and queue >= 0`);
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Takes a slot (true), queues the waiter (false), or says 'queue-full' when neither is possible. */
  take(w: Waiter): boolean | 'queue-full' {
    if (this.active < this.limit) return !!++this.active;
    if (this.#queue.length >= (this.o.queue ?? 0)) return 'queue-full';
    this.#queue.push(w);
    const t = now();
    w.at = Math.min(t + (this.o.queueTimeoutMs ?? Infinity), w.dl);
    if (w.at < Infinity) this.#timers.add(w, t);
    return false;
  }

  /** Gives a slot back; the first waiter, if any, gets it and runs. */
  free(): void {
    const w = this.#queue.shift();
    if (!w) return void this.active--;
    this.#timers.del(w);
    w.run();
  }

  /** Removes a waiter (aborted, or its wait expired). */
  drop(w: Waiter): void {
    const i = this.#queue.indexOf(w);
    if (i >= 0) this.#queue.splice(i, 1);
    this.#timers.del(w);
  }
}

/** Limits concurrency to `limit`, with an optional bounded queue (see BulkheadOptions). */
export const bulkhead = (limit: number, options?: BulkheadOptions): Bulkhead => new Bulkhead(limit, options);
