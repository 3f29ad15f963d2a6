// Reads the runtime's counters out of the snapshot() the after version publishes on /metrics:
// `{ [policy]: { calls, failures, retries, timeouts, rejections, state?, … } }` per process. Only
// named policies (policy('payment', …)) are in it, not a bare retry() or AbortSignal.timeout().
import type { MetricsReading } from './sampler.js';

export interface ResilienceSummary {
  /** Calls refused at once by a breaker (or a full bulkhead): the work was never attempted. */
  failedFast: number;
  /** Attempts cut off by a timeout. */
  timeouts: number;
}

const counter = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Sums the counters of every policy in the last reading of each after-version service. */
export function resilienceSummary(readings: readonly MetricsReading[]): ResilienceSummary | null {
  const last = new Map<string, unknown>();
  for (const reading of readings) if (reading.version === 'after' && reading.resilience !== undefined) last.set(reading.service, reading.resilience);
  if (last.size === 0) return null;
  const summary: ResilienceSummary = { failedFast: 0, timeouts: 0 };
  for (const snapshot of last.values()) {
    for (const policy of Object.values((snapshot ?? {}) as Record<string, Record<string, unknown>>)) {
      summary.failedFast += counter(policy.rejections);
      summary.timeouts += counter(policy.timeouts);
    }
  }
  return summary;
}
