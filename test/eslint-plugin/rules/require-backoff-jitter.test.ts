import plugin from 'eslint-plugin-breakwater';
import { ruleTester } from '../support/rule-tester.js';

const rule = plugin.rules['require-backoff-jitter'];

/** An invalid case reported as noJitter, whose suggestion makes `delay` full-jitter. */
function noJitter<T extends { code: string }>(c: T, delay: string, where = delay) {
  return { ...c, errors: [{ messageId: 'noJitter' as const, suggestions: [fullJitter(c.code, delay, where)] }] };
}

/** The full-jitter suggestion for `code`: `delay`, inside `where` (written once in the code), becomes `Math.random() * delay`. */
function fullJitter(code: string, delay: string, where = delay): { messageId: 'fullJitter'; output: string } {
  const at = code.indexOf(where);
  if (at < 0 || code.indexOf(where, at + 1) >= 0) throw new Error(`'${where}' must occur once in the test code`);
  const operand = /^[\w.]+$/.test(delay) || /^\w+\(.*\)$/.test(delay) ? delay : `(${delay})`;
  const replaced = where.replace(delay, `Math.random() * ${operand}`);
  return { messageId: 'fullJitter', output: code.slice(0, at) + replaced + code.slice(at + where.length) };
}

ruleTester.run('require-backoff-jitter', rule, {
  valid: [
    // Hand-rolled loops that back off exponentially with jitter
    `async function get(url: string) {
      for (let attempt = 0; attempt < 5; attempt++) {
        try { return await fetch(url); }
        catch (err) { await new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** attempt)); }
      }
      throw new Error('gave up');
    }`,
    `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    async function get(url: string) {
      let attempt = 0;
      while (true) {
        try { return await fetch(url); }
        catch (err) {
          if (++attempt >= 4) throw err;
          const jitter = Math.random() * 100;
          await sleep(200 * Math.pow(2, attempt) + jitter);
        }
      }
    }`,
    // delay *= 2 with random noise, through local variables
    `import axios from 'axios';
    export async function charge(body: unknown) {
      let delay = 100;
      for (let i = 0; i < 3; i++) {
        try { return await axios.post('http://payments.internal/charge', body); }
        catch (e) { await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random()))); delay *= 2; }
      }
    }`,
    // node:timers/promises setTimeout, aliased, with crypto.randomInt jitter (plain JS, CJS)
    {
      code: `const { setTimeout: wait } = require('node:timers/promises');
      const { randomInt } = require('node:crypto');
      async function get(url) {
        for (let i = 1; i <= 4; i++) {
          try { return await fetch(url); } catch (e) { await wait((1 << i) * 100 + randomInt(100)); }
        }
      }`,
      filename: 'file.js',
    },
    // A same-file backoff helper that computes exponential + jitter
    `function backoff(attempt: number) { return new Promise((r) => setTimeout(r, Math.random() * Math.min(10_000, 250 * 2 ** attempt))); }
    export async function f(url: string) {
      for (let n = 0; n < 6; n++) {
        try { return await fetch(url); } catch { await backoff(n); }
      }
    }`,
    // Recursion with exponential jittered delay
    `export async function charge(attempt = 0): Promise<Response> {
      try { return await fetch('http://pay/x'); }
      catch (e) {
        if (attempt >= 3) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 2 ** attempt * 100));
        return charge(attempt + 1);
      }
    }`,
    // A loop over items with try/catch is not a retry
    `export async function notify(urls: string[]) {
      for (const url of urls) {
        try { await fetch(url, { method: 'POST' }); } catch (e) { console.error(e); }
      }
    }`,
    `export async function all(ids: string[]) {
      for (let i = 0; i < ids.length; i++) {
        try { await fetch('http://a/' + ids[i]); } catch { /* skip */ }
      }
    }`,
    // Polling a job body on a fixed interval is not a retry (no status check, no catch)
    `export async function waitForJob(url: string) {
      while (true) {
        const job = await (await fetch(url)).json();
        if (job.done) return job;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }`,
    // A loop without outbound calls
    `async function f() { for (let i = 0; i < 3; i++) { try { return JSON.parse('x'); } catch { await new Promise((r) => setTimeout(r, 1000)); } } }`,
    // p-retry with randomize; async-retry's default randomize
    `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { retries: 4, randomize: true });`,
    `import retry from 'async-retry'; await retry(async () => fetch('http://a.b/c'), { retries: 3 });`,
    { code: `const retry = require('async-retry'); retry(() => fetch('http://a.b/c'), { minTimeout: 200 });`, filename: 'file.js' },
    // axios-retry with exponentialDelay (jittered), namespace and named imports
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios, { retryDelay: axiosRetry.exponentialDelay }); axios.get('/x');`,
    `import axios from 'axios'; import axiosRetry, { exponentialDelay } from 'axios-retry'; const api = axios.create({ baseURL: 'http://a.b' }); axiosRetry(api, { retries: 5, retryDelay: exponentialDelay }); api.get('/x');`,
    // cockatiel: ExponentialBackoff jitters by default
    `import { retry, handleAll, ExponentialBackoff } from 'cockatiel'; const r = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }); r.execute(() => fetch('http://a.b'));`,
    `import * as c from 'cockatiel'; const r = c.retry(c.handleAll, { maxAttempts: 3, backoff: new c.ExponentialBackoff({ maxDelay: 5000 }) }); r.execute(() => fetch('http://a.b'));`,
    // Breakwater runtime: jitter by default
    `import { retry, policy } from '@breakwater/runtime'; const r = retry({ maxAttempts: 4 }); await r.execute(() => fetch('http://a.b'));
     const p = policy('payments', { retry: { maxAttempts: 3, jitter: 'decorrelated' } }); await p.execute(() => fetch('http://pay'));`,
    // got's and ky's built-in retries are not configured in the file; got's configured retry keeps its noise
    `import got from 'got'; await got.get('http://a.b'); await got.get('http://a.b', { retry: { limit: 4 } });`,
    `import ky from 'ky'; await ky.get('http://a.b').json(); await ky.get('http://a.b', { retry: { limit: 3, jitter: true } });`,
    // ofetch's implicit single retry
    `import { ofetch } from 'ofetch'; await ofetch('http://a.b');`,
    // options: libraries off
    { code: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b'));`, options: [{ libraries: false }] },
    { code: `import request from 'superagent'; await request.get('http://a.b').retry(2);`, options: [{ libraries: false }] },
    // A Retry-After driven delay cannot be judged statically
    `export async function f(url: string) {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(url);
        if (res.ok) return res;
        const wait = Number(res.headers.get('retry-after') ?? '1') * 1000;
        await new Promise((r) => setTimeout(r, wait));
      }
    }`,
    // Look-alike: a local function named retry, Promise-based sleep outside any loop
    `function retry(fn: () => Promise<Response>) { return fn(); } retry(() => fetch('http://a.b'));`,
    `export async function once() { await new Promise((r) => setTimeout(r, 1000)); return fetch('http://a.b'); }`,
  ],
  invalid: [
    // The article's bad retry: fixed 1 s interval
    {
      code: `export async function callService() {
  for (let i = 0; i < 3; i++) {
    try {
      return await fetch('http://inventory.internal/items');
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error('Failed after 3 retries');
}`,
      errors: [
        {
          messageId: 'fixedDelay',
          line: 6,
          suggestions: [
            {
              messageId: 'exponentialJitter',
              output: `export async function callService() {
  for (let i = 0; i < 3; i++) {
    try {
      return await fetch('http://inventory.internal/items');
    } catch {
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(30_000, 1000 * 2 ** i)));
    }
  }
  throw new Error('Failed after 3 retries');
}`,
            },
          ],
        },
      ],
    },
    // No delay at all: suggestion adds a jittered exponential wait at the end of the catch
    {
      code: `import axios from 'axios';
export async function get() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await axios.get('http://a.b/c');
    } catch (e) {
      console.warn(e);
    }
  }
}`,
      errors: [
        {
          messageId: 'noDelay',
          line: 3,
          suggestions: [
            {
              messageId: 'addBackoff',
              output: `import axios from 'axios';
export async function get() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await axios.get('http://a.b/c');
    } catch (e) {
      console.warn(e);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 100 * 2 ** attempt)));
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Exponential without jitter: the autofix multiplies the wait by (0.5 + Math.random()) (same
    // average), the suggestion by Math.random() (full jitter)
    {
      code: `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await sleep(100 * 2 ** i); }
  }
}`,
      output: `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await sleep((100 * 2 ** i) * (0.5 + Math.random())); }
  }
}`,
      errors: [
        {
          messageId: 'noJitter',
          suggestions: [
            {
              messageId: 'fullJitter',
              output: `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await sleep(Math.random() * (100 * 2 ** i)); }
  }
}`,
            },
          ],
        },
      ],
    },
    // delay *= 2 without jitter: the wait is jittered at the setTimeout, the doubling left alone
    {
      code: `export async function f(url: string) {
  let delay = 200;
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, delay)); delay *= 2; }
  }
}`,
      output: `export async function f(url: string) {
  let delay = 200;
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random()))); delay *= 2; }
  }
}`,
      errors: [
        {
          messageId: 'noJitter',
          suggestions: [
            {
              messageId: 'fullJitter',
              output: `export async function f(url: string) {
  let delay = 200;
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, Math.random() * delay)); delay *= 2; }
  }
}`,
            },
          ],
        },
      ],
    },
    // Math.pow and << are exponential too
    {
      code: `import { setTimeout as sleep } from 'node:timers/promises';
