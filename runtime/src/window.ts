// The sliding window behind the breaker's failure-rate and slow-call-rate triggers. A count window
// of N calls and a time window of B buckets share one shape: a ring of buckets keyed by a
// sequence number (count: one call per bucket) or by the time slice (time: ms / B per bucket).
import { now } from './clock.js';
import { need } from './stage.js';

export type WindowOptions = { count: number } | { ms: number; buckets?: number };

/** @internal */
export class SlidingWindow {
  readonly n_: number;
  /** Bucket width in ms; 0 for a count window. */
  readonly width_: number;
  seq_ = 0;
  /** Per bucket: its key, calls, failures, slow calls. */
  b_: number[][] = [];

  constructor(o: WindowOptions) {
    const count = (o as { count?: number }).count;
    const ms = (o as { ms?: number }).ms;
    this.n_ = count ?? (o as { buckets?: number }).buckets ?? 10;
    this.width_ = count ? 0 : ms! / this.n_;
    need(this.n_ >= 1 && (count || ms! > 0), 'a window needs { count >= 1 } or { ms > 0, buckets >= 1 }');
    this.reset_();
  }

  key_(): number {
    return this.width_ ? Math.floor(now() / this.width_) : this.seq_;
  }

  add_(failed: boolean, slow: boolean): void {
    if (!this.width_) this.seq_++;
    const key = this.key_();
    const b = this.b_[key % this.n_]!;
    if (b[0] !== key) b.fill(0)[0] = key;
    b[1]!++;
    if (failed) b[2]!++;
    if (slow) b[3]!++;
  }

  /** [calls, failures, slow calls] over the buckets still inside the window. */
  totals_(): number[] {
    const oldest = this.key_() - this.n_;
    const sum = [0, 0, 0];
    for (const b of this.b_) if (b[0]! > oldest) for (let i = 0; i < 3; i++) sum[i]! += b[i + 1]!;
    return sum;
  }

  reset_(): void {
    for (let i = 0; i < this.n_; i++) this.b_[i] = [-Infinity, 0, 0, 0];
  }
}
