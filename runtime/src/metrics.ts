// Observability of the named policies: snapshot(), the Prometheus text exposition format, and an
// OpenTelemetry adapter that registers observable instruments on the user's own Meter (typed
// structurally: no dependency on @opentelemetry/api).
import { registry } from './registry.js';
import type { Counters } from './pipeline.js';
import type { BreakerStateName } from './store.js';

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
    const { b, h } = p;
    out[name] = {
      ...p.n,
      rejections: (b?.rejected ?? 0) + (h?.rejected ?? 0),
      active: h?.active ?? 0,
      queued: h?.queued ?? 0,
      ...(b && { state: b.state, retryAfterMs: b.retryAfterMs }),
    };
  }
  return out;
};

const STATE_CODES = ['closed', 'open', 'half-open', 'isolated'];

/** [name, counter?, help, value]: one table drives both exporters. */
const METRICS: [string, boolean, string, (s: PolicySnapshot) => number | undefined][] = [
  ['calls', true, 'Executions started', (s) => s.calls],
  ['successes', true, 'Executions that returned a value', (s) => s.successes],
  ['failures', true, 'Executions that threw', (s) => s.failures],
  ['retries', true, 'Retries made', (s) => s.retries],
  ['timeouts', true, 'Attempts cut off by a timeout or deadline', (s) => s.timeouts],
  ['rejections', true, 'Calls refused by the breaker or bulkhead', (s) => s.rejections],
  ['breaker_state', false, 'Breaker state: 0 closed, 1 open, 2 half-open, 3 isolated', (s) => (s.state ? STATE_CODES.indexOf(s.state) : undefined)],
  ['bulkhead_active', false, 'Calls running in the bulkhead', (s) => s.active],
  ['bulkhead_queued', false, 'Calls waiting in the bulkhead queue', (s) => s.queued],
];

const escape = (v: string) => v.replace(/[\\"\n]/g, (c) => (c == '\n' ? '\\n' : '\\' + c));

/** Every named policy's metrics in the Prometheus text exposition format (version 0.0.4). */
export const toPrometheus = (): string => {
  const snaps = Object.entries(snapshot());
  let text = '';
  for (const [name, counter, help, get] of METRICS) {
    const metric = `breakwater_${name}${counter ? '_total' : ''}`;
    text += `# HELP ${metric} ${help}.\n# TYPE ${metric} ${counter ? 'counter' : 'gauge'}\n`;
    for (const [policy, s] of snaps) {
      const v = get(s);
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
  const offs = METRICS.map(([name, counter, description, get]) => {
    const instrument = counter
      ? meter.createObservableCounter(`breakwater.${name}`, { description })
      : meter.createObservableGauge(`breakwater.${name.replace('_', '.')}`, { description });
    const callback: Parameters<ObservableLike['addCallback']>[0] = (result) => {
      for (const [policy, s] of Object.entries(snapshot())) {
        const v = get(s);
        if (v !== undefined) result.observe(v, { policy });
      }
    };
    instrument.addCallback(callback);
    return () => instrument.removeCallback?.(callback);
  });
  return () => offs.forEach((off) => off());
};
