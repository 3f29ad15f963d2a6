// The execution engine. compose() and policy() fuse the policies that follow the default order
// (deadline ∘ retry ∘ breaker ∘ bulkhead ∘ timeout) into one Pipeline, and each execution is one
// Call object driven by callbacks: synchronous admission (breaker state, bulkhead count), one
// timer node in a shared TimerList, one promise for the caller. No async function per layer, no
// setTimeout or AbortController per call.
import type { CircuitBreaker } from './breaker.js';
import type { Bulkhead, Waiter } from './bulkhead.js';
import { isResponse, isTransient } from './classify.js';
import { now, TimerList } from './clock.js';
import { Ctx, deadlineOf, type Context } from './context.js';
import { BulkheadRejectedError, TimeoutError } from './errors.js';
import { Emitter, type Listener, type PolicyEventName } from './events.js';
import type { Retry } from './retry.js';
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

type Named = Emitter & { readonly name: string };

/**
 * The context of work that nothing can stop (no timeout, deadline, caller signal or retry): one
 * shared object, no allocation per call. Its signal never aborts, so each read may hand out a new one.
 */
const FREE: Context = {
  get signal() {
    return new AbortController().signal;
  },
  attempt: 1,
  timeLeft: Infinity,
};

/** Cancels the body of a Response we will not hand out (retried, or late), so its connection is freed. */
export const discard = (x: unknown): void => {
  if (isResponse(x)) (x.body as { cancel?(): Promise<void> } | null)?.cancel?.().catch(() => {});
};

export class Pipeline extends Emitter implements Policy {
  /** The policies in this pipeline, by rank: deadline, retry, breaker, bulkhead, timeout. */
  d?: Timeout;
  r?: Retry;
  b?: CircuitBreaker;
  h?: Bulkhead;
  t?: Timeout;
  readonly n: Counters = { calls: 0, successes: 0, failures: 0, retries: 0, timeouts: 0 };
  /** The emitter of 'success'/'failure': this pipeline, or the single policy it runs. */
  readonly ev: Emitter;
  /** Attempt deadlines of every call in flight. */
  readonly tl = new TimerList();
  readonly #parts: Policy[];
  /** Policies that do not fuse (out of the default order, or other pipelines): they wrap the work, outermost first. */
  readonly #inner: Policy[] = [];
  /** The outcome handlers of #direct for the current breaker ticket. */
  #cb?: [number, (x: unknown) => unknown, (e: unknown) => never];

  constructor(
    parts: Policy[],
    readonly name: string,
    /** Where 'success'/'failure' go: a single policy's own pipeline reports them on that policy. */
    owner?: Emitter,
  ) {
    super();
    this.ev = owner ?? this;
    this.#parts = parts;
    for (const p of parts) {
      const k = (p as Stage).k;
      k ? ((this as Record<string, unknown>)[' drbht'[k]!] = p) : this.#inner.push(p);
    }
  }

  /** The circuit breaker, if this policy has one (isolate(), reset(), state …). */
  get breaker(): CircuitBreaker | undefined {
    return this.b;
  }

  get bulkhead(): Bulkhead | undefined {
    return this.h;
  }

