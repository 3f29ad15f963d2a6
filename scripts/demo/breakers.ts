// Reads the breakers' counters out of the runtime snapshot the after version publishes on /metrics.
import type { MetricsReading } from './sampler.js';
import type { BreakerSummary } from './report.js';

/** The last reading of each after-version service, summed over its breakers. */
export function breakerSummary(readings: readonly MetricsReading[]): BreakerSummary | null {
  const last = new Map<string, unknown>();
  for (const reading of readings) if (reading.version === 'after' && reading.resilience !== undefined) last.set(reading.service, reading.resilience);
  if (last.size === 0) return null;
  let failedFast = 0;
  let opened = 0;
  for (const snapshot of last.values()) {
    for (const breaker of breakersIn(snapshot)) {
      failedFast += breaker.rejected;
      opened += breaker.opened;
    }
  }
  return { failedFast, opened };
}

/** TODO(shape): adapt to the runtime's snapshot() once it lands. */
function breakersIn(snapshot: unknown): Array<{ rejected: number; opened: number }> {
  void snapshot;
  return [];
}
