// Circuit breaker: closed → open → half-open → closed, on a monotonic clock. Admission is a
// synchronous check before the call; the outcome is recorded after it. Every transition bumps a
// generation number, and each admitted call carries the generation it was admitted under (negated
// for a half-open probe), so a late outcome from an earlier period can never move the state.
import { isResponse, isTransient } from './classify.js';
import { now } from './clock.js';
import { BrokenCircuitError, BulkheadRejectedError } from './errors.js';
import { need, Stage } from './stage.js';
import type { BreakerSnapshotState, BreakerStateName, BreakerStore } from './store.js';
import { SlidingWindow, type WindowOptions } from './window.js';

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

export const STATES: BreakerStateName[] = ['closed', 'open', 'half-open', 'isolated'];

export class CircuitBreaker extends Stage {
  readonly k = 3;
  /** Calls rejected without being made. */
  rejected = 0;
  /** Outcomes need a duration (slow-call tracking). */
  readonly timed: boolean;
  #o: BreakerOptions;
  #window?: SlidingWindow | undefined;
  #s = 0;
  #gen = 1;
  #failures = 0;
  #until = 0;
  #opens = 0;
  #probes = 0;
  #successes = 0;

  constructor(o: BreakerOptions = {}) {
    super(o.name ?? 'breaker');
    const { failureRate: fr, slowCall: sc, store } = (this.#o = o);
    this.timed = !!sc;
    if (fr || sc) this.#window = new SlidingWindow(fr?.window ?? sc?.window ?? { count: 100 });
    need(!fr || (fr.threshold > 0 && fr.threshold <= 1), 'failureRate.threshold must be in (0, 1]');
    need(!sc || (sc.rate > 0 && sc.rate <= 1), 'slowCall.rate must be in (0, 1]');
    if (store) {
      const saved = store.get(this.name);
      if (saved) this.importState(saved);
      store.subscribe?.(this.name, (s) => this.importState(s));
    }
  }

  /** 'closed' | 'open' | 'half-open' | 'isolated'; an open breaker whose time is up reads 'half-open'. */
  get state(): BreakerStateName {
    if (this.#s == 1 && now() >= this.#until) this.#to(2);
    return STATES[this.#s]!;
  }

  /** How long until a probe is admitted: 0 when closed or half-open, Infinity while isolated. */
  get retryAfterMs(): number {
    const s = this.#s;
    return s == 1 ? Math.max(0, this.#until - now()) : s > 2 ? Infinity : 0;
  }

  /** Admits a call (returns its ticket) or throws BrokenCircuitError at once. */
  admit(): number {
    if (!this.#s) return this.#gen;
    const state = this.state;
    if (this.#s == 2 && this.#probes < (this.#o.halfOpen?.probes ?? 1)) return this.#probes++, -this.#gen;
    this.rejected++;
    this.l && this.emit('reject', this.name, { reason: state });
    // Half-open with every probe slot taken: the probe decides; should it fail, the next one comes after the next open time.
    throw new BrokenCircuitError(this.name, state as 'open', this.#s == 2 ? this.#openFor() : this.retryAfterMs);
  }

  /** Classifies an outcome: true = failure, false = success, undefined = says nothing about the dependency. */
  judge(x: unknown, threw: boolean): boolean | undefined {
    return threw || isResponse(x)
      ? x instanceof BrokenCircuitError || x instanceof BulkheadRejectedError
        ? undefined
        : (this.#o.isFailure ?? isTransient)(x)
      : false;
  }

  /** Records the outcome of a call admitted with `ticket`; `bad` undefined releases a probe slot without a verdict. */
  record(ticket: number, bad: boolean | undefined, startedAt: number): void {
    // The hot path: a success while closed, no window to feed.
    if (ticket == this.#gen && bad === false && !this.#window) return void (this.#failures = 0);
    const { slowCall: sc, failureRate: fr, failureThreshold = fr || sc ? Infinity : 5 } = this.#o;
    const slow = sc && bad !== undefined && now() - startedAt >= sc.thresholdMs;
    if (ticket == -this.#gen) {
      this.#probes--;
      if (bad || slow) this.#open();
      else if (bad === false && ++this.#successes >= (this.#o.halfOpen?.successThreshold ?? 1)) this.#to(0);
    } else if (ticket == this.#gen && bad !== undefined) {
      const w = this.#window;
      if (w && (w.add(bad, !!slow), bad || slow)) {
        const [calls, failures, slows] = w.totals() as [number, number, number];
        if (
          calls >= (fr?.minimumThroughput ?? sc?.minimumThroughput ?? 10) &&
          ((fr && failures >= fr.threshold * calls) || (sc && slows >= sc.rate * calls))
        )
          return this.#open();
      }
      this.#failures = bad ? this.#failures + 1 : 0;
      if (this.#failures >= failureThreshold) this.#open();
    }
  }

  /** Opens and stays open (rejecting every call) until reset(). */
  isolate(): void {
    this.#to(3);
  }

  /** Closes, forgetting failures and the re-open backoff. */
  reset(): void {
    this.#to(0);
  }

  exportState(): BreakerSnapshotState {
    return { state: STATES[this.#s]!, openUntil: this.#s == 1 ? Date.now() + this.retryAfterMs : undefined, opens: this.#opens };
  }

  /** Adopts a state (from exportState(), a store or a file); emits 'state' when it changes; never writes back to a store. */
  importState(st: BreakerSnapshotState): void {
    const s = STATES.indexOf(st.state);
    need(s >= 0, `unknown breaker state ${st.state}`);
    // Our own write echoed back by the store changes nothing.
    if (s != this.#s || st.opens != this.#opens) this.#to(s, st.opens || 0, now() + Math.max(0, (st.openUntil ?? 0) - Date.now()));
  }

  /** The open time for the next opening: openMs doubled per consecutive re-open, capped. */
  #openFor(): number {
    const { openMs = 30_000, maxOpenMs = openMs * 8 } = this.#o;
    return Math.min(maxOpenMs, openMs * 2 ** this.#opens);
  }

  #open(): void {
    this.#to(1, undefined, now() + this.#openFor(), this.#opens + 1);
  }

  /** A transition; `imported` is the state's own re-open count when it came from outside (not saved back). */
  #to(s: number, imported?: number, until = 0, opens = s ? this.#opens : 0): void {
    const from = this.#s;
    this.#s = s;
    this.#gen++;
    this.#until = until;
    this.#opens = imported ?? opens;
    this.#failures = this.#probes = this.#successes = 0;
    this.#window?.reset();
    if (imported === undefined) this.#o.store?.set(this.name, this.exportState());
    if (from != s) this.l && this.emit('state', this.name, { state: STATES[s]!, from: STATES[from]! });
  }
}

/** A circuit breaker (see BreakerOptions); use alone or inside compose()/policy(). */
export const circuitBreaker = (options?: BreakerOptions): CircuitBreaker => new CircuitBreaker(options);
