// Reads every service's GET /metrics twice a second while the load runs: requests in flight (the
// article's "POS Core: 200+ pending requests") and, in the after version, the runtime's snapshot.
import { requestJson } from './http-json.js';
import type { RunningSystem, ServiceName, Version } from './system.js';

export interface MetricsReading {
  version: Version;
  service: ServiceName;
  /** ms after the load started */
  tMs: number;
  inflight: number;
  resilience: unknown;
}

const PERIOD_MS = 500;

export function sampleMetrics(systems: readonly RunningSystem[], t0: number): { stop(): Promise<MetricsReading[]> } {
  const readings: MetricsReading[] = [];
  const inFlight = new Set<Promise<void>>();
  const readAll = () => {
    for (const system of systems) {
      for (const [service, url] of Object.entries(system.urls) as [ServiceName, string][]) {
        const tMs = performance.now() - t0;
        const reading = requestJson(`${url}/metrics`, { timeoutMs: PERIOD_MS * 2 })
          .then((body) => {
            const metrics = body as { inflight?: number; resilience?: unknown };
            readings.push({ version: system.version, service, tMs, inflight: metrics.inflight ?? 0, resilience: metrics.resilience });
          })
          .catch(() => undefined) // a missed reading is a gap in the chart, not a failure of the demo
          .finally(() => inFlight.delete(reading));
        inFlight.add(reading);
      }
    }
  };
  readAll();
  const timer = setInterval(readAll, PERIOD_MS);
  let stopped: Promise<MetricsReading[]> | undefined;
  return {
    /** Stops sampling (once; later calls return the same readings) after one last reading. */
    stop() {
      stopped ??= finish();
      return stopped;
    },
  };

  async function finish(): Promise<MetricsReading[]> {
    clearInterval(timer);
    await Promise.all(inFlight);
    readAll(); // one last reading: the counters at the end of the run
    await Promise.all(inFlight);
    return readings.sort((a, b) => a.tMs - b.tMs);
  }
}
