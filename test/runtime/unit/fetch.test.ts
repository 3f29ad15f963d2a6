import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { circuitBreaker, compose, fetchWith, retry, timeout, TimeoutError } from '@breakwater/runtime';

/** A real HTTP server on 127.0.0.1 answering from a script of [status, headers] per request. */
async function serve(script: (n: number, req: IncomingMessage, body: string) => [number, Record<string, string>?, string?] | 'hang') {
  const seen: { method: string; body: string; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, body, headers: req.headers });
      const answer = script(seen.length, req, body);
      if (answer === 'hang') return;
      const [status, headers = {}, text = `answer ${seen.length}`] = answer;
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pay`;
  return { url, seen, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

describe('runtime unit: fetchWith (real server on 127.0.0.1)', () => {
  it('the happy path: passes method, headers and body, returns the Response', async () => {
    const s = await serve(() => [200]);
    try {
      const f = fetchWith(compose(retry(), circuitBreaker(), timeout(2_000)));
      const res = await f(s.url, { method: 'PUT', headers: { 'x-trace': 'abc' }, body: 'hello' });
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'answer 1');
      assert.equal(s.seen[0]!.method, 'PUT');
      assert.equal(s.seen[0]!.body, 'hello');
      assert.equal(s.seen[0]!.headers['x-trace'], 'abc');
    } finally {
      await s.close();
    }
  });

  it('retries a 503 after its Retry-After, then returns the success', async () => {
    const s = await serve((n) => (n === 1 ? [503, { 'retry-after': '1' }] : [200]));
    try {
      const delays: number[] = [];
      const r = retry({ maxAttempts: 3, baseDelayMs: 1 });
      r.on('retry', (e) => delays.push(e.delayMs!));
      const started = performance.now();
      const res = await fetchWith(r)(s.url);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'answer 2');
      assert.deepEqual(delays, [1_000]);
      assert.ok(performance.now() - started >= 990, 'waited for Retry-After');
    } finally {
      await s.close();
    }
  });

  it('returns the last 503 when attempts run out, and the breaker counted every one', async () => {
    const s = await serve(() => [503, {}, 'busy']);
    try {
      const breaker = circuitBreaker({ failureThreshold: 3 });
      const res = await fetchWith(compose(retry({ maxAttempts: 3, baseDelayMs: 1 }), breaker))(s.url);
      assert.equal(res.status, 503);
      assert.equal(await res.text(), 'busy', 'the returned response body is readable');
      assert.equal(s.seen.length, 3);
      assert.equal(breaker.state, 'open');
    } finally {
      await s.close();
    }
  });

  it('never retries a POST without an Idempotency-Key; retries one with it (from a Request too)', async () => {
    const tries = new Map<string, number>();
    // The first attempt of each order fails with a 503, the next succeeds.
    const s = await serve((_, __, body) => (tries.set(body, (tries.get(body) ?? 0) + 1).get(body) === 1 ? [503] : [201]));
    try {
      const f = fetchWith(retry({ baseDelayMs: 1 }));
      const plain = await f(s.url, { method: 'POST', body: 'order' });
      assert.equal(plain.status, 503);
      assert.equal(s.seen.length, 1);
      const keyed = await f(new Request(s.url, { method: 'POST', body: 'order-2', headers: { 'Idempotency-Key': 'k-2' } }));
      assert.equal(keyed.status, 201);
      assert.equal(s.seen.length, 3);
      assert.equal(s.seen[2]!.body, 'order-2', 'the Request body was sent again (cloned per attempt)');
      assert.equal(s.seen[2]!.headers['idempotency-key'], 'k-2');
    } finally {
      await s.close();
    }
  });

  it("reads method and headers from a Request of another fetch implementation (node-fetch's, with node-fetch)", async () => {
    const { default: nodeFetch, Request: NodeFetchRequest } = await import('node-fetch');
    const s = await serve((n) => (n < 3 ? [503] : [200]));
    try {
      const f = fetchWith(retry({ baseDelayMs: 1 }), nodeFetch as unknown as typeof fetch);
      const post = (init: object) => f(new NodeFetchRequest(s.url, { method: 'POST', body: 'order-3', ...init }) as unknown as Request);
      assert.equal((await post({})).status, 503, 'a POST without an Idempotency-Key is not retried');
      assert.equal(s.seen.length, 1);
      assert.equal((await post({ headers: { 'Idempotency-Key': 'k-3' } })).status, 200, 'with one it is retried');
      assert.deepEqual(
        s.seen.map((r) => [r.method, r.body]),
        [
          ['POST', 'order-3'],
          ['POST', 'order-3'],
          ['POST', 'order-3'],
        ],
        'each attempt sent the method and body again',
      );
    } finally {
      await s.close();
    }
  });

  it('aborts a hanging request at the timeout, and the caller signal still works', async () => {
    const s = await serve(() => 'hang');
    try {
      const f = fetchWith(timeout(100, { name: 'pay' }));
      await assert.rejects(f(s.url), (e: unknown) => e instanceof TimeoutError && e.policy === 'pay');
      const controller = new AbortController();
      const p = fetchWith(timeout(10_000))(s.url, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('cancelled by user')), 20);
      await assert.rejects(p, /cancelled by user/);
    } finally {
      await s.close();
    }
  });
});
