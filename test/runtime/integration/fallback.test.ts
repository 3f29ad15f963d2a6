// fallback() over real sockets: while the service hangs or fails, callers get a degraded or cached
// answer that says so, on time; the hung request underneath is still torn down.
import assert from 'node:assert/strict';
import { compose, fallback, timeout, circuitBreaker, FallbackError, TimeoutError, BrokenCircuitError } from '@breakwater/runtime';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { settlesWithin } from '../support/timing.js';

describe('fallback over real sockets', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  const getMenu = (signal: AbortSignal) => fetch(`${server.url}/menu`, { signal }).then((r) => r.text());

  it('answers degraded, with its warning, while the service hangs; full once it answers', async () => {
    const menu = compose(fallback<string>({ warning: 'prices may be out of date', run: () => 'static menu' }), timeout(150));
    server.setMode('hang');
    const degraded = await menu.execute(({ signal }) => getMenu(signal));
    assert.deepEqual(degraded, { value: 'static menu', quality: 'degraded', warning: 'prices may be out of date' });
    assert.equal(await server.requests[0]?.outcome, 'client-closed', 'the hung request was torn down');

    server.setMode({ kind: 'ok', body: 'live menu' });
    const full = await menu.execute(({ signal }) => getMenu(signal));
    assert.deepEqual(full, { value: 'live menu', quality: 'full' });
  });

  it('walks the chain: a failing degraded level, then the cache, which says when it was stored', async () => {
    const storedAt = new Date('2030-01-01T12:00:00Z');
    const calls: string[] = [];
    const menu = compose(
      fallback<string>(
        () => {
          calls.push('degraded');
          throw new Error('the degraded source is down too');
        },
        {
          quality: 'cached',
          run: ({ error, errors }) => {
            calls.push('cached');
            assert.ok(error instanceof TimeoutError, 'the level sees the primary failure');
            assert.equal(errors.length, 2);
            return { value: 'menu from cache', cachedAt: storedAt };
          },
        },
      ),
      timeout(100),
    );
    server.setMode('hang');
    const result = await menu.execute(({ signal }) => getMenu(signal));
    assert.deepEqual(calls, ['degraded', 'cached']);
    assert.deepEqual(result, { value: 'menu from cache', quality: 'cached', cachedAt: storedAt });
  });

  it('a cache miss moves on, and when every level fails the error lists every cause', async () => {
    const menu = compose(fallback<string>({ quality: 'cached', run: () => undefined }, () => Promise.reject(new Error('no static menu'))), timeout(100));
    server.setMode('hang');
    await assert.rejects(menu.execute(({ signal }) => getMenu(signal)), (error: unknown) => {
      assert.ok(error instanceof FallbackError);
      assert.ok(error.errors[0] instanceof TimeoutError, 'the primary failure comes first');
      assert.equal(error.errors.length, 3);
      return true;
    });
  });

  it('falls back on a 503 Response, not on a 404', async () => {
    const menu = compose(fallback<Response | string>(() => 'static menu'), timeout(5_000));
    server.setMode({ kind: 'status', status: 503 });
    const degraded = await menu.execute(({ signal }) => fetch(server.url, { signal }));
    assert.equal(degraded.quality, 'degraded');
    assert.equal(degraded.value, 'static menu');

    server.setMode({ kind: 'status', status: 404 });
    const full = await menu.execute(({ signal }) => fetch(server.url, { signal }));
    assert.equal(full.quality, 'full');
    assert.equal((full.value as Response).status, 404);
    await (full.value as Response).arrayBuffer();
  });

  it('answers degraded at once when the breaker is open, without reaching the service', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, openMs: 60_000 });
    const seen: unknown[] = [];
    const menu = compose(
      fallback<string>(({ error }) => {
        seen.push(error);
        return 'static menu';
      }),
      breaker,
      timeout(100),
    );
    server.setMode('hang');
    assert.equal((await menu.execute(({ signal }) => getMenu(signal))).quality, 'degraded');
    assert.equal(breaker.state, 'open');
    assert.equal((await menu.execute(({ signal }) => getMenu(signal))).quality, 'degraded');
    assert.ok(seen[1] instanceof BrokenCircuitError);
    assert.equal(server.count(), 1);
  });

  it("never falls back when the caller aborts: the caller's decision stands", async () => {
    let fellBack = false;
    const menu = compose(
      fallback<string>(() => {
        fellBack = true;
        return 'static menu';
      }),
      timeout(60_000),
    );
    server.setMode('hang');
    const caller = new AbortController();
    const pending = menu.execute(({ signal }) => getMenu(signal), caller.signal);
    await server.waitForRequests(1);
    caller.abort(new Error('the customer left'));
    await assert.rejects(pending, /the customer left/);
    assert.equal(fellBack, false);
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
  });

  it('does not leave the failing response it fell back from holding its connection', async () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    server.setMode({ kind: 'status', status: 503, body: big });
    const menu = compose(fallback<Response | string>(() => 'static menu'), timeout(5_000));
    const result = await menu.execute(({ signal }) => fetch(server.url, { signal }));
    assert.equal(result.quality, 'degraded');
    assert.ok(await settlesWithin(server.requests[0]!.outcome, 5_000), 'the 503 body was never read nor cancelled: its socket stays pinned');
  });
});