export async function f(url: string) { for (let n = 1; n <= 3; n++) { try { return await fetch(url); } catch { await sleep(Math.pow(2, n) * 100); } } }`,
      output: `import { setTimeout as sleep } from 'node:timers/promises';
export async function f(url: string) { for (let n = 1; n <= 3; n++) { try { return await fetch(url); } catch { await sleep((Math.pow(2, n) * 100) * (0.5 + Math.random())); } } }`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'fullJitter', output: `import { setTimeout as sleep } from 'node:timers/promises';
export async function f(url: string) { for (let n = 1; n <= 3; n++) { try { return await fetch(url); } catch { await sleep(Math.random() * (Math.pow(2, n) * 100)); } } }` }] }],
    },
    {
      code: `import timers from 'timers/promises';
export async function f(url: string) { for (let n = 0; n < 3; n++) { try { return await fetch(url); } catch { await timers.setTimeout(100 << n); } } }`,
      output: `import timers from 'timers/promises';
export async function f(url: string) { for (let n = 0; n < 3; n++) { try { return await fetch(url); } catch { await timers.setTimeout((100 << n) * (0.5 + Math.random())); } } }`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'fullJitter', output: `import timers from 'timers/promises';
export async function f(url: string) { for (let n = 0; n < 3; n++) { try { return await fetch(url); } catch { await timers.setTimeout(Math.random() * (100 << n)); } } }` }] }],
    },
    // --- The autofix: more places it applies ---
    // A capped delay in a local const: the wait at the sleep is jittered (the const is left as it is)
    {
      code: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export async function f(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await fetch(url); } catch { const wait = Math.min(10_000, 250 * 2 ** attempt); await sleep(wait); }
  }
}`,
      output: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export async function f(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await fetch(url); } catch { const wait = Math.min(10_000, 250 * 2 ** attempt); await sleep(wait * (0.5 + Math.random())); }
  }
}`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'fullJitter', output: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export async function f(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await fetch(url); } catch { const wait = Math.min(10_000, 250 * 2 ** attempt); await sleep(Math.random() * wait); }
  }
}` }] }],
    },
    // Recursion that schedules the next attempt with setTimeout
    noJitter({
      code: `export function poll(url: string, attempt = 0): void {
  fetch(url).catch(() => {
    if (attempt < 4) setTimeout(() => poll(url, attempt + 1), 100 * 2 ** attempt);
  });
}`,
      output: `export function poll(url: string, attempt = 0): void {
  fetch(url).catch(() => {
    if (attempt < 4) setTimeout(() => poll(url, attempt + 1), (100 * 2 ** attempt) * (0.5 + Math.random()));
  });
}`,
    }, '100 * 2 ** attempt'),
    // Plain JS (CommonJS), a delay with a TS-free cast-free identifier doubled by assignment
    noJitter({
      code: `const { setTimeout: sleep } = require('node:timers/promises');
async function get(url) {
  let backoffMs = 100;
  for (let i = 0; i < 3; i++) {
    try { return await fetch(url); } catch (e) { await sleep(backoffMs); backoffMs = Math.min(backoffMs * 2, 5000); }
  }
}
module.exports = { get };`,
      filename: 'file.js',
      output: `const { setTimeout: sleep } = require('node:timers/promises');
async function get(url) {
  let backoffMs = 100;
  for (let i = 0; i < 3; i++) {
    try { return await fetch(url); } catch (e) { await sleep(backoffMs * (0.5 + Math.random())); backoffMs = Math.min(backoffMs * 2, 5000); }
  }
}
module.exports = { get };`,
    }, 'backoffMs', 'sleep(backoffMs)'),
    // A TS cast around the delay is kept, in parentheses
    noJitter({
      code: `import { setTimeout as sleep } from 'node:timers/promises';
export async function f(url: string, base: unknown) { for (let n = 0; n < 3; n++) { try { return await fetch(url); } catch { await sleep((base as number) * 2 ** n); } } }`,
      output: `import { setTimeout as sleep } from 'node:timers/promises';
export async function f(url: string, base: unknown) { for (let n = 0; n < 3; n++) { try { return await fetch(url); } catch { await sleep(((base as number) * 2 ** n) * (0.5 + Math.random())); } } }`,
    }, '(base as number) * 2 ** n'),
    // --- No autofix: reported, suggestions only ---
    // The delay is computed by another function
    {
      code: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
function backoff(n: number) { return 100 * 2 ** n; }
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await sleep(backoff(i)); }
  }
}`,
      output: null,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'fullJitter', output: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
function backoff(n: number) { return 100 * 2 ** n; }
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await sleep(Math.random() * backoff(i)); }
  }
}` }] }],
    },
    // …or held in a variable computed by another function
    noJitter({
      code: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const backoff = (n: number) => 100 * 2 ** n;
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { const d = backoff(i); await sleep(d); }
  }
}`,
      output: null,
    }, 'd', 'sleep(d)'),
    // Retries until it works: the number of attempts is not fixed, so wait lengths could change it
    noJitter({
      code: `export async function f(url: string) {
  let delay = 100;
  while (true) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, delay)); delay *= 2; }
  }
}`,
      output: null,
    }, 'delay', 'r, delay)'),
    // A time budget: how long the waits are decides how many attempts run
    noJitter({
      code: `export async function f(url: string, deadline: number) {
  for (let i = 0; i < 6 && Date.now() < deadline; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, 100 * 2 ** i)); }
  }
}`,
      output: null,
    }, '100 * 2 ** i'),
    // Two waits (a Retry-After branch next to the backoff): which one to change is not clear-cut
    noJitter({
      code: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    const res = await fetch(url);
    if (res.ok) return res;
    const after = Number(res.headers.get('retry-after'));
    if (after) await sleep(after * 1000);
    else await sleep(200 * 2 ** i);
  }
}`,
      output: null,
    }, '200 * 2 ** i'),
    // A local Math that is not the global one
    noJitter({
      code: `const Math = { random: () => 0.5 };
export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, 100 * 2 ** i)); }
  }
}`,
      output: null,
    }, '100 * 2 ** i'),
    // Jitter alone does not fix a fixed interval: still reported, no autofix
    {
      code: `export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, 1000 * (0.5 + Math.random()))); }
  }
}`,
      output: null,
      errors: [{ messageId: 'fixedDelay', suggestions: [{ messageId: 'exponentialJitter', output: `export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, Math.random() * Math.min(30_000, (1000 * (0.5 + Math.random())) * 2 ** i))); }
  }
}` }] }],
    },
    {
      code: `export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, 1000)); }
  }
}`,
      output: null,
      errors: [{ messageId: 'fixedDelay', suggestions: [{ messageId: 'exponentialJitter', output: `export async function f(url: string) {
  for (let i = 0; i < 4; i++) {
    try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, Math.random() * Math.min(30_000, 1000 * 2 ** i))); }
  }
}` }] }],
    },
    // A library retry without jitter: a suggestion (it changes the library's options), no autofix
    {
      code: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { retries: 5 });`,
      output: null,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { retries: 5, randomize: true });` }] }],
    },
    // Linear growth without jitter: a suggestion, no autofix
    {
      code: `export async function f(url: string) { for (let attempt = 1; attempt <= 3; attempt++) { try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, attempt * 500)); } } }`,
      output: null,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'fullJitter', output: `export async function f(url: string) { for (let attempt = 1; attempt <= 3; attempt++) { try { return await fetch(url); } catch { await new Promise((r) => setTimeout(r, Math.random() * (attempt * 500))); } } }` }] }],
    },
    // while loop with a constant from a parameter (loop-invariant → fixed)
    {
      code: `export async function withRetry(url: string, delayMs: number) {
  let tries = 0;
  while (tries < 3) {
    try { return await fetch(url); } catch (e) { tries++; await new Promise((r) => setTimeout(r, delayMs)); }
  }
}`,
      errors: [{ messageId: 'fixedDelay', suggestions: [{ messageId: 'exponentialJitter', output: `export async function withRetry(url: string, delayMs: number) {
  let tries = 0;
  while (tries < 3) {
    try { return await fetch(url); } catch (e) { tries++; await new Promise((r) => setTimeout(r, Math.random() * Math.min(30_000, delayMs * 2 ** tries))); }
  }
}` }] }],
    },
    // do…while with a status check and a fixed sleep (plain JS), a countdown counter: no exponential suggestion
    {
      code: `async function f(url) {
  let retries = 3;
  let res;
  do {
    res = await fetch(url);
    if (res.ok) return res;
    await new Promise((r) => setTimeout(r, 2000));
  } while (--retries > 0);
  return res;
}`,
      filename: 'file.js',
      errors: [{ messageId: 'fixedDelay', suggestions: [] }],
    },
    // Recursion: `.catch(() => get(n - 1))` retries immediately
    {
      code: `export const get = (n: number): Promise<Response> => fetch('http://a.b/c').catch((e) => (n > 0 ? get(n - 1) : Promise.reject(e)));`,
      errors: [{ messageId: 'noDelay', suggestions: [] }],
    },
    // Recursion from a catch with a fixed delay
    {
      code: `export async function charge(retries = 3): Promise<Response> {
  try {
    return await fetch('http://pay/charge', { method: 'POST' });
  } catch (e) {
    if (retries <= 0) throw e;
    await new Promise((r) => setTimeout(r, 1000));
    return charge(retries - 1);
  }
}`,
      errors: [{ messageId: 'fixedDelay', line: 6, suggestions: [] }],
    },
    // Recursion through setTimeout scheduling with a fixed delay, attempt counting up
    {
      code: `export function poll(url: string, attempt = 0): void {
  fetch(url).catch(() => { if (attempt < 5) setTimeout(() => poll(url, attempt + 1), 500); });
}`,
      errors: [{ messageId: 'fixedDelay', suggestions: [{ messageId: 'exponentialJitter', output: `export function poll(url: string, attempt = 0): void {
  fetch(url).catch(() => { if (attempt < 5) setTimeout(() => poll(url, attempt + 1), Math.random() * Math.min(30_000, 500 * 2 ** attempt)); });
}` }] }],
    },
    // One level of same-file indirection: the loop calls a helper that makes the call
    {
      code: `async function chargeCard(amount: number) { return fetch('http://pay/charge', { method: 'POST', body: String(amount) }); }
export async function pay(amount: number) {
  for (let i = 0; i < 3; i++) {
    try { return await chargeCard(amount); } catch { await new Promise((r) => setTimeout(r, 300)); }
  }
}`,
      errors: [{ messageId: 'fixedDelay', line: 4, suggestions: [{ messageId: 'exponentialJitter', output: `async function chargeCard(amount: number) { return fetch('http://pay/charge', { method: 'POST', body: String(amount) }); }
export async function pay(amount: number) {
  for (let i = 0; i < 3; i++) {
    try { return await chargeCard(amount); } catch { await new Promise((r) => setTimeout(r, Math.random() * Math.min(30_000, 300 * 2 ** i))); }
  }
}` }] }],
    },
    // A same-file helper that retries whatever it is given
    {
      code: `async function withRetry<T>(fn: () => Promise<T>, retries = 3, base = 100): Promise<T> {
  for (let i = 0; ; i++) {
    try { return await fn(); } catch (e) { if (i >= retries) throw e; await new Promise((r) => setTimeout(r, base * 2 ** i)); }
  }
}
export const me = () => withRetry(() => fetch('http://users.internal/me'));`,
      output: `async function withRetry<T>(fn: () => Promise<T>, retries = 3, base = 100): Promise<T> {
  for (let i = 0; ; i++) {
    try { return await fn(); } catch (e) { if (i >= retries) throw e; await new Promise((r) => setTimeout(r, (base * 2 ** i) * (0.5 + Math.random()))); }
  }
}
export const me = () => withRetry(() => fetch('http://users.internal/me'));`,
      errors: [{ messageId: 'noJitter', line: 3, data: { retry: 'A hand-rolled for loop in withRetry()', target: 'users.internal', growth: 'exponentially', how: 'multiply the delay by `(0.5 + Math.random())` (keeps the average wait) or by `Math.random()` (full jitter), or use retry() from @breakwater/runtime (`npx breakwater fix` replaces hand-rolled loops)' }, suggestions: [{ messageId: 'fullJitter', output: `async function withRetry<T>(fn: () => Promise<T>, retries = 3, base = 100): Promise<T> {
  for (let i = 0; ; i++) {
    try { return await fn(); } catch (e) { if (i >= retries) throw e; await new Promise((r) => setTimeout(r, Math.random() * (base * 2 ** i))); }
  }
}
export const me = () => withRetry(() => fetch('http://users.internal/me'));` }] }],
    },
    // A class method that loops around got, with maxDelayMs changing the cap
    {
      code: `import got from 'got';
class Client {
  async get(url: string) {
    for (let i = 0; i < 3; i++) {
      try { return await got(url, { retry: { limit: 0 } }); } catch { await new Promise<void>((r) => setTimeout(r, 250)); }
    }
  }
}`,
      options: [{ maxDelayMs: 5000 }],
      errors: [{ messageId: 'fixedDelay', suggestions: [{ messageId: 'exponentialJitter', output: `import got from 'got';
class Client {
  async get(url: string) {
    for (let i = 0; i < 3; i++) {
      try { return await got(url, { retry: { limit: 0 } }); } catch { await new Promise<void>((r) => setTimeout(r, Math.random() * Math.min(5_000, 250 * 2 ** i))); }
    }
  }
}` }] }],
    },
    // p-retry: exponential without jitter by default
    {
      code: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { retries: 5 });`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { retries: 5, randomize: true });` }] }],
    },
    {
      code: `import pRetry from 'p-retry'; await pRetry(async () => fetch('http://a.b/c'));`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import pRetry from 'p-retry'; await pRetry(async () => fetch('http://a.b/c'), { randomize: true });` }] }],
    },
    {
      code: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { randomize: false });`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { randomize: true });` }] }],
    },
    // Options in a variable, and TS-only syntax around them: reported, without an edit to a shared object
    {
      code: `import pRetry, { type Options } from 'p-retry'; const options = { retries: 3 } satisfies Options; export const get = () => pRetry(() => fetch('http://a.b/c'), options);`,
      errors: [{ messageId: 'noJitter', suggestions: [] }],
    },
    {
      code: `import pRetry from 'p-retry'; export const get = () => pRetry(() => fetch('http://a.b/c'), { retries: 3 } as const);`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import pRetry from 'p-retry'; export const get = () => pRetry(() => fetch('http://a.b/c'), { retries: 3, randomize: true } as const);` }] }],
    },
    // p-retry with factor 1 is a fixed delay; makeRetriable through CJS require
    { code: `import pRetry from 'p-retry'; await pRetry(() => fetch('http://a.b/c'), { factor: 1, randomize: true });`, errors: [{ messageId: 'fixedDelay', suggestions: [] }] },
    {
      code: `const { makeRetriable } = require('p-retry'); const get = makeRetriable((u) => fetch(u), { retries: 2 }); get('http://a.b');`,
      filename: 'file.js',
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `const { makeRetriable } = require('p-retry'); const get = makeRetriable((u) => fetch(u), { retries: 2, randomize: true }); get('http://a.b');` }] }],
    },
    // async-retry with randomize turned off
    {
      code: `import retry from 'async-retry'; await retry(async () => fetch('http://a.b/c'), { retries: 3, randomize: false });`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import retry from 'async-retry'; await retry(async () => fetch('http://a.b/c'), { retries: 3, randomize: true });` }] }],
    },
    // axios-retry: no retryDelay means no wait; linearDelay has no jitter
    {
      code: `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios, { retries: 3 }); axios.get('/x');`,
      errors: [{ messageId: 'noDelay', suggestions: [{ messageId: 'libraryJitter', output: `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios, { retries: 3, retryDelay: axiosRetry.exponentialDelay }); axios.get('/x');` }] }],
    },
    {
      code: `import axios from 'axios'; import axiosRetry from 'axios-retry'; const api = axios.create(); axiosRetry(api, { retryDelay: axiosRetry.linearDelay(500) }); api.get('/x');`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import axios from 'axios'; import axiosRetry from 'axios-retry'; const api = axios.create(); axiosRetry(api, { retryDelay: axiosRetry.exponentialDelay }); api.get('/x');` }] }],
    },
    {
      code: `const axios = require('axios'); const axiosRetry = require('axios-retry'); axiosRetry(axios); axios.post('/x', {});`,
      filename: 'file.js',
      errors: [{ messageId: 'noDelay', suggestions: [{ messageId: 'libraryJitter', output: `const axios = require('axios'); const axiosRetry = require('axios-retry'); axiosRetry(axios, { retryDelay: axiosRetry.exponentialDelay }); axios.post('/x', {});` }] }],
    },
    // cockatiel: no backoff → no wait; ConstantBackoff → fixed
    {
      code: `import { retry, handleAll, ExponentialBackoff } from 'cockatiel'; const r = retry(handleAll, { maxAttempts: 3 }); r.execute(() => fetch('http://a.b'));`,
      errors: [{ messageId: 'noDelay', suggestions: [{ messageId: 'libraryJitter', output: `import { retry, handleAll, ExponentialBackoff } from 'cockatiel'; const r = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }); r.execute(() => fetch('http://a.b'));` }] }],
    },
    {
      code: `import { retry, handleWhen, ConstantBackoff, wrap } from 'cockatiel'; const p = wrap(retry(handleWhen(() => true), { maxAttempts: 2, backoff: new ConstantBackoff(1000) })); p.execute(() => fetch('http://a.b'));`,
      errors: [{ messageId: 'fixedDelay', suggestions: [] }],
    },
    {
      code: `import { retry, handleAll, ExponentialBackoff, noJitterGenerator } from 'cockatiel'; const r = retry(handleAll, { backoff: new ExponentialBackoff({ generator: noJitterGenerator }) }); r.execute(() => fetch('http://a.b'));`,
      errors: [{ messageId: 'noJitter', suggestions: [] }],
    },
    // superagent .retry() never waits
    { code: `import request from 'superagent'; await request.get('http://a.b').retry(3);`, errors: [{ messageId: 'noDelay', suggestions: [] }] },
    // ky with a configured retry and no jitter
    {
      code: `import ky from 'ky'; await ky.get('http://a.b', { retry: 4 });`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import ky from 'ky'; await ky.get('http://a.b', { retry: { limit: 4, jitter: true } });` }] }],
    },
    // Breakwater runtime asked for no jitter
    {
      code: `import { retry } from '@breakwater/runtime'; const r = retry({ maxAttempts: 4, jitter: 'none' }); await r.execute(() => fetch('http://a.b'));`,
      errors: [{ messageId: 'noJitter', suggestions: [{ messageId: 'libraryJitter', output: `import { retry } from '@breakwater/runtime'; const r = retry({ maxAttempts: 4, jitter: 'full' }); await r.execute(() => fetch('http://a.b'));` }] }],
    },
    // ofetch with an explicit fixed retryDelay
    { code: `import { ofetch } from 'ofetch'; await ofetch('http://a.b', { retry: 3, retryDelay: 500 });`, errors: [{ messageId: 'fixedDelay', suggestions: [] }] },
  ],
});
