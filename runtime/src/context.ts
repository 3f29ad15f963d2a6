// The context a unit of work receives. Its AbortSignal is created only when the work reads it
// (most calls never do, and an AbortController per call is the single biggest cost of a naive
// timeout). A signal created here remembers its deadline and the attempt it belongs to, so a
// nested execute() given that signal gets min(its own timeout, time left), and the two calls agree
// on what happens when that time runs out (see Call.handOver_ and cancel_ in pipeline.ts).
import type { TimerNode } from './clock.js';

/** What `execute`'s function receives. */
export interface Context {
  /** Aborts on timeout, deadline or the caller's abort. Created on first read. */
  readonly signal: AbortSignal;
  /** 1-based attempt number (retries increase it). */
  readonly attempt: number;
  /** Milliseconds left before this attempt's timeout or deadline; Infinity when there is none. */
  readonly timeLeft: number;
}

/**
 * What each signal a Breakwater context created carries (see the Attempt's `signal`): its deadline
 * (monotonic ms, as it was when the signal was made) and the attempt whose signal it is.
 */
export const deadlines = new WeakMap<AbortSignal, readonly [at: number, owner: TimerNode]>();

/** The context of work that nothing can stop: one shared object. Its signal never aborts, so each read may hand out a new one. */
export const FREE: Context = {
  get signal() {
    return new AbortController().signal;
  },
  attempt: 1,
  timeLeft: Infinity,
};
