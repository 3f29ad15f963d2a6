// The sliding window behind the breaker's failure-rate and slow-call-rate triggers. A count window
// of N calls and a time window of B buckets share one shape: a ring of buckets keyed by a
// sequence number (count: one call per bucket) or by the time slice (time: ms / B per bucket).
import { now } from './clock.js';
import { need } from './stage.js';

export type WindowOptions = { count: number } | { ms: number; buckets?: number };

/** @internal */
export interface SlidingWindow {
  add_(failed: boolean, slow: boolean): void;
  /** [calls, failures, slow calls] over the buckets still inside the window. */
  totals_(): number[];
  reset_(): void;
}

/** @internal A closure rather than a class: no `this.` on every field read (a smaller bundle). */
export const slidingWindow = (o: WindowOptions): SlidingWindow => {
  const count = (o as { count?: number }).count;
  const ms = (o as { ms?: number }).ms;
  const n = count ?? (o as { buckets?: number }).buckets ?? 10;
  /** Bucket width in ms; 0 for a count window. */
  const width = count ? 0 : ms! / n;
  need(n >= 1 && (count || ms! > 0), 'a window needs { count >= 1 } or { ms > 0, buckets >= 1 }');
  let seq = 0;
  /** Per bucket: its key, calls, failures, slow calls. */
  const buckets: number[][] = [];
  const key = () => (width ? Math.floor(now() / width) : seq);
  const w: SlidingWindow = {
    add_(failed, slow) {
      if (!width) seq++;
      const k = key();
      const b = buckets[k % n]!;
      if (b[0] !== k) b.fill(0)[0] = k;
      b[1]!++;
      if (failed) b[2]!++;
      if (slow) b[3]!++;
    },
    totals_() {
      const oldest = key() - n;
      const sum = [0, 0, 0];
      for (const b of buckets) if (b[0]! > oldest) for (let i = 0; i < 3; i++) sum[i]! += b[i + 1]!;
      return sum;
    },
    reset_() {
      for (let i = 0; i < n; i++) buckets[i] = [-Infinity, 0, 0, 0];
    },
  };
  w.reset_();
  return w;
};