  override on(type: PolicyEventName, listener: Listener): () => void {
    const offs = [super.on(type, listener), ...this.#parts.map((p) => p.on(type, listener))];
    return () => offs.forEach((off) => off());
  }

  execute<T>(fn: Work<T>, options?: AbortSignal | ExecuteOptions): Promise<T> {
    this.n.calls++;
    const signal = options && ('aborted' in options ? options : options.signal);
    const o = options && !('aborted' in options) ? options : undefined;
    for (let j = this.#inner.length; j--; ) {
      const q = this.#inner[j]!;
      const work = fn;
      // The inner policy gets this attempt's signal (and so its deadline) when one can ever abort.
      fn = (c) => q.execute(work, { ...o, signal: c != FREE ? c.signal : undefined });
    }
    const h = this.h;
    // Nothing can time out or be aborted and no retry: observe the outcome without a Call.
    return !signal && !(this.r || this.t || this.d) && !(h && h.active >= h.limit)
      ? this.#direct(fn)
      : (new Call(this, fn, o, signal).pr as Promise<T>);
  }

  /** Breaker and bulkhead only, no caller signal, a free slot: the outcome is observed, not raced. */
  #direct<T>(fn: Work<T>): Promise<T> {
    const { b, h } = this;
    const t0 = b?.timed || this.ev.l ? now() : 0;
    let ticket = 0;
    if (b)
      try {
        ticket = b.admit();
      } catch (e) {
        this.end(e, true, t0, 0);
        return Promise.reject(e);
      }
    if (h) h.active++;
    let v;
    try {
      v = fn(FREE);
    } catch (e) {
      this.#over(ticket, t0, e, true);
      return Promise.reject(e);
    }
    // The outcome handlers depend only on the breaker ticket (and the start time, when timed): made
    // once per breaker generation and shared by every call admitted in it, not once per call.
    let cb = this.#cb;
    if (t0 || cb?.[0] !== ticket) {
      cb = [
        ticket,
        (x: unknown) => (this.#over(ticket, t0, x, false), x),
        (e: unknown) => {
          throw (this.#over(ticket, t0, e, true), e);
        },
      ];
      if (!t0) this.#cb = cb;
    }
    return Promise.resolve(v).then(cb[1] as (x: unknown) => T, cb[2]);
  }

  #over(ticket: number, t0: number, x: unknown, threw: boolean): void {
    this.h?.free();
    if (ticket) this.b!.record(ticket, this.b!.judge(x, threw), t0);
    this.end(x, threw, t0, 1);
  }

  /** Counts an execution's outcome and reports it to 'success'/'failure' listeners. */
  end(x: unknown, threw: boolean, startedAt: number, attempts: number): void {
    threw ? this.n.failures++ : this.n.successes++;
    const e = this.ev;
    e.l && e.emit(threw ? 'failure' : 'success', this.name, { attempt: attempts, durationMs: now() - startedAt, error: threw ? x : undefined });
  }
}

/**
 * The calls watching one caller signal: a single 'abort' listener per signal, however many calls
 * share it (Node warns past 10 listeners), removed when the last call settles.
 */
class Watchers extends Set<Call> {
  handleEvent(): void {
    for (const call of this) call.cancel();
  }
}
const watching = new WeakMap<AbortSignal, Watchers>();

/**
 * One execution: admission, attempts, backoff sleeps and queue waits, then one settlement. It is
 * also the context of its first attempt (later attempts get their own), one object less per call;
 * its `at` is the queue-wait deadline while queued, then the attempt's.
 */
class Call extends Ctx implements Waiter {
  readonly pr: Promise<unknown>;
  res!: (v: unknown) => void;
  rej!: (e: unknown) => void;
  /** The deadline (monotonic ms); who set it (the caller's signal, a deadline policy, retry's maxTotalMs) and its length. */
  dl: number;
  declare dlBy: Named;
  declare dlMs: number;
  /** Attempts started; the running attempt, its breaker ticket and start time. */
  n = 0;
  c?: Ctx | undefined;
  ticket = 0;
  t0 = 0;
  /** 1 queued, 2 running, 3 sleeping before a retry, 4 settled. */
  st = 0;
  declare c0: number;
  declare prevDelay: number;
  declare sleep: unknown;
  constructor(
    readonly p: Pipeline,
    readonly fn: Work<unknown>,
    readonly o: ExecuteOptions | undefined,
    readonly s: AbortSignal | undefined,
  ) {
    super(undefined, 1, Infinity);
    this.pr = new Promise((res, rej) => {
      this.res = res;
      this.rej = rej;
    });
    this.dl = deadlineOf(s);
    if (this.dl < Infinity || p.d || p.r?.maxTotalMs! < Infinity || p.ev.l) {
      const t = (this.c0 = now());
      this.dlBy = p;
      this.dlMs = this.dl - t;
      this.limit(p.d, p.d?.ms, t);
      this.limit(p.r, p.r?.maxTotalMs, t);
    }
    if (s) {
      if (s.aborted) {
        this.settle(s.reason, true);
        return;
      }
      let w = watching.get(s);
      if (!w) {
        watching.set(s, (w = new Watchers()));
        s.addEventListener('abort', w);
      }
      w.add(this);
    }
    this.go();
  }

  limit(by: Named | undefined, ms = Infinity, t: number): void {
    if (by && t + ms < this.dl) {
      this.dl = t + ms;
      this.dlBy = by;
      this.dlMs = ms;
    }
  }

  /** Starts an attempt: breaker admission, then a bulkhead slot (or a place in its queue). */
  go(): void {
    const { b, h } = this.p;
    if (b)
      try {
        this.ticket = b.admit();
      } catch (e) {
        return this.fin(e, true);
      }
    if (h) {
      const took = h.take(this);
      if (took === false) return void (this.st = 1);
      if (took !== true) return this.reject(h, took);
    }
    this.run();
  }

