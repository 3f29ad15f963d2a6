import plugin from 'eslint-plugin-breakwater';
import { ruleTester } from '../support/rule-tester.js';

const rule = plugin.rules['retry-transient-only'];

ruleTester.run('retry-transient-only', rule, {
  valid: [
    // Hand-rolled loops that rethrow what is not transient
    `import axios from 'axios';
    export async function charge(body: unknown) {
      for (let i = 0; i < 3; i++) {
        try { return await axios.post('http://pay/charge', body); }
        catch (err: any) {
          if (err.response?.status < 500 && err.response?.status !== 429) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * 2 ** i * 100));
        }
      }
    }`,
    `import axios from 'axios';
    declare function isTransient(e: unknown): boolean;
    export async function f() { for (let i = 0; i < 3; i++) { try { return await axios.get('/x'); } catch (e) { if (!isTransient(e)) throw e; } } }`,
    `import got from 'got';
    export async function f() { let n = 0; while (n < 3) { try { return await got('http://a.b'); } catch (e) { n++; if (e instanceof got.HTTPError && e.response.statusCode < 500) throw e; } } }`,
    `import ky from 'ky';
    export async function f() {
      for (let i = 0; i < 3; i++) {
        try { return await ky.get('http://a.b').json(); }
        catch (e: any) {
          switch (e.response?.status) { case 400: case 404: throw e; default: break; }
        }
      }
    }`,
    `import request from 'superagent';
    declare function assertRetryable(e: unknown): void;
    export async function f() { for (let i = 0; i < 3; i++) { try { return await request.get('http://a.b'); } catch (e) { assertRetryable(e); } } }`,
    `import axios from 'axios';
    export async function f() { for (let i = 0; i < 4; i++) { try { return await axios.get('/x'); } catch (e: any) { if (e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT') continue; throw e; } } }`,
    // A status check on the response that singles out transient statuses
    `export async function f(url: string) {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(url);
        if (res.status === 503 || res.status === 429) { await new Promise((r) => setTimeout(r, 2 ** i * 100 * Math.random())); continue; }
        return res;
      }
    }`,
    // fetch returns 4xx as a value: a catch around it only sees network errors
    `export async function f(url: string) { for (let i = 0; i < 3; i++) { try { return await fetch(url); } catch { /* network error */ } } }`,
    `export async function f(url: string) {
      for (let i = 0; i < 3; i++) {
        try { const res = await fetch(url); if (res.status >= 500) throw new Error('server'); return res; } catch { }
      }
    }`,
    // Recursion whose decision looks at the error
    `import axios from 'axios';
    export async function get(n = 3): Promise<unknown> {
      try { return await axios.get('/x'); } catch (e: any) { if (n > 0 && e.response?.status >= 500) return get(n - 1); throw e; }
    }`,
    // p-retry: shouldRetry, AbortError for 4xx, or a call that does not throw on 4xx
    `import pRetry from 'p-retry'; import axios from 'axios'; await pRetry(() => axios.get('/x'), { shouldRetry: ({ error }: any) => !(error.response?.status < 500) });`,
    `import pRetry, { AbortError } from 'p-retry';
    await pRetry(async () => { const r = await fetch('http://a.b'); if (r.status === 404) throw new AbortError('gone'); if (!r.ok) throw new Error(String(r.status)); return r; });`,
    `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b'), { retries: 3, randomize: true });`,
    // async-retry with bail (TS and CJS)
    `import retry from 'async-retry'; import axios from 'axios';
    await retry(async (bail) => { try { return await axios.get('/x'); } catch (e: any) { if (e.response?.status < 500) { bail(e); return; } throw e; } });`,
    { code: `const retry = require('async-retry'); const got = require('got'); retry(async (bail) => got('http://a.b').catch((e) => bail(e)));`, filename: 'file.js' },
    // cockatiel with a predicate
    `import { retry, handleWhen, ExponentialBackoff } from 'cockatiel'; import axios from 'axios';
    const r = retry(handleWhen((e: any) => e.response?.status >= 500), { maxAttempts: 3, backoff: new ExponentialBackoff() }); r.execute(() => axios.get('/x'));`,
    `import { retry, handleType } from 'cockatiel'; class NetworkError extends Error {} const r = retry(handleType(NetworkError), { maxAttempts: 2 }); r.execute(() => fetch('http://a.b'));`,
    // axios-retry defaults and transient-only conditions
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios); axios.get('/x');`,
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios, { retryCondition: axiosRetry.isRetryableError }); axios.get('/x');`,
    // Client options with transient status codes only
    `import got from 'got'; await got.get('http://a.b', { retry: { limit: 3, statusCodes: [408, 429, 500, 502, 503, 504] } });`,
    `import ky from 'ky'; await ky.get('http://a.b', { retry: { limit: 2, statusCodes: [429, 503] } });`,
    `import request from 'superagent'; await request.get('http://a.b').retry(2);`,
    `import { ofetch } from 'ofetch'; await ofetch('http://a.b', { retry: 2, retryStatusCodes: [502, 503] });`,
    // Breakwater runtime: transient-only by default
    `import { retry, policy } from '@breakwater/runtime'; import axios from 'axios'; await retry({ maxAttempts: 3 }).execute(() => axios.get('/x'));
     await policy('users', { retry: { maxAttempts: 2 } }).execute(() => axios.get('/u'));`,
    // Look-alikes and non-retries
    `export async function each(urls: string[]) { for (const u of urls) { try { await fetch(u); } catch (e) { console.error(e); } } }`,
    `function retry(fn: () => Promise<unknown>) { return fn(); } import axios from 'axios'; retry(() => axios.get('/x'));`,
    `export async function parse(s: string) { for (let i = 0; i < 3; i++) { try { return JSON.parse(s); } catch { s = s.trim(); } } }`,
    // Options in a variable
    `import pRetry from 'p-retry'; import axios from 'axios'; const options = { retries: 3, randomize: true, shouldRetry: ({ error }: { error: any }) => error.response?.status >= 500 }; await pRetry(() => axios.get('/x'), options);`,
    // Options: ignoreLibraries
    { code: `import pRetry from 'p-retry'; import axios from 'axios'; await pRetry(() => axios.get('/x'));`, options: [{ ignoreLibraries: true }] },
  ],
  invalid: [
    // A hand-rolled axios loop that retries whatever was thrown: suggestion rethrows 4xx
    {
      code: `import axios from 'axios';
export async function charge(body: unknown) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await axios.post('http://payments.internal/charge', body);
    } catch (err) {
      await new Promise((r) => setTimeout(r, Math.random() * 2 ** attempt * 100));
    }
  }
}`,
      errors: [
        {
          messageId: 'retriesEverything',
          line: 6,
          suggestions: [
            {
              messageId: 'rethrowClientErrors',
              output: `import axios from 'axios';
export async function charge(body: unknown) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await axios.post('http://payments.internal/charge', body);
    } catch (err) {
      if (axios.isAxiosError(err) && err.response && err.response.status < 500 && err.response.status !== 408 && err.response.status !== 429) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 2 ** attempt * 100));
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // An axios instance, an empty catch, CJS require (plain JS)
    {
      code: `const http = require('axios');
const api = http.create({ baseURL: 'http://users.internal' });
async function get(id) {
  for (let i = 0; i < 3; i++) {
    try { return await api.get('/users/' + id); } catch (e) {}
  }
}`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'retriesEverything',
          suggestions: [
            {
              messageId: 'rethrowClientErrors',
              output: `const http = require('axios');
const api = http.create({ baseURL: 'http://users.internal' });
async function get(id) {
  for (let i = 0; i < 3; i++) {
    try { return await api.get('/users/' + id); } catch (e) {
      if (http.isAxiosError(e) && e.response && e.response.status < 500 && e.response.status !== 408 && e.response.status !== 429) throw e;
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Checking only for aborts still retries every 4xx
    {
      code: `import axios from 'axios';
export async function f(signal: AbortSignal) {
  for (let i = 0; i < 3; i++) {
    try { return await axios.get('/x', { signal }); } catch (e: any) { if (e.name === 'AbortError') throw e; }
  }
}`,
      errors: [
        {
          messageId: 'retriesEverything',
          suggestions: [
            {
              messageId: 'rethrowClientErrors',
              output: `import axios from 'axios';
export async function f(signal: AbortSignal) {
  for (let i = 0; i < 3; i++) {
    try { return await axios.get('/x', { signal }); } catch (e: any) { if (axios.isAxiosError(e) && e.response && e.response.status < 500 && e.response.status !== 408 && e.response.status !== 429) throw e;
    if (e.name === 'AbortError') throw e; }
  }
}`,
            },
          ],
        },
      ],
    },
    // got throws on 4xx; a guard on the attempt count is not a filter
    {
      code: `import got from 'got';
export async function f() {
  let attempt = 0;
  while (true) {
    try { return await got.get('http://a.b', { retry: { limit: 0 } }).json(); }
    catch (err) { if (++attempt >= 3) throw err; }
  }
}`,
      errors: [{ messageId: 'retriesEverything', line: 6, suggestions: [] }],
    },
    // fetch that throws on any non-OK response, retried by a catch-all
    {
      code: `export async function f(url: string) {
  for (let i = 0; i < 3; i++) {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return await res.json();
    } catch (e) {
      await new Promise((r) => setTimeout(r, 100 * 2 ** i * Math.random()));
    }
  }
}`,
      errors: [{ messageId: 'retriesEverything', line: 7, suggestions: [] }],
    },
    // A status-driven loop that retries every non-OK response
    {
      code: `export async function f(url: string) {
  for (let i = 0; i < 5; i++) {
    const res = await fetch(url);
    if (res.ok) return res;
  }
  throw new Error('failed');
}`,
      errors: [{ messageId: 'retriesEveryStatus', line: 4, suggestions: [] }],
    },
    // Status-driven recursion
    {
      code: `export async function poll(url: string, n = 3): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok && n > 0) return poll(url, n - 1);
  return res;
}`,
      errors: [{ messageId: 'retriesEveryStatus', suggestions: [] }],
    },
    // Recursion from a catch around axios, TS `unknown` catch variable
    {
      code: `import axios from 'axios';
export async function get(n = 3): Promise<unknown> {
  try {
    return await axios.get('/x');
  } catch (e: unknown) {
    if (n === 0) throw e;
    return get(n - 1);
  }
}`,
      errors: [
        {
          messageId: 'retriesEverything',
          line: 5,
          suggestions: [
            {
              messageId: 'rethrowClientErrors',
              output: `import axios from 'axios';
export async function get(n = 3): Promise<unknown> {
  try {
    return await axios.get('/x');
  } catch (e: unknown) {
    if (axios.isAxiosError(e) && e.response && e.response.status < 500 && e.response.status !== 408 && e.response.status !== 429) throw e;
    if (n === 0) throw e;
    return get(n - 1);
  }
}`,
            },
          ],
        },
      ],
    },
    // `.catch(() => again())` around ky, which throws on 4xx
    {
      code: `import ky from 'ky';
export const get = (n: number): Promise<Response> => ky.get('http://a.b', { retry: 0 }).catch(() => (n > 0 ? get(n - 1) : Promise.reject(new Error('x'))));`,
      errors: [{ messageId: 'retriesEverything', suggestions: [] }],
    },
    // One level of same-file indirection: the loop calls a helper that uses axios
    {
      code: `import axios from 'axios';
async function fetchUser(id: string) { return (await axios.get('/users/' + id)).data; }
export async function user(id: string) { for (let i = 0; i < 3; i++) { try { return await fetchUser(id); } catch { } } }`,
      errors: [{ messageId: 'retriesEverything', line: 3, suggestions: [] }],
    },
    // A same-file helper that retries the function it is given, which throws on any non-OK response
    {
      code: `async function retrying<T>(fn: () => Promise<T>): Promise<T> { let last; for (let i = 0; i < 3; i++) { try { return await fn(); } catch (e) { last = e; } } throw last; }
export const x = () => retrying(async () => { const r = await fetch('http://a.b'); if (!r.ok) throw new Error(r.statusText); return r; });`,
      errors: [{ messageId: 'retriesEverything', line: 1, suggestions: [] }],
    },
    // do…while and a for…of over a fixed range of attempts
    {
      code: `import request from 'superagent';
export async function f() { let n = 0; do { try { return await request.get('http://a.b'); } catch (e) { n++; } } while (n < 3); }`,
      errors: [{ messageId: 'retriesEverything', suggestions: [] }],
    },
    {
      code: `import { ofetch } from 'ofetch';
export async function f() { for (const attempt of [1, 2, 3]) { try { return await ofetch('http://a.b', { retry: false }); } catch { console.log(attempt); } } }`,
      errors: [{ messageId: 'retriesEverything', suggestions: [] }],
    },
    // p-retry without shouldRetry around clients that throw on 4xx
    { code: `import pRetry from 'p-retry'; import axios from 'axios'; await pRetry(() => axios.get('/x'), { retries: 3, randomize: true });`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    {
      code: `import pRetry from 'p-retry';
await pRetry(async () => { const r = await fetch('http://a.b'); if (!r.ok) throw new Error(r.statusText); return r; }, { randomize: true });`,
      errors: [{ messageId: 'retriesEverything', suggestions: [] }],
    },
    { code: `import pRetry from 'p-retry'; import axios from 'axios'; await pRetry(() => axios.get('/x'), { onFailedAttempt: (ctx: unknown) => console.log(ctx) });`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    { code: `import { makeRetriable } from 'p-retry'; import ky from 'ky'; export const get = makeRetriable((u: string) => ky.get(u).json());`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    { code: `import pRetry, { type Options } from 'p-retry'; import axios from 'axios'; const options: Options = { retries: 3 }; await pRetry(() => axios.get('/x'), options);`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    // async-retry without bail
    { code: `import retry from 'async-retry'; import got from 'got'; await retry(async () => got('http://a.b'), { retries: 2 });`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    // cockatiel handleAll: named, namespace, CJS
    {
      code: `import { retry, handleAll, ExponentialBackoff } from 'cockatiel'; import axios from 'axios';
const r = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
export const get = () => r.execute(() => axios.get('/x'));`,
      errors: [{ messageId: 'retriesEverything', line: 2, column: 17, suggestions: [] }],
    },
    { code: `import * as ck from 'cockatiel'; import { ofetch } from 'ofetch'; ck.retry(ck.handleAll, { maxAttempts: 2 }).execute(() => ofetch('http://a.b'));`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    {
      code: `const { retry, handleAll, wrap } = require('cockatiel'); const axios = require('axios'); const p = wrap(retry(handleAll, { maxAttempts: 2 })); p.execute(() => axios.get('/x'));`,
      filename: 'file.js',
      errors: [{ messageId: 'retriesEverything', suggestions: [] }],
    },
    // axios-retry with a condition that accepts everything
    { code: `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios, { retryCondition: () => true }); axios.get('/x');`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    // Client options that retry 4xx
    { code: `import got from 'got'; const client = got.extend({ retry: { limit: 2, statusCodes: [404, 500, 503] } }); await client.get('http://a.b');`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    { code: `import ky from 'ky'; await ky.get('http://a.b', { retry: { limit: 2, statusCodes: [400, 500] } });`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    { code: `import { ofetch } from 'ofetch'; await ofetch('http://a.b', { retry: 2, retryStatusCodes: [401, 500] });`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    { code: `import request from 'superagent'; await request.get('http://a.b').retry(3, () => true);`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
    // Breakwater runtime told to retry everything
    { code: `import { retry } from '@breakwater/runtime'; import axios from 'axios'; await retry({ retryOn: () => true }).execute(() => axios.get('/x'));`, errors: [{ messageId: 'retriesEverything', suggestions: [] }] },
  ],
});
