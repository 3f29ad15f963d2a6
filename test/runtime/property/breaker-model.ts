// A small reference model of the circuit breaker, written from the specification (issue #2 and
// runtime/README.md), not from the implementation. breaker.property.test.ts drives the real
// breaker and this model with the same random commands and compares them after each one.
//
// Semantics modelled:
// - closed: every call is admitted. A failure adds to a consecutive count (a success or a
//   non-failure such as a 4xx resets it); reaching failureThreshold opens. With a window (the last
//   N calls, or the calls of the last `ms` counted in `buckets` slices), a failure or a slow call
//   that brings failures/calls ≥ failureRate, or slow/calls ≥ slow rate, with at least
//   minimumThroughput calls in the window, opens too.
// - open: every call is rejected with the time left; once openMs has passed it reads half-open.
// - half-open: up to `probes` calls are admitted; the rest are rejected. A failed or slow probe
//   re-opens for twice as long as last time (capped at maxOpenMs); `successThreshold` good probes
//   in a row close it and forget the backoff.
// - isolated: everything is rejected until reset(); reset() closes.
// - exportState() → importState() into a new breaker carries the state, the end of the open period
//   and the re-open backoff over; nothing else.
// - An outcome reported by a call admitted before the latest transition says nothing (it belongs
//   to a period that is over); an outcome that is not about the dependency (a nested breaker or
//   bulkhead rejection) only frees the probe slot.

export type State = 'closed' | 'open' | 'half-open' | 'isolated';
export type Verdict = 'failure' | 'success' | 'neutral';

export interface ModelConfig {
  failureThreshold: number | undefined;
  openMs: number;
  maxOpenMs: number;
  probes: number;
  successThreshold: number;
  window?: {
    /** A count window keeps the last `count` calls; a time window the calls of the last `ms`, in `buckets` slices. */
    size: { count: number } | { ms: number; buckets: number };
    minimumThroughput: number;
    failureRate: number | undefined;
    slow: { thresholdMs: number; rate: number } | undefined;
  };
}

export interface Ticket {
  period: number;
  probe: boolean;
  startedAt: number;
}

export type Admission = { admitted: true; ticket: Ticket } | { admitted: false; state: State; retryAfterMs: number };

export class BreakerModel {
  state: State = 'closed';
  /** Bumped on every transition, so outcomes from an earlier period can be told apart. */
  period = 0;
  private until = 0;
  private opens = 0;
  private failures = 0;
  private probesInFlight = 0;
  private successes = 0;
  /** Calls recorded in the window, with the time slice each fell in (time windows). */
  private window: { bad: boolean; slow: boolean; slice: number }[] = [];

  constructor(readonly config: ModelConfig) {}

  private get threshold(): number {
    return this.config.failureThreshold ?? (this.config.window ? Infinity : 5);
  }

  private openTime(): number {
    return Math.min(this.config.maxOpenMs, this.config.openMs * 2 ** this.opens);
  }

  private transition(to: State, until = this.until): void {
    this.state = to;
    this.period++;
    this.until = until;
    this.failures = this.probesInFlight = this.successes = 0;
    this.window = [];
    if (to === 'closed') this.opens = 0;
  }

  private open(now: number): void {
    const until = now + this.openTime();
    this.opens++;
    this.transition('open', until);
  }

  /** The state as an observer sees it at `now` (an expired open period reads half-open). */
  observe(now: number): State {
    if (this.state === 'open' && now >= this.until) this.transition('half-open');
    return this.state;
  }

  retryAfterMs(now: number): number {
    if (this.state === 'open') return Math.max(0, this.until - now);
    return this.state === 'isolated' ? Infinity : 0;
  }

  admit(now: number): Admission {
    const state = this.observe(now);
    if (state === 'closed') return { admitted: true, ticket: { period: this.period, probe: false, startedAt: now } };
    if (state === 'half-open' && this.probesInFlight < this.config.probes) {
      this.probesInFlight++;
      return { admitted: true, ticket: { period: this.period, probe: true, startedAt: now } };
    }
    // Half-open and full: the next probe can come no sooner than the next open period.
    const retryAfterMs = state === 'half-open' ? this.openTime() : this.retryAfterMs(now);
    return { admitted: false, state, retryAfterMs };
  }

  record(ticket: Ticket, verdict: Verdict, now: number): void {
    if (ticket.period !== this.period) return;
    const slowRule = this.config.window?.slow;
    const slow = !!slowRule && verdict !== 'neutral' && now - ticket.startedAt >= slowRule.thresholdMs;
    const bad = verdict === 'failure';
    if (ticket.probe) {
      this.probesInFlight--;
      if (verdict === 'neutral') return;
      if (bad || slow) this.open(now);
      else if (++this.successes >= this.config.successThreshold) this.transition('closed');
      return;
    }
    if (verdict === 'neutral') return;
    const w = this.config.window;
    if (w) {
      const { size } = w;
      const slice = 'ms' in size ? Math.floor(now / (size.ms / size.buckets)) : 0;
      this.window.push({ bad, slow, slice });
      if ('count' in size && this.window.length > size.count) this.window.shift();
      if (bad || slow) {
        // A time window holds the calls of the current slice and the buckets - 1 before it.
        const inWindow = 'ms' in size ? this.window.filter((c) => c.slice > slice - size.buckets) : this.window;
        const calls = inWindow.length;
        const failures = inWindow.filter((c) => c.bad).length;
        const slows = inWindow.filter((c) => c.slow).length;
        const rateTrips = w.failureRate !== undefined && failures >= w.failureRate * calls;
        const slowTrips = w.slow !== undefined && slows >= w.slow.rate * calls;
        if (calls >= w.minimumThroughput && (rateTrips || slowTrips)) return this.open(now);
      }
    }
    if (!bad) this.failures = 0;
    else if (++this.failures >= this.threshold) this.open(now);
  }

  /**
   * A new breaker adopts this one's exported state (a restart, another replica): same state, open
   * period and re-open backoff; counts, window and calls in flight stay behind with the old one.
   */
  transfer(): void {
    this.transition(this.state);
  }

  isolate(): void {
    this.transition('isolated');
  }

  reset(): void {
    this.transition('closed');
  }
}
