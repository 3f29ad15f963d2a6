// The context a unit of work receives. Its AbortSignal is created only when the work reads it
// (most calls never do, and an AbortController per call is the single biggest cost of a naive
// timeout). A signal created here remembers its deadline, so a nested execute() given that signal
// gets min(its own timeout, time left).
import { now, type TimerNode } from './clock.js';

/** What `execute`'s function receives. */
export interface Context {
  /** Aborts on timeout, deadline or the caller's abort. Created on first read. */
  readonly signal: AbortSignal;
  /** 1-based attempt number (retries increase it). */
  readonly attempt: number;
  /** Milliseconds left before this attempt's timeout or deadline; Infinity when there is none. */
  readonly timeLeft: number;
}

/** The deadline (monotonic ms) carried by each signal a Breakwater context created. */
const deadlines = new WeakMap<AbortSignal, number>();

/**
 * The deadline a caller's signal carries into a nested execute (Infinity for foreign signals),
 * 1 ms early: the inner call gives up first, so its TimeoutError — naming the inner dependency —
 * reaches the outer caller before the outer timer fires.
 */
export const deadlineOf = (signal: AbortSignal | undefined): number => {
  const d = signal && deadlines.get(signal);
  return d === undefined ? Infinity : d - 1;
};

/** The context of work that nothing can stop: one shared object. Its signal never aborts, so each read may hand out a new one. */
export const FREE: Context = {
  get signal() {
    return new AbortController().signal;
  },
  attempt: 1,
  timeLeft: Infinity,
};

/**
 * @internal The context of one attempt: its deadline, its place in a timer list, the bulkhead slot its work
 * holds. Every field is set in the constructor, in one order, so all contexts share one shape.
 */
export class Ctx implements Context, TimerNode {
  next_: TimerNode | undefined = undefined;
  prev_: TimerNode | undefined = undefined;
  /** Created when the work first reads `signal`. */
  controller_: AbortController | undefined = undefined;
  /** Set once aborted: a signal created afterwards starts aborted with this reason. */
  abortedWith_: { reason: unknown } | undefined = undefined;
  /** The work holds a bulkhead slot until it settles. */
  holdsSlot_ = false;

  constructor(
    /** The execution this attempt belongs to; told when the attempt's timer expires. */
    readonly call_: { timedOut_(attempt: Ctx): void } | undefined,
    readonly attempt: number,
    /** When this attempt's timeout or deadline falls due (monotonic ms). */
    public at_: number,
  ) {}

  expire_(): void {
    this.call_!.timedOut_(this);
  }

  get signal(): AbortSignal {
    if (!this.controller_) {
      const ac = (this.controller_ = new AbortController());
      if (this.abortedWith_) ac.abort(this.abortedWith_.reason);
      else if (this.at_ < Infinity) deadlines.set(ac.signal, this.at_);
    }
    return this.controller_.signal;
  }

  get timeLeft(): number {
    return Math.max(0, this.at_ - now());
  }

  abort_(reason: unknown): void {
    this.abortedWith_ ??= { reason };
    this.controller_?.abort(reason);
  }
}
