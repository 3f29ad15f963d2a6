// Policy events. Emitters keep no listener table until someone subscribes, and every emit site is
// guarded by `listeners_ &&`, so with no listener an event costs one property read and builds nothing.

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
  /** @internal Listeners, absent until the first subscription. */
  declare listeners_?: Set<[PolicyEventName, Listener]>;
  /** @internal Policies inside this one, whose events a subscriber gets too. */
  declare parts_?: { on(type: PolicyEventName, listener: Listener): () => void }[];

  constructor(readonly name: string) {}

  /** Subscribes to one event of this policy and of the policies inside it; returns the unsubscribe function. */
  on(type: PolicyEventName, listener: Listener): () => void {
    const entry: [PolicyEventName, Listener] = [type, listener];
    (this.listeners_ ??= new Set()).add(entry);
    const offs = this.parts_?.map((p) => p.on(type, listener));
    return () => {
      // The last one out removes the table: emit sites go back to costing nothing.
      if (this.listeners_?.delete(entry) && !this.listeners_.size) delete this.listeners_;
      offs?.forEach((off) => off());
    };
  }

  /** @internal Call only behind `listeners_ &&`. Listeners run synchronously, after the state they report changed. */
  emit_(type: PolicyEventName, fields?: Partial<PolicyEvent>): void {
    for (const [t, f] of this.listeners_!) if (t == type) f({ type, policy: this.name, ...fields });
  }
}
