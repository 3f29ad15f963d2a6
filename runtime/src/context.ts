// The context a unit of work receives. Its AbortSignal is created only when the work reads it
// (most calls never do, and an AbortController per call is the single biggest cost of a naive
// timeout). A signal created here remembers its deadline, so a nested execute() given that signal
// gets min(its own timeout, time left).

/** What `execute`'s function receives. */
export interface Context {
  /** Aborts on timeout, deadline or the caller's abort. Created on first read. */
  readonly signal: AbortSignal;
  /** 1-based attempt number (retries increase it). */
  readonly attempt: number;
  /** Milliseconds left before this attempt's timeout or deadline; Infinity when there is none. */
  readonly timeLeft: number;
}

/** The deadline (monotonic ms) carried by each signal a Breakwater context created (see the Attempt's `signal`). */
export const deadlines = new WeakMap<AbortSignal, number>();

/** The context of work that nothing can stop: one shared object. Its signal never aborts, so each read may hand out a new one. */
export const FREE: Context = {
  get signal() {
    return new AbortController().signal;
  },
  attempt: 1,
  timeLeft: Infinity,
};
