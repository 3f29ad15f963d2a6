// The execution engine. compose() and policy() fuse the policies that follow the default order
// (deadline ∘ retry ∘ breaker ∘ bulkhead ∘ timeout) into one Pipeline, and each execution is one
// Call object driven by callbacks: synchronous admission (breaker state, bulkhead count), one
// timer node in a shared TimerList, one promise for the caller. No async function per layer, no
// setTimeout or AbortController per call.
import type { CircuitBreaker } from './breaker.js';
import type { Bulkhead, Waiter } from './bulkhead.js';
import { isResponse, isTransient } from './classify.js';
import { now, TimerList, type TimerNode } from './clock.js';
import { deadlines, type Context } from './context.js';
import { BulkheadRejectedError, TimeoutError } from './errors.js';
import { Emitter } from './events.js';
import type { Retry } from './retry.js';
import { QUEUED, RUNNING, SETTLED, SLEEPING } from './states.js';
import type { ExecuteOptions, Policy, Stage, Work } from './stage.js';
import type { Timeout } from './timeout.js';

/** Counters kept for snapshot() and the exporters. */
export interface Counters {
  /** Executions started. */
  calls: number;
  /** Executions that returned a value (a Response included, whatever its status). */
  successes: number;
  /** Executions that threw (the work's error, a timeout, a rejection, the caller's abort). */
  failures: number;
  /** Retries made (attempts after the first). */
  retries: number;
  /** Attempts cut off by a timeout or a deadline. */
  timeouts: number;
}

/**
 * A policy's rank in the default order (see Stage), 0 for any other policy: a pipeline, a fallback,
 * or a policy of the user's own (whose properties are never read: an internal name may be
 * shortened to one of theirs).
 */
export const rankOf = (p: Policy): number => (p instanceof Emitter && (p as Stage).rank_) || 0;

/** Cancels the body of a Response we will not hand out (retried, or late), so its connection is freed. */
export const discard = (x: unknown): void => {
  if (isResponse(x)) (x.body as { cancel?(): Promise<void> } | null)?.cancel?.().catch(() => {});
};

export class Pipeline extends Emitter implements Policy {
  /** @internal The policies in this pipeline, by rank. */
  readonly deadline_: Timeout | undefined;
  /** @internal */
  readonly retry_: Retry | undefined;
  /** @internal */
  readonly breaker_: CircuitBreaker | undefined;
  /** @internal */
  readonly bulkhead_: Bulkhead | undefined;
  /** @internal The per-attempt limit in ms (Infinity without a timeout), and the policy that sets it. */
  readonly timeoutMs_: number;
  /** @internal */
  readonly timeout_: Timeout | undefined;
  /** @internal The breaker needs each attempt's duration. */
  readonly timed_: boolean;
  /** @internal A deadline policy or retry's maxTotalMs bounds every call. */
  readonly budget_: boolean;
  /** @internal Every call needs its Extras (a deadline, or slow-call tracking). */
  readonly extras_: boolean;
  /** @internal Policies that do not fuse (out of the default order, or other pipelines): they wrap the work, outermost first. */
  readonly inner_: Policy[];
  /** @internal */
  readonly counters_: Counters = { calls: 0, successes: 0, failures: 0, retries: 0, timeouts: 0 };
  /** @internal Attempt deadlines of every call in flight. */
  readonly timers_ = new TimerList();
  /** @internal Where 'success'/'failure' go: a single policy's own pipeline reports them on that policy. */
  readonly reporter_: Emitter;

  constructor(parts: Policy[], name: string, reporter?: Emitter) {
    super(name);
    this.reporter_ = reporter ?? this;
    this.parts_ = parts;
    const rank = <P>(k: number) => parts.find((p) => rankOf(p) == k) as P | undefined;
    this.deadline_ = rank<Timeout>(1);
    this.retry_ = rank<Retry>(2);
    this.breaker_ = rank<CircuitBreaker>(3);
    this.bulkhead_ = rank<Bulkhead>(4);
    this.timeout_ = rank<Timeout>(5);
    this.timeoutMs_ = this.timeout_?.ms ?? Infinity;
    this.timed_ = !!this.breaker_?.timed_;
    this.budget_ = !!this.deadline_ || this.retry_?.maxTotalMs! < Infinity;
    this.extras_ = this.budget_ || this.timed_;
    this.inner_ = parts.filter((p) => !rankOf(p));
  }