  /** Runs the work, holding a bulkhead slot if there is a bulkhead. */
  run(): void {
    const p = this.p;
    const lim = p.t ? p.t.ms : Infinity;
    let at = Infinity;
    // The clock is read only when something needs it: a limit, slow-call tracking.
    if (lim < Infinity || this.dl < Infinity || p.b?.timed) at = Math.min((this.t0 = now()) + lim, this.dl);
    const c = (this.c = this.n++ ? new Ctx(this, this.n, at) : this);
    c.at = at;
    c.slot = !!p.h;
    this.st = 2;
    if (at < Infinity) p.tl.add(c, this.t0);
    let v;
    try {
      v = this.fn(c);
    } catch (e) {
      return this.done(c, e, true);
    }
    if (typeof (v as PromiseLike<unknown>)?.then == 'function')
      (v as PromiseLike<unknown>).then(
        (x) => this.done(c, x, false),
        (e) => this.done(c, e, true),
      );
    else this.done(c, v, false);
  }

  done(c: Ctx, x: unknown, threw: boolean): void {
    // The bulkhead slot is held until the work itself ends, not when its caller was released: work
    // that outlives its timeout still occupies the dependency, and the bulkhead must bound it.
    if (c.slot) this.p.h!.free();
    c.slot = false;
    // An attempt that already ended (timed out, aborted) settles late: nobody gets its value.
    if (c != this.c) return void (threw || discard(x));
    this.fin(x, threw);
  }

  timeoutError(own: boolean): TimeoutError {
    const src = own ? this.p.t! : this.dlBy;
    const e = new TimeoutError(src.name, own ? this.p.t!.ms : this.dlMs);
    this.p.n.timeouts++;
    src.l && src.emit('timeout', src.name, { timeoutMs: e.timeoutMs });
    return e;
  }

  /** The running attempt's timeout or deadline expired: release the caller now, abort the work. */
  tx(c: Ctx): void {
    const e = this.timeoutError(c.at < this.dl);
    c.abort(e);
    this.fin(e, true);
  }

  /** The first attempt's timer, or the wait in the bulkhead queue, expired. */
  override expire(): void {
    if (this.st != 1) return this.tx(this);
    const h = this.p.h!;
    h.drop(this);
    this.at < this.dl ? this.reject(h, 'queue-timeout') : this.fin(this.timeoutError(false), true);
  }

  reject(h: Bulkhead, reason: 'queue-full' | 'queue-timeout'): void {
    h.rejected++;
    h.l && h.emit('reject', h.name, { reason });
    this.fin(new BulkheadRejectedError(h.name, reason), true);
  }

  /** An attempt is over (or was refused before it ran): free its slot, tell the breaker, retry or settle. */
  fin(x: unknown, threw: boolean): void {
    const { p, o, c } = this;
    const { r, b } = p;
    if (c) {
      this.c = undefined;
      p.tl.del(c);
    }
    if (this.ticket) {
      b!.record(this.ticket, c ? b!.judge(x, threw) : undefined, this.t0);
      this.ticket = 0;
    }
    if (r && (threw || (isResponse(x) && isTransient(x)))) {
      const d = r.delay(x, this.n, this.prevDelay ?? 0, o, this.t0, this.dl);
      if (d >= 0) {
        if (!threw) discard(x);
        this.prevDelay = d;
        p.n.retries++;
        r.l && r.emit('retry', r.name, { attempt: this.n, delayMs: d, error: x });
        this.st = 3;
        // Not unref'd: a pending retry is work the caller awaits, it must keep the process alive.
        this.sleep = setTimeout(() => this.go(), d);
        return;
      }
    }
    this.settle(x, threw);
  }

  /** The caller aborted: stop whatever phase we are in, at once. */
  cancel(): void {
    const { p, s, c } = this;
    const reason = s!.reason;
    if (this.st == 1) p.h!.drop(this);
    clearTimeout(this.sleep as number);
    if (c) {
      this.c = undefined;
      p.tl.del(c);
      c.abort(reason);
    }
    // An outer policy's timeout is a failure the breaker should see; any other abort says nothing about the dependency.
    if (this.ticket) p.b!.record(this.ticket, (c && p.b!.judge(reason, true)) || undefined, this.t0);
    this.ticket = 0;
    this.settle(reason, true);
  }

  settle(x: unknown, threw: boolean): void {
    if (this.st == 4) return;
    this.st = 4;
    const { s, p } = this;
    const w = s && watching.get(s);
    if (w?.delete(this) && !w.size) {
      s!.removeEventListener('abort', w);
      watching.delete(s!);
    }
    p.end(x, threw, this.c0, this.n);
    threw ? this.rej(x) : this.res(x);
  }
}
