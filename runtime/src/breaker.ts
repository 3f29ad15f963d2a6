// Circuit breaker: closed → open → half-open → closed, on a monotonic clock. Admission is a
// synchronous check before the call; the outcome is recorded after it. Every transition bumps a
// generation number, and each admitted call carries the generation it was admitted under (negated
// for a half-open probe), so a late outcome from an earlier period can never move the state.
import { isResponse, isTransient } from './classify.js';
import { now } from './clock.js';
import { FREE } from './context.js';
import { BrokenCircuitError, BulkheadRejectedError } from './errors.js';
import { Stage, type ExecuteOptions, type Work } from './stage.js';
import type { BreakerSnapshotState, BreakerStateName, BreakerStore } from './store.js';
import { CLOSED, HALF_OPEN, ISOLATED, OPEN, STATES } from './states.js';
import { slidingWindow, type SlidingWindow, type WindowOptions } from './window.js';

export interface BreakerOptions {
  name?: string;
  /** Opens after this many consecutive failures (default 5 when neither rate trigger is set). */
  failureThreshold?: number;
  /** Opens when failures / calls in the window reach `threshold` (0–1), once the window holds `minimumThroughput` calls (default 10). */
  failureRate?: { threshold: number; minimumThroughput?: number; window?: WindowOptions };
  /** Opens when calls slower than `thresholdMs` reach `rate` (0–1) of the window (failureRate's window, else its own). */
  slowCall?: { thresholdMs: number; rate: number; minimumThroughput?: number; window?: WindowOptions };
  /** How long it stays open before admitting a probe (default 30 s). */
  openMs?: number;
  /** Each re-open from half-open doubles the open time, up to this (default 8 × openMs). */
  maxOpenMs?: number;
  /** Probes admitted at once in half-open (default 1), and successes in a row that close it (default 1). */
  halfOpen?: { probes?: number; successThreshold?: number };
  /** What counts as a failure (an error, or a returned Response); default: transient failures and timeouts. */
  isFailure?(failure: unknown): boolean;
  /** Shares state transitions with other breakers of the same name (e.g. across replicas). */
  store?: BreakerStore;
}

type Outcome = (x: unknown) => unknown;

export class CircuitBreaker extends Stage {
  /** @internal */
  readonly rank_ = 3;
  /** Calls rejected without being made. */
  rejected = 0;
  /** @internal Outcomes need a duration (slow-call tracking). */
  readonly timed_: boolean;
  /** @internal */
  o_: BreakerOptions;
  /** @internal */
  window_?: SlidingWindow | undefined;
  /** @internal The state's index in STATES. */
  state_ = CLOSED;
  /** @internal */
  gen_ = 1;
  /** @internal */
  failures_ = 0;
  /** @internal */
  until_ = 0;
  /** @internal */
  opens_ = 0;
  /** @internal */
  probes_ = 0;
  /** @internal */
  successes_ = 0;
  /** @internal The outcome handlers of execute()'s fast path for the current generation (made on first use). */
  onValue_?: Outcome | undefined;
  /** @internal */
  onError_?: Outcome | undefined;

  constructor(o: BreakerOptions = {}) {
    super(o.name ?? 'breaker');
    const { failureRate: fr, slowCall: sc, store } = (this.o_ = o);
    this.timed_ = !!sc;
    if (fr || sc) this.window_ = slidingWindow(fr?.window ?? sc?.window ?? { count: 100 });
    this.need_(!fr || (fr.threshold > 0 && fr.threshold <= 1), 'failureRate.threshold must be in (0, 1]');
    this.need_(!sc || (sc.rate > 0 && sc.rate <= 1), 'slowCall.rate must be in (0, 1]');
    if (store) {
      const saved = store.get(this.name);
      if (saved) this.importState(saved);
      store.subscribe?.(this.name, (s) => this.importState(s));
    }
  }

  /**
   * The breaker alone, closed, timing nothing, with nobody listening and no caller signal: admit
   * (one field compare), call, and record the outcome in one reaction whose handlers are shared by
   * every call of this generation. Anything else takes the pipeline.
   */
  override execute<T>(fn: Work<T>, options?: AbortSignal | ExecuteOptions): Promise<T> {
    if (options || this.state_ || this.timed_ || this.listeners_) return super.execute(fn, options);
    let v;
    try {
      v = fn(FREE);
    } catch (e) {
      this.record_(this.gen_, this.judge_(e, true), 0);
      return Promise.reject(e);
    }
    if (!this.onValue_) {
      const gen = this.gen_;
      this.onValue_ = (x) => (this.record_(gen, this.judge_(x, false), 0), x);
      this.onError_ = (e) => {
        throw (this.record_(gen, this.judge_(e, true), 0), e);
      };
    }
    // A native promise is used as is (cheaper than Promise.resolve(), which would return it anyway).
    return (v instanceof Promise ? v : Promise.resolve(v)).then(this.onValue_, this.onError_) as Promise<T>;
  }

  /** 'closed' | 'open' | 'half-open' | 'isolated'; an open breaker whose time is up reads 'half-open'. */
  get state(): BreakerStateName {
    return STATES[this.stateNow_()]!;
  }

  /** How long until a probe is admitted: 0 when closed or half-open, Infinity while isolated. */
  get retryAfterMs(): number {
    const s = this.state_;
    return s == OPEN ? Math.max(0, this.until_ - now()) : s == ISOLATED ? Infinity : 0;
  }