  /** The circuit breaker, if this policy has one (isolate(), reset(), state …). */
  get breaker(): CircuitBreaker | undefined {
    return this.breaker_;
  }

  get bulkhead(): Bulkhead | undefined {
    return this.bulkhead_;
  }

  execute<T>(fn: Work<T>, options?: AbortSignal | ExecuteOptions): Promise<T> {
    this.counters_.calls++;
    // The common call stays small enough for the JIT to inline all of it into the caller; options,
    // nested policies, deadlines and listeners are handled out of line (start_ may settle at once).
    // An inline executor capturing nothing: the JIT inlines the promise constructor and its
    // executor, and no function object is made (a shared executor is called, not inlined).
    const promise = new Promise<T>((resolve, reject) => {
      resolveNext = resolve as (v: unknown) => void;
      rejectNext = reject;
    });
    const call = new Call(this, fn);
    if (options || this.extras_ || this.inner_.length || this.reporter_.listeners_) call.start_(options);
    if (!call.phase_) call.go_();
    return promise;
  }

  /** @internal Reports an execution's outcome to 'success'/'failure' listeners. */
  report_(x: unknown, threw: boolean, startedAt: number, attempts: number): void {
    this.reporter_.emit_(threw ? 'failure' : 'success', { attempt: attempts, durationMs: now() - startedAt, error: threw ? x : undefined });
  }
}

/**
 * The calls watching one caller signal: a single 'abort' listener per signal, however many calls
 * share it (Node warns past 10 listeners), removed when the last call settles.
 */
class Watchers extends Set<Call> {
  handleEvent(): void {
    for (const call of this) call.cancel_();
  }
}
const watching = new WeakMap<AbortSignal, Watchers>();

/** Where the executor of a call's promise hands out its resolving functions. */
let resolveNext: (v: unknown) => void;
let rejectNext: (e: unknown) => void;

/**
 * What the first nested call cut short by the abort in progress settled with (see cutShort):
 * undefined while no abort is in progress, null until a nested call reports.
 */
let cut: unknown;

/**
 * Aborts the work signal of attempt `c` with `e`, and returns what the first nested Breakwater call
 * given that signal settled with (each one is cut short inside the abort, see cancel_), or `e` when
 * there is none. When a budget runs out, the caller thus gets the TimeoutError of the innermost call
 * it cut short — synchronously, whatever the work does with that error and however many microtask
 * hops it would take to travel back.
 */
const cutShort = (c: Attempt, e: unknown): unknown => {
  const outer = cut;
  cut = null;
  c.abort_(e);
  const first = cut ?? e;
  cut = outer;
  return first;
};

/**
 * What only some calls need, made when the call has it: the caller's signal and request facts, a
 * deadline, the start times (a listener's duration, slow-call tracking), retry state. A plain call
 * under a timeout carries none of it.
 */
class Extras {
  /**
   * The deadline (monotonic ms), who set it (the caller's signal, a deadline policy, retry's
   * maxTotalMs) and its length; the last two are set with a finite deadline, the only time they are read.
   */
  deadline_ = Infinity;
  deadlineBy_: Emitter | undefined = undefined;
  deadlineMs_ = 0;
  /** The deadline and the attempt that the caller's signal carries, when a Breakwater context made it. */
  outer_: readonly [number, TimerNode] | undefined = undefined;
  /** When the call and its running attempt started. */
  startedAt_ = 0;
  attemptStart_ = 0;
  /** The last backoff delay (decorrelated jitter), and the sleep before the next attempt. */
  prevDelay_ = 0;
  sleep_: unknown = undefined;

  constructor(
    readonly signal_?: AbortSignal,
    readonly request_?: ExecuteOptions,
  ) {}

  limit_(by: Emitter, at: number, ms: number): void {
    if (at < this.deadline_) {
      this.deadline_ = at;
      this.deadlineBy_ = by;
      this.deadlineMs_ = ms;
    }
  }
}

/**
 * One attempt's context, and its state: its deadline (`at_`), its place in a timer list, its signal
 * (made on first read), the bulkhead slot its work holds. A retried attempt is one of these; the
 * Call extends it, being its own first attempt (one object less per call). Every field is set in
 * the constructor, in one order, so every attempt has one shape.
 */
