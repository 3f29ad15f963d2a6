// findRetries through analyzeText: every construct that retries, with the fields the rules, the CLI
// and the extension read (kind, form, attempts, backoff, which errors, idempotency, calls).
import assert from 'node:assert/strict';
import { analyzeText, type BreakwaterSettings, type RetryConstruct } from 'eslint-plugin-breakwater/analysis';

function retriesIn(code: string, filePath = 'src/file.ts', settings?: BreakwaterSettings): RetryConstruct[] {
  const result = analyzeText(code, filePath, settings);
  assert.equal(result.parseError, undefined, `parse error: ${result.parseError?.message}`);
  return result.analysis.retries;
}

function onlyRetry(code: string, filePath?: string, settings?: BreakwaterSettings): RetryConstruct {
  const all = retriesIn(code, filePath, settings);
  assert.equal(all.length, 1, `expected one retry, found ${all.length}: ${all.map((r) => r.label).join(', ')}`);
  return all[0]!;
}

type Fields = Partial<{
  kind: string;
  form: string;
  label: string;
  maxAttempts: number | null;
  growth: string;
  jitter: boolean;
  allErrors: boolean | null;
  clientErrors: boolean | null;
  nonIdempotent: boolean;
  implicit: boolean;
  calls: string[];
}>;

function summary(r: RetryConstruct): Required<Fields> {
  return {
    kind: r.kind,
    form: r.form ?? '',
    label: r.label,
    maxAttempts: r.maxAttempts,
    growth: r.backoff.growth,
    jitter: r.backoff.jitter,
    allErrors: r.retriesAllErrors,
    clientErrors: r.retriesClientErrors ?? null,
    nonIdempotent: r.retriesNonIdempotent,
    implicit: r.implicit === true,
    calls: r.calls.map((c) => `${c.method ?? '?'} ${c.label}`),
  };
}

function expectRetry(r: RetryConstruct, expected: Fields): void {
  const actual = summary(r);
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = actual[key as keyof Fields];
  assert.deepEqual(picked, expected);
}

