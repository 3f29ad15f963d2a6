// Turns the raw samples into the before/after figures the table, the chart and --json show.
import { CHATBOT_ENDPOINT } from './endpoints.js';
import type { Outcome, Sample } from './load.js';
import type { MetricsReading } from './sampler.js';
import type { ServiceName, Version } from './system.js';

/** ms after the load started. The fault window is the part of it in which payment surely hung. */
export interface Timeline {
  faultStartMs: number;
  faultEndMs: number;
  endMs: number;
}

export interface PhaseFigures {
  requests: number;
  /** Share of requests answered 2xx (full, degraded or cached) within the client cap, 0..1. */
  availability: number;
  p50_ms: number | null;
  p99_ms: number | null;
  full: number;
  degraded: number;
  cached: number;
  errors: number;
  hung: number;
}

export interface EndpointFigures {
  steady: PhaseFigures;
  during_fault: PhaseFigures;
  after_fault: PhaseFigures;
  /**
   * Seconds from the end of the fault to the first full answer after the last answer that was not
   * full (by send time; the resolution is one request interval): 0 when every request sent after
   * the fault got a full answer, null when the endpoint had not recovered by the end of the load.
   */
  recovery_s: number | null;
}

export interface VersionFigures {
  endpoints: Record<string, EndpointFigures>;
  chatbot_p99_ms_during_fault: number | null;
  /** The chatbot endpoint's recovery_s. */
  recovery_s: number | null;
  /** Most requests a service had in flight at once (its own inbound requests), from /metrics. */
  max_inflight: Partial<Record<ServiceName, number>>;
  /** Orders the payment service charged more than once (a retried charge without Idempotency-Key). */
  duplicate_charges: number | null;
}

export function percentile(sortedValues: readonly number[], p: number): number | null {
  if (sortedValues.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sortedValues.length));
  return sortedValues[rank - 1]!;
}

const round = (value: number | null, digits = 0) => (value === null ? null : Number(value.toFixed(digits)));

function count(samples: readonly Sample[], outcome: Outcome): number {
  return samples.filter((s) => s.outcome === outcome).length;
}

export function phaseFigures(samples: readonly Sample[]): PhaseFigures {
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const answered = samples.filter((s) => s.outcome === 'ok' || s.outcome === 'degraded' || s.outcome === 'cached').length;
  return {
    requests: samples.length,
    availability: samples.length === 0 ? 0 : round(answered / samples.length, 3)!,
    p50_ms: round(percentile(latencies, 0.5)),
    p99_ms: round(percentile(latencies, 0.99)),
    full: count(samples, 'ok'),
    degraded: count(samples, 'degraded'),
    cached: count(samples, 'cached'),
    errors: count(samples, 'error'),
    hung: count(samples, 'hung'),
  };
}

export function recoverySeconds(samples: readonly Sample[], faultEndMs: number): number | null {
  const after = samples.filter((s) => s.sentMs >= faultEndMs).sort((a, b) => a.sentMs - b.sentMs);
  if (after.length === 0) return null;
  const lastBad = after.findLastIndex((s) => s.outcome !== 'ok');
  if (lastBad === -1) return 0;
  const firstGood = after[lastBad + 1];
  return firstGood ? round((firstGood.sentMs - faultEndMs) / 1000, 2) : null;
}

export function versionFigures(
  version: Version,
  samples: readonly Sample[],
  readings: readonly MetricsReading[],
  timeline: Timeline,
  duplicateCharges: number | null,
): VersionFigures {
  const mine = samples.filter((s) => s.version === version);
  const endpoints: Record<string, EndpointFigures> = {};
  for (const name of [...new Set(mine.map((s) => s.endpoint))]) {
    const of = mine.filter((s) => s.endpoint === name);
    endpoints[name] = {
      steady: phaseFigures(of.filter((s) => s.sentMs < timeline.faultStartMs)),
      during_fault: phaseFigures(of.filter((s) => s.sentMs >= timeline.faultStartMs && s.sentMs < timeline.faultEndMs)),
      after_fault: phaseFigures(of.filter((s) => s.sentMs >= timeline.faultEndMs)),
      recovery_s: recoverySeconds(of, timeline.faultEndMs),
    };
  }
  const maxInflight: Partial<Record<ServiceName, number>> = {};
  for (const reading of readings) {
    if (reading.version !== version) continue;
    maxInflight[reading.service] = Math.max(maxInflight[reading.service] ?? 0, reading.inflight);
  }
  const chatbot = endpoints[CHATBOT_ENDPOINT];
  return {
    endpoints,
    chatbot_p99_ms_during_fault: chatbot?.during_fault.p99_ms ?? null,
    recovery_s: chatbot?.recovery_s ?? null,
    max_inflight: maxInflight,
    duplicate_charges: duplicateCharges,
  };
}

/** p99 of how late the load generator sent its requests: how busy the machine was during the run. */
export function schedulerLateness(samples: readonly Sample[]): number | null {
  return round(percentile(samples.map((s) => s.lateMs).sort((a, b) => a - b), 0.99));
}
