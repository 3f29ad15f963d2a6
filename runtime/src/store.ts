// Where a breaker keeps the state it shares. A breaker writes its state on every transition and
// imports the state others write; the hot path never touches the store (reads stay in memory),
// which is why the interface is synchronous on read and lets `set` be asynchronous: a Redis
// adapter keeps a local copy fresh through pub/sub and calls the subscribed listener on change.

export type BreakerStateName = 'closed' | 'open' | 'half-open' | 'isolated';

/** A breaker's portable state: JSON-safe, wall-clock based so it survives a restart or another process. */
export interface BreakerSnapshotState {
  state: BreakerStateName;
  /** While open: when the next probe is admitted (epoch ms, Date.now()). */
  openUntil?: number | undefined;
  /** Consecutive opens without a close (drives the re-open backoff). */
  opens: number;
}

export interface BreakerStore {
  /** The last state saved under `key`, if any. */
  get(key: string): BreakerSnapshotState | undefined;
  /** Saves a breaker's state after a transition; must not reject (an adapter logs its own errors). */
  set(key: string, state: BreakerSnapshotState): void | Promise<void>;
  /** Calls `listener` when another writer changes `key`; returns the unsubscribe function. */
  subscribe?(key: string, listener: (state: BreakerSnapshotState) => void): () => void;
}

/** The in-memory store: breakers with the same name on one store share their state. */
export class MemoryBreakerStore implements BreakerStore {
  /** @internal */
  states_ = new Map<string, BreakerSnapshotState>();
  /** @internal */
  subs_ = new Map<string, Set<(s: BreakerSnapshotState) => void>>();

  get(key: string): BreakerSnapshotState | undefined {
    return this.states_.get(key);
  }

  set(key: string, state: BreakerSnapshotState): void {
    this.states_.set(key, state);
    this.subs_.get(key)?.forEach((f) => f(state));
  }

  subscribe(key: string, listener: (s: BreakerSnapshotState) => void): () => void {
    let set = this.subs_.get(key);
    if (!set) this.subs_.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}
