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
export const deadlines = new WeakMap<AbortSignal, number>();

/**
 * The deadline a caller's signal carries into a nested execute (Infinity for foreign signals),
 * 1 ms early: the inner call gives up first, so its TimeoutError — naming the inner dependency —
 * reaches the outer caller before the outer timer fires.
 */
export const deadlineOf = (signal: AbortSignal | undefined): number => {
  const d = signal && deadlines.get(signal);
  return d === undefined ? Infinity : d - 1;
};

export class Ctx implements Context, TimerNode {
  // Declared, not initialised: most contexts never get a signal or join a timer list, and
  // fields that are never written cost nothing on a hot path that builds one context per call.
  declare ac?: AbortController;
  /** Set once aborted: a signal created afterwards starts aborted with this reason. */
  declare reason?: { r: unknown };
  declare nx?: TimerNode;
  declare pv?: TimerNode;
  declare on?: boolean;
  /** Holds a bulkhead slot until the work settles. */
  declare slot?: boolean;

  constructor(
    /** The execution this attempt belongs to; told when the attempt's timer expires. */
    readonly k: { tx(c: Ctx): void } | undefined,
    readonly attempt: number,
    /** The monotonic time this attempt's timeout or deadline falls due. */
    public at: number,
  ) {}

  expire(): void {
    this.k!.tx(this);
  }

  get signal(): AbortSignal {
    if (!this.ac) {
      const ac = (this.ac = new AbortController());
      if (this.reason) ac.abort(this.reason.r);
      else if (this.at < Infinity) deadlines.set(ac.signal, this.at);
    }
    return this.ac.signal;
  }

  get timeLeft(): number {
    return Math.max(0, this.at - now());
  }

  abort(reason: unknown): void {
    this.reason ??= { r: reason };
    this.ac?.abort(reason);
  }
}
