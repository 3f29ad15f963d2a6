// Many concurrent callers through one composed policy against a flaky service: whatever the mix of
// resets and 503s, no request that may not be repeated reaches the server twice, the bulkhead
// holds, retries stay within maxAttempts, and every caller gets an answer it can act on.
import assert from 'node:assert/strict';
import { compose, retry, circuitBreaker, bulkhead, timeout, fetchWith, BrokenCircuitError, BulkheadRejectedError, TimeoutError } from '@breakwater/runtime';
import { startFaultServer, type FaultServer, type SimpleMode } from '../support/fault-server.js';

const MAX_ATTEMPTS = 3;
const LIMIT = 8;

describe('soak: concurrent callers against a flaky service', function () {
  this.timeout(60_000);
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  for (const fail of [{ kind: 'reset' }, { kind: 'status', status: 503 }, { kind: 'slow', delayMs: 400 }] as SimpleMode[]) {
    it(`keeps every guarantee when 40 % of requests fail by ${fail.kind}`, async () => {
      server.setMode({ kind: 'flapping', fail, schedule: { failureRatio: 0.4, seed: 99 } });
      // Requests in flight as the client sees them: from the call to fetch until its promise settles
      // (the server notices a closed socket only a moment later, so its own count lags).
      let active = 0;
      let peak = 0;
      const countingFetch: typeof fetch = (input, init) => {
        peak = Math.max(peak, ++active);
        return fetch(input, init).finally(() => active--);
      };
      const payFetch = fetchWith(
        compose(
          retry({ maxAttempts: MAX_ATTEMPTS, baseDelayMs: 2, maxDelayMs: 20 }),
          circuitBreaker({ failureThreshold: 1_000 }),
          bulkhead(LIMIT, { queue: 400 }),
          timeout(200),
        ),
        countingFetch,
      );
      const kinds = ['get', 'post', 'post-keyed', 'patch'] as const;
      const calls = Array.from({ length: 200 }, (_, i) => {
        const kind = kinds[i % kinds.length]!;
        const url = `${server.url}/${kind}/${i}`;
        const init: RequestInit =
          kind === 'get'
            ? {}
            : { method: kind === 'patch' ? 'PATCH' : 'POST', body: `{"i":${i}}`, headers: kind === 'post-keyed' ? { 'Idempotency-Key': `k-${i}` } : {} };
        return payFetch(url, init).then(
          async (res) => {
            await res.arrayBuffer();
            return res.status;
          },
          (error: Error) => error,
        );
      });
      const outcomes = await Promise.all(calls);

      for (const outcome of outcomes) {
        if (typeof outcome === 'number') assert.ok(outcome === 200 || outcome === 503, `status ${outcome}`);
        else
          assert.ok(
            outcome instanceof TimeoutError || outcome.name === 'TypeError' || outcome instanceof BrokenCircuitError || outcome instanceof BulkheadRejectedError,
            `unexpected ${outcome.name}: ${outcome.message}`,
          );
      }
      const perPath = new Map<string, number>();
      for (const r of server.requests) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
      for (const [path, n] of perPath) {
        if (path.startsWith('/post/') || path.startsWith('/patch/')) assert.equal(n, 1, `${path} was sent ${n} times without an Idempotency-Key`);
        else assert.ok(n <= MAX_ATTEMPTS, `${path} was sent ${n} times`);
      }
      assert.equal(perPath.size, 200, 'every call reached the server at least once');
      assert.ok(peak <= LIMIT, `${peak} requests in flight at once with a bulkhead of ${LIMIT}`);
      const retried = [...perPath].filter(([path, n]) => n > 1 && (path.startsWith('/get/') || path.startsWith('/post-keyed/')));
      assert.ok(retried.length > 0, 'some idempotent requests were retried');
      for (const r of server.requests.filter((q) => q.path.startsWith('/post-keyed/'))) {
        assert.equal(r.headers['idempotency-key'], `k-${r.path.split('/')[2]}`);
      }
    });
  }
});