class Attempt implements Context, TimerNode {
  at_ = Infinity;
  next_: TimerNode | undefined = undefined;
  prev_: TimerNode | undefined = undefined;
  /** Created when the work first reads `signal` (or when the attempt is aborted). */
  controller_: AbortController | undefined = undefined;
  /** The work holds a bulkhead slot until it settles. */
  holdsSlot_ = false;
  /** The execution this attempt belongs to (the Call itself for its first attempt). */
  readonly call_: Call;

  constructor(
    call: Call | undefined,
    readonly attempt: number,
  ) {
    this.call_ = call ?? (this as Attempt as Call);
  }

  /** Made on first read; it carries the deadline (and this attempt) into nested calls. */
  get signal(): AbortSignal {
    if (!this.controller_) {
      this.controller_ = new AbortController();
      if (this.at_ < Infinity) deadlines.set(this.controller_.signal, [this.at_, this]);
    }
    return this.controller_.signal;
  }

  get timeLeft(): number {
    return Math.max(0, this.at_ - now());
  }

  /** Aborts the work's signal, read or not: a read later gets it aborted. */
  abort_(reason: unknown): void {
    (this.controller_ ??= new AbortController()).abort(reason);
  }

  /** The attempt's timeout or deadline expired. */
  expire_(): void {
    this.call_.timedOut_(this);
  }

  /** The attempt's work returned a value, or threw. */
  settled_(x: unknown): void {
    this.call_.attemptEnded_(this, x, false);
  }

  failed_(e: unknown): void {
    this.call_.attemptEnded_(this, e, true);
  }
}

/**
 * One execution: admission, attempts, backoff sleeps and queue waits, then one settlement. It is
 * also its first attempt; its `at_` is the queue-wait deadline while queued, then the attempt's.
 * What only some calls need is in Extras.
 */
class Call extends Attempt implements Waiter {
  extras_: Extras | undefined = undefined;
  /** Attempts started; the running attempt and its breaker ticket. */
  attempts_ = 0;
  current_: Attempt | undefined = undefined;
  ticket_ = 0;
  phase_ = 0;
  /** Settle the caller's promise (made by execute(), just before the call). */
  readonly resolve_ = resolveNext;
  readonly reject_ = rejectNext;

  constructor(
    readonly pipeline_: Pipeline,
    public work_: Work<unknown>,
  ) {
    super(undefined, 1);
  }

  /**
   * What only some calls need: the caller's options, nested policies (they wrap the work and get
   * this attempt's signal, and with it the deadline), the deadline (reading the clock only for one:
   * the caller's signal, a deadline policy, retry's maxTotalMs, or for a 'success'/'failure'
   * listener's duration), and the caller's signal, watched; settles at once if it is already aborted.
   */
  start_(options: AbortSignal | ExecuteOptions | undefined): void {
    const p = this.pipeline_;
    let s: AbortSignal | undefined;
    let request: ExecuteOptions | undefined;
    if (options && 'aborted' in options) s = options;
    else if (options) s = (request = options).signal;
    for (let j = p.inner_.length; j--; ) {
      const q = p.inner_[j]!;
      const work = this.work_;
      this.work_ = (c) => q.execute(work, { ...request, signal: c.signal });
    }
    const x = (this.extras_ = new Extras(s, request));
    if (s || p.budget_ || p.reporter_.listeners_) {
      const { deadline_: d, retry_: r } = p;
      const t = (x.startedAt_ = now());
      // The deadline the caller's signal carries, when a Breakwater context made it: when that
      // limit cuts this call short, its TimeoutError names this policy (see cancel_).
      const o = (x.outer_ = s && deadlines.get(s));
      if (o) x.limit_(p.reporter_, o[0], o[0] - t);
      if (d) x.limit_(d, t + d.ms, d.ms);
      if (r) x.limit_(r, t + r.maxTotalMs, r.maxTotalMs);
    }
    if (s?.aborted) return this.settle_(s.reason, true);
    if (s) {
      let w = watching.get(s);
      if (!w) {
        watching.set(s, (w = new Watchers()));
        s.addEventListener('abort', w);
      }
      w.add(this);
    }
  }

  /** The call's deadline (monotonic ms; Infinity without one). */
  get deadline_(): number {
    return this.extras_ ? this.extras_.deadline_ : Infinity;
  }