describe('analysis: hand-rolled retry loops', () => {
  it('the article\'s bad retry: a for loop with a fixed one-second sleep', () => {
    const r = onlyRetry(`export async function f() {
      for (let i = 0; i < 3; i++) {
        try { return await fetch('http://inventory.internal/items'); }
        catch { await new Promise((r) => setTimeout(r, 1000)); }
      }
    }`);
    expectRetry(r, { kind: 'hand-rolled', form: 'for', label: 'a hand-rolled for loop', maxAttempts: 3, growth: 'fixed', jitter: false, allErrors: true, clientErrors: false, nonIdempotent: true, calls: ['GET fetch'] });
    assert.equal(r.node.type, 'ForStatement');
    assert.equal(r.predicateNode?.type, 'CatchClause');
    assert.equal(r.backoff.node?.type, 'NewExpression');
  });

  it('while (true) with a guard in the catch, exponential backoff with jitter, throws on !res.ok', () => {
    expectRetry(
      onlyRetry(`const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      export async function f(url: string) {
        let attempt = 0;
        while (true) {
          try { const res = await fetch(url); if (!res.ok) throw new Error(String(res.status)); return res; }
          catch (err) { if (++attempt >= 5) throw err; await sleep(Math.random() * 100 * 2 ** attempt); }
        }
      }`),
      { form: 'while', maxAttempts: 5, growth: 'exponential', jitter: true, allErrors: true, clientErrors: true },
    );
  });

  it('a status check in the catch makes it transient-only; `delay *= 2` is exponential', () => {
    expectRetry(
      onlyRetry(`import axios from 'axios';
      export async function f() {
        let delay = 100;
        for (let attempt = 1; attempt <= 4; attempt++) {
          try { return await axios.post('/charge', {}); }
          catch (err: any) { if (err.response?.status < 500) throw err; await new Promise((r) => setTimeout(r, delay)); delay *= 2; }
        }
      }`),
      { maxAttempts: 4, growth: 'exponential', jitter: false, allErrors: false, clientErrors: false, calls: ['POST axios.post'] },
    );
  });

  it('do…while counting with a prefix increment in the test, no sleep', () => {
    expectRetry(
      onlyRetry(`import request from 'superagent';
      export async function f() { let n = 0; do { try { return await request.get('http://a.b'); } catch (e) { console.log(e); } } while (++n < 3); }`),
      { form: 'do-while', label: 'a hand-rolled do…while loop', maxAttempts: 3, growth: 'none', allErrors: true, clientErrors: true },
    );
  });

  const attemptCases: Array<[string, string, number | null]> = [
    ['a countdown in the test', `let retries = 3; while (retries-- > 0) { try { return await fetch(u); } catch {} }`, 3],
    ['`i <= max` from a const', `const MAX = 4; for (let i = 1; i <= MAX; i++) { try { return await fetch(u); } catch {} }`, 4],
    ['a guard with the counter incremented before it', `let a = 0; for (;;) { try { return await fetch(u); } catch (e) { a += 1; if (a > 2) throw e; } }`, 3],
    ['a guard on the for counter', `for (let i = 0; i < 10; i++) { try { return await fetch(u); } catch (e) { if (i === 3) throw e; } }`, 4],
    ['a for…of over a fixed range', `for (const attempt of [1, 2, 3]) { try { return await fetch(u); } catch { console.log(attempt); } }`, 3],
    ['Array.from({ length })', `for (const _ of Array.from({ length: 5 })) { try { return await fetch(u); } catch {} }`, 5],
    ['no bound at all', `for (;;) { try { return await fetch(u); } catch {} }`, null],
    ['a bound from a parameter', `for (let i = 0; i < max; i++) { try { return await fetch(u); } catch {} }`, null],
  ];
  for (const [name, body, expected] of attemptCases) {
    it(`maxAttempts: ${name}`, () => {
      assert.equal(onlyRetry(`export async function f(u: string, max: number) { ${body} }`).maxAttempts, expected);
    });
  }

  it('a status-driven loop retries every non-OK response; linear growth from `500 * i`', () => {
    const r = onlyRetry(`const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    export async function f(url: string) { for (let i = 0; i < 10; i++) { const res = await fetch(url); if (res.ok) return res; await sleep(500 * i); } }`);
    expectRetry(r, { maxAttempts: 10, growth: 'linear', jitter: false, allErrors: true, clientErrors: true });
    assert.equal(r.predicateNode?.type, 'IfStatement');
  });

  it('a status-driven loop on transient statuses only', () => {
    expectRetry(
      onlyRetry(`export async function f(url: string) { for (let i = 0; i < 4; i++) { const res = await fetch(url); if (res.status === 503) continue; return res; } }`),
      { maxAttempts: 4, growth: 'none', allErrors: false },
    );
  });

  it('`if (res.status < 500) return res` retries server errors only', () => {
    expectRetry(onlyRetry(`export async function f(url: string) { for (let i = 0; i < 3; i++) { const res = await fetch(url); if (res.status < 500) return res; } }`), { maxAttempts: 3, allErrors: false });
  });

  it('a `done` flag in the loop test counts as leaving on success', () => {
    expectRetry(onlyRetry(`export async function f(u: string) { let done = false; while (!done) { try { await fetch(u); done = true; } catch { } } }`), { form: 'while', maxAttempts: null });
  });

  const notRetries: Array<[string, string]> = [
    ['a for…of over items with try/catch', `for (const u of urls) { try { await fetch(u); } catch (e) { console.error(e); } }`],
    ['an index loop over items', `for (let i = 0; i < urls.length; i++) { try { await fetch(urls[i]!); } catch {} }`],
    ['polling a job body (no status check, no catch)', `while (true) { const job = await (await fetch(urls[0]!)).json(); if (job.done) return job; await new Promise((r) => setTimeout(r, 1000)); }`],
    ['a catch that always rethrows', `for (let i = 0; i < 3; i++) { try { return await fetch(urls[0]!); } catch (e) { throw new Error('wrapped', { cause: e }); } }`],
    ['a loop whose catch returns', `for (let i = 0; i < 3; i++) { try { return await fetch(urls[0]!); } catch { return null; } }`],
    ['pagination that stops on a failed page', `let next: string | null = urls[0]!; while (next) { const res = await fetch(next); if (!res.ok) break; const page = await res.json(); next = page.next; }`],
    ['pagination that throws on a failed page and breaks at the end', `for (let page = 1; ; page++) { const res = await fetch(urls[0] + '?page=' + page); if (!res.ok) throw new Error(res.statusText); const items = await res.json(); if (items.length === 0) break; }`],
    ['a loop with no outbound call', `for (let i = 0; i < 3; i++) { try { return JSON.parse(urls[0]!); } catch {} }`],
    ['a loop that repeats the call whatever happens (a return inside a callback does not leave it)', `for (let i = 0; i < 3; i++) { try { await fetch(urls[0]!).then((r) => { return r.json(); }); } catch {} }`],
  ];
  for (const [name, body] of notRetries) {
    it(`not a retry: ${name}`, () => assert.deepEqual(retriesIn(`export async function f(urls: string[]) { ${body} }`), []));
  }

  it('follows one level of same-file indirection to the call it repeats', () => {
    const r = onlyRetry(`async function chargeCard(amount: number) { return fetch('http://pay/charge', { method: 'POST', body: String(amount) }); }
    export async function pay(amount: number) { for (let i = 0; i < 3; i++) { try { return await chargeCard(amount); } catch {} } }`);
    expectRetry(r, { form: 'for', calls: ['POST fetch'] });
  });

  it('a same-file helper that retries the function it is given (loop and recursion)', () => {
    const loop = onlyRetry(`async function withRetry<T>(fn: () => Promise<T>, retries = 3, base = 100): Promise<T> {
      for (let i = 0; ; i++) {
        try { return await fn(); } catch (e) { if (i >= retries) throw e; await new Promise((r) => setTimeout(r, base * 2 ** i)); }
      }
    }
    export const me = () => withRetry(() => fetch('http://users/me', { method: 'POST' }));`);
    expectRetry(loop, { form: 'for', label: 'a hand-rolled for loop in withRetry()', maxAttempts: 4, growth: 'exponential', jitter: false, calls: ['POST fetch'] });
    const rec = onlyRetry(`async function again<T>(fn: () => Promise<T>, n = 2): Promise<T> { try { return await fn(); } catch (e) { if (n <= 0) throw e; return again(fn, n - 1); } }
    async function load() { const r = await fetch('http://a.b'); if (!r.ok) throw new Error(String(r.status)); return r; }
    export const get = () => again(load);`);
    expectRetry(rec, { form: 'recursion', maxAttempts: 3, allErrors: true, clientErrors: true, calls: ['GET fetch'] });
  });

  it('a logging call inside the catch is not one the loop retries', () => {
    const r = onlyRetry(`export async function f(u: string) {
      for (let i = 0; i < 3; i++) {
        try { return await fetch(u); } catch (e) { await fetch('http://log.internal', { method: 'POST', body: String(e) }); }
      }
    }`);
    assert.deepEqual(summary(r).calls, ['GET fetch']);
  });

  const backoffCases: Array<[string, string, string, boolean]> = [
    ['Math.pow(2, n)', `await new Promise((r) => setTimeout(r, Math.pow(2, i) * 100));`, 'exponential', false],
    ['base << n with randomInt jitter', `await sleep((100 << i) + randomInt(50));`, 'exponential', true],
    ['jitter through a local variable', `const jitter = Math.random() * 200; await sleep(1000 + jitter);`, 'fixed', true],
    ['a capped exponential', `await sleep(Math.min(10_000, 2 ** i * 100));`, 'exponential', false],
    ['a same-file jitter helper', `await sleep(withJitter(100 * 2 ** i));`, 'exponential', true],
    ['node:timers/promises setTimeout', `await wait(250);`, 'fixed', false],
    ['scheduler.wait', `await scheduler.wait(300);`, 'fixed', false],
    ['a Retry-After header', `const after = Number(res?.headers.get('retry-after')); await sleep(after * 1000);`, 'unknown', false],
    ['zero', `await sleep(0);`, 'none', false],
  ];
  for (const [name, wait, growth, jitter] of backoffCases) {
    it(`backoff: ${name}`, () => {
      const r = onlyRetry(`import { randomInt } from 'node:crypto';
      import { setTimeout as wait } from 'node:timers/promises';
      declare const scheduler: { wait(ms: number): Promise<void> };
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const withJitter = (ms: number) => ms * (0.5 + Math.random());
      export async function f(u: string) {
        let res: Response | undefined;
        for (let i = 0; i < 3; i++) { try { res = await fetch(u); return res; } catch { ${wait} } }
      }`);
      assert.deepEqual({ growth: r.backoff.growth, jitter: r.backoff.jitter }, { growth, jitter });
    });
  }

  it('a for…of over a list of delays grows as the list does', () => {
    const code = (list: string): string =>
      `export async function f(u: string) { for (const delay of ${list}) { try { return await fetch(u); } catch { await new Promise((r) => setTimeout(r, delay)); } } }`;
    expectRetry(onlyRetry(code('[100, 200, 400]')), { form: 'for', label: 'a hand-rolled for…of loop', maxAttempts: 3, growth: 'exponential', jitter: false });
    expectRetry(onlyRetry(code('[500, 500, 500]')), { growth: 'fixed' });
    expectRetry(onlyRetry(code('[100, 200, 300, 400]')), { maxAttempts: 4, growth: 'linear' });
  });

  it('an abort-only check still retries everything; an error-code check does not', () => {
    const abortOnly = onlyRetry(`import axios from 'axios'; export async function f() { for (let i = 0; i < 3; i++) { try { return await axios.get('/x'); } catch (e: any) { if (e.name === 'AbortError') throw e; } } }`);
    expectRetry(abortOnly, { allErrors: true, clientErrors: true });
    const byCode = onlyRetry(`import axios from 'axios'; export async function f() { for (let i = 0; i < 3; i++) { try { return await axios.get('/x'); } catch (e: any) { if (e.code !== 'ECONNRESET') throw e; } } }`);
    expectRetry(byCode, { allErrors: false, clientErrors: false });
  });
});

