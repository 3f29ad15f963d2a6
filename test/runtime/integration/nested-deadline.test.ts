// When an outer budget runs out while a nested call it handed its signal to is running, the caller
// gets the nested call's TimeoutError (naming the dependency the time ran out in), whose cause is
// the outer TimeoutError (the budget that ran out). Both policies arm their own timer for the same
// instant, on libuv's whole-millisecond clock: which one fires first varies from call to call, and
// the outcome must not. These tests run many nested calls with real timers, with varied budgets,
// some of them while the event loop is blocked across the deadline (so both timers are overdue
// when it wakes up), and expect every single one to give the documented error.
import assert from 'node:assert/strict';
import { compose, deadline, retry, timeout, TimeoutError, type Policy } from '@breakwater/runtime';
import { sleep } from '../support/timing.js';
import { hang } from '../unit/helpers.js';

/** Work that never settles and ignores its signal (hang), or that rejects with the signal's reason, as fetch does. */
const honouring = ({ signal }: { signal: AbortSignal }): Promise<never> =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));

/** Blocks the event loop for `ms` (a busy process: timers due meanwhile all fire late, together). */
const block = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** What a rejected call gave, as a comparable record. */
const describe_ = (error: unknown) => {
  assert.ok(error instanceof TimeoutError, `expected a TimeoutError, got ${String(error)}`);
  return { policy: error.policy, cause: error.cause?.policy, causeMs: error.cause?.timeoutMs, limitMs: error.timeoutMs };
};

const outcome = (p: Promise<unknown>) =>
  p.then(
    (value) => assert.fail(`resolved with ${String(value)}`),
    (error: unknown) => describe_(error),
  );

describe('a nested call cut short by the outer deadline (real timers)', () => {
  it('30 nested calls with varied budgets: each gets the inner TimeoutError, caused by the outer one', async () => {
    const payments = timeout(30_000, { name: 'payments' });
    const runs = Array.from({ length: 30 }, async (_, i) => {
      const budget = 60 + 7 * i; // 60 … 263 ms
      const checkout = deadline(budget, { name: 'checkout' });
      const startedAt = performance.now();
      const got = await outcome(
        checkout.execute(async ({ signal }) => {
          // Some nested calls start at once, some after part of the budget went by.
          if (i % 3) await sleep(i % 3 === 1 ? 5 : 20);
          return payments.execute(i % 2 ? hang : honouring, signal);
        }),
      );
      return { i, budget, got, heldMs: performance.now() - startedAt };
    });
    // Block the event loop across some of the deadlines: both timers are then overdue together.
    const janks = [95, 140, 190].map((at) => setTimeout(block, at, 15));
    const results = await Promise.all(runs);
    janks.forEach(clearTimeout);
    for (const { i, budget, got, heldMs } of results) {
      assert.equal(got.policy, 'payments', `call ${i} (budget ${budget} ms): ${JSON.stringify(got)}`);
      assert.equal(got.cause, 'checkout', `call ${i}: the cause names the budget that ran out`);
      assert.equal(got.causeMs, budget, `call ${i}: and its limit`);
      assert.ok(got.limitMs > 0 && got.limitMs <= budget, `call ${i}: the inner limit was cut to the time left: ${got.limitMs} ms`);
      assert.ok(heldMs >= budget - 1, `call ${i} was released before its budget: ${heldMs} ms of ${budget}`);
    }
  });

  it('three levels: the innermost call the time ran out in is named, the outermost budget is the cause', async () => {
    const cart = compose(retry({ maxAttempts: 3, baseDelayMs: 1 }), timeout(5_000, { name: 'cart' }));
    const payments = timeout(30_000, { name: 'payments' });
    const runs = Array.from({ length: 10 }, (_, i) => {
      const checkout = deadline(80 + 11 * i, { name: 'checkout' });
      return outcome(checkout.execute(({ signal }) => cart.execute((ctx) => payments.execute(honouring, ctx.signal), signal)));
    });
    setTimeout(block, 120, 20);
    for (const [i, got] of (await Promise.all(runs)).entries()) {
      assert.deepEqual({ policy: got.policy, cause: got.cause, causeMs: got.causeMs }, { policy: 'payments', cause: 'checkout', causeMs: 80 + 11 * i }, `call ${i}`);
    }
  });

  it("a nested call's own, shorter timeout is its own: no cause", async () => {
    const payments = timeout(40, { name: 'payments' });
    const got = await outcome(deadline(5_000, { name: 'checkout' }).execute(({ signal }) => payments.execute(hang, signal)));
    assert.deepEqual(got, { policy: 'payments', cause: undefined, causeMs: undefined, limitMs: 40 });
  });

  it('the outer caller gets the nested error even when the work turns it into a value', async () => {
    // The budget ran out, so the caller is released with a TimeoutError at the deadline, whatever
    // the work later does with the nested call's rejection.
    const payments: Policy = timeout(30_000, { name: 'payments' });
    const got = await outcome(
      deadline(60, { name: 'checkout' }).execute(async ({ signal }) => {
        try {
          return await payments.execute(honouring, signal);
        } catch {
          await sleep(50);
          return 'cached price';
        }
      }),
    );
    assert.equal(got.policy, 'payments');
    assert.equal(got.cause, 'checkout');
  });
});
