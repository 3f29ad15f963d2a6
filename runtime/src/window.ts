// The sliding window behind the breaker's failure-rate and slow-call-rate triggers. A count window
// of N calls and a time window of B buckets share one shape: a ring of buckets keyed by a
// sequence number (count: one call per bucket) or by the time slice (time: ms / B per bucket).
import { now } from './clock.js';
import { need } from './stage.js';

export type WindowOptions = { count: number } | { ms: number; buckets?: number };

/** @internal */
export class SlidingWindow {
  readonly #n: number;
  /** Bucket width in ms; 0 for a count window. */
  readonly #width: number;
  #seq = 0;
  /** Per bucket: its key, calls, failures, slow calls. */
  #b: number[][] = [];

  constructor(o: WindowOptions) {
    const count = (o as { count?: number }).count;
    const ms = (o as { ms?: number }).ms;
    this.#n = count ?? (o as { buckets?: number }).buckets ?? 10;
    this.#width = count ? 0 : ms! / this.#n;
    need(this.#n >= 1 && (count || ms! > 0), 'a window needs { count >= 1 } or { ms > 0, buckets >= 1 }');
    this.reset_();
  }

  #key(): number {
    return this.#width ? Math.floor(now() / this.#width) : this.#seq;
  }

  add_(failed: boolean, slow: boolean): void {
    if (!this.#width) this.#seq++;
    const key = this.#key();
    const b = this.#b[key % this.#n]!;
    if (b[0] !== key) b.fill(0)[0] = key;
    b[1]!++;
    if (failed) b[2]!++;
    if (slow) b[3]!++;
  }

  /** [calls, failures, slow calls] over the buckets still inside the window. */
  totals_(): number[] {
    const oldest = this.#key() - this.#n;
    const sum = [0, 0, 0];
    for (const b of this.#b) if (b[0]! > oldest) for (let i = 0; i < 3; i++) sum[i]! += b[i + 1]!;
    return sum;
  }

  reset_(): void {
    for (let i = 0; i < this.#n; i++) this.#b[i] = [-Infinity, 0, 0, 0];
  }
}