describe('analysis: recursive retries', () => {
  it('a function that calls itself from its catch with retries - 1', () => {
    const r = onlyRetry(`const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    export async function charge(amount: number, retries = 3): Promise<Response> {
      try { return await fetch('http://pay/charge', { method: 'POST' }); }
      catch (e) { if (retries <= 0) throw e; await sleep(1000); return charge(amount, retries - 1); }
    }`);
    expectRetry(r, { kind: 'hand-rolled', form: 'recursion', label: 'a recursive retry in charge()', maxAttempts: 4, growth: 'fixed', allErrors: true, nonIdempotent: true, calls: ['POST fetch'] });
  });

  it('`.catch(() => get(n - 1))`, bounded by the value its caller passes', () => {
    expectRetry(onlyRetry(`const get = (n: number): Promise<Response> => fetch('http://a/b').catch((e) => (n > 0 ? get(n - 1) : Promise.reject(e))); get(2);`), {
      form: 'recursion',
      label: 'a recursive retry in get()',
      maxAttempts: 3,
      growth: 'none',
    });
  });

  it('a status-driven recursion on 503 with an attempt count that goes up', () => {
    expectRetry(
      onlyRetry(`export async function poll(url: string, attempt = 0): Promise<Response> {
        const res = await fetch(url);
        if (res.status === 503 && attempt < 4) { await new Promise((r) => setTimeout(r, 2 ** attempt * 100 * Math.random())); return poll(url, attempt + 1); }
        return res;
      }`),
      { maxAttempts: 5, growth: 'exponential', jitter: true, allErrors: false },
    );
  });

  it('a class method through `this`, guarded by a rethrow', () => {
    expectRetry(
      onlyRetry(`import axios from 'axios';
      class Client { async get(n = 0): Promise<unknown> { try { return await axios.get('/x'); } catch (e) { if (n >= 3) throw e; return this.get(n + 1); } } }`),
      { form: 'recursion', maxAttempts: 4, allErrors: true, clientErrors: true },
    );
  });

  it('plain recursion over pages is not a retry', () => {
    assert.deepEqual(retriesIn(`export async function all(url: string): Promise<unknown[]> { const r = await (await fetch(url)).json(); return r.next ? [...r.items, ...(await all(r.next))] : r.items; }`), []);
  });
});

