// fetchWith(policy) is a drop-in fetch: everything a caller passes reaches the server, the
// policy's signal tears hung requests down, and a retried response's body never pins a socket.
import assert from 'node:assert/strict';
import { compose, deadline, fetchWith, retry, timeout, TimeoutError } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { eventually, settlesWithin } from '../support/timing.js';

describe('fetchWith over real sockets', () => {
  let server: FaultServer;
  // Node loads its fetch on first use (tens of ms under load): done here, not inside a 100 ms
  // timeout, where the request could be aborted before it reached the server (run alone, loaded).
  before(async () => {
    const warm = await startFaultServer();
    await (await fetch(warm.url)).text();
    await warm.close();
  });
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it('passes the policy signal: a hung request is aborted and its socket closed', async () => {
    server.setMode('hang');
    const payFetch = fetchWith(timeout(100, { name: 'payments' }));
    await assert.rejects(payFetch(`${server.url}/pay`), TimeoutError);
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
  });

  it("still honours the caller's own signal", async () => {
    server.setMode('hang');
    const caller = new AbortController();
    const pending = fetchWith(timeout(60_000))(server.url, { signal: caller.signal });
    await server.waitForRequests(1);
    caller.abort();
    await assert.rejects(pending);
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
  });

  it('sends method, headers and body as given, for string and URL inputs', async () => {
    const payFetch = fetchWith(compose(retry({ maxAttempts: 2, baseDelayMs: 1 }), timeout(5_000)));
    const res = await payFetch(new URL('/orders?id=3', server.url), {
      method: 'PUT',
      headers: { 'x-tenant-id': 'cafe-1', 'content-type': 'application/json' },
      body: '{"qty":2}',
    });
    assert.equal(await res.text(), 'ok');
    const [request] = server.requests;
    assert.equal(request?.method, 'PUT');
    assert.equal(request?.path, '/orders?id=3');
    assert.equal(request?.headers['x-tenant-id'], 'cafe-1');
    assert.equal(request?.body, '{"qty":2}');
  });

  it('returns a non-retryable response as it is, body intact', async () => {
    server.setMode({ kind: 'status', status: 404, body: 'no such order' });
    const res = await fetchWith(retry({ maxAttempts: 3, baseDelayMs: 1 }))(server.url);
    assert.equal(res.status, 404);
    assert.equal(await res.text(), 'no such order');
  });

  it('discards the body of every response it retries, so no socket stays pinned', async () => {
    // 8 MB bodies: more than the socket buffers hold, so an unread body stalls the server's write
    // (its outcome stays pending) until someone reads or cancels it.
    const big = 'x'.repeat(8 * 1024 * 1024);
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 503, body: big }, schedule: { fail: 2, succeed: 100 } });
    const res = await fetchWith(retry({ maxAttempts: 3, baseDelayMs: 1 }))(server.url);
    assert.equal(await res.text(), 'ok');
    const retried = server.requests.slice(0, 2);
    assert.deepEqual(
      retried.map((r) => r.mode),
      ['status', 'status'],
    );
    for (const request of retried) {
      assert.ok(await settlesWithin(request.outcome, 5_000), `the body of retried request ${request.seq} was never read nor cancelled`);
    }
    await eventually(() => server.connections.open <= 1, 'retried responses released their sockets');
  });

  it('reads method and Idempotency-Key from a Request object, and can send its body again', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 503 }, schedule: { fail: 1, succeed: 100 } });
    const payFetch = fetchWith(retry({ maxAttempts: 2, baseDelayMs: 1 }));

    const unsafe = new Request(`${server.url}/payments`, { method: 'POST', body: '{"amount":1}' });
    const first = await payFetch(unsafe);
    assert.equal(first.status, 503, 'a keyless POST Request gets its one answer, not a retry');
    await first.arrayBuffer();
    assert.equal(server.count(), 1);

    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 503 }, schedule: { fail: 1, succeed: 100 } });
    server.clearRecords();
    const keyed = new Request(`${server.url}/payments`, { method: 'POST', headers: { 'Idempotency-Key': 'pay-9' }, body: '{"amount":2}' });
    const second = await payFetch(keyed);
    assert.equal(second.status, 200);
    assert.equal(server.count(), 2);
    for (const request of server.requests) {
      assert.equal(request.headers['idempotency-key'], 'pay-9');
      assert.equal(request.body, '{"amount":2}');
    }
  });

  it('returns the last failing response when the retries run out (a status is not an exception)', async () => {
    server.setMode({ kind: 'status', status: 503, retryAfter: 0, body: 'still down' });
    const res = await fetchWith(retry({ maxAttempts: 3, baseDelayMs: 1 }))(server.url);
    assert.equal(res.status, 503);
    assert.equal(await res.text(), 'still down', 'the body of the response handed out is intact');
    assert.equal(server.count(), 3);
  });

  it('gives up at once when Retry-After asks for longer than the deadline leaves', async () => {
    server.setMode({ kind: 'status', status: 503, retryAfter: 60 });
    const payFetch = fetchWith(compose(deadline(1_000), retry({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 120_000 }), timeout(500)));
    // Sleeping 60 s would outlast mocha's timeout: the retry must see that it cannot fit.
    const res = await payFetch(server.url);
    assert.equal(res.status, 503);
    await res.arrayBuffer();
    assert.equal(server.count(), 1);
  });

  it('leaves the body readable after the policy returned, however long it streams', async () => {
    // The timeout covers the time to the headers (runtime/README.md): a policy that finished must
    // not abort the signal the body is still being read with.
    server.setMode({ kind: 'slow', delayMs: 300, headersFirst: true, body: 'receipt' });
    const res = await fetchWith(timeout(100))(server.url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'receipt');
    assert.equal(await server.requests[0]?.outcome, 'answered');
  });

  it('cancels the body of a response that arrives after the timeout, so it pins no socket', async () => {
    // A fetch that ignores the policy's signal (an older client, a wrapper that drops it): the
    // caller is released at the timeout, and the late response must not hold its connection.
    const big = 'x'.repeat(8 * 1024 * 1024);
    server.setMode({ kind: 'slow', delayMs: 300, body: big });
    const deaf: typeof fetch = (input, init) => fetch(input, { ...init, signal: null });
    await assert.rejects(fetchWith(timeout(100), deaf)(server.url), TimeoutError);
    assert.ok(await settlesWithin(server.requests[0]!.outcome, 5_000), 'the late body was never cancelled');
  });

  it('a deadline reaches a nested fetchWith through init.signal and cuts its 30 s timeout short', async () => {
    server.setMode('hang');
    const payFetch = fetchWith(timeout(30_000, { name: 'payments' }));
    const checkout = deadline(200, { name: 'checkout' });
    await assert.rejects(
      checkout.execute(({ signal }) => payFetch(`${server.url}/pay`, { signal })),
      (error: unknown) => {
        // The inner TimeoutError (the dependency the time ran out in), caused by the outer one
        // (the budget that ran out): FINDINGS #3.
        assert.ok(error instanceof TimeoutError);
        assert.equal(error.policy, 'payments');
        assert.ok(error.timeoutMs <= 200, `the limit was cut to the time left, not ${error.timeoutMs} ms`);
        assert.ok(error.cause instanceof TimeoutError);
        assert.equal(error.cause.policy, 'checkout');
        assert.equal(error.cause.timeoutMs, 200);
        return true;
      },
    );
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
  });

  it('every one of 20 nested fetches cut short by varied deadlines names payments, caused by checkout', async () => {
    // Two timers (checkout's and payments') expire at the same instant on a whole-ms clock; the
    // one that fires first varies from call to call, the error must not.
    server.setMode('hang');
    const payFetch = fetchWith(timeout(30_000, { name: 'payments' }));
    const names = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        deadline(80 + 9 * i, { name: 'checkout' })
          .execute(({ signal }) => payFetch(`${server.url}/pay/${i}`, { signal }))
          .then(
            () => 'resolved',
            (error: unknown) => (error instanceof TimeoutError ? `${error.policy} <- ${error.cause?.policy}` : String(error)),
          ),
      ),
    );
    assert.deepEqual(names, Array(20).fill('payments <- checkout'));
    // Every request that reached the server was torn down (on a slow machine one may be aborted
    // before it arrived: the test does not wait for all 20).
    assert.ok(server.count() > 0);
    for (const request of server.requests) assert.equal(await request.outcome, 'client-closed', request.path);
  });
});
