import assert from 'node:assert/strict';
import type { InstalledClock } from './helpers.js';
import { retry, deadline, compose, timeout, TimeoutError, type PolicyEvent, type RetryOptions } from '@breakwater/runtime';
import { hang, installClock, netError, track } from './helpers.js';

/** Runs always-failing work under `options` and returns the delays the retry chose. */
async function delaysOf(clock: InstalledClock, options: RetryOptions, failure: () => unknown = () => netError()): Promise<number[]> {
  const r = retry(options);
  const delays: number[] = [];
  r.on('retry', (e: PolicyEvent) => delays.push(e.delayMs!));
  const call = track(
    r.execute(() => {
      throw failure();
    }),
  );
  await clock.runAllAsync();
  await call.done;
  return delays;
}

describe('runtime unit: retry', () => {
  let clock: InstalledClock;
  beforeEach(() => (clock = installClock()));
  afterEach(() => clock.uninstall());

  it('makes maxAttempts attempts in all, then propagates the original error', async () => {
    let attempts = 0;
    const last = netError();
    const call = track(
      retry({ maxAttempts: 4, baseDelayMs: 10 }).execute(({ attempt }) => {
        attempts++;
        assert.equal(attempt, attempts);
        throw attempt === 4 ? last : netError();
      }),
    );
    await clock.runAllAsync();
    const outcome = await call.done;
    assert.equal(attempts, 4);
    assert.ok(!outcome.ok && outcome.error === last, 'the very error of the last attempt, not a wrapper');
  });

  it('returns the first success', async () => {
    const call = track(retry({ baseDelayMs: 5 }).execute(({ attempt }) => (attempt < 3 ? Promise.reject(netError('ECONNREFUSED')) : 'third time')));
    await clock.runAllAsync();
    assert.deepEqual(await call.done, { ok: true, value: 'third time' });
  });

  it('does not retry a permanent failure (a 400, a TypeError)', async () => {
    for (const failure of [Object.assign(new Error('bad request'), { status: 400 }), new TypeError('x is not a function')]) {
      let attempts = 0;
      const call = track(
        retry().execute(() => {
          attempts++;
          throw failure;
        }),
      );
      await clock.runAllAsync();
      const outcome = await call.done;
      assert.equal(attempts, 1);
      assert.ok(!outcome.ok && outcome.error === failure);
    }
  });

  it('retries every transient shape: network codes, fetch failed with a cause, 5xx of axios/got/ky, TimeoutError', async () => {
    const shapes: unknown[] = [
      netError('ETIMEDOUT'),
      netError('EAI_AGAIN'),
      netError('EPIPE'),
      Object.assign(new TypeError('fetch failed'), { cause: netError('UND_ERR_SOCKET') }),
      Object.assign(new Error('axios'), { response: { status: 503, headers: {} } }),
      Object.assign(new Error('got'), { response: { statusCode: 502, headers: {} } }),
      Object.assign(new Error('plain'), { statusCode: 429 }),
      new TimeoutError('inner', 10),
    ];
    for (const failure of shapes) {
      let attempts = 0;
      const call = track(
        retry({ maxAttempts: 2, baseDelayMs: 1 }).execute(() => {
          attempts++;
          throw failure;
        }),
      );
      await clock.runAllAsync();
      await call.done;
      assert.equal(attempts, 2, `retried ${String(failure)}`);
    }
  });

  it('jitter none: exact exponential delays, capped by maxDelayMs', async () => {
    const delays = await delaysOf(clock, { maxAttempts: 7, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 'none' });
    assert.deepEqual(delays, [100, 200, 400, 800, 1_000, 1_000]);
  });

  it('jitter full / equal / decorrelated stay within their bounds over many samples, and vary', async () => {
    const base = 100;
    const max = 5_000;
    for (const jitter of ['full', 'equal', 'decorrelated'] as const) {
      const seen = new Set<number>();
      for (let sample = 0; sample < 60; sample++) {
        const delays = await delaysOf(clock, { maxAttempts: 6, baseDelayMs: base, maxDelayMs: max, jitter });
        assert.equal(delays.length, 5);
        let prev = base;
        delays.forEach((d, i) => {
          const exp = Math.min(max, base * 2 ** i);
          if (jitter === 'full') assert.ok(d >= 0 && d < exp, `full ${d} vs ${exp}`);
          if (jitter === 'equal') assert.ok(d >= exp / 2 && d < exp, `equal ${d} vs ${exp}`);
          if (jitter === 'decorrelated') assert.ok(d >= base && d <= Math.min(max, prev * 3), `decorrelated ${d} after ${prev}`);
          prev = d;
          seen.add(Math.round(d));
        });
      }
      assert.ok(seen.size > 100, `${jitter} jitter varies (${seen.size} distinct delays)`);
    }
  });

  it('the default jitter is full', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 40; i++) delays.push(...(await delaysOf(clock, { maxAttempts: 2, baseDelayMs: 1_000 })));
    assert.ok(delays.every((d) => d >= 0 && d < 1_000));
    assert.ok(delays.some((d) => d < 500), 'full jitter reaches below half');
  });

  it('honours Retry-After in seconds and as an HTTP-date, from a Response and from client errors', async () => {
    const inSeconds = await delaysOf(clock, { maxAttempts: 2, baseDelayMs: 1 }, () =>
      Object.assign(new Error('axios 503'), { response: { status: 503, headers: { 'Retry-After': '3' } } }),
    );
    assert.deepEqual(inSeconds, [3_000]);
    const asDate = await delaysOf(clock, { maxAttempts: 2, baseDelayMs: 1 }, () =>
      Object.assign(new Error('got 429'), { response: { statusCode: 429, headers: { 'retry-after': new Date(Date.now() + 7_000).toUTCString() } } }),
    );
    assert.ok(asDate[0]! > 6_000 && asDate[0]! <= 7_000, `HTTP-date → ${asDate[0]}`);
    const kyShape = await delaysOf(clock, { maxAttempts: 2, baseDelayMs: 1 }, () =>
      Object.assign(new Error('ky'), { response: new Response('busy', { status: 503, headers: { 'Retry-After': '2' } }) }),
    );
    assert.deepEqual(kyShape, [2_000]);
  });

  it('caps Retry-After by maxDelayMs', async () => {
    const delays = await delaysOf(clock, { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1_500 }, () =>
      Object.assign(new Error('503'), { status: 503, headers: { 'retry-after': '120' } }),
    );
    assert.deepEqual(delays, [1_500]);
  });

  it('retries a returned 503 Response, cancels its body, and returns the last Response when attempts run out', async () => {
    const responses: Response[] = [];
    const call = track(
      retry({ maxAttempts: 3, baseDelayMs: 1 }).execute(() => {
        const res = new Response('busy', { status: 503 });
        responses.push(res);
        return res;
      }),
    );
    await clock.runAllAsync();
    const outcome = await call.done;
    assert.equal(responses.length, 3);
    assert.ok(outcome.ok && outcome.value === responses[2], 'fetch semantics: the last response, not an exception');
    await assert.rejects(responses[0]!.text(), 'a retried response body was cancelled');
    assert.equal(await responses[2]!.text(), 'busy', 'the returned one is intact');
  });

  describe('idempotency (RFC 9110)', () => {
    const attemptsFor = async (options: { method?: string; headers?: unknown }, retryOptions: RetryOptions = {}) => {
      let attempts = 0;
      const call = track(
        retry({ baseDelayMs: 1, ...retryOptions }).execute(() => {
          attempts++;
          throw netError();
        }, options),
      );
      await clock.runAllAsync();
      await call.done;
      return attempts;
    };

    it('retries GET, HEAD, OPTIONS, TRACE, PUT, DELETE (any case) and work without a method', async () => {
      for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'delete']) assert.equal(await attemptsFor({ method }), 3, method);
      assert.equal(await attemptsFor({}), 3);
    });

    it('never retries POST or PATCH without an Idempotency-Key', async () => {
      for (const method of ['POST', 'PATCH', 'post', 'CONNECT']) assert.equal(await attemptsFor({ method }), 1, method);
      assert.equal(await attemptsFor({ method: 'POST', headers: { 'content-type': 'application/json' } }), 1);
    });

    it('never lets retryOn override the idempotency rule', async () => {
      assert.equal(await attemptsFor({ method: 'POST' }, { retryOn: () => true }), 1);
    });

    it('retries a POST carrying an Idempotency-Key in any header shape and letter case', async () => {
      const shapes: unknown[] = [
        { 'Idempotency-Key': 'k1' },
        { 'idempotency-key': 'k1' },
        { 'IDEMPOTENCY-KEY': 'k1' },
        new Headers({ 'Idempotency-Key': 'k1' }),
        [['idempotency-key', 'k1']],
        [['Content-Type', 'text/plain'], ['Idempotency-Key', 'k1']],
      ];
      for (const headers of shapes) assert.equal(await attemptsFor({ method: 'POST', headers }), 3, JSON.stringify(headers));
    });

    it('retries a POST when the caller opts in with retryNonIdempotent', async () => {
      assert.equal(await attemptsFor({ method: 'POST' }, { retryNonIdempotent: true }), 3);
    });
  });

  it('a custom retryOn decides which failures are retried', async () => {
    let attempts = 0;
    const call = track(
      retry({ baseDelayMs: 1, retryOn: (e) => (e as Error).message === 'again' }).execute(() => {
        attempts++;
        throw new Error(attempts < 2 ? 'again' : 'stop');
      }),
    );
    await clock.runAllAsync();
    const outcome = await call.done;
    assert.equal(attempts, 2);
    assert.ok(!outcome.ok && (outcome.error as Error).message === 'stop');
  });

  it("stops at once when the caller aborts during a backoff sleep, with the caller's reason", async () => {
    const controller = new AbortController();
    let attempts = 0;
    const call = track(
      retry({ baseDelayMs: 10_000, jitter: 'none' }).execute(() => {
        attempts++;
        throw netError();
      }, controller.signal),
    );
    await clock.tickAsync(100);
    assert.equal(attempts, 1);
    assert.equal(call.outcome, undefined, 'sleeping');
    const reason = new Error('user navigated away');
    controller.abort(reason);
    const outcome = await call.done;
    assert.ok(!outcome.ok && outcome.error === reason);
    await clock.tickAsync(20_000);
    assert.equal(attempts, 1, 'no attempt after the abort');
    assert.equal(clock.countTimers(), 0, 'the sleep timer was cleared');
  });

  it('rejects at once when the caller signal is already aborted, without running the work', async () => {
    let ran = false;
    const signal = AbortSignal.abort(new Error('too late'));
    await assert.rejects(
      retry().execute(() => {
        ran = true;
      }, signal),
      /too late/,
    );
    assert.equal(ran, false);
  });

  it('maxTotalMs bounds attempts and sleeps together', async () => {
    let attempts = 0;
    const events: PolicyEvent[] = [];
    const r = retry({ maxAttempts: 100, baseDelayMs: 100, jitter: 'none', maxTotalMs: 1_000 });
    r.on('retry', (e) => events.push(e));
    const call = track(
      r.execute(async () => {
        attempts++;
        await new Promise((res) => setTimeout(res, 50));
        throw netError();
      }),
    );
    await clock.runAllAsync();
    const outcome = await call.done;
    assert.ok(!outcome.ok);
    // 50 + 100 + 50 + 200 + 50 + 400 = 850; the next (800 ms sleep + 50 ms attempt) would not fit.
    assert.equal(attempts, 4);
    assert.equal((outcome.error as Error & { code?: string }).code, 'ECONNRESET', 'the last failure, not a budget error');
    assert.ok(Date.now() - 1_700_000_000_000 <= 1_000);
  });

  it('maxTotalMs cuts a hanging attempt with a TimeoutError naming the retry', async () => {
    const call = track(retry({ maxTotalMs: 300, name: 'budget' }).execute(hang));
    await clock.tickAsync(300);
    const outcome = await call.done;
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
    assert.equal((outcome.error as TimeoutError).policy, 'budget');
  });

  it('gives up instead of starting an attempt that cannot fit the deadline', async () => {
    let attempts = 0;
    const p = compose(deadline(1_000), retry({ maxAttempts: 10, baseDelayMs: 100, jitter: 'none' }), timeout(400));
    const call = track(
      p.execute(() => {
        attempts++;
        return hang();
      }),
    );
    await clock.runAllAsync();
    const outcome = await call.done;
    // attempt 1 times out at 400; sleep 100 → attempt 2 at 500 times out at 900; 100 left < 200 + 400.
    assert.equal(attempts, 2);
    assert.ok(!outcome.ok && outcome.error instanceof TimeoutError);
    assert.ok(performance.now() <= 1_000);
  });

  it('rejects bad options with a clear error', () => {
    assert.throws(() => retry({ maxAttempts: 0 }), /maxAttempts/);
    assert.throws(() => retry({ jitter: 'sometimes' as 'full' }), /jitter/);
  });
});
