// policy('name', config) over real sockets: the named policy applies its timeout per attempt,
// retries idempotent requests, opens its breaker, and snapshot()/toPrometheus() report what
// really happened. Names are unique per test: the registry lives for the whole process.
import assert from 'node:assert/strict';
import { policy, fetchWith, snapshot, toPrometheus, BrokenCircuitError, TimeoutError } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';

describe('named policies (the registry) over real sockets', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it('returns the same instance for the same name, so every module shares one breaker', () => {
    const config = { timeoutMs: 1_000, breaker: { failureThreshold: 2 } };
    const a = policy('registry-shared', config);
    assert.equal(policy('registry-shared', { timeoutMs: 1_000, breaker: { failureThreshold: 2 } }), a);
    assert.equal(policy('registry-shared'), a);
    assert.throws(() => policy('registry-shared', { timeoutMs: 5 }), /already exists with a different config/);
  });

  it('times out each attempt, retries a GET, and opens the breaker on a hung service', async () => {
    const payments = policy('registry-payments', {
      timeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      breaker: { failureThreshold: 4, openMs: 60_000 },
    });
    const payFetch = fetchWith(payments);
    server.setMode('hang');
    await assert.rejects(payFetch(`${server.url}/status`), TimeoutError);
    assert.equal(server.count(), 2, 'two attempts, each cut at 100 ms');
    // A POST without a key gets one attempt.
    await assert.rejects(payFetch(`${server.url}/payments`, { method: 'POST', body: '{}' }), TimeoutError);
    assert.equal(server.count(), 3);
    // The fourth timeout opens the breaker, so this call's retry is refused by it.
    await assert.rejects(payFetch(`${server.url}/status`), BrokenCircuitError);
    assert.equal(server.count(), 4);
    await assert.rejects(payFetch(`${server.url}/status`), BrokenCircuitError);
    assert.equal(server.count(), 4, 'no request while open');
    for (const request of server.requests) assert.equal(await request.outcome, 'client-closed');

    const snap = snapshot()['registry-payments'];
    assert.ok(snap, 'the named policy is in the snapshot');
    assert.equal(snap.state, 'open');
    assert.equal(snap.calls, 4);
    assert.equal(snap.failures, 4);
    assert.equal(snap.timeouts, 4);
    assert.equal(snap.retries, 2);
    assert.equal(snap.rejections, 2);
    const metrics = toPrometheus();
    assert.match(metrics, /breakwater_breaker_state\{policy="registry-payments"\} 1\n/);
    assert.match(metrics, /breakwater_timeouts_total\{policy="registry-payments"\} 4\n/);
  });

  it('limits concurrency with its bulkhead', async () => {
    const limited = policy('registry-limited', { timeoutMs: 5_000, retry: false, breaker: false, bulkhead: { limit: 2, queue: 10 } });
    server.setMode({ kind: 'slow', delayMs: 50 });
    const payFetch = fetchWith(limited);
    const responses = await Promise.all(Array.from({ length: 8 }, () => payFetch(server.url).then((r) => r.text())));
    assert.deepEqual(responses, Array(8).fill('ok'));
    assert.equal(server.peakInFlight, 2);
  });
});
