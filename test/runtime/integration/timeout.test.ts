// timeout() and deadline() over real sockets: a hung dependency must not hold the caller, and the
// request it abandons must really be torn down (the server sees the connection close).
import assert from 'node:assert/strict';
import { deadline, timeout, retry, compose, TimeoutError } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { eventually, isSettled } from '../support/timing.js';

describe('timeout and deadline over real sockets', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer('hang');
  });
  afterEach(() => server.close());

  it('aborts a hung request at the deadline, and the server sees the connection close', async () => {
    const policy = timeout(150, { name: 'payments' });
    await assert.rejects(
      policy.execute(({ signal }) => fetch(`${server.url}/pay`, { signal })),
      (error: unknown) => {
        assert.ok(error instanceof TimeoutError, `expected a TimeoutError, got ${String(error)}`);
        assert.equal(error.policy, 'payments');
        assert.equal(error.timeoutMs, 150);
        assert.match(error.message, /payments/);
        return true;
      },
    );
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
    await eventually(() => server.connections.open === 0, 'the aborted socket is closed');
  });

  it('releases the caller even when the work ignores the signal, and keeps the late failure handled', async () => {
    const policy = timeout(100);
    // The work never looks at the signal: only the policy can release the caller.
    const ignoring = policy.execute(() => fetch(server.url));
    await assert.rejects(ignoring, TimeoutError);
    // The abandoned request is still hanging at the server...
    await server.waitForRequests(1);
    assert.equal(await isSettled(server.requests[0]!.outcome), false);
    // ...and when it finally fails, the failure goes nowhere (the root hook fails the test on an
    // unhandled rejection).
    await server.close();
    assert.equal(await server.requests[0]!.outcome, 'server-closed');
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('does not interfere with a request that answers in time', async () => {
    server.setMode({ kind: 'slow', delayMs: 30, body: 'paid' });
    const policy = timeout(5_000);
    const body = await policy.execute(async ({ signal }) => (await fetch(server.url, { signal })).text());
    assert.equal(body, 'paid');
    assert.equal(await server.requests[0]?.outcome, 'answered');
  });

  it("stops at once when the caller's own signal aborts", async () => {
    const caller = new AbortController();
    const policy = timeout(60_000);
    const pending = policy.execute(({ signal }) => fetch(server.url, { signal }), caller.signal);
    await server.waitForRequests(1);
    caller.abort(new Error('user navigated away'));
    await assert.rejects(pending, (error: unknown) => !(error instanceof TimeoutError));
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
  });

  it('gives a nested call min(own timeout, time left) when it is handed the outer signal', async () => {
    const outer = timeout(200);
    const inner = timeout(30_000);
    let innerTimeLeft = Infinity;
    await assert.rejects(
      outer.execute(({ signal }) =>
        inner.execute((ctx) => {
          innerTimeLeft = ctx.timeLeft;
          return fetch(server.url, { signal: ctx.signal });
        }, signal),
      ),
      TimeoutError,
    );
    assert.ok(innerTimeLeft <= 200, `the inner call saw ${innerTimeLeft} ms left, not the outer budget`);
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
  });

  it('a deadline stops retries once the budget cannot fit another attempt', async () => {
    // Each attempt may take 100 ms, the whole call 250 ms: after two attempts (≥ 200 ms) a third
    // cannot fit, so the retry gives up instead of starting a doomed attempt.
    const policy = compose(deadline(250), retry({ maxAttempts: 10, baseDelayMs: 1, jitter: 'none' }), timeout(100));
    await assert.rejects(
      policy.execute(({ signal }) => fetch(server.url, { signal })),
      TimeoutError,
    );
    const attempts = server.count();
    assert.ok(attempts >= 1 && attempts <= 2, `${attempts} attempts within a 250 ms budget of 100 ms attempts`);
    for (const request of server.requests) assert.equal(await request.outcome, 'client-closed');
    // Nothing is still running: no further request shows up later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.count(), attempts);
  });
});