describe('analysis: retry libraries', () => {
  it('p-retry defaults (p-retry 7: 10 retries, factor 2, no randomize)', () => {
    expectRetry(onlyRetry(`import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b', { method: 'POST' }));`), {
      kind: 'p-retry', form: 'library', maxAttempts: 11, growth: 'exponential', jitter: false, allErrors: true, clientErrors: false, nonIdempotent: true, calls: ['POST fetch'],
    });
  });

  const pRetryCases: Array<[string, string, Fields]> = [
    ['retries and randomize', `{ retries: 4, randomize: true }`, { maxAttempts: 5, jitter: true }],
    ['factor 1 is fixed', `{ factor: 1 }`, { growth: 'fixed' }],
    ['minTimeout 0 is no wait', `{ minTimeout: 0 }`, { growth: 'none' }],
    ['shouldRetry limits the errors', `{ shouldRetry: () => false }`, { allErrors: false }],
    ['options from a const', `opts`, { maxAttempts: 3, jitter: true }],
    ['options from a parameter', `p`, { maxAttempts: null, growth: 'unknown', allErrors: null }],
  ];
  for (const [name, options, expected] of pRetryCases) {
    it(`p-retry: ${name}`, () => {
      expectRetry(onlyRetry(`import pRetry from 'p-retry'; const opts = { retries: 2, randomize: true }; export const f = (p: object) => pRetry(() => fetch('http://a.b'), ${options});`), expected);
    });
  }

  it('p-retry: an AbortError for 4xx, and retries: 0 is no retry', () => {
    expectRetry(onlyRetry(`import pRetry, { AbortError } from 'p-retry'; await pRetry(async () => { const r = await fetch('http://a.b'); if (r.status === 404) throw new AbortError('gone'); return r; });`), { allErrors: false });
    assert.deepEqual(retriesIn(`import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b'), { retries: 0 });`), []);
  });

  it('async-retry: defaults jitter; bail makes it transient-only; CJS', () => {
    expectRetry(onlyRetry(`import retry from 'async-retry'; await retry(async () => fetch('http://a.b'));`), { kind: 'async-retry', maxAttempts: 11, growth: 'exponential', jitter: true, allErrors: true });
    expectRetry(onlyRetry(`import retry from 'async-retry'; await retry(async (bail) => { const r = await fetch('http://a.b'); if (r.status === 403) bail(new Error('no')); return r; }, { retries: 2 });`), { maxAttempts: 3, allErrors: false });
    expectRetry(onlyRetry(`const retry = require('async-retry'); retry(() => fetch('http://a.b'), { randomize: false, factor: 1 });`, 'src/file.js'), { growth: 'fixed', jitter: false });
  });

  it('axios-retry applies to every call through its instance, and only those', () => {
    const r = onlyRetry(`import axios from 'axios'; import axiosRetry from 'axios-retry';
    const api = axios.create({ baseURL: 'http://pay.internal' });
    axiosRetry(api, { retries: 5, retryDelay: axiosRetry.exponentialDelay });
    api.post('/charge', {}); api.get('/status'); axios.get('http://other/x'); api.get('/x', { 'axios-retry': { retries: 0 } });`);
    expectRetry(r, { kind: 'axios-retry', maxAttempts: 6, growth: 'exponential', jitter: true, allErrors: false, nonIdempotent: true, calls: ['POST api.post (axios instance)', 'GET api.get (axios instance)'] });
  });

  const axiosRetryCases: Array<[string, string, Fields]> = [
    ['defaults: 3 retries, no delay; network errors retried for any method', `axiosRetry(axios)`, { maxAttempts: 4, growth: 'none', allErrors: false, nonIdempotent: true }],
    ['isSafeRequestError never repeats a POST', `axiosRetry(axios, { retryCondition: isSafeRequestError })`, { nonIdempotent: false, allErrors: false }],
    ['a condition that accepts everything', `axiosRetry(axios, { retryCondition: () => true })`, { allErrors: true, clientErrors: true }],
    ['a custom condition that checks the method', `axiosRetry(axios, { retryCondition: (e) => e.config?.method === 'get' })`, { nonIdempotent: false, allErrors: false }],
    ['linearDelay', `axiosRetry(axios, { retryDelay: axiosRetry.linearDelay(200) })`, { growth: 'linear', jitter: false }],
    ['a custom delay function', `axiosRetry(axios, { retryDelay: (n) => n * n * 100 + Math.random() * 50 })`, { growth: 'linear', jitter: true }],
  ];
  for (const [name, setup, expected] of axiosRetryCases) {
    it(`axios-retry: ${name}`, () => {
      expectRetry(onlyRetry(`import axios from 'axios'; import axiosRetry, { isSafeRequestError } from 'axios-retry'; ${setup}; axios.get('/x');`), expected);
    });
  }

  it('cockatiel: handleAll with ExponentialBackoff in wrap(); handleWhen; no backoff; IterableBackoff', () => {
    expectRetry(
      onlyRetry(`import { retry, handleAll, ExponentialBackoff, wrap, circuitBreaker, ConsecutiveBreaker } from 'cockatiel';
      const p = wrap(retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }), circuitBreaker(handleAll, { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }));
      p.execute(() => fetch('http://a.b'));`),
      { kind: 'cockatiel', label: 'cockatiel retry policy', maxAttempts: 4, growth: 'exponential', jitter: true, allErrors: true },
    );
    expectRetry(onlyRetry(`import { retry, handleWhen } from 'cockatiel'; retry(handleWhen(() => true), {}).execute(() => fetch('http://a.b'));`), { maxAttempts: null, growth: 'none', allErrors: false });
    expectRetry(onlyRetry(`import * as c from 'cockatiel'; c.retry(c.handleAll, { maxAttempts: 2, backoff: new c.IterableBackoff([100, 200, 400]) }).execute(() => fetch('http://a.b'));`), {
      maxAttempts: 3,
      growth: 'exponential',
      jitter: false,
    });
  });

  it('Breakwater runtime: retry() defaults, jitter none, retryNonIdempotent, policies, imports from the policy module', () => {
    expectRetry(onlyRetry(`import { retry } from '@breakwater/runtime'; retry({}).execute(() => fetch('http://a.b'));`), {
      kind: 'breakwater', maxAttempts: 3, growth: 'exponential', jitter: true, allErrors: false, nonIdempotent: false,
    });
    expectRetry(onlyRetry(`import { retry } from '@breakwater/runtime'; retry({ maxAttempts: 5, jitter: 'none', retryNonIdempotent: true }).execute(() => fetch('http://a.b'));`), {
      maxAttempts: 5, jitter: false, nonIdempotent: true,
    });
    expectRetry(onlyRetry(`import { policy } from '@breakwater/runtime'; policy('payments', { retry: { maxAttempts: 2 } }).execute(() => fetch('http://pay'));`), { label: "Breakwater policy 'payments'", maxAttempts: 2 });
    assert.deepEqual(retriesIn(`import { policy } from '@breakwater/runtime'; policy('payments', { retry: false, timeoutMs: 100 }).execute(() => fetch('http://pay'));`), []);
    // No `retry` key: the runtime's default retry (3 attempts, exponential, full jitter, transient only).
    expectRetry(onlyRetry(`import { policy } from '@breakwater/runtime'; policy('payments', { timeoutMs: 100 }).execute(() => fetch('http://pay'));`), {
      kind: 'breakwater', maxAttempts: 3, growth: 'exponential', jitter: true, allErrors: false, nonIdempotent: false,
    });
    expectRetry(onlyRetry(`import { payments } from './policies'; payments.execute(() => fetch('http://pay'));`), { kind: 'breakwater', maxAttempts: null, growth: 'unknown', allErrors: null, nonIdempotent: false });
  });

  it("Breakwater fetchWith(policy): the policy's retry repeats each call made through it", () => {
    expectRetry(
      onlyRetry(`import { fetchWith, policy } from '@breakwater/runtime'; const payFetch = fetchWith(policy('payments', { retry: { maxAttempts: 4 } })); await payFetch('http://pay/x', { method: 'POST' });`),
      { kind: 'breakwater', label: "Breakwater policy 'payments' (fetchWith)", maxAttempts: 4, jitter: true, nonIdempotent: false, calls: ['POST payFetch'] },
    );
  });

  it('a wrapper declared in settings.breakwater that provides a retry', () => {
    expectRetry(
      onlyRetry(`import { withRetry } from '@acme/http'; withRetry(() => fetch('http://a.b'));`, 'src/file.ts', {
        wrappers: [{ from: 'package', package: '@acme/http', name: 'withRetry', provides: ['retry'] }],
      }),
      { kind: 'declared', growth: 'unknown', allErrors: null, nonIdempotent: true },
    );
  });
});

