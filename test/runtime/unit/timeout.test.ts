import assert from 'node:assert/strict';
import type { InstalledClock } from './helpers.js';
import { timeout, TimeoutError, type Context } from '@breakwater/runtime';
import { hang, installClock, track } from './helpers.js';

describe('runtime unit: timeout', () => {
  describe('with a fake clock', () => {
    let clock: InstalledClock;
    beforeEach(() => (clock = installClock()));
    afterEach(() => clock.uninstall());

    it('aborts the work signal at the deadline and rejects with a TimeoutError naming policy and limit', async () => {
      let signal: AbortSignal | undefined;
      const call = track(
        timeout(200, { name: 'payments' }).execute(({ signal: s }) => {
          signal = s;
          return hang();
        }),
      );
      await clock.tickAsync(199);
      assert.equal(call.outcome, undefined);
      assert.equal(signal!.aborted, false);
      await clock.tickAsync(1);
      const outcome = await call.done;
      assert.equal(outcome.ok, false);
      const error = (outcome as { error: TimeoutError }).error;
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.policy, 'payments');
      assert.equal(error.timeoutMs, 200);
      assert.match(error.message, /payments.*200 ms/);
      assert.equal(signal!.aborted, true);
      assert.equal(signal!.reason, error, 'the work sees the same TimeoutError as the reason');
    });

    it('releases the caller at the deadline even when the work ignores its signal', async () => {
      let finished = false;
      const call = track(
        timeout(50).execute(async () => {
          await new Promise((r) => setTimeout(r, 10_000));
          finished = true;
          return 'late';
        }),
      );
      await clock.tickAsync(50);
      const outcome = await call.done;
      assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
      assert.equal(finished, false);
      await clock.tickAsync(10_000);
      assert.equal(finished, true, 'the work kept running; its late value went nowhere');
    });

    it('leaves no timer behind once every call completed', async () => {
      const policy = timeout(1_000);
      for (let i = 0; i < 5; i++) assert.equal(await policy.execute(async () => i), i);
      assert.ok(clock.countTimers() <= 1, 'at most the one shared timer');
      await clock.tickAsync(1_000);
      assert.equal(clock.countTimers(), 0, 'the shared timer lapsed without re-arming');
    });

    it('does not fire for a call that completed before its limit', async () => {
      const policy = timeout(100);
      let signal: AbortSignal | undefined;
      const value = await policy.execute(({ signal: s }) => ((signal = s), Promise.resolve('ok')));
      assert.equal(value, 'ok');
      await clock.tickAsync(500);
      assert.equal(signal!.aborted, false, 'a completed call is never aborted afterwards');
    });

    it('keeps one timer for many pending calls and fires each at its own deadline', async () => {
      const policy = timeout(100);
      const first = track(policy.execute(hang));
      await clock.tickAsync(30);
      const second = track(policy.execute(hang));
      assert.equal(clock.countTimers(), 1);
      await clock.tickAsync(70);
      await first.done;
      assert.equal(first.outcome?.ok, false);
      assert.equal(second.outcome, undefined, 'the second call still has 30 ms');
      await clock.tickAsync(30);
      assert.equal((await second.done).ok, false);
    });

    it('reports the attempt and the time left on the context', async () => {
      let seen: { attempt: number; timeLeft: number } | undefined;
      const call = timeout(300).execute(async (ctx: Context) => {
        await new Promise((r) => setTimeout(r, 100));
        seen = { attempt: ctx.attempt, timeLeft: ctx.timeLeft };
      });
      await clock.tickAsync(100);
      await call;
      assert.deepEqual(seen, { attempt: 1, timeLeft: 200 });
    });

    it('rejects a non-positive limit with a clear error', () => {
      assert.throws(() => timeout(0), /timeout must be > 0/);
      assert.throws(() => timeout(-5), RangeError);
    });

    it('passes a synchronous value or throw straight through', async () => {
      assert.equal(await timeout(100).execute(() => 42), 42);
      const boom = new Error('boom');
      await assert.rejects(
        timeout(100).execute(() => {
          throw boom;
        }),
        (e) => e === boom,
      );
    });
  });

  describe('in real time', () => {
    it('releases a caller whose work hangs and ignores its signal, within the limit plus a little', async () => {
      const started = performance.now();
      await assert.rejects(timeout(60).execute(hang), TimeoutError);
      const held = performance.now() - started;
      assert.ok(held >= 59, `released early: ${held} ms`);
    });

    it('aborts fetch-like work through the signal', async () => {
      const reason = await timeout(30)
        .execute(({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))))
        .catch((e: unknown) => e);
      assert.ok(reason instanceof TimeoutError);
    });
  });
});
