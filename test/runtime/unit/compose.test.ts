import assert from 'node:assert/strict';
import type { InstalledClock } from './helpers.js';
import { bulkhead, circuitBreaker, compose, policy, retry, snapshot, timeout, TimeoutError, BrokenCircuitError, type PolicyEvent } from '@breakwater/runtime';
import { hang, installClock, netError, track, uniqueName } from './helpers.js';

describe('runtime unit: composition and registry', () => {
  let clock: InstalledClock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  const record = (p: { on(t: PolicyEvent['type'], l: (e: PolicyEvent) => void): () => void }) => {
    const log: string[] = [];
    for (const t of ['retry', 'timeout', 'reject', 'state', 'success', 'failure'] as const)
      p.on(t, (e) => log.push(`${e.type}${e.reason ? `:${e.reason}` : ''}${e.state ? `:${e.state}` : ''}`));
    return log;
  };

  it('default order: the timeout is per attempt, the breaker sees each attempt, the retry stops at an open breaker', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2, openMs: 60_000 });
    const p = compose(retry({ maxAttempts: 5, baseDelayMs: 10, jitter: 'none' }), breaker, bulkhead(4), timeout(100));
    const log = record(p);
    let attempts = 0;
    const call = track(p.execute(() => (attempts++, hang())));
    await clock.runAllAsync();
    const outcome = await call.done;
    assert.equal(attempts, 2, 'two attempts timed out; the third was refused by the open breaker');
    assert.ok(!outcome.ok && outcome.error instanceof BrokenCircuitError);
    assert.deepEqual(log, ['timeout', 'retry', 'timeout', 'state:open', 'retry', 'reject:open', 'failure']);
  });

  it('a timeout placed outside the retry is one budget for all attempts', async () => {
    const p = compose(timeout(250), retry({ maxAttempts: 10, baseDelayMs: 50, jitter: 'none' }));
    let attempts = 0;
    const call = track(
      p.execute(async () => {
        attempts++;
        await new Promise((r) => setTimeout(r, 40));
        throw netError();
      }),
    );
    await clock.runAllAsync();
    const outcome = await call.done;
    assert.ok(!outcome.ok);
    assert.ok(attempts >= 2 && attempts <= 3, `${attempts} attempts within 250 ms`);
    assert.ok(performance.now() <= 260);
  });

  it('a breaker outside the retry counts a whole retried call once', async () => {
    const breaker = circuitBreaker({ failureThreshold: 2 });
    const p = compose(breaker, retry({ maxAttempts: 3, baseDelayMs: 1 }));
    const call = track(p.execute(() => Promise.reject(netError())));
    await clock.runAllAsync();
    await call.done;
    assert.equal(breaker.state, 'closed', 'three failed attempts, one failed call');
  });

  it("composes a policy of the user's own as an inner policy, whatever its properties are named", async () => {
    // The runtime's internal members get short names in the bundle: a user's object with short
    // property names must never be mistaken for one of the runtime's policies.
    const seen: unknown[] = [];
    const mine = {
      name: 'mine',
      ...Object.fromEntries([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((k, i) => [k, (i % 5) + 1])),
      execute<T>(fn: (ctx: { signal: AbortSignal; attempt: number; timeLeft: number }) => T | PromiseLike<T>, options?: unknown) {
        seen.push(options);
        return Promise.resolve(fn({ signal: new AbortController().signal, attempt: 1, timeLeft: Infinity }));
      },
      on: () => () => {},
    };
    const p = compose(retry({ maxAttempts: 2, baseDelayMs: 1 }), timeout(100), mine);
    assert.equal(await p.execute(() => 'through mine'), 'through mine');
    assert.equal(seen.length, 1, 'the outer policies wrapped it as a nested policy');
    assert.ok((seen[0] as { signal?: unknown }).signal instanceof AbortSignal, 'and handed it the attempt signal');
  });

  it('nested execute with the outer signal gets min(own timeout, time left)', async () => {
    const outer = timeout(300, { name: 'outer' });
    const inner = timeout(1_000, { name: 'inner' });
    let innerLeft = 0;
    const call = track(
      outer.execute(async ({ signal }) => {
        await new Promise((r) => setTimeout(r, 100));
        return inner.execute((ctx) => ((innerLeft = ctx.timeLeft), hang()), signal);
      }),
    );
    await clock.tickAsync(100);
    assert.equal(innerLeft, 200, 'the inner work saw the outer time left, not its own 1 000 ms');
    await clock.tickAsync(199);
    assert.equal(call.outcome, undefined, 'not cut short before the outer deadline');
    await clock.tickAsync(1);
    const outcome = await call.done;
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
    assert.equal(outcome.error.policy, 'inner', 'the error names the call the time ran out in');
    assert.equal(outcome.error.timeoutMs, 200, 'and the limit it had');
    assert.ok(outcome.error.cause instanceof TimeoutError, 'its cause is the budget that ran out');
    assert.equal(outcome.error.cause.policy, 'outer');
    assert.equal(outcome.error.cause.timeoutMs, 300);
  });

  it('nested execute keeps its own, shorter timeout', async () => {
    const inner = timeout(50, { name: 'inner' });
    const call = track(timeout(1_000).execute(({ signal }) => inner.execute(hang, { signal })));
    await clock.tickAsync(50);
    const outcome = await call.done;
    assert.ok(!outcome.ok && (outcome.error as TimeoutError).policy === 'inner');
  });

  describe('policy(name, config)', () => {
    it('builds the default order with every part named after the service', async () => {
      const name = uniqueName('payments');
      const p = policy(name, { timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 }, breaker: { failureThreshold: 10 }, bulkhead: { limit: 2, queue: 1 } });
      const call = track(p.execute(hang));
      await clock.runAllAsync();
      const outcome = await call.done;
      assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
      assert.equal((outcome.error as TimeoutError).policy, name);
      assert.equal(p.breaker?.name, name);
      assert.equal(p.bulkhead?.limit, 2);
      assert.equal(snapshot()[name]?.timeouts, 2, 'per-attempt timeout inside the retry');
    });

    it('returns the same instance for the same name (with no config, or an equal one)', () => {
      const name = uniqueName('svc');
      const config = { timeoutMs: 500, retry: { maxAttempts: 2 }, breaker: false as const };
      const a = policy(name, config);
      assert.equal(policy(name), a);
      assert.equal(policy(name, { timeoutMs: 500, retry: { maxAttempts: 2 }, breaker: false }), a);
      assert.equal(a.breaker, undefined);
    });

    it('throws a clear error for the same name with a different config', () => {
      const name = uniqueName('svc');
      policy(name, { timeoutMs: 500 });
      assert.throws(() => policy(name, { timeoutMs: 600 }), (e: Error) => e instanceof RangeError && e.message.includes(`policy('${name}') already exists`));
      const isFailure = () => true;
      const other = uniqueName('svc');
      policy(other, { breaker: { isFailure } });
      assert.doesNotThrow(() => policy(other, { breaker: { isFailure } }), 'functions compare by identity');
      assert.throws(() => policy(other, { breaker: { isFailure: () => true } }));
    });

    it('each part can be turned off', async () => {
      const p = policy(uniqueName('bare'), { timeoutMs: false, retry: false, breaker: false });
      assert.equal(await p.execute(() => 'x'), 'x');
      assert.equal(p.breaker, undefined);
      assert.equal(p.bulkhead, undefined);
    });

    it('defaults: a 10 s timeout per attempt, 3 attempts, a breaker, no bulkhead', async () => {
      const p = policy(uniqueName('defaults'));
      let attempts = 0;
      const call = track(p.execute(() => (attempts++, hang())));
      await clock.runAllAsync();
      const outcome = await call.done;
      assert.equal(attempts, 3);
      assert.ok(!outcome.ok && (outcome.error as TimeoutError).timeoutMs === 10_000);
      assert.equal(p.breaker?.state, 'closed');
      assert.equal(p.bulkhead, undefined);
    });
  });
});
