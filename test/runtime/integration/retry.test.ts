// retry() over real sockets: what is retried (transient failures, idempotent requests), when
// (backoff, Retry-After), and what never is (a POST without an Idempotency-Key, a 4xx).
import assert from 'node:assert/strict';
import { retry, fetchWith, type PolicyEvent } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { sleep } from '../support/timing.js';

const status503 = { kind: 'status', status: 503 } as const;

/** The response, or the error, without caring which: some cases only assert what the server saw. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

describe('retry over real sockets', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it('retries connection resets with backoff until the server answers', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'reset' }, schedule: { fail: 2, succeed: 100 } });
    const policy = retry({ maxAttempts: 3, baseDelayMs: 5 });
    const events: PolicyEvent[] = [];
    policy.on('retry', (event) => events.push(event));
    const attempts: number[] = [];
    const body = await policy.execute(async ({ signal, attempt }) => {
      attempts.push(attempt);
      return (await fetch(server.url, { signal })).text();
    });
    assert.equal(body, 'ok');
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal(server.count('reset'), 2);
    assert.equal(server.count('ok'), 1);
    assert.deepEqual(
      events.map((e) => e.attempt),
      [1, 2],
    );
    for (const event of events) assert.ok(event.error instanceof Error, 'the retry event carries the socket error');
  });

  it('gives up after maxAttempts and rethrows the last network error', async () => {
    server.setMode('reset');
    const policy = retry({ maxAttempts: 3, baseDelayMs: 1 });
    await assert.rejects(
      policy.execute(({ signal }) => fetch(server.url, { signal })),
      (error: Error) => error.name === 'TypeError',
    );
    assert.equal(server.count('reset'), 3);
  });

  it('retries a refused connection (the service is down) and gives up after maxAttempts', async () => {
    const url = server.url;
    await server.close(); // nothing listens on that port any more
    const policy = retry({ maxAttempts: 3, baseDelayMs: 1 });
    let retries = 0;
    policy.on('retry', () => retries++);
    await assert.rejects(policy.execute(({ signal }) => fetch(url, { signal })), (error: Error & { cause?: { code?: string } }) => {
      assert.equal(error.cause?.code, 'ECONNREFUSED');
      return true;
    });
    assert.equal(retries, 2);
  });

  it('retries 503s from a flapping server through fetchWith', async () => {
    server.setMode({ kind: 'flapping', fail: status503, schedule: { fail: 2, succeed: 100 } });
    const res = await fetchWith(retry({ maxAttempts: 3, baseDelayMs: 5 }))(server.url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
    assert.equal(server.count(), 3);
  });

  it('retries under a seeded 50 % failure ratio and every GET eventually succeeds', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 502 }, schedule: { failureRatio: 0.5, seed: 2024 } });
    const payFetch = fetchWith(retry({ maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 }));
    for (let i = 0; i < 20; i++) {
      const res = await payFetch(`${server.url}/item/${i}`);
      assert.equal(res.status, 200, `call ${i}`);
      await res.arrayBuffer();
    }
    assert.equal(server.count('ok'), 20);
    assert.ok(server.count('status') > 0, 'the seeded schedule did fail some requests');
  });

  it('waits as long as Retry-After says in seconds', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 503, retryAfter: 1 }, schedule: { fail: 1, succeed: 100 } });
    const policy = retry({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10_000 });
    const delays: number[] = [];
    policy.on('retry', (e) => delays.push(e.delayMs ?? NaN));
    const res = await fetchWith(policy)(server.url);
    assert.equal(res.status, 200);
    const [first, second] = server.requests;
    // A lower bound only: the retry came no sooner than the server asked (minus timer rounding).
    assert.ok(second!.at - first!.at >= 950, `retried after ${second!.at - first!.at} ms`);
    assert.equal(delays.length, 1);
    assert.ok(delays[0]! >= 950 && delays[0]! <= 1_000, `the retry event says ${delays[0]} ms`);
  });

  it('waits until the HTTP-date Retry-After names', async () => {
    const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000); // at least 1 s away, whole seconds
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 429, retryAfter: when }, schedule: { fail: 1, succeed: 100 } });
    const res = await fetchWith(retry({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10_000 }))(server.url);
    assert.equal(res.status, 200);
    // Date.now() and the server's arrival time share the wall clock at whole-ms precision.
    assert.ok(Date.now() >= when.getTime() - 5, 'the retry did not come before the date');
    assert.equal(server.count(), 2);
  });

  it('caps a huge Retry-After at maxDelayMs instead of sleeping for an hour', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 503, retryAfter: 3600 }, schedule: { fail: 1, succeed: 100 } });
    const policy = retry({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 100 });
    const delays: number[] = [];
    policy.on('retry', (e) => delays.push(e.delayMs ?? NaN));
    const res = await fetchWith(policy)(server.url);
    assert.equal(res.status, 200);
    assert.ok(delays[0]! <= 100, `delay ${delays[0]} ms`);
  });

  it('never retries a POST without an Idempotency-Key', async () => {
    server.setMode(status503);
    const payFetch = fetchWith(retry({ maxAttempts: 3, baseDelayMs: 1 }));
    const outcome = await settle(payFetch(`${server.url}/payments`, { method: 'POST', body: '{"amount":5}' }));
    if (outcome.value) await outcome.value.arrayBuffer();
    assert.equal(server.count(), 1, 'the payment was sent exactly once');
    // Lower-case methods are the same method.
    await settle(payFetch(`${server.url}/payments`, { method: 'post', body: '{}' }).then((r) => r.arrayBuffer()));
    assert.equal(server.count(), 2);
  });

  it('never retries PATCH, and does retry PUT and DELETE (idempotent by RFC 9110)', async () => {
    server.setMode(status503);
    const payFetch = fetchWith(retry({ maxAttempts: 2, baseDelayMs: 1 }));
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const outcome = await settle(payFetch(server.url, { method, body: method === 'DELETE' ? null : 'x' }));
      if (outcome.value) await outcome.value.arrayBuffer();
    }
    const perMethod = (m: string) => server.requests.filter((r) => r.method === m).length;
    assert.equal(perMethod('PATCH'), 1);
    assert.equal(perMethod('PUT'), 2);
    assert.equal(perMethod('DELETE'), 2);
  });

  it('retries a POST that carries an Idempotency-Key, sending the same key and body each time', async () => {
    server.setMode({ kind: 'flapping', fail: status503, schedule: { fail: 2, succeed: 100 } });
    const payFetch = fetchWith(retry({ maxAttempts: 3, baseDelayMs: 1 }));
    const res = await payFetch(`${server.url}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': 'order-77' },
      body: '{"amount":5}',
    });
    assert.equal(res.status, 200);
    assert.equal(server.count(), 3);
    for (const request of server.requests) {
      assert.equal(request.headers['idempotency-key'], 'order-77');
      assert.equal(request.body, '{"amount":5}');
    }
  });

  it('reads the key from a Headers object and from header pairs, in any letter case', async () => {
    server.setMode({ kind: 'flapping', fail: status503, schedule: { fail: 1, succeed: 1 } });
    const payFetch = fetchWith(retry({ maxAttempts: 2, baseDelayMs: 1 }));
    const asHeaders = await payFetch(server.url, { method: 'POST', headers: new Headers({ 'IDEMPOTENCY-KEY': 'a' }), body: 'x' });
    assert.equal(asHeaders.status, 200);
    const asPairs = await payFetch(server.url, { method: 'POST', headers: [['idempotency-key', 'b']], body: 'x' });
    assert.equal(asPairs.status, 200);
    assert.equal(server.count(), 4);
  });

  it('retries a POST when the caller opts in with retryNonIdempotent', async () => {
    server.setMode({ kind: 'flapping', fail: status503, schedule: { fail: 1, succeed: 100 } });
    const res = await fetchWith(retry({ maxAttempts: 2, baseDelayMs: 1, retryNonIdempotent: true }))(server.url, { method: 'POST', body: 'x' });
    assert.equal(res.status, 200);
    assert.equal(server.count(), 2);
  });

  it('respects the method given to execute(): a POST through any client is not retried', async () => {
    server.setMode('reset');
    const policy = retry({ maxAttempts: 3, baseDelayMs: 1 });
    await assert.rejects(policy.execute(({ signal }) => fetch(server.url, { method: 'POST', body: 'x', signal }), { method: 'POST' }));
    assert.equal(server.count(), 1);
    await assert.rejects(
      policy.execute(({ signal }) => fetch(server.url, { method: 'POST', body: 'x', signal }), { method: 'POST', headers: { 'Idempotency-Key': 'k' } }),
    );
    assert.equal(server.count(), 4, 'with a key, all three attempts were made');
  });

  it('does not retry a 4xx: the request itself is wrong', async () => {
    for (const status of [400, 404, 422]) {
      server.clearRecords();
      server.setMode({ kind: 'status', status });
      const res = await fetchWith(retry({ maxAttempts: 3, baseDelayMs: 1 }))(server.url);
      assert.equal(res.status, status);
      assert.equal(await res.text(), `status ${status}`, 'the caller still gets the body of the final response');
      assert.equal(server.count(), 1, `${status} was not retried`);
    }
  });

  it("stops at once when the caller's signal aborts during a backoff sleep", async () => {
    server.setMode({ kind: 'status', status: 503, retryAfter: 30 });
    const policy = retry({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 60_000 });
    const sleeping = new Promise<void>((resolve) => policy.on('retry', () => resolve()));
    const caller = new AbortController();
    const pending = fetchWith(policy)(server.url, { signal: caller.signal });
    await sleeping;
    caller.abort();
    // Released long before the 30 s sleep ends (mocha's 20 s timeout would fail this otherwise).
    await assert.rejects(pending);
    await sleep(50);
    assert.equal(server.count(), 1, 'no attempt after the abort');
  });
});
