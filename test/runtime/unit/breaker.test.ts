import assert from 'node:assert/strict';
import type { InstalledClock } from './helpers.js';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  circuitBreaker,
  MemoryBreakerStore,
  type BreakerOptions,
  type BreakerSnapshotState,
  type BreakerStore,
  type CircuitBreaker,
  type PolicyEvent,
} from '@breakwater/runtime';
import { installClock, netError, track } from './helpers.js';

const ok = () => Promise.resolve('ok');
const failing = () => Promise.reject(netError());
const run = (b: CircuitBreaker, fn: () => Promise<unknown>) => b.execute(fn).catch((e: unknown) => e);

describe('runtime unit: circuit breaker', () => {
  let clock: InstalledClock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  const withStates = (options: BreakerOptions) => {
    const b = circuitBreaker(options);
    const states: string[] = [];
    b.on('state', (e: PolicyEvent) => states.push(`${e.from}->${e.state}`));
    return { b, states };
  };

  describe('consecutive failures', () => {
    it('opens at exactly failureThreshold failures in a row; a success resets the count', async () => {
      const { b, states } = withStates({ failureThreshold: 3 });
      await run(b, failing);
      await run(b, failing);
      await run(b, ok);
      await run(b, failing);
      await run(b, failing);
      assert.equal(b.state, 'closed', 'the success in between reset the count');
      await run(b, failing);
      assert.equal(b.state, 'open');
      assert.deepEqual(states, ['closed->open']);
    });

    it('defaults to 5 consecutive failures', async () => {
      const b = circuitBreaker();
      for (let i = 0; i < 4; i++) await run(b, failing);
      assert.equal(b.state, 'closed');
      await run(b, failing);
      assert.equal(b.state, 'open');
    });

    it('does not count a 4xx or a programming error: the service answered', async () => {
      const b = circuitBreaker({ failureThreshold: 2 });
      for (let i = 0; i < 5; i++) await run(b, () => Promise.reject(Object.assign(new Error('not found'), { status: 404 })));
      for (let i = 0; i < 5; i++) await run(b, () => Promise.resolve(new Response('nope', { status: 404 })));
      await run(b, () => Promise.reject(new TypeError('oops')));
      assert.equal(b.state, 'closed');
    });

    it('counts a returned 503 Response and a thrown 5xx client error as failures', async () => {
      const b = circuitBreaker({ failureThreshold: 2 });
      await run(b, () => Promise.resolve(new Response('busy', { status: 503 })));
      await run(b, () => Promise.reject(Object.assign(new Error('axios'), { response: { status: 500 } })));
      assert.equal(b.state, 'open');
    });

    it('a custom isFailure decides', async () => {
      const b = circuitBreaker({ failureThreshold: 2, isFailure: (e) => (e as Error).message === 'bad' });
      await run(b, () => Promise.reject(netError()));
      await run(b, () => Promise.reject(netError()));
      assert.equal(b.state, 'closed', 'transient errors ignored by the custom predicate');
      await run(b, () => Promise.reject(new Error('bad')));
      await run(b, () => Promise.reject(new Error('bad')));
      assert.equal(b.state, 'open');
    });

    it('ignores its own kind of rejections (bulkhead, another breaker) coming from inside', async () => {
      const b = circuitBreaker({ failureThreshold: 1 });
      await run(b, () => Promise.reject(new BulkheadRejectedError('inner', 'queue-full')));
      await run(b, () => Promise.reject(new BrokenCircuitError('inner', 'open', 10)));
      assert.equal(b.state, 'closed');
    });
  });

  describe('open', () => {
    it('rejects at once without running the work, with policy, state and time until the probe', async () => {
      const b = circuitBreaker({ name: 'payments', failureThreshold: 1, openMs: 10_000 });
      await run(b, failing);
      await clock.tickAsync(4_000);
      let ran = false;
      const error = await run(b, async () => {
        ran = true;
      });
      assert.equal(ran, false);
      assert.ok(error instanceof BrokenCircuitError);
      assert.equal(error.policy, 'payments');
      assert.equal(error.state, 'open');
      assert.equal(error.retryAfterMs, 6_000);
      assert.equal(b.retryAfterMs, 6_000);
      assert.equal(b.rejected, 1);
    });

    it('rejects a synchronous caller too, as a rejected promise (never a throw)', async () => {
      const b = circuitBreaker({ failureThreshold: 1 });
      await run(b, failing);
      const p = b.execute(() => 1);
      assert.ok(p instanceof Promise);
      await assert.rejects(p, BrokenCircuitError);
    });
  });

  describe('half-open', () => {
    it('admits one probe after openMs and rejects every other call at once', async () => {
      const { b, states } = withStates({ failureThreshold: 1, openMs: 1_000 });
      await run(b, failing);
      await clock.tickAsync(1_000);
      assert.equal(b.state, 'half-open');
      let release!: () => void;
      const probe = track(b.execute(() => new Promise<void>((r) => (release = r))));
      const others = await Promise.all([run(b, ok), run(b, ok), run(b, ok)]);
      for (const e of others) {
        assert.ok(e instanceof BrokenCircuitError);
        assert.equal(e.state, 'half-open');
        assert.ok(e.retryAfterMs > 0);
      }
      release();
      await probe.done;
      assert.equal(b.state, 'closed');
      assert.deepEqual(states, ['closed->open', 'open->half-open', 'half-open->closed']);
    });

    it('admits up to halfOpen.probes at once', async () => {
      const b = circuitBreaker({ failureThreshold: 1, openMs: 100, halfOpen: { probes: 3, successThreshold: 3 } });
      await run(b, failing);
      await clock.tickAsync(100);
      const releases: (() => void)[] = [];
      const probes = [1, 2, 3].map(() => b.execute(() => new Promise<void>((r) => releases.push(r))));
      assert.ok((await run(b, ok)) instanceof BrokenCircuitError, 'the fourth concurrent call is rejected');
      releases.forEach((r) => r());
      await Promise.all(probes);
      assert.equal(b.state, 'closed');
    });

    it('needs successThreshold successful probes in a row to close', async () => {
      const b = circuitBreaker({ failureThreshold: 1, openMs: 100, halfOpen: { successThreshold: 3 } });
      await run(b, failing);
      await clock.tickAsync(100);
      await run(b, ok);
      await run(b, ok);
      assert.equal(b.state, 'half-open');
      await run(b, ok);
      assert.equal(b.state, 'closed');
    });

    it('a failed probe re-opens for twice as long each time, up to maxOpenMs; closing resets the backoff', async () => {
      const b = circuitBreaker({ failureThreshold: 1, openMs: 1_000, maxOpenMs: 5_000 });
      await run(b, failing);
      const openTimes: number[] = [];
      for (let i = 0; i < 4; i++) {
        openTimes.push(b.retryAfterMs);
        await clock.tickAsync(b.retryAfterMs);
        await run(b, failing); // the probe fails
      }
      assert.deepEqual(openTimes, [1_000, 2_000, 4_000, 5_000]);
      await clock.tickAsync(b.retryAfterMs);
      await run(b, ok);
      assert.equal(b.state, 'closed');
      await run(b, failing);
      assert.equal(b.retryAfterMs, 1_000, 'back to openMs after a close');
    });

    it('a probe whose outcome says nothing (a 404) closes it; an aborted probe frees its slot', async () => {
      const b = circuitBreaker({ failureThreshold: 1, openMs: 100 });
      await run(b, failing);
      await clock.tickAsync(100);
      const controller = new AbortController();
      const aborted = track(b.execute(() => new Promise(() => {}), controller.signal));
      controller.abort();
      await aborted.done;
      assert.equal(b.state, 'half-open');
      await run(b, () => Promise.reject(Object.assign(new Error('nf'), { status: 404 })));
      assert.equal(b.state, 'closed');
    });

    it('a slow probe counts as a failure when slow calls are tracked', async () => {
      const b = circuitBreaker({ failureThreshold: 1, openMs: 100, slowCall: { thresholdMs: 500, rate: 1 }, failureRate: { threshold: 1 } });
      for (let i = 0; i < 10; i++) await run(b, failing);
      assert.equal(b.state, 'open');
      await clock.tickAsync(100);
      const probe = track(b.execute(() => new Promise((r) => setTimeout(r, 600))));
      await clock.tickAsync(600);
      await probe.done;
      assert.equal(b.state, 'open');
    });
  });

  describe('failure rate', () => {
    it('count window: opens when the rate is reached once minimumThroughput calls are in it', async () => {
      const b = circuitBreaker({ failureRate: { threshold: 0.5, minimumThroughput: 6, window: { count: 10 } } });
      for (let i = 0; i < 3; i++) await run(b, ok);
      for (let i = 0; i < 2; i++) await run(b, failing);
      assert.equal(b.state, 'closed', '5 calls < minimumThroughput');
      await run(b, failing);
      assert.equal(b.state, 'open', '3 of 6 failed');
    });

    it('count window: old calls slide out of the window', async () => {
      const b = circuitBreaker({ failureRate: { threshold: 0.5, minimumThroughput: 4, window: { count: 4 } } });
      await run(b, failing);
      await run(b, ok);
      await run(b, ok);
      await run(b, ok);
      await run(b, ok); // the failure slides out
      await run(b, failing);
      assert.equal(b.state, 'closed', '1 of the last 4');
      await run(b, failing);
      assert.equal(b.state, 'open', '2 of the last 4');
    });

    it('does not use consecutive counting when only a rate is configured', async () => {
      const b = circuitBreaker({ failureRate: { threshold: 0.9, minimumThroughput: 20, window: { count: 50 } } });
      for (let i = 0; i < 15; i++) await run(b, failing);
      assert.equal(b.state, 'closed');
    });

    it('time window with buckets: failures expire bucket by bucket', async () => {
      const b = circuitBreaker({ failureRate: { threshold: 0.5, minimumThroughput: 4, window: { ms: 10_000, buckets: 10 } } });
      await run(b, failing);
      await run(b, failing);
      await run(b, failing);
      await clock.tickAsync(10_500); // those three expire
      await run(b, ok);
      await run(b, ok);
      await run(b, ok);
      await run(b, failing);
      assert.equal(b.state, 'closed', '1 of 4 in the window');
      await clock.tickAsync(3_000);
      await run(b, failing);
      await run(b, failing);
      assert.equal(b.state, 'open', '3 of 6 within 10 s');
    });

    it('slow-call rate opens it even when every call succeeds', async () => {
      const b = circuitBreaker({ slowCall: { thresholdMs: 1_000, rate: 0.5, minimumThroughput: 4, window: { count: 10 } } });
      const slow = () => new Promise((r) => setTimeout(r, 1_500));
      for (let i = 0; i < 2; i++) await run(b, ok);
      for (let i = 0; i < 2; i++) {
        const call = track(b.execute(slow));
        await clock.tickAsync(1_500);
        await call.done;
      }
      assert.equal(b.state, 'open', '2 of 4 slow');
    });

    it('rejects an impossible threshold with a clear error', () => {
      assert.throws(() => circuitBreaker({ failureRate: { threshold: 1.5 } }), /failureRate.threshold/);
      assert.throws(() => circuitBreaker({ failureRate: { threshold: 0.5, window: { count: 0 } } }), /window/);
    });
  });

  it('a late outcome from before a transition never moves the state', async () => {
    const b = circuitBreaker({ failureThreshold: 1, openMs: 1_000 });
    let releaseSlow!: (v: unknown) => void;
    const slow = track(b.execute(() => new Promise((_, reject) => (releaseSlow = () => reject(netError())))));
    await run(b, failing); // opens
    await clock.tickAsync(1_000);
    await run(b, ok); // probe closes it
    assert.equal(b.state, 'closed');
    releaseSlow(undefined);
    await slow.done;
    assert.equal(b.state, 'closed', 'the failure admitted before the open is stale');
  });

  it('isolate() holds it open until reset()', async () => {
    const { b, states } = withStates({ openMs: 10 });
    b.isolate();
    await clock.tickAsync(1_000);
    const error = await run(b, ok);
    assert.ok(error instanceof BrokenCircuitError);
    assert.equal(error.state, 'isolated');
    assert.equal(error.retryAfterMs, Infinity);
    assert.equal(b.state, 'isolated');
    b.reset();
    assert.equal(await run(b, ok), 'ok');
    assert.deepEqual(states, ['closed->isolated', 'isolated->closed']);
  });

  it('exports and imports its state (wall-clock based) with the re-open backoff', async () => {
    const a = circuitBreaker({ failureThreshold: 1, openMs: 1_000 });
    await run(a, failing);
    await clock.tickAsync(1_000);
    await run(a, failing); // re-opened for 2 000
    await clock.tickAsync(500);
    const saved = JSON.parse(JSON.stringify(a.exportState())) as BreakerSnapshotState;
    assert.equal(saved.state, 'open');
    assert.equal(saved.opens, 2);
    assert.equal(saved.openUntil, Date.now() + 1_500);
    const b = circuitBreaker({ failureThreshold: 1, openMs: 1_000 });
    b.importState(saved);
    assert.equal(b.state, 'open');
    assert.equal(b.retryAfterMs, 1_500);
    await clock.tickAsync(1_500);
    await run(b, failing);
    assert.equal(b.retryAfterMs, 4_000, 'the imported backoff continues');
    assert.throws(() => b.importState({ state: 'ajar' as 'open', opens: 0 }), /unknown breaker state/);
  });

  it('shares transitions through a store: two breakers of the same name', async () => {
    const store = new MemoryBreakerStore();
    const a = circuitBreaker({ name: 'payments', failureThreshold: 1, store });
    const b = circuitBreaker({ name: 'payments', failureThreshold: 1, store });
    const other = circuitBreaker({ name: 'inventory', failureThreshold: 1, store });
    await run(a, failing);
    assert.equal(b.state, 'open', 'b saw a open');
    assert.ok((await run(b, ok)) instanceof BrokenCircuitError);
    assert.equal(other.state, 'closed');
    const late = circuitBreaker({ name: 'payments', store });
    assert.equal(late.state, 'open', 'a breaker created later reads the saved state');
    b.reset();
    assert.equal(a.state, 'closed');
  });

  it('works with any store implementing the interface (writes on transitions only)', async () => {
    const writes: [string, BreakerSnapshotState][] = [];
    const store: BreakerStore = { get: () => undefined, set: (key, state) => void writes.push([key, state]) };
    const b = circuitBreaker({ name: 'svc', failureThreshold: 2, openMs: 100, store });
    await run(b, ok);
    await run(b, failing);
    assert.equal(writes.length, 0, 'no write without a transition');
    await run(b, failing);
    assert.deepEqual(
      writes.map(([k, s]) => [k, s.state]),
      [['svc', 'open']],
    );
  });
});
