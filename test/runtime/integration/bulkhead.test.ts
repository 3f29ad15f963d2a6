// bulkhead() under real concurrency: the server never sees more requests at once than the limit,
// the queue holds what it may, the rest is rejected at once, and an aborted waiter frees its place.
import assert from 'node:assert/strict';
import { bulkhead, compose, timeout, BulkheadRejectedError } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { eventually, isSettled, sleep } from '../support/timing.js';

type Outcome = { status: number } | { error: unknown };

describe('bulkhead under real concurrency', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  const call = (policy: ReturnType<typeof bulkhead>, signal?: AbortSignal): Promise<Outcome> =>
    policy
      .execute(async (ctx) => {
        const res = await fetch(server.url, { signal: ctx.signal });
        await res.arrayBuffer();
        return { status: res.status };
      }, signal)
      .catch((error: unknown) => ({ error }));

  it('lets `limit` requests run, queues `queue` more, and rejects the rest at once', async () => {
    server.setMode({ kind: 'slow', delayMs: 300 });
    const policy = bulkhead(2, { queue: 2 });
    const calls = Array.from({ length: 7 }, () => call(policy));
    await server.waitForRequests(2);
    // The three over limit + queue are rejected before any running request finishes.
    const rejected: unknown[] = [];
    for (const pending of calls) if (await isSettled(pending)) rejected.push(((await pending) as { error: unknown }).error);
    assert.equal(rejected.length, 3);
    for (const error of rejected) {
      assert.ok(error instanceof BulkheadRejectedError);
      assert.equal(error.reason, 'queue-full');
    }
    const outcomes = await Promise.all(calls);
    assert.equal(outcomes.filter((o) => 'status' in o && o.status === 200).length, 4);
    assert.equal(server.count(), 4);
    assert.equal(server.peakInFlight, 2, 'never more than the limit at the server');
  });

  it('keeps the server at the limit under a long burst', async () => {
    server.setMode({ kind: 'slow', delayMs: 5 });
    const policy = bulkhead(3, { queue: 100 });
    const outcomes = await Promise.all(Array.from({ length: 60 }, () => call(policy)));
    assert.ok(outcomes.every((o) => 'status' in o && o.status === 200));
    assert.equal(server.count(), 60);
    assert.equal(server.peakInFlight, 3);
  });

  it('rejects a call that waited in the queue longer than queueTimeoutMs', async () => {
    server.setMode('hang');
    const runner = new AbortController();
    const policy = bulkhead(1, { queue: 1, queueTimeoutMs: 100 });
    const running = call(policy, runner.signal);
    await server.waitForRequests(1);
    const waited = await call(policy);
    assert.ok('error' in waited && waited.error instanceof BulkheadRejectedError);
    assert.equal(waited.error.reason, 'queue-timeout');
    assert.equal(server.count(), 1, 'the timed-out waiter never reached the server');
    runner.abort();
    assert.ok('error' in (await running));
  });

  it('an aborted waiter frees its place in the queue at once', async () => {
    server.setMode('hang');
    const policy = bulkhead(1, { queue: 1 });
    const runner = new AbortController();
    const waiter = new AbortController();
    const running = call(policy, runner.signal);
    await server.waitForRequests(1);
    const queued = call(policy, waiter.signal);
    const overflow = await call(policy);
    assert.ok('error' in overflow && overflow.error instanceof BulkheadRejectedError, 'queue is full');
    waiter.abort(new Error('caller gave up'));
    const aborted = await queued;
    assert.ok('error' in aborted && !(aborted.error instanceof BulkheadRejectedError));
    // Its place is free: the next call queues instead of being rejected.
    server.setMode('ok');
    const next = call(policy);
    await sleep(20);
    assert.equal(await isSettled(next), false, 'the next call waits in the freed place');
    runner.abort();
    await running;
    assert.deepEqual(await next, { status: 200 });
    await eventually(() => server.count() === 2, 'the queued call reached the server');
  });

  it('frees the slot of a call whose work failed', async () => {
    server.setMode('reset');
    const policy = bulkhead(1);
    for (let i = 0; i < 3; i++) assert.ok('error' in (await call(policy)));
    server.setMode('ok');
    assert.deepEqual(await call(policy), { status: 200 });
  });

  it('bounds the requests pending at the service even when timed-out work ignores its signal', async () => {
    // The article's outage: hung requests piled up by the hundred. A bulkhead inside a timeout
    // releases each caller on time; the abandoned work must keep its slot until it really ends, or
    // the service sees far more than `limit` requests at once.
    server.setMode('hang');
    const policy = compose(bulkhead(2, { queue: 0 }), timeout(50));
    const outcomes = [];
    for (let i = 0; i < 10; i++) {
      // fetch without the signal: the work cannot be aborted, only abandoned.
      outcomes.push(await policy.execute(() => fetch(server.url).then((r) => r.status)).catch((e: Error) => e.name));
    }
    assert.ok(server.inFlight <= 2, `${server.inFlight} hung requests at the service with a bulkhead of 2 (outcomes: ${outcomes.join(', ')})`);
  });
});
