import assert from 'node:assert/strict';
import type { InstalledClock } from './helpers.js';
import { circuitBreaker, otelMetrics, policy, retry, snapshot, toPrometheus, type MeterLike, type PolicyEvent } from '@breakwater/runtime';
import { hang, installClock, netError, track, uniqueName } from './helpers.js';

describe('runtime unit: events and metrics', () => {
  let clock: InstalledClock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  it('delivers events with their fields, and none after unsubscribing', async () => {
    const r = retry({ maxAttempts: 3, baseDelayMs: 100, jitter: 'none', name: 'orders' });
    const events: PolicyEvent[] = [];
    const off = r.on('retry', (e) => events.push(e));
    const failure = netError();
    const call = track(r.execute(() => Promise.reject(failure)));
    await clock.runAllAsync();
    await call.done;
    assert.deepEqual(events, [
      { type: 'retry', policy: 'orders', attempt: 1, delayMs: 100, error: failure },
      { type: 'retry', policy: 'orders', attempt: 2, delayMs: 200, error: failure },
    ]);
    off();
    const again = track(r.execute(() => Promise.reject(failure)));
    await clock.runAllAsync();
    await again.done;
    assert.equal(events.length, 2);
  });

  it('a single policy reports success and failure of each execution', async () => {
    const t = retry({ maxAttempts: 2, baseDelayMs: 1, name: 'solo' });
    const seen: string[] = [];
    t.on('success', (e) => seen.push(`${e.type}:${e.policy}:${e.attempt}`));
    t.on('failure', (e) => seen.push(`${e.type}:${e.policy}:${e.attempt}:${(e.error as Error).message}`));
    await t.execute(() => 'ok');
    const call = track(t.execute(() => Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))));
    await clock.runAllAsync();
    await call.done;
    assert.deepEqual(seen, ['success:solo:1', 'failure:solo:2:reset']);
  });

  it('builds no event when nobody listens (a throwing listener would surface otherwise)', async () => {
    const b = circuitBreaker({ failureThreshold: 1 });
    let built = 0;
    const off = b.on('state', () => built++);
    off();
    await b.execute(() => Promise.reject(netError())).catch(() => {});
    assert.equal(b.state, 'open');
    assert.equal(built, 0);
    assert.ok(!Object.values(b).some((v) => v instanceof Set), 'the listener table is gone again');
  });

  it('snapshot() reports every named policy', async () => {
    const name = uniqueName('snap');
    const p = policy(name, { timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 }, breaker: { failureThreshold: 2, openMs: 5_000 }, bulkhead: 3 });
    assert.equal(await p.execute(() => 'ok'), 'ok');
    const call = track(p.execute(hang));
    await clock.runAllAsync();
    await call.done;
    await p.execute(() => 'x').catch(() => {});
    assert.deepEqual(snapshot()[name], {
      calls: 3,
      successes: 1,
      failures: 2,
      retries: 1,
      timeouts: 2,
      rejections: 1,
      active: 2, // the two timed-out attempts ignore their signal and never end: they keep their slots
      queued: 0,
      state: 'open',
      retryAfterMs: 5_000,
    });
  });

  it('toPrometheus() writes valid text exposition with HELP/TYPE and escaped labels', async () => {
    const name = uniqueName('prom"\\\n');
    const p = policy(name, { timeoutMs: false, retry: false });
    await p.execute(() => 1);
    const text = toPrometheus();
    const lines = text.trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^(# (HELP|TYPE) breakwater_\w+ .+|breakwater_\w+\{policy="(?:[^"\\]|\\.)*"\} -?\d+(\.\d+)?)$/, line);
    const escaped = name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    assert.ok(lines.includes(`breakwater_calls_total{policy="${escaped}"} 1`));
    assert.ok(lines.includes(`breakwater_breaker_state{policy="${escaped}"} 0`));
    assert.ok(lines.includes('# TYPE breakwater_calls_total counter'));
    assert.ok(lines.includes('# TYPE breakwater_bulkhead_active gauge'));
    // Every sample belongs to a family declared above it.
    const declared = new Set<string>();
    for (const line of lines) {
      const type = /^# TYPE (\w+)/.exec(line);
      if (type) declared.add(type[1]!);
      else if (!line.startsWith('#')) assert.ok(declared.has(line.split('{')[0]!), line);
    }
  });

  it('otelMetrics(meter) registers observable instruments that report per policy, and can be removed', async () => {
    const name = uniqueName('otel');
    const p = policy(name, { timeoutMs: false, retry: false });
    await p.execute(() => 1);
    const instruments: { name: string; kind: string; callbacks: ((r: { observe(v: number, a?: Record<string, string>): void }) => void)[] }[] = [];
    const make = (kind: string) => (n: string) => {
      const instrument = { name: n, kind, callbacks: [] as (typeof instruments)[number]['callbacks'] };
      instruments.push(instrument);
      return {
        addCallback: (cb: (typeof instrument.callbacks)[number]) => void instrument.callbacks.push(cb),
        removeCallback: (cb: (typeof instrument.callbacks)[number]) => void instrument.callbacks.splice(instrument.callbacks.indexOf(cb), 1),
      };
    };
    const meter: MeterLike = { createObservableCounter: make('counter'), createObservableGauge: make('gauge') };
    const remove = otelMetrics(meter);
    const calls = instruments.find((i) => i.name === 'breakwater.calls')!;
    assert.equal(calls.kind, 'counter');
    assert.equal(instruments.find((i) => i.name === 'breakwater.breaker.state')?.kind, 'gauge');
    const observed: [number, Record<string, string> | undefined][] = [];
    calls.callbacks[0]!({ observe: (v, a) => void observed.push([v, a]) });
    assert.deepEqual(
      observed.find(([, a]) => a?.policy === name),
      [1, { policy: name }],
    );
    remove();
    assert.ok(instruments.every((i) => i.callbacks.length === 0));
  });
});
