// circuitBreaker() over real sockets: it opens on real failures (503s, resets, timeouts), then fails
// fast without touching the server, probes once when half-open, and ignores a client's own 4xx.
import assert from 'node:assert/strict';
import { circuitBreaker, compose, timeout, fetchWith, BrokenCircuitError, TimeoutError, type PolicyEvent } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { sleep } from '../support/timing.js';

async function drain(promise: Promise<Response>): Promise<number | Error> {
  try {
    const res = await promise;
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    return error as Error;
  }
}

describe('circuit breaker over real sockets', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it('opens after the threshold of consecutive 503s and then fails fast without reaching the server', async () => {
    server.setMode({ kind: 'status', status: 503 });
    const breaker = circuitBreaker({ name: 'payments', failureThreshold: 3, openMs: 60_000 });
    const states: string[] = [];
    breaker.on('state', (e: PolicyEvent) => states.push(e.state!));
    const payFetch = fetchWith(breaker);
    for (let i = 0; i < 3; i++) assert.equal(await drain(payFetch(server.url)), 503);
    assert.equal(breaker.state, 'open');
    assert.deepEqual(states, ['open']);
    for (let i = 0; i < 5; i++) {
      await assert.rejects(payFetch(server.url), (error: unknown) => {
        assert.ok(error instanceof BrokenCircuitError);
        assert.equal(error.policy, 'payments');
        assert.equal(error.state, 'open');
        assert.ok(error.retryAfterMs > 0 && error.retryAfterMs <= 60_000, `retryAfterMs ${error.retryAfterMs}`);
        return true;
      });
    }
    assert.equal(server.count(), 3, 'no request reached the server while open');
  });

  it('counts connection resets and timeouts as failures', async () => {
    server.setMode('reset');
    const resets = circuitBreaker({ failureThreshold: 2, openMs: 60_000 });
    for (let i = 0; i < 2; i++) await assert.rejects(resets.execute(({ signal }) => fetch(server.url, { signal })));
    assert.equal(resets.state, 'open');

    server.setMode('hang');
    server.clearRecords();
    const timeouts = circuitBreaker({ failureThreshold: 2, openMs: 60_000 });
    const guarded = compose(timeout(50), timeouts);
    for (let i = 0; i < 2; i++) await assert.rejects(guarded.execute(({ signal }) => fetch(server.url, { signal })), TimeoutError);
    assert.equal(timeouts.state, 'open');
    await assert.rejects(guarded.execute(({ signal }) => fetch(server.url, { signal })), BrokenCircuitError);
    assert.equal(server.count(), 2);
  });

  it("does not open on the caller's own 4xx: the service is healthy", async () => {
    server.setMode({ kind: 'status', status: 404 });
    const breaker = circuitBreaker({ failureThreshold: 2, openMs: 60_000 });
    const payFetch = fetchWith(breaker);
    for (let i = 0; i < 10; i++) assert.equal(await drain(payFetch(server.url)), 404);
    assert.equal(breaker.state, 'closed');
    assert.equal(server.count(), 10);
  });

  it('a success in between resets the consecutive count', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 500 }, schedule: { fail: 2, succeed: 1 } });
    const breaker = circuitBreaker({ failureThreshold: 3, openMs: 60_000 });
    const payFetch = fetchWith(breaker);
    for (let i = 0; i < 12; i++) await drain(payFetch(server.url));
    assert.equal(breaker.state, 'closed');
    assert.equal(server.count(), 12);
  });

  it('opens on a failure rate over a count window once the minimum throughput is reached', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 503 }, schedule: { failureRatio: 0.7, seed: 11 } });
    const breaker = circuitBreaker({ failureRate: { threshold: 0.5, minimumThroughput: 10, window: { count: 20 } }, openMs: 60_000 });
    const payFetch = fetchWith(breaker);
    let calls = 0;
    while (breaker.state === 'closed' && calls < 100) {
      await drain(payFetch(server.url));
      calls++;
    }
    assert.equal(breaker.state, 'open');
    assert.ok(calls >= 10, `opened after ${calls} calls, before the minimum throughput`);
    const window = server.requests.slice(-20);
    const failures = window.filter((r) => r.mode === 'status').length;
    assert.ok(failures / window.length >= 0.5, `opened at ${failures}/${window.length} failures in the window`);
  });

  it('half-open admits one probe while the service is slow and rejects every other call at once', async () => {
    server.setMode({ kind: 'status', status: 503 });
    const breaker = circuitBreaker({ failureThreshold: 2, openMs: 150 });
    const payFetch = fetchWith(breaker);
    for (let i = 0; i < 2; i++) await drain(payFetch(server.url));
    assert.equal(breaker.state, 'open');
    await sleep(250);
    server.setMode({ kind: 'slow', delayMs: 200 });
    const probe = payFetch(server.url);
    const others = await Promise.all(Array.from({ length: 5 }, () => drain(payFetch(server.url))));
    for (const other of others) {
      assert.ok(other instanceof BrokenCircuitError, `expected a rejection, got ${String(other)}`);
      assert.equal(other.state, 'half-open');
    }
    assert.equal((await probe).status, 200);
    assert.equal(breaker.state, 'closed');
    assert.equal(server.count('slow'), 1, 'only the probe reached the server');
    assert.equal(await drain(payFetch(server.url)), 200);
  });

  it('a failed probe re-opens the circuit for longer (backoff up to maxOpenMs)', async () => {
    server.setMode({ kind: 'status', status: 503 });
    const breaker = circuitBreaker({ failureThreshold: 1, openMs: 100, maxOpenMs: 10_000 });
    const payFetch = fetchWith(breaker);
    await drain(payFetch(server.url));
    const first = await drain(payFetch(server.url));
    assert.ok(first instanceof BrokenCircuitError);
    assert.ok(first.retryAfterMs <= 100);
    await sleep(200);
    assert.equal(await drain(payFetch(server.url)), 503, 'the probe reached the server and failed');
    assert.equal(breaker.state, 'open');
    const second = await drain(payFetch(server.url));
    assert.ok(second instanceof BrokenCircuitError);
    assert.ok(second.retryAfterMs > 100, `re-opened for ${second.retryAfterMs} ms, no longer than the first time`);
    assert.equal(server.count(), 2);
  });

  it('isolate() holds the circuit open without a request, reset() closes it', async () => {
    const breaker = circuitBreaker({ failureThreshold: 5 });
    const payFetch = fetchWith(breaker);
    breaker.isolate();
    const isolated = await drain(payFetch(server.url));
    assert.ok(isolated instanceof BrokenCircuitError);
    assert.equal(isolated.state, 'isolated');
    assert.equal(server.count(), 0);
    breaker.reset();
    assert.equal(await drain(payFetch(server.url)), 200);
    assert.equal(breaker.state, 'closed');
  });

  it('a probe the caller aborts frees its slot: the next call probes instead of being rejected', async () => {
    server.setMode({ kind: 'status', status: 503 });
    const breaker = circuitBreaker({ failureThreshold: 1, openMs: 100 });
    const payFetch = fetchWith(breaker);
    await drain(payFetch(server.url));
    assert.equal(breaker.state, 'open');
    await sleep(200);
    server.setMode('hang');
    const caller = new AbortController();
    const probe = payFetch(server.url, { signal: caller.signal });
    await server.waitForRequests(2);
    assert.ok((await drain(payFetch(server.url))) instanceof BrokenCircuitError, 'the only probe slot is taken');
    caller.abort();
    await assert.rejects(probe);
    assert.equal(await server.requests[1]?.outcome, 'client-closed');
    server.setMode('ok');
    assert.equal(await drain(payFetch(server.url)), 200, 'a new probe was admitted');
    assert.equal(breaker.state, 'closed');
  });

  it('a probe that times out re-opens the circuit', async () => {
    server.setMode({ kind: 'status', status: 503 });
    const breaker = circuitBreaker({ failureThreshold: 1, openMs: 100 });
    const payFetch = fetchWith(compose(breaker, timeout(100)));
    await drain(payFetch(server.url));
    await sleep(200);
    server.setMode('hang');
    assert.ok((await drain(payFetch(server.url))) instanceof TimeoutError);
    assert.equal(breaker.state, 'open');
    assert.equal(await server.requests[1]?.outcome, 'client-closed');
  });
});