  /** @internal Admits a call: returns its ticket, or 0 when it is refused (then call refusal_()). */
  admit_(): number {
    return this.state_ ? this.admitProbe_() : this.gen_;
  }

  /** @internal */
  admitProbe_(): number {
    return this.stateNow_() == HALF_OPEN && this.probes_ < (this.o_.halfOpen?.probes ?? 1) ? (this.probes_++, -this.gen_) : 0;
  }

  /** @internal The error for a call admit_() refused, counted and reported. */
  refusal_(): BrokenCircuitError {
    const state = STATES[this.state_] as 'open';
    this.rejected++;
    this.listeners_ && this.emit_('reject', { reason: state });
    // Half-open with every probe slot taken: the probe decides; should it fail, the next one comes after the next open time.
    return new BrokenCircuitError(this.name, state, this.state_ == HALF_OPEN ? this.openFor_() : this.retryAfterMs);
  }

  /** @internal Classifies an outcome: true = failure, false = success, undefined = says nothing about the dependency. */
  judge_(x: unknown, threw: boolean): boolean | undefined {
    return threw || isResponse(x)
      ? x instanceof BrokenCircuitError || x instanceof BulkheadRejectedError
        ? undefined
        : (this.o_.isFailure ?? isTransient)(x)
      : false;
  }

  /** @internal Records the outcome of a call admitted with `ticket`; `bad` undefined releases a probe slot without a verdict. */
  record_(ticket: number, bad: boolean | undefined, startedAt: number): void {
    // The hot path (small enough to inline): a success while closed, no window to feed.
    if (ticket == this.gen_ && bad === false && !this.window_) this.failures_ = 0;
    else this.recordFull_(ticket, bad, startedAt);
  }

  /** @internal */
  recordFull_(ticket: number, bad: boolean | undefined, startedAt: number): void {
    const { slowCall: sc, failureRate: fr, failureThreshold = fr || sc ? Infinity : 5 } = this.o_;
    const slow = sc && bad !== undefined && now() - startedAt >= sc.thresholdMs;
    if (ticket == -this.gen_) {
      this.probes_--;
      if (bad || slow) this.open_();
      else if (bad === false && ++this.successes_ >= (this.o_.halfOpen?.successThreshold ?? 1)) this.to_(CLOSED);
    } else if (ticket == this.gen_ && bad !== undefined) {
      const w = this.window_;
      if (w && (w.add_(bad, !!slow), bad || slow)) {
        const [calls, failures, slows] = w.totals_() as [number, number, number];
        if (
          calls >= (fr?.minimumThroughput ?? sc?.minimumThroughput ?? 10) &&
          ((fr && failures >= fr.threshold * calls) || (sc && slows >= sc.rate * calls))
        )
          return this.open_();
      }
      this.failures_ = bad ? this.failures_ + 1 : 0;
      if (this.failures_ >= failureThreshold) this.open_();
    }
  }

  /** Opens and stays open (rejecting every call) until reset(). */
  isolate(): void {
    this.to_(ISOLATED);
  }

  /** Closes, forgetting failures and the re-open backoff. */
  reset(): void {
    this.to_(CLOSED);
  }

  exportState(): BreakerSnapshotState {
    return { state: STATES[this.state_]!, openUntil: this.state_ == OPEN ? Date.now() + this.retryAfterMs : undefined, opens: this.opens_ };
  }

  /** Adopts a state (from exportState(), a store or a file); emits 'state' when it changes; never writes back to a store. */
  importState(st: BreakerSnapshotState): void {
    const s = STATES.indexOf(st.state);
    this.need_(s >= 0, `unknown breaker state ${st.state}`);
    // Our own write echoed back by the store changes nothing.
    if (s != this.state_ || st.opens != this.opens_) this.to_(s, st.opens || 0, now() + Math.max(0, (st.openUntil ?? 0) - Date.now()));
  }

  /** @internal The state index, once an open breaker whose time is up has turned half-open. */
  stateNow_(): number {
    if (this.state_ == OPEN && now() >= this.until_) this.to_(HALF_OPEN);
    return this.state_;
  }

  /** @internal The open time for the next opening: openMs doubled per consecutive re-open, capped. */
  openFor_(): number {
    const { openMs = 30_000, maxOpenMs = openMs * 8 } = this.o_;
    return Math.min(maxOpenMs, openMs * 2 ** this.opens_);
  }

  /** @internal */
  open_(): void {
    this.to_(OPEN, undefined, now() + this.openFor_(), this.opens_ + 1);
  }

  /** @internal A transition; `imported` is the state's own re-open count when it came from outside (not saved back). */
  to_(s: number, imported?: number, until = 0, opens = s ? this.opens_ : 0): void {
    const from = this.state_;
    this.state_ = s;
    this.gen_++;
    this.onValue_ = this.onError_ = undefined;
    this.until_ = until;
    this.opens_ = imported ?? opens;
    this.failures_ = this.probes_ = this.successes_ = 0;
    this.window_?.reset_();
    if (imported === undefined) this.o_.store?.set(this.name, this.exportState());
    if (from != s) this.listeners_ && this.emit_('state', { state: STATES[s]!, from: STATES[from]! });
  }
}

/** A circuit breaker (see BreakerOptions); use alone or inside compose()/policy(). */
export const circuitBreaker = (options?: BreakerOptions): CircuitBreaker => new CircuitBreaker(options);
