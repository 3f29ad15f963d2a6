// Observability of the named policies: snapshot(), the Prometheus text exposition format, and an
// OpenTelemetry adapter that registers observable instruments on the user's own Meter (typed
// structurally: no dependency on @opentelemetry/api).
import { registry } from './registry.js';
import type { Counters } from './pipeline.js';
import type { BreakerStateName } from './store.js';
import { STATES } from './states.js';

export interface PolicySnapshot extends Counters {
  /** Calls refused by the breaker or the bulkhead. */
  rejections: number;
  /** Bulkhead: calls running and waiting now. */
  active: number;
  queued: number;
  /** Breaker state and the time until it admits a probe (absent without a breaker). */
  state?: BreakerStateName;
  retryAfterMs?: number;
}

/** The state and counters of every named policy, by name. */
export const snapshot = (): Record<string, PolicySnapshot> => {
  const out: Record<string, PolicySnapshot> = {};
  for (const [name, [p]] of registry) {
    const { breaker_: b, bulkhead_: h } = p;
    out[name] = {
      ...p.counters_,
      rejections: (b?.rejected ?? 0) + (h?.rejected ?? 0),
      active: h?.active ?? 0,
      queued: h?.queued ?? 0,
      ...(b && { state: b.state, retryAfterMs: b.retryAfterMs }),
    };
  }
  return out;
};

/** [name, counter?, help]: one table drives both exporters; the value is the snapshot field (state: its code). */
const METRICS: [keyof PolicySnapshot | 'breaker_state' | 'bulkhead_active' | 'bulkhead_queued', boolean, string][] = [
  ['calls', true, 'Executions'],
  ['successes', true, 'Executions that returned'],
  ['failures', true, 'Executions that threw'],
  ['retries', true, 'Retries'],
  ['timeouts', true, 'Attempts timed out'],
  ['rejections', true, 'Calls refused by breaker or bulkhead'],
  ['breaker_state', false, '0 closed, 1 open, 2 half-open, 3 isolated'],
  ['bulkhead_active', false, 'Calls running'],
  ['bulkhead_queued', false, 'Calls queued'],
];

const value = (s: PolicySnapshot, name: string): number | undefined =>
  name == 'breaker_state' ? (s.state ? STATES.indexOf(s.state) : undefined) : (s as unknown as Record<string, number>)[name.replace('bulkhead_', '')];

const escape = (v: string) => v.replace(/[\\"\n]/g, (c) => (c == '\n' ? '\\n' : '\\' + c));

/** Every named policy's metrics in the Prometheus text exposition format (version 0.0.4). */
export const toPrometheus = (): string => {
  const snaps = Object.entries(snapshot());
  let text = '';
  for (const [name, counter, help] of METRICS) {
    const metric = `breakwater_${name}${counter ? '_total' : ''}`;
    text += `# HELP ${metric} ${help}\n# TYPE ${metric} ${counter ? 'counter' : 'gauge'}\n`;
    for (const [policy, s] of snaps) {
      const v = value(s, name);
      if (v !== undefined) text += `${metric}{policy="${escape(policy)}"} ${v}\n`;
    }
  }
  return text;
};

/** The part of an OpenTelemetry Meter the adapter uses. */
export interface MeterLike {
  createObservableCounter(name: string, options?: { description?: string }): ObservableLike;
  createObservableGauge(name: string, options?: { description?: string }): ObservableLike;
}
export interface ObservableLike {
  addCallback(callback: (result: { observe(value: number, attributes?: Record<string, string>): void }) => void): void;
  removeCallback?(callback: (result: { observe(value: number, attributes?: Record<string, string>): void }) => void): void;
}

/**
 * Registers one observable instrument per metric (`breakwater.calls`, …, attribute `policy`) on
 * the user's Meter; values are read from snapshot() at each collection. Returns a function that
 * removes the callbacks.
 */
export const otelMetrics = (meter: MeterLike): (() => void) => {
  const offs = METRICS.map(([name, counter, description]) => {
    // breakwater.calls, …, breakwater.breaker.state (only the gauges' names hold a '_').
    const instrument = meter[counter ? 'createObservableCounter' : 'createObservableGauge'](`breakwater.${name.replace('_', '.')}`, { description });
    const callback: Parameters<ObservableLike['addCallback']>[0] = (result) => {
      for (const [policy, s] of Object.entries(snapshot())) {
        const v = value(s, name);
        if (v !== undefined) result.observe(v, { policy });
      }
    };
    instrument.addCallback(callback);
    return () => instrument.removeCallback?.(callback);
  });
  return () => offs.forEach((off) => off());
};
