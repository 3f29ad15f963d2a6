// The effective timeout of each call, per PRODUCT §2's facts about every client.
import { expectFields, onlyCall } from './support.js';

interface Case {
  name: string;
  code: string;
  file?: string;
  expect: { timeout: string; ms?: number | null; source?: string | null };
}

const cases: Case[] = [
  // fetch
  { name: 'fetch without a signal', code: `fetch('/x');`, expect: { timeout: 'missing', ms: null, source: null } },
  { name: 'fetch with AbortSignal.timeout', code: `fetch('/x', { signal: AbortSignal.timeout(2500) });`, expect: { timeout: 'bounded', ms: 2500, source: 'signal' } },
  { name: 'fetch with AbortSignal.timeout(5 * 1000)', code: `fetch('/x', { signal: AbortSignal.timeout(5 * 1000) });`, expect: { timeout: 'bounded', ms: 5000, source: 'signal' } },
  { name: 'fetch with a const ms', code: `const TIMEOUT_MS = 1_500; fetch('/x', { signal: AbortSignal.timeout(TIMEOUT_MS) });`, expect: { timeout: 'bounded', ms: 1500 } },
  { name: 'fetch with AbortSignal.any', code: `export function f(s: AbortSignal) { return fetch('/x', { signal: AbortSignal.any([s, AbortSignal.timeout(800)]) }); }`, expect: { timeout: 'bounded', ms: 800, source: 'signal' } },
  { name: 'fetch with a signal const', code: `const signal = AbortSignal.timeout(700); fetch('/x', { signal });`, expect: { timeout: 'bounded', ms: 700 } },
  { name: 'fetch with a controller aborted by setTimeout', code: `const ac = new AbortController(); const t = setTimeout(() => ac.abort(), 900); fetch('/x', { signal: ac.signal });`, expect: { timeout: 'bounded', ms: 900, source: 'signal' } },
  { name: 'fetch with a controller never aborted on a timer', code: `const ac = new AbortController(); fetch('/x', { signal: ac.signal });`, expect: { timeout: 'unknown' } },
  { name: 'fetch with a signal parameter', code: `export function f(signal: AbortSignal) { return fetch('/x', { signal }); }`, expect: { timeout: 'unknown' } },
  { name: 'fetch with a spread that may hold a signal', code: `export function f(o: RequestInit) { return fetch('/x', { ...o, method: 'GET' }); }`, expect: { timeout: 'unknown' } },
  { name: 'fetch with a spread of a known object', code: `const base = { signal: AbortSignal.timeout(1200) }; fetch('/x', { ...base });`, expect: { timeout: 'bounded', ms: 1200 } },
  { name: 'node-fetch timeout option is ignored in v3', code: `import fetch from 'node-fetch'; fetch('/x', { timeout: 1000 });`, expect: { timeout: 'ineffective', ms: 1000, source: 'call' } },
  { name: 'undici fetch with a dispatcher bounding both timers', code: `import { fetch, Agent } from 'undici'; fetch('/x', { dispatcher: new Agent({ headersTimeout: 2000, bodyTimeout: 3000 }) });`, expect: { timeout: 'bounded', ms: 3000 } },
  // undici
  { name: 'undici request: default 300 s timers', code: `import { request } from 'undici'; request('/x');`, expect: { timeout: 'missing' } },
  { name: 'undici request: both timers', code: `import { request } from 'undici'; request('/x', { headersTimeout: 2000, bodyTimeout: 4000 });`, expect: { timeout: 'bounded', ms: 4000, source: 'call' } },
  { name: 'undici request: one timer leaves the other at 300 s', code: `import { request } from 'undici'; request('/x', { headersTimeout: 2000 });`, expect: { timeout: 'bounded', ms: 300000 } },
  { name: 'undici request: 0 disables', code: `import { request } from 'undici'; request('/x', { headersTimeout: 0, bodyTimeout: 1000 });`, expect: { timeout: 'disabled' } },
  { name: 'undici Client defaults count', code: `import { Client } from 'undici'; const c = new Client('http://a.b', { headersTimeout: 1000, bodyTimeout: 1000 }); c.request({ path: '/', method: 'GET' });`, expect: { timeout: 'bounded', ms: 1000, source: 'instance' } },
  // axios
  { name: 'axios: no timeout by default', code: `import axios from 'axios'; axios.get('/x');`, expect: { timeout: 'missing' } },
  { name: 'axios: timeout 0 is disabled', code: `import axios from 'axios'; axios.get('/x', { timeout: 0 });`, expect: { timeout: 'disabled', source: 'call' } },
  { name: 'axios: call timeout', code: `import axios from 'axios'; axios.post('/x', {}, { timeout: 1234 });`, expect: { timeout: 'bounded', ms: 1234, source: 'call' } },
  { name: 'axios: instance default', code: `import axios from 'axios'; const api = axios.create({ timeout: 3000 }); api.get('/x');`, expect: { timeout: 'bounded', ms: 3000, source: 'instance' } },
  { name: 'axios: call overrides the instance', code: `import axios from 'axios'; const api = axios.create({ timeout: 3000 }); api.get('/x', { timeout: 0 });`, expect: { timeout: 'disabled', source: 'call' } },
  { name: 'axios: instance.defaults.timeout assignment', code: `import axios from 'axios'; const api = axios.create(); api.defaults.timeout = 2500; api.get('/x');`, expect: { timeout: 'bounded', ms: 2500, source: 'instance' } },
  { name: 'axios: module defaults apply to instances too', code: `import axios from 'axios'; axios.defaults.timeout = 4000; const api = axios.create(); api.get('/x');`, expect: { timeout: 'bounded', ms: 4000, source: 'instance' } },
  { name: 'axios: a signal and a timeout, the tighter wins', code: `import axios from 'axios'; axios.get('/x', { timeout: 9000, signal: AbortSignal.timeout(2000) });`, expect: { timeout: 'bounded', ms: 2000, source: 'signal' } },
  { name: 'axios: timeout from a variable of unknown value', code: `import axios from 'axios'; export function f(t: number) { return axios.get('/x', { timeout: t }); }`, expect: { timeout: 'unknown' } },
  { name: 'axios: config in a const with spread', code: `import axios from 'axios'; const defaults = { timeout: 2000 }; const cfg = { ...defaults, headers: {} }; axios.get('/x', cfg);`, expect: { timeout: 'bounded', ms: 2000, source: 'call' } },
  // got
  { name: 'got: none by default', code: `import got from 'got'; got('/x');`, expect: { timeout: 'missing' } },
  { name: 'got: timeout.request', code: `import got from 'got'; got('/x', { timeout: { request: 3000 } });`, expect: { timeout: 'bounded', ms: 3000, source: 'call' } },
  { name: 'got: phase timeouts only', code: `import got from 'got'; got('/x', { timeout: { connect: 100, response: 2000 } });`, expect: { timeout: 'ineffective' } },
  { name: 'got: numeric timeout is rejected by got ≥ 12', code: `import got from 'got'; got('/x', { timeout: 2000 });`, expect: { timeout: 'ineffective', ms: 2000 } },
  { name: 'got: extend defaults, nested extend', code: `import got from 'got'; const a = got.extend({ timeout: { request: 2000 } }); const b = a.extend({ prefixUrl: 'http://x.internal' }); b.get('y');`, expect: { timeout: 'bounded', ms: 2000, source: 'instance' } },
  // ky
  { name: 'ky: 10 s default', code: `import ky from 'ky'; ky.get('/x');`, expect: { timeout: 'bounded', ms: 10000, source: 'client-default' } },
  { name: 'ky: timeout false', code: `import ky from 'ky'; ky.get('/x', { timeout: false });`, expect: { timeout: 'disabled', source: 'call' } },
  { name: 'ky: instance timeout', code: `import ky from 'ky'; const api = ky.create({ timeout: 60000 }); api.get('/x');`, expect: { timeout: 'bounded', ms: 60000, source: 'instance' } },
  { name: 'ky: instance timeout false via extend', code: `import ky from 'ky'; const api = ky.extend({ timeout: false }); api.get('/x');`, expect: { timeout: 'disabled', source: 'instance' } },
  // node:http
  { name: 'node:http: none', code: `import http from 'node:http'; http.get('http://a.b');`, expect: { timeout: 'missing' } },
  { name: 'node:http: timeout option is only an idle timer', code: `import http from 'node:http'; http.request({ host: 'a.b', timeout: 500 });`, expect: { timeout: 'ineffective', ms: 500, source: 'call' } },
  { name: 'node:http: signal', code: `import http from 'node:http'; http.request('http://a.b', { signal: AbortSignal.timeout(400) });`, expect: { timeout: 'bounded', ms: 400, source: 'signal' } },
  { name: 'node:http: setTimeout + destroy', code: `import http from 'node:http'; const req = http.request('http://a.b'); req.setTimeout(300, () => { req.destroy(new Error('timeout')); });`, expect: { timeout: 'bounded', ms: 300, source: 'call' } },
  { name: "node:http: 'timeout' event + destroy", code: `import https from 'https'; const req = https.request({ host: 'a.b', timeout: 250 }); req.on('timeout', () => req.destroy());`, expect: { timeout: 'bounded', ms: 250 } },
  { name: "node:http: 'timeout' event without destroy", code: `import https from 'https'; const req = https.request({ host: 'a.b', timeout: 250 }); req.on('timeout', () => console.log('slow'));`, expect: { timeout: 'ineffective' } },
  // superagent
  { name: 'superagent: none', code: `import request from 'superagent'; request.get('/x');`, expect: { timeout: 'missing' } },
  { name: 'superagent: .timeout(ms)', code: `import request from 'superagent'; request.get('/x').timeout(2000).set('a', 'b');`, expect: { timeout: 'bounded', ms: 2000, source: 'chain' } },
  { name: 'superagent: deadline', code: `import request from 'superagent'; request.get('/x').timeout({ response: 500, deadline: 3000 });`, expect: { timeout: 'bounded', ms: 3000, source: 'chain' } },
  { name: 'superagent: response only', code: `import request from 'superagent'; request.get('/x').timeout({ response: 500 });`, expect: { timeout: 'ineffective', source: 'chain' } },
  // ofetch
  { name: 'ofetch: none', code: `import { ofetch } from 'ofetch'; ofetch('/x');`, expect: { timeout: 'missing' } },
  { name: 'ofetch: timeout', code: `import { ofetch } from 'ofetch'; ofetch('/x', { timeout: 1500 });`, expect: { timeout: 'bounded', ms: 1500, source: 'call' } },
  { name: 'ofetch: timeout ignored beside a signal', code: `import { ofetch } from 'ofetch'; export const f = (s: AbortSignal) => ofetch('/x', { timeout: 1500, signal: s });`, expect: { timeout: 'ineffective', ms: 1500 } },
  { name: 'ofetch: instance timeout', code: `import { ofetch } from 'ofetch'; const api = ofetch.create({ timeout: 2500 }); api('/x');`, expect: { timeout: 'bounded', ms: 2500, source: 'instance' } },
  // guards that bound time
  { name: 'inside a Breakwater policy with timeoutMs', code: `import { policy } from '@breakwater/runtime'; const p = policy('payments', { timeoutMs: 2000 }); p.execute(({ signal }) => fetch('/x', { signal }));`, expect: { timeout: 'bounded', ms: 2000, source: 'policy' } },
  { name: "inside a Breakwater policy with the runtime's default timeout", code: `import { policy } from '@breakwater/runtime'; const p = policy('payments', {}); p.execute(() => fetch('/x'));`, expect: { timeout: 'bounded', ms: 10000, source: 'policy' } },
  { name: 'inside a policy with timeoutMs: false', code: `import { policy } from '@breakwater/runtime'; const p = policy('payments', { timeoutMs: false }); p.execute(() => fetch('/x'));`, expect: { timeout: 'missing' } },
  { name: 'a policy tighter than the call', code: `import axios from 'axios'; import { policy } from '@breakwater/runtime'; const p = policy('payments', { timeoutMs: 1000 }); p.execute(() => axios.get('/x', { timeout: 5000 }));`, expect: { timeout: 'bounded', ms: 1000, source: 'policy' } },
  { name: 'a call tighter than the policy', code: `import axios from 'axios'; import { policy } from '@breakwater/runtime'; const p = policy('payments', { timeoutMs: 9000 }); p.execute(() => axios.get('/x', { timeout: 500 }));`, expect: { timeout: 'bounded', ms: 500, source: 'call' } },
  { name: 'a policy from the policy module', code: `import { payments } from '../policies.js'; payments.execute(() => fetch('/x'));`, expect: { timeout: 'bounded', ms: null, source: 'policy' } },
  { name: 'a policy re-exported through a local module, used in another function', code: `import * as p from './resilience'; async function pay() { return fetch('/pay'); } export const run = () => p.payments.execute(pay);`, expect: { timeout: 'bounded', source: 'policy' } },
  { name: 'runtime timeout() policy', code: `import { timeout } from '@breakwater/runtime'; timeout(750).execute(({ signal }) => fetch('/x', { signal }));`, expect: { timeout: 'bounded', ms: 750, source: 'policy' } },
  { name: 'opossum default 10 s', code: `import CircuitBreaker from 'opossum'; new CircuitBreaker(() => fetch('/x'));`, expect: { timeout: 'bounded', ms: 10000, source: 'policy' } },
  { name: 'opossum timeout: false', code: `import CircuitBreaker from 'opossum'; new CircuitBreaker(() => fetch('/x'), { timeout: false });`, expect: { timeout: 'missing' } },
  { name: 'cockatiel timeout in a wrap', code: `import { wrap, timeout, TimeoutStrategy, bulkhead } from 'cockatiel'; wrap(bulkhead(2), timeout(1500, TimeoutStrategy.Cooperative)).execute(({ signal }) => fetch('/x', { signal }));`, expect: { timeout: 'bounded', ms: 1500, source: 'policy' } },
];

const declared = { wrappers: [{ from: 'package' as const, package: '@acme/guard', name: 'withTimeout', provides: ['timeout' as const] }] };

describe('analysis: effective timeouts', () => {
  for (const c of cases) {
    it(c.name, () => {
      const expected: Record<string, unknown> = { timeout: c.expect.timeout };
      if ('ms' in c.expect) expected['ms'] = c.expect.ms;
      if ('source' in c.expect) expected['source'] = c.expect.source;
      expectFields(onlyCall(c.code, c.file), expected);
    });
  }

  it('a declared wrapper that provides a timeout', () => {
    expectFields(onlyCall(`import { withTimeout } from '@acme/guard'; withTimeout(() => fetch('/x'));`, 'a.ts', declared), { timeout: 'bounded', ms: null, source: 'wrapper' });
  });

  it('a declared wrapper only counts for the package it names', () => {
    expectFields(onlyCall(`import { withTimeout } from '@other/guard'; withTimeout(() => fetch('/x'));`, 'a.ts', declared), { timeout: 'missing' });
  });
});
