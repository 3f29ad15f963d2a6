import assert from 'node:assert/strict';
import type { InstalledClock } from './helpers.js';
import { bulkhead, BulkheadRejectedError, compose, deadline, timeout, TimeoutError, type PolicyEvent } from '@breakwater/runtime';
import { installClock, track } from './helpers.js';

/** Work that waits until released from outside. */
const gate = () => {
  const releases: (() => void)[] = [];
  return { work: () => new Promise<void>((r) => releases.push(r)), release: () => releases.shift()!(), get waiting() { return releases.length; } };
};

describe('runtime unit: bulkhead', () => {
  let clock: InstalledClock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  it('runs at most `limit` calls at once and rejects the rest at once without a queue', async () => {
    const h = bulkhead(2, { name: 'db' });
    const g = gate();
    const a = track(h.execute(g.work));
    const b = track(h.execute(g.work));
    const c = track(h.execute(g.work));
    await c.done;
    assert.ok(c.outcome && !c.outcome.ok && c.outcome.error instanceof BulkheadRejectedError);
    assert.equal((c.outcome.error as BulkheadRejectedError).reason, 'queue-full');
    assert.equal((c.outcome.error as BulkheadRejectedError).policy, 'db');
    assert.equal(g.waiting, 2, 'the rejected work never ran');
    assert.equal(h.active, 2);
    g.release();
    g.release();
    await Promise.all([a.done, b.done]);
    assert.equal(h.active, 0);
    assert.equal(h.rejected, 1);
  });

  it('queues up to `queue` calls, first in first out, and hands each freed slot to the next', async () => {
    const h = bulkhead(1, { queue: 2 });
    const order: number[] = [];
    const g = gate();
    const calls = [1, 2, 3].map((i) => track(h.execute(async () => (order.push(i), g.work()))));
    const rejected = track(h.execute(g.work));
    await rejected.done;
    assert.ok(rejected.outcome && !rejected.outcome.ok);
    assert.deepEqual(order, [1]);
    assert.equal(h.queued, 2);
    g.release();
    await calls[0]!.done;
    await Promise.resolve();
    assert.deepEqual(order, [1, 2]);
    g.release();
    await calls[1]!.done;
    g.release();
    await calls[2]!.done;
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(h.active, 0);
    assert.equal(h.queued, 0);
  });

  it('rejects a call that waited longer than queueTimeoutMs, with reason queue-timeout', async () => {
    const h = bulkhead(1, { queue: 5, queueTimeoutMs: 100 });
    const events: PolicyEvent[] = [];
    h.on('reject', (e) => events.push(e));
    const g = gate();
    const running = track(h.execute(g.work));
    const waiting = track(h.execute(g.work));
    await clock.tickAsync(99);
    assert.equal(waiting.outcome, undefined);
    await clock.tickAsync(1);
    const outcome = await waiting.done;
    assert.ok(!outcome.ok);
    assert.equal((outcome.error as BulkheadRejectedError).reason, 'queue-timeout');
    assert.equal(h.queued, 0);
    assert.deepEqual(events.map((e) => e.reason), ['queue-timeout']);
    g.release();
    await running.done;
  });

  it('an aborted queued call leaves the queue at once and frees its place', async () => {
    const h = bulkhead(1, { queue: 1 });
    const g = gate();
    const running = track(h.execute(g.work));
    const controller = new AbortController();
    const queued = track(h.execute(g.work, controller.signal));
    assert.equal(h.queued, 1);
    assert.ok(((await h.execute(g.work).catch((e: unknown) => e)) as BulkheadRejectedError).reason === 'queue-full');
    controller.abort(new Error('gave up'));
    await queued.done;
    assert.ok(queued.outcome && !queued.outcome.ok && (queued.outcome.error as Error).message === 'gave up');
    assert.equal(h.queued, 0);
    const next = track(h.execute(async () => 'next'));
    assert.equal(h.queued, 1, 'the freed place was taken');
    g.release();
    await running.done;
    assert.deepEqual(await next.done, { ok: true, value: 'next' });
    assert.equal(g.waiting, 0, 'the aborted call never ran');
  });

  it('a queue wait never outlasts the deadline: TimeoutError of the deadline', async () => {
    const h = bulkhead(1, { queue: 1, queueTimeoutMs: 10_000 });
    const g = gate();
    const running = track(h.execute(g.work));
    const waiting = track(compose(deadline(300, { name: 'checkout' }), h).execute(g.work));
    await clock.tickAsync(300);
    await waiting.done;
    assert.ok(waiting.outcome && !waiting.outcome.ok && waiting.outcome.error instanceof TimeoutError);
    assert.equal((waiting.outcome.error as TimeoutError).policy, 'checkout');
    assert.equal(h.queued, 0);
    g.release();
    await running.done;
  });

  it('a timed-out attempt keeps its slot until its work really ends (the dependency never sees more than limit)', async () => {
    const h = bulkhead(1);
    const p = compose(h, timeout(100));
    const g = gate();
    const first = track(p.execute(g.work)); // ignores its signal
    await clock.tickAsync(100);
    const outcome = await first.done;
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError, 'the caller was released on time');
    assert.equal(h.active, 1, 'the abandoned work still holds the slot');
    const second = await p.execute(async () => 'x').catch((e: unknown) => e);
    assert.ok(second instanceof BulkheadRejectedError, 'no second request while the first is still out');
    g.release();
    await Promise.resolve();
    assert.equal(h.active, 0);
    assert.equal(await p.execute(async () => 'x'), 'x');
  });

  it('frees the slot when the work throws synchronously', async () => {
    const h = bulkhead(1);
    await assert.rejects(
      h.execute(() => {
        throw new Error('sync');
      }),
      /sync/,
    );
    assert.equal(h.active, 0);
    assert.equal(await h.execute(() => 'again'), 'again');
  });

  it('rejects bad limits with a clear error', () => {
    assert.throws(() => bulkhead(0), /limit must be >= 1/);
  });
});
