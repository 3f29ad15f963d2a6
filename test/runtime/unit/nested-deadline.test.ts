// A nested call that gets its caller's signal inherits the deadline it carries. When that time runs
// out, the outer and the inner policy each have a timer due at the same instant; these tests
// choose, with a fake clock, which of the two fires first, and expect the same outcome either way:
// the inner TimeoutError (naming the inner policy, its cut limit) caused by the outer one.
import assert from 'node:assert/strict';
import { bulkhead, compose, deadline, timeout, TimeoutError, type PolicyEvent } from '@breakwater/runtime';
import { hang, installClock, track, type InstalledClock } from './helpers.js';

describe('runtime unit: a nested call and the deadline it inherits', () => {
  let clock: InstalledClock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  /** Runs checkout (deadline 200 ms) around payments (30 s) started 5 ms in; `innerFirst` makes the payments timer fire first. */
  const race = async (innerFirst: boolean) => {
    const checkout = deadline(200, { name: 'checkout' });
    const payments = timeout(30_000, { name: 'payments' });
    const events: string[] = [];
    const log = (e: PolicyEvent) => events.push(`${e.policy} ${e.type} ${e.timeoutMs}`);
    checkout.on('timeout', log);
    payments.on('timeout', log);
    if (innerFirst) {
      // An earlier checkout call arms checkout's shared timer for t = 200 and finishes at t = 10.
      // At t = 200 that timer finds nothing due and re-arms for t = 205, after payments armed its
      // own for t = 205: at t = 205 payments' timer fires first.
      void checkout.execute(() => new Promise((resolve) => setTimeout(resolve, 10)));
    }
    await clock.tickAsync(5);
    let workSignal: AbortSignal | undefined;
    const call = track(
      checkout.execute(({ signal }) =>
        payments.execute((ctx) => {
          workSignal = ctx.signal;
          return hang();
        }, signal),
      ),
    );
    await clock.tickAsync(199);
    assert.equal(call.outcome, undefined, 'not released before the deadline');
    await clock.tickAsync(1);
    const outcome = await call.done;
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
    return { error: outcome.error, events, workSignal: workSignal! };
  };

  for (const innerFirst of [false, true]) {
    it(`the caller gets the inner TimeoutError caused by the outer one (${innerFirst ? 'inner' : 'outer'} timer first)`, async () => {
      const { error, events, workSignal } = await race(innerFirst);
      assert.equal(error.policy, 'payments');
      assert.equal(error.timeoutMs, 200, 'the limit payments had: what was left of the budget');
      assert.ok(error.cause instanceof TimeoutError);
      assert.equal(error.cause.policy, 'checkout');
      assert.equal(error.cause.timeoutMs, 200);
      assert.match(error.message, /^payments: timed out after 200 ms, cut short by checkout$/);
      assert.deepEqual(events, ['checkout timeout 200', 'payments timeout 200'], 'each policy reports its own timeout, the budget first');
      assert.equal(workSignal.reason, error, "the inner work's signal aborts with the error its caller gets");
    });
  }

  it('three levels: the innermost call is named, the outermost budget is the cause (and the middle one rejects with the same)', async () => {
    const checkout = deadline(300, { name: 'checkout' });
    const cart = timeout(5_000, { name: 'cart' });
    const payments = timeout(30_000, { name: 'payments' });
    let middle: Promise<unknown> | undefined;
    const call = track(
      checkout.execute(({ signal }) => (middle = cart.execute(({ signal: s }) => payments.execute(hang, s), signal))),
    );
    const cartCall = track(middle!);
    await clock.tickAsync(300);
    const [outer, inner] = [await call.done, await cartCall.done];
    assert.ok(!outer.ok && outer.error instanceof TimeoutError);
    assert.equal(outer.error.policy, 'payments');
    assert.equal(outer.error.cause?.policy, 'checkout');
    assert.ok(!inner.ok && inner.error === outer.error);
  });

  it("a nested call's own, shorter limit is its own: no cause", async () => {
    const call = track(deadline(200, { name: 'checkout' }).execute(({ signal }) => timeout(50, { name: 'payments' }).execute(hang, signal)));
    await clock.tickAsync(50);
    const outcome = await call.done;
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
    assert.equal(outcome.error.policy, 'payments');
    assert.equal(outcome.error.cause, undefined);
  });

  it('a nested call that outlives the call that started it is still bounded by the deadline it inherited', async () => {
    let detached: ReturnType<typeof track> | undefined;
    const outer = track(
      timeout(100, { name: 'outer' }).execute(({ signal }) => {
        detached = track(timeout(30_000, { name: 'inner' }).execute(hang, signal));
        return 'answered';
      }),
    );
    assert.deepEqual(await outer.done, { ok: true, value: 'answered' });
    await clock.tickAsync(99);
    assert.equal(detached!.outcome, undefined);
    await clock.tickAsync(1);
    const outcome = await detached!.done;
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
    assert.equal(outcome.error.policy, 'inner', 'nothing else timed out: the inner call names itself');
    assert.equal(outcome.error.cause, undefined);
  });

  it('a nested call waiting in its bulkhead queue is cut short the same way', async () => {
    const slots = bulkhead(1, { name: 'payments', queue: 1 });
    const payments = compose(slots, timeout(30_000));
    const holder = track(payments.execute(hang)); // holds the only slot
    const call = track(deadline(100, { name: 'checkout' }).execute(({ signal }) => payments.execute(hang, signal)));
    await clock.tickAsync(100);
    const outcome = await call.done;
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError, String(!outcome.ok && outcome.error));
    assert.equal(outcome.error.policy, 'payments');
    assert.equal(outcome.error.cause?.policy, 'checkout');
    assert.equal(slots.queued, 0, 'it left the queue');
    await clock.tickAsync(30_000); // the call holding the slot times out: nothing left pending
    assert.equal((await holder.done).ok, false);
  });

  it("a caller's own abort still rejects nested calls with its reason", async () => {
    const caller = new AbortController();
    const reason = new Error('user navigated away');
    const call = track(
      deadline(1_000, { name: 'checkout' }).execute(({ signal }) => timeout(30_000, { name: 'payments' }).execute(hang, signal), caller.signal),
    );
    await clock.tickAsync(10);
    caller.abort(reason);
    const outcome = await call.done;
    assert.ok(!outcome.ok && outcome.error === reason);
  });
});
