import assert from 'node:assert/strict';
import { circuitBreaker, compose, fallback, FallbackError, BrokenCircuitError, retry, type PolicyEvent } from '@breakwater/runtime';
import { netError } from './helpers.js';

describe('runtime unit: fallback', () => {
  it('answers from the work itself with quality full', async () => {
    let ran = false;
    const f = fallback<string>(() => ((ran = true), 'degraded'));
    assert.deepEqual(await f.execute(async () => 'live'), { value: 'live', quality: 'full' });
    assert.equal(ran, false);
  });

  it('falls to the degraded level with its warning, and says so', async () => {
    const primary = netError();
    let seen: unknown;
    const f = fallback<number>({ quality: 'degraded', warning: 'list price', run: ({ error }) => ((seen = error), 10) });
    const r = await f.execute(() => Promise.reject(primary));
    assert.deepEqual(r, { value: 10, quality: 'degraded', warning: 'list price' });
    assert.equal(seen, primary);
  });

  it('skips a cache miss and answers from the cache when it hits, with cachedAt', async () => {
    const cache = new Map<string, { value: number; cachedAt: number }>();
    const f = fallback<number>(
      { quality: 'cached', run: () => cache.get('price') },
      { quality: 'degraded', warning: 'default', run: () => 0 },
    );
    assert.deepEqual(await f.execute(() => Promise.reject(netError())), { value: 0, quality: 'degraded', warning: 'default' });
    cache.set('price', { value: 42, cachedAt: 1_700_000_000_000 });
    assert.deepEqual(await f.execute(() => Promise.reject(netError())), { value: 42, quality: 'cached', cachedAt: 1_700_000_000_000 });
  });

  it('tries levels in order and throws FallbackError with every cause when all fail', async () => {
    const primary = netError();
    const second = new Error('backup down');
    const order: string[] = [];
    const f = fallback<number>(
      () => {
        order.push('degraded');
        throw second;
      },
      { quality: 'cached', run: () => (order.push('cached'), undefined) },
      { name: 'pricing' },
    );
    const error = await f.execute(() => Promise.reject(primary)).catch((e: unknown) => e);
    assert.ok(error instanceof FallbackError);
    assert.equal(error.policy, 'pricing');
    assert.equal(error.errors[0], primary);
    assert.equal(error.errors[1], second);
    assert.match(String((error.errors[2] as Error).message), /cache miss/);
    assert.deepEqual(order, ['degraded', 'cached']);
  });

  it('treats a failing Response as a failure of the full level, and cancels its body once another level answered', async () => {
    const f = fallback<Response | string>(({ error }) => `fallback after ${(error as Response).status}`);
    let failing!: Response;
    const r = await f.execute(async () => (failing = new Response('busy', { status: 503 })));
    assert.deepEqual(r, { value: 'fallback after 503', quality: 'degraded' });
    await assert.rejects(failing.text(), 'the body of the response we fell back from was cancelled');
    const passThrough = fallback<Response>(({ error }) => error as Response);
    const same = await passThrough.execute(async () => new Response('busy', { status: 503 }));
    assert.equal(await same.value.text(), 'busy', 'a level that answers with that very response gets it intact');
  });

  it("never falls back on the caller's own abort", async () => {
    const controller = new AbortController();
    const f = fallback<string>(() => 'degraded');
    const p = f.execute(({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))), controller.signal);
    controller.abort(new Error('user left'));
    await assert.rejects(p, /user left/);
  });

  it('`when` limits which failures fall back', async () => {
    const f = fallback<string>(() => 'degraded', { when: (e) => (e as { code?: string }).code === 'ECONNRESET' });
    assert.equal((await f.execute(() => Promise.reject(netError()))).quality, 'degraded');
    await assert.rejects(f.execute(() => Promise.reject(new TypeError('bug'))), TypeError);
  });

  it('wraps other policies when first in compose(), and reports the level through events', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const events: PolicyEvent[] = [];
    const p = compose(fallback<string>({ quality: 'degraded', run: () => 'stale' }), retry({ maxAttempts: 2, baseDelayMs: 1 }), breaker);
    p.on('fallback', (e) => events.push(e));
    p.on('state', (e) => events.push(e));
    const r = await p.execute(() => Promise.reject(netError()));
    assert.equal(r.quality, 'degraded');
    assert.equal(breaker.state, 'open');
    assert.deepEqual(
      events.map((e) => `${e.type}:${e.state ?? e.quality}`),
      ['state:open', 'fallback:degraded'],
    );
    assert.ok((events[1]!.error as BrokenCircuitError) instanceof BrokenCircuitError, 'the retry stopped at the open breaker');
  });

  it('compose() accepts one fallback, in first place (alone too)', async () => {
    assert.throws(() => compose(retry(), fallback(() => 1) as never), /fallback only in first place/);
    assert.throws(() => compose(fallback(() => 1), fallback(() => 2) as never), /fallback only in first place/);
    assert.deepEqual(await compose(fallback(() => 1)).execute(() => Promise.reject(netError())), { value: 1, quality: 'degraded' });
  });
});
