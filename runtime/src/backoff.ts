// Backoff delays. Jitter spreads the retries of many clients so they do not hit a recovering
// service in lock-step (AWS Architecture Blog, "Exponential Backoff and Jitter").
export type Jitter = 'full' | 'equal' | 'decorrelated' | 'none';

/**
 * The delay before retry number `n` (1 = the first retry). `prev` is the previous delay, used
 * only by decorrelated jitter: random between base and 3 × the previous delay.
 */
export const backoffDelay = (jitter: Jitter, n: number, baseMs: number, maxMs: number, prev: number): number => {
  const exp = Math.min(maxMs, baseMs * 2 ** (n - 1));
  const r = Math.random();
  return jitter == 'none'
    ? exp
    : jitter == 'equal'
      ? exp / 2 + (r * exp) / 2
      : jitter == 'decorrelated'
        ? Math.min(maxMs, baseMs + r * (Math.max(prev, baseMs) * 3 - baseMs))
        : r * exp;
};