  /** Starts an attempt: breaker admission, then a bulkhead slot (or a place in its queue). */
  go_(): void {
    const p = this.pipeline_;
    const b = p.breaker_;
    const h = p.bulkhead_;
    if (b && !(this.ticket_ = b.admit_())) return this.attemptOver_(b.refusal_(), true);
    if (h) {
      // Every slot is taken: wait in the queue, or be refused when it is full.
      if (h.active >= h.limit) return h.queue_(this) ? void (this.phase_ = QUEUED) : this.refuse_(h, 'queue-full');
      h.active++;
    }
    this.run_();
  }

  /** Runs the work, holding a bulkhead slot if there is a bulkhead. */
  run_(): void {
    const p = this.pipeline_;
    const c = this.attempts_++ ? new Attempt(this, this.attempts_) : this;
    c.holdsSlot_ = !!p.bulkhead_;
    c.at_ = Infinity;
    this.current_ = c;
    this.phase_ = RUNNING;
    if (p.timeoutMs_ < Infinity || this.extras_) this.arm_(c);
    let v;
    try {
      v = this.work_(c);
    } catch (e) {
      return this.attemptEnded_(c, e, true);
    }
    // The attempt settles when the work's result does (at once for a plain value). Its handlers
    // are the attempt's own methods, bound: two small objects, and no closure context.
    if (typeof (v as PromiseLike<unknown>)?.then == 'function') (v as PromiseLike<unknown>).then(c.settled_.bind(c), c.failed_.bind(c));
    else c.settled_(v);
  }

  /** The attempt's deadline: its timeout, capped by the call's deadline, on the pipeline's timer list. */
  arm_(c: Attempt): void {
    const p = this.pipeline_;
    const x = this.extras_;
    const deadline = this.deadline_;
    // The clock is read only when something needs it: a limit, slow-call tracking.
    if (p.timeoutMs_ == Infinity && deadline == Infinity && !p.timed_) return;
    const t = now();
    c.at_ = Math.min(t + p.timeoutMs_, deadline);
    if (x) x.attemptStart_ = t;
    if (c.at_ < Infinity) p.timers_.add_(c, t);
  }

  /** The work of attempt `c` settled. */
  attemptEnded_(c: Attempt, x: unknown, threw: boolean): void {
    // The bulkhead slot is held until the work itself ends, not when its caller was released: work
    // that outlives its timeout still occupies the dependency, and the bulkhead must bound it.
    if (c.holdsSlot_) {
      c.holdsSlot_ = false;
      this.pipeline_.bulkhead_!.free_();
    }
    // An attempt that already ended (timed out, aborted) settles late: nobody gets its value.
    if (c != this.current_) return void (threw || discard(x));
    this.attemptOver_(x, threw);
  }

  /** A TimeoutError of the attempt's own timeout, or of the deadline; counted and reported. */
  timeoutError_(own: boolean, cause?: TimeoutError): TimeoutError {
    const p = this.pipeline_;
    const by = own ? p.timeout_! : this.extras_!.deadlineBy_!;
    const ms = own ? p.timeoutMs_ : this.extras_!.deadlineMs_;
    p.counters_.timeouts++;
    by.listeners_ && by.emit_('timeout', { timeoutMs: ms });
    return new TimeoutError(by.name, ms, cause);
  }

  /** The running attempt's timeout or deadline expired: release the caller now, abort the work. */
  timedOut_(c: Attempt): void {
    if (this.handOver_(c.at_)) return;
    this.attemptOver_(cutShort(c, this.timeoutError_(c.at_ < this.deadline_)), true);
  }

  /**
   * A limit of this call expired at `at`. When that is the deadline its caller's signal handed
   * down, and the attempt the signal belongs to is still waiting on its own timer for that same
   * moment, expire that attempt first: its abort cuts this call short (cancel_). The two timers
   * race on a whole-millisecond clock; this way the outcome is the same whichever fires first.
   * True when that settled this call.
   */
  handOver_(at: number): boolean {
    const o = this.extras_?.outer_;
    if (!o || at != o[0] || !o[1].next_ || o[1].at_ > at) return false;
    o[1].expire_();
    return this.phase_ == SETTLED;
  }

