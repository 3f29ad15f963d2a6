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
 * @internal The state behind an attempt's Context: its deadline, its place in a timer list, its
 * signal (made on first read), the bulkhead slot its work holds. The Call (its own first attempt)
 * and each retried Attempt carry these fields themselves, with no base class: construction stays
 * one flat allocation, which the JIT inlines into the caller.
 */
export interface Attempt extends TimerNode {
  /** When this attempt's timeout or deadline falls due (monotonic ms). */
  at_: number;
  /** Created when the work first reads `signal` (or when the attempt is aborted). */
  controller_: AbortController | undefined;
  /** The work holds a bulkhead slot until it settles. */
  holdsSlot_: boolean;
}

/** An attempt's `signal`: made on first read; it carries the deadline into nested calls. */
export const signalOf = (a: Attempt): AbortSignal => {
  if (!a.controller_) {
    a.controller_ = new AbortController();
    if (a.at_ < Infinity) deadlines.set(a.controller_.signal, a.at_);
  }
  return a.controller_.signal;
};

/** An attempt's `timeLeft`. */
export const timeLeftOf = (a: Attempt): number => Math.max(0, a.at_ - now());

/** Aborts an attempt's signal, read or not: one read later gets it aborted. */
export const abort = (a: Attempt, reason: unknown): void => {
  (a.controller_ ??= new AbortController()).abort(reason);
};
