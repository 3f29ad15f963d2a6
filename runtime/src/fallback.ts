// Graceful degradation: the work is the 'full' level; when it fails, each fallback level is tried
// in turn (degraded, then cached, …). The result always says which level answered, so a degraded
// answer is never mistaken for a full one; when every level fails, FallbackError lists the causes.
import { isResponse, isTransient } from './classify.js';
import { FallbackError } from './errors.js';
import { Emitter } from './events.js';
import { discard, Pipeline } from './pipeline.js';
import type { ExecuteOptions, Policy, Work } from './stage.js';

export type Quality = 'full' | 'degraded' | 'cached';

export interface FallbackResult<T> {
  value: T;
  quality: Quality;
  /** The level's warning, to show or log next to a degraded answer. */
  warning?: string;
  /** When a cached value was stored. */
  cachedAt?: number | Date;
}

export interface FallbackContext {
  /** The primary failure (the error, or a failing Response). */
  error: unknown;
  /** Every failure so far: the primary one, then each level's. */
  errors: unknown[];
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
}

type Maybe<T> = T | PromiseLike<T>;

export type FallbackLevel<T> =
  | ((ctx: FallbackContext) => Maybe<T>)
  | { quality?: 'degraded'; warning?: string; run(ctx: FallbackContext): Maybe<T> }
  /** A cache: returns `{ value, cachedAt }`, or undefined on a miss (the next level is tried). */
  | { quality: 'cached'; warning?: string; run(ctx: FallbackContext): Maybe<{ value: T; cachedAt?: number | Date } | undefined> };

export interface FallbackOptions {
  name?: string;
  /** Which failures fall back (default: all; never the caller's own abort). */
  when?(failure: unknown): boolean;
}

export class Fallback<T> extends Emitter {
  constructor(
    readonly levels: FallbackLevel<T>[],
    readonly options: FallbackOptions = {},
    /** The policy the full level runs under (none: the work runs as is). */
    readonly inner: Policy = new Pipeline([], options.name ?? 'fallback'),
  ) {
    super(options.name ?? inner.name);
    this.parts_ = [inner];
  }

  async execute(fn: Work<T>, options?: AbortSignal | ExecuteOptions): Promise<FallbackResult<T>> {
    const signal = options && ('aborted' in options ? options : options.signal);
    let error: unknown;
    let threw = true;
    try {
      const value = await this.inner.execute(fn, options);
      if (!isResponse(value) || !isTransient(value)) return { value, quality: 'full' };
      error = value;
      threw = false;
    } catch (e) {
      error = e;
    }
    if (signal?.aborted || (this.options.when && !this.options.when(error))) {
      if (threw) throw error;
      return { value: error as T, quality: 'full' };
    }
    const errors = [error];
    for (const level of this.levels) {
      const { quality = 'degraded', warning, run } = typeof level == 'function' ? { run: level } : level;
      try {
        const got = await run({ error, errors, signal });
        const hit = quality == 'cached' ? (got as { value: T; cachedAt?: number | Date } | undefined) : { value: got as T };
        if (hit) {
          // The failing Response we fell back from is not handed out: free its connection.
          if (hit.value !== error) discard(error);
          this.listeners_ && this.emit_('fallback', { quality, error });
          return { quality, ...(warning && { warning }), ...hit } as FallbackResult<T>;
        }
        errors.push(new Error('cache miss'));
      } catch (e) {
        errors.push(e);
      }
    }
    throw new FallbackError(this.name, errors);
  }
}

/** A fallback chain; put it first in compose() to wrap other policies. */
export const fallback = <T>(...levels: (FallbackLevel<T> | FallbackOptions)[]): Fallback<T> => {
  const last = levels.at(-1);
  const options = last && typeof last == 'object' && !('run' in last) ? (levels.pop() as FallbackOptions) : undefined;
  return new Fallback(levels as FallbackLevel<T>[], options);
};