  /** The first attempt's timer, or the wait in the bulkhead queue, expired. */
  override expire_(): void {
    if (this.phase_ != QUEUED) return super.expire_();
    if (this.handOver_(this.at_)) return;
    const h = this.pipeline_.bulkhead_!;
    h.drop_(this);
    this.at_ < this.deadline_ ? this.refuse_(h, 'queue-timeout') : this.attemptOver_(this.timeoutError_(false), true);
  }

  refuse_(h: Bulkhead, reason: 'queue-full' | 'queue-timeout'): void {
    h.rejected++;
    h.listeners_ && h.emit_('reject', { reason });
    this.attemptOver_(new BulkheadRejectedError(h.name, reason), true);
  }

  /**
   * An attempt is over (or was refused before it ran): free its timer, tell the breaker, retry or
   * settle. `aborted`: by the caller (cancel_ has aborted the work), which ends the call.
   */
  attemptOver_(x: unknown, threw: boolean, aborted?: boolean): void {
    const { pipeline_: p, current_: c } = this;
    if (c) {
      this.current_ = undefined;
      p.timers_.del_(c);
    }
    // A value that is not a Response: a success for the breaker, nothing for a retry to consider.
    const plain = !threw && !isResponse(x);
    if (this.ticket_) {
      const b = p.breaker_!;
      const bad = plain ? false : c && b.judge_(x, threw);
      // An outer policy's timeout is a failure the breaker should see; any other abort says nothing about the dependency.
      b.record_(this.ticket_, aborted ? bad || undefined : bad, this.extras_ ? this.extras_.attemptStart_ : 0);
      this.ticket_ = 0;
    }
    if (aborted || plain || !p.retry_ || !this.retry_(x, threw)) this.settle_(x, threw);
  }

  /** Sleeps before the next attempt if the retry says so (true), or leaves the failure to settle the call (false). */
  retry_(failure: unknown, threw: boolean): boolean {
    const p = this.pipeline_;
    const r = p.retry_!;
    if (!threw && !isTransient(failure)) return false;
    const x = (this.extras_ ??= new Extras());
    const d = r.delay_(failure, this.attempts_, x.prevDelay_, x.request_, x.attemptStart_, x.deadline_);
    if (d < 0) return false;
    if (!threw) discard(failure);
    x.prevDelay_ = d;
    p.counters_.retries++;
    r.listeners_ && r.emit_('retry', { attempt: this.attempts_, delayMs: d, error: failure });
    this.phase_ = SLEEPING;
    // Not unref'd: a pending retry is work the caller awaits, it must keep the process alive.
    x.sleep_ = setTimeout(() => this.go_(), d);
    return true;
  }

  /**
   * The caller aborted: stop whatever phase we are in, at once, with the abort's reason. Unless an
   * outer budget ran out: the reason is a TimeoutError and this call's deadline (the one the
   * caller's signal handed down, or its own) is due as well. Then this call times out in its own
   * name, as its own timer would have had it: its TimeoutError names this policy and, when the limit
   * was the handed-down deadline (not its own deadline or attempt timeout, due as well), has the
   * TimeoutError of the budget that ran out as its cause. It reports that error to the abort in
   * progress (see cutShort), so the outer caller gets it too.
   */
  cancel_(): void {
    const x = this.extras_!;
    const c = this.current_;
    let e = x.signal_!.reason;
    if (e instanceof TimeoutError && x.deadline_ <= now()) {
      const own = !!c && c.at_ < x.deadline_;
      e = this.timeoutError_(own, !own && x.deadline_ == x.outer_?.[0] ? (e.cause ?? e) : undefined);
    }
    if (this.phase_ == QUEUED) this.pipeline_.bulkhead_!.drop_(this);
    clearTimeout(x.sleep_ as number);
    if (c) e = cutShort(c, e);
    this.attemptOver_(e, true, true);
    if (cut === null) cut = e;
  }

  settle_(x: unknown, threw: boolean): void {
    if (this.phase_ == SETTLED) return;
    this.phase_ = SETTLED;
    const extras = this.extras_;
    const s = extras?.signal_;
    const w = s && watching.get(s);
    if (w?.delete(this) && !w.size) {
      s!.removeEventListener('abort', w);
      watching.delete(s!);
    }
    const p = this.pipeline_;
    threw ? p.counters_.failures++ : p.counters_.successes++;
    if (p.reporter_.listeners_) p.report_(x, threw, extras ? extras.startedAt_ : 0, this.attempts_);
    threw ? this.reject_(x) : this.resolve_(x);
  }
}