describe('analysis: client retry options', () => {
  it("got's built-in retry: GET only, exponential with noise, not configured in the file", () => {
    const all = retriesIn(`import got from 'got'; await got.post('http://a.b', { json: {} }); await got.get('http://a.b');`);
    assert.equal(all.length, 1);
    expectRetry(all[0]!, { kind: 'client-option', form: 'client-option', implicit: true, maxAttempts: 3, growth: 'exponential', jitter: true, allErrors: false, nonIdempotent: false, calls: ['GET got.get'] });
  });

  const gotCases: Array<[string, string, Fields | null]> = [
    ['an extend() instance adding POST', `const c = got.extend({ retry: { limit: 5, methods: ['GET', 'POST'] } }); await c.post('http://a.b');`, { implicit: false, maxAttempts: 6, nonIdempotent: true }],
    ['status codes with a 404', `await got('http://a.b', { retry: { statusCodes: [404, 503] } });`, { allErrors: true, clientErrors: true }],
    ['noise 0 removes the jitter', `await got('http://a.b', { retry: { noise: 0 } });`, { jitter: false }],
    ['limit 0 is no retry', `await got('http://a.b', { retry: { limit: 0 } });`, null],
  ];
  for (const [name, code, expected] of gotCases) {
    it(`got: ${name}`, () => {
      const all = retriesIn(`import got from 'got'; ${code}`);
      if (expected === null) assert.deepEqual(all, []);
      else expectRetry(all[0]!, expected);
    });
  }

  it('ky: a number limit, the built-in default, POST excluded, methods adding post', () => {
    expectRetry(onlyRetry(`import ky from 'ky'; await ky.get('http://a.b', { retry: 4 });`), { implicit: false, maxAttempts: 5, growth: 'exponential', jitter: false, nonIdempotent: false });
    expectRetry(onlyRetry(`import ky from 'ky'; await ky.get('http://a.b');`), { implicit: true, maxAttempts: 3 });
    assert.deepEqual(retriesIn(`import ky from 'ky'; await ky.post('http://a.b');`), []);
    expectRetry(onlyRetry(`import ky from 'ky'; const api = ky.create({ retry: { limit: 2, methods: ['post'], jitter: true } }); await api.post('http://a.b');`), { nonIdempotent: true, jitter: true });
  });

  it('ofetch: one implicit retry of a GET, none of a POST, an explicit count applies to POST', () => {
    expectRetry(onlyRetry(`import { ofetch } from 'ofetch'; await ofetch('http://a.b');`), { implicit: true, maxAttempts: 2, growth: 'none', nonIdempotent: false });
    assert.deepEqual(retriesIn(`import { ofetch } from 'ofetch'; await ofetch('http://a.b', { method: 'POST' });`), []);
    expectRetry(onlyRetry(`import { ofetch } from 'ofetch'; await ofetch('http://a.b', { method: 'POST', retry: 3, retryDelay: 500 });`), { implicit: false, maxAttempts: 4, growth: 'fixed', nonIdempotent: true });
  });

  it('superagent .retry(): POST included, no delay, a callback returning true retries everything', () => {
    expectRetry(onlyRetry(`import request from 'superagent'; await request.post('http://a.b').send({}).retry(3);`), {
      kind: 'superagent-retry', label: 'superagent .retry(3)', maxAttempts: 4, growth: 'none', allErrors: false, nonIdempotent: true,
    });
    expectRetry(onlyRetry(`import request from 'superagent'; await request.get('http://a.b').retry();`), { maxAttempts: 2 });
    expectRetry(onlyRetry(`import request from 'superagent'; await request.get('http://a.b').retry(2, () => true);`), { allErrors: true });
    assert.deepEqual(retriesIn(`import request from 'superagent'; await request.get('http://a.b').retry(0);`), []);
  });
});

describe('analysis: retries attached to calls', () => {
  it('a got call inside a hand-rolled loop carries both retries, innermost first', () => {
    const { analysis } = analyzeText(
      `import got from 'got'; export async function f() { for (let i = 0; i < 3; i++) { try { return await got.get('http://a.b'); } catch {} } }`,
      'src/file.ts',
    );
    const call = analysis.calls[0]!;
    assert.deepEqual(call.retries.map((r) => r.kind), ['client-option', 'hand-rolled']);
  });

  it('calls outside any retry have none', () => {
    const { analysis } = analyzeText(`import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/1')); await fetch('http://a.b/2');`, 'src/file.ts');
    assert.deepEqual(analysis.calls.map((c) => c.retries.length), [1, 0]);
  });

  it('a local function named retry is not a retry library', () => {
    assert.deepEqual(retriesIn(`function retry(fn: () => unknown) { return fn(); } retry(() => fetch('http://a.b'));`), []);
  });
});
