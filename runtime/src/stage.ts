// The base of every single policy (timeout, deadline, retry, breaker, bulkhead): a name, events,
// its rank in the default order, and an execute() that runs it alone. compose() reads the ranks
// and fuses adjacent policies into one pipeline, so a policy never adds an async layer of its own.
import type { Context } from './context.js';
import { Emitter, type Listener, type PolicyEventName } from './events.js';
import { Pipeline } from './pipeline.js';

/** The request facts a policy needs, when the work is an HTTP request. */
export interface ExecuteOptions {
  /** The caller's signal: aborting it stops the execution at once (also during a backoff or a queue wait). */
  signal?: AbortSignal | undefined;
  /** The HTTP method; a retry never repeats a non-idempotent one without an Idempotency-Key (or opt-in). */
  method?: string | undefined;
  /** The request headers (Headers, an array of pairs or a record); an `Idempotency-Key` makes a POST repeatable. */
  headers?: unknown;
}

export type Work<T> = (ctx: Context) => T | PromiseLike<T>;

export interface Policy {
  readonly name: string;
  /** Runs `fn` under this policy; `fn` gets a context whose `signal` aborts when the work should stop. */
  execute<T>(fn: Work<T>, options?: AbortSignal | ExecuteOptions): Promise<T>;
  /** Subscribes to this policy's events (and those of the policies inside it); returns the unsubscribe function. */
  on(type: PolicyEventName, listener: Listener): () => void;
}

export abstract class Stage extends Emitter implements Policy {
  /** @internal Rank in the default order, outermost first: 1 deadline, 2 retry, 3 breaker, 4 bulkhead, 5 timeout (a fallback goes outside them all). */
  abstract readonly rank_: number;
  /** @internal The pipeline that runs this policy alone (made on first use). */
  alone_?: Pipeline;

  /** @internal Throws a RangeError for a bad option of this policy, naming it. */
  need_(ok: unknown, what: string): void {
    need(ok, `${this.name}: ${what}`);
  }

  execute<T>(fn: Work<T>, options?: AbortSignal | ExecuteOptions): Promise<T> {
    return (this.alone_ ??= new Pipeline([this], this.name, this)).execute(fn, options);
  }
}

/** Throws a RangeError for a bad option, before anything runs. */
export const need = (ok: unknown, what: string): void => {
  if (!ok) throw new RangeError(`breakwater: ${what}`);
};
