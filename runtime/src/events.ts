// Policy events. Emitters keep no listener table until someone subscribes, and every emit site is
// guarded by `this.l &&`, so with no listener an event costs one property read and builds nothing.

export type PolicyEventName = 'state' | 'retry' | 'timeout' | 'reject' | 'fallback' | 'success' | 'failure';

export interface PolicyEvent {
  type: PolicyEventName;
  /** The name of the policy that emitted it. */
  policy: string;
  /** state: the breaker's new and previous state. */
  state?: string;
  from?: string;
  /** retry: the attempt that failed; success/failure: the attempts made. */
  attempt?: number;
  /** retry: the delay before the next attempt. */
  delayMs?: number;
  /** timeout: the limit that expired. */
  timeoutMs?: number;
  /** reject: why the call was not made (open, half-open, isolated, queue-full, queue-timeout). */
  reason?: string;
  /** fallback: the level that answered. */
  quality?: string;
  /** success/failure: how long the whole execution took. */
  durationMs?: number;
  /** retry, fallback, failure: the failure (an error, or a failing Response). */
  error?: unknown;
}

export type Listener = (event: PolicyEvent) => void;

export class Emitter {
  /** Listeners, absent until the first subscription. */
  declare l?: Set<[PolicyEventName, Listener]>;

  /** Subscribes to one event; returns the unsubscribe function. */
  on(type: PolicyEventName, listener: Listener): () => void {
    const entry: [PolicyEventName, Listener] = [type, listener];
    (this.l ??= new Set()).add(entry);
    return () => {
      // The last one out removes the table: emit sites go back to costing nothing.
      if (this.l?.delete(entry) && !this.l.size) delete this.l;
    };
  }

  /** Call only behind `this.l &&`. Listeners run synchronously, after the state they report changed. */
  emit(type: PolicyEventName, policy: string, fields?: Partial<PolicyEvent>): void {
    for (const [t, f] of this.l!) if (t == type) f({ type, policy, ...fields });
  }
}
