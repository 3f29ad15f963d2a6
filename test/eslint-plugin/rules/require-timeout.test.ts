import plugin from 'eslint-plugin-breakwater';
import { ruleTester } from '../support/rule-tester.js';

const rule = plugin.rules['require-timeout'];

ruleTester.run('require-timeout', rule, {
  valid: [
    // fetch and signals
    `fetch('https://payments.internal/charge', { signal: AbortSignal.timeout(5000) });`,
    `export async function f(ctrl: AbortController) { return fetch('/x', { signal: AbortSignal.any([ctrl.signal, AbortSignal.timeout(3000)]) }); }`,
    `const signal = AbortSignal.timeout(2000); fetch('http://a.b/c', { signal });`,
    `const c = new AbortController(); setTimeout(() => c.abort(), 4000); fetch('http://a.b/c', { signal: c.signal });`,
    `globalThis.fetch('http://a.b/c', { method: 'POST', signal: AbortSignal.timeout(1000) });`,
    { code: `import fetch from 'node-fetch'; fetch('http://a.b', { signal: AbortSignal.timeout(1000) });`, filename: 'file.mjs' },
    // axios: call config, instance defaults, module defaults, TS-only syntax
    `import axios from 'axios'; axios.get('http://a.b', { timeout: 5000 });`,
    `import axios from 'axios'; const api = axios.create({ timeout: 2000 }); export const f = (b: unknown) => api.post('/x', b);`,
    `import axios from 'axios'; axios.defaults.timeout = 4000; axios.get('/x');`,
    { code: `const axios = require('axios'); axios.get(url, { timeout: 1000 });`, filename: 'file.js' },
    `import axios, { type AxiosRequestConfig } from 'axios'; axios.get('/x', { timeout: 1000 } satisfies AxiosRequestConfig);`,
    `import axios from 'axios'; const base = { timeout: 3000 }; axios.get('/x', { ...base, params: { a: 1 } });`,
    // got, ky
    `import got from 'got'; await got.post('http://orders.internal', { json: {}, timeout: { request: 3000 } });`,
    `import got from 'got'; const client = got.extend({ prefixUrl: 'http://orders.internal', timeout: { request: 2000 } }); client.get('items');`,
    `import ky from 'ky'; ky.get('http://a.b').json<{ id: string }>();`,
    `import ky from 'ky'; ky.post('http://a.b', { timeout: 20000 });`,
    // node:http(s)
    `import https from 'node:https'; https.request('https://a.b', { signal: AbortSignal.timeout(3000) });`,
    `import * as http from 'http'; const req = http.get('http://a.b'); req.setTimeout(2000, () => req.destroy());`,
    `import http from 'node:http'; const req = http.request({ hostname: 'a.b', timeout: 2000 }); req.on('timeout', () => req.destroy());`,
    // undici
    `import { request } from 'undici'; await request('http://a.b', { headersTimeout: 5000, bodyTimeout: 5000 });`,
    `import { Client } from 'undici'; const client = new Client('http://inventory.internal', { headersTimeout: 1000, bodyTimeout: 1000 }); client.request({ path: '/', method: 'GET' });`,
    // superagent, ofetch
    `import request from 'superagent'; request.get('http://a.b').set('Accept', 'json').timeout(5000);`,
    `import superagent from 'superagent'; superagent.post('http://a.b').timeout({ deadline: 10000, response: 2000 });`,
    `import { ofetch } from 'ofetch'; ofetch('http://a.b', { timeout: 3000 });`,
    `import { ofetch } from 'ofetch'; const api = ofetch.create({ baseURL: 'http://a.b', timeout: 2000 }); api('/x');`,
    // look-alikes
    `function fetch(x: string) { return x; } fetch('http://a.b');`,
    { code: `var fetch = function (u) { return u; };\nfetch('http://a.b');`, filename: 'file.cjs', languageOptions: { parserOptions: { sourceType: 'script' } } },
    `export function f(fetch: (u: string) => void) { fetch('/x'); }`,
    `const map = new Map(); map.get('http://a.b'); const store = { fetch() {} }; store.fetch(); const cache = { request() {} }; cache.request();`,
    `import { get } from 'lodash'; get({}, 'a');`,
    // guards that bound time
    `import { policy } from '@breakwater/runtime'; const payments = policy('payments', { timeoutMs: 2000 }); payments.execute(({ signal }) => fetch('/x', { signal }));`,
    `import { payments } from './policies'; export const pay = () => payments.execute(({ signal }) => fetch('/pay', { signal }));`,
    `import CircuitBreaker from 'opossum'; const breaker = new CircuitBreaker(() => fetch('http://a.b')); breaker.fire();`,
    `import axios from 'axios'; import { wrap, timeout, TimeoutStrategy, circuitBreaker, handleAll, ConsecutiveBreaker } from 'cockatiel'; const p = wrap(timeout(2000, TimeoutStrategy.Aggressive), circuitBreaker(handleAll, { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) })); p.execute(() => axios.get('/x'));`,
    {
      code: `import { withPolicy } from '@acme/resilience'; withPolicy(() => fetch('http://a.b'));`,
      settings: { breakwater: { wrappers: [{ from: 'package', package: '@acme/resilience', name: 'withPolicy', provides: ['timeout'] }] } },
    },
    // options, unknown by default, and ignored clients
    `export function f(init: RequestInit) { return fetch('/x', init); }`,
    { code: `import axios from 'axios'; axios.get('/x', { timeout: 45000 });`, options: [{ maxMs: 60000 }] },
    { code: `import request from 'superagent'; request.get('/x');`, options: [{ ignoreClients: ['superagent'] }] },
  ],
  invalid: [
    {
      code: `fetch('https://payments.internal/charge');`,
      errors: [{ messageId: 'missing', line: 1, column: 1, endColumn: 6, suggestions: [{ messageId: 'addSignal', data: { ms: '5000' }, output: `fetch('https://payments.internal/charge', { signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `export const f = (u: string, body: string) => fetch(u, { method: 'POST', body });`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addSignal', output: `export const f = (u: string, body: string) => fetch(u, { method: 'POST', body, signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `globalThis.fetch('http://a.b');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addSignal', output: `globalThis.fetch('http://a.b', { signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      // Options from a variable: the report only, no edit of a shared object.
      code: `const init = { method: 'POST' }; fetch('http://a.b', init);`,
      errors: [{ messageId: 'missing', suggestions: [] }],
    },
    {
      code: `import axios from 'axios';\naxios.get('http://a.b');`,
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios';\naxios.get('http://a.b', { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; axios.post('/x', { id: 1 });`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; axios.post('/x', { id: 1 }, { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; axios.post('/x');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; axios.post('/x', undefined, { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; axios.get('/x', { timeout: 0 });`,
      errors: [{ messageId: 'disabled', suggestions: [{ messageId: 'setTimeoutValue', output: `import axios from 'axios'; axios.get('/x', { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; const api = axios.create({ baseURL: 'http://orders.internal' }); api.get('/x');`,
      errors: [{ messageId: 'missing', column: 93, suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; const api = axios.create({ baseURL: 'http://orders.internal' }); api.get('/x', { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; axios({ url: '/x', method: 'post' });`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; axios({ url: '/x', method: 'post', timeout: 5000 });` }] }],
    },
    {
      code: `import * as ax from 'axios'; ax.default.get('/x');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addAxiosTimeout', output: `import * as ax from 'axios'; ax.default.get('/x', { timeout: 5000 });` }] }],
    },
    {
      code: `const { get } = require('axios');\nget(url);`,
      filename: 'file.js',
      errors: [{ messageId: 'missing', line: 2, suggestions: [{ messageId: 'addAxiosTimeout', output: `const { get } = require('axios');\nget(url, { timeout: 5000 });` }] }],
    },
    {
      code: `import got from 'got'; got('http://a.b');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addGotTimeout', output: `import got from 'got'; got('http://a.b', { timeout: { request: 5000 } });` }] }],
    },
    {
      code: `import got from 'got'; got('http://a.b', { timeout: { response: 1000 } });`,
      errors: [{ messageId: 'ineffective', suggestions: [{ messageId: 'addGotTimeout', output: `import got from 'got'; got('http://a.b', { timeout: { response: 1000, request: 5000 } });` }] }],
    },
    {
      code: `import got from 'got'; got.post('http://a.b', { timeout: 1000 });`,
      errors: [{ messageId: 'ineffective', suggestions: [{ messageId: 'addGotTimeout', output: `import got from 'got'; got.post('http://a.b', { timeout: { request: 5000 } });` }] }],
    },
    {
      code: `import ky from 'ky'; ky.get('http://a.b', { timeout: false });`,
      errors: [
        {
          messageId: 'disabled',
          suggestions: [
            { messageId: 'removeKyTimeoutFalse', output: `import ky from 'ky'; ky.get('http://a.b', {});` },
            { messageId: 'addKyTimeout', output: `import ky from 'ky'; ky.get('http://a.b', { timeout: 5000 });` },
          ],
        },
      ],
    },
    {
      code: `import http from 'node:http'; http.request({ hostname: 'a.b', timeout: 1000 });`,
      errors: [{ messageId: 'ineffective', suggestions: [{ messageId: 'addSignal', output: `import http from 'node:http'; http.request({ hostname: 'a.b', timeout: 1000, signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `import https from 'node:https'; https.get(url, (res) => res.resume());`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addSignal', output: `import https from 'node:https'; https.get(url, { signal: AbortSignal.timeout(5000) }, (res) => res.resume());` }] }],
    },
    {
      code: `const { request } = require('node:https');\nrequest(url);`,
      filename: 'file.cjs',
      errors: [{ messageId: 'missing', line: 2, suggestions: [{ messageId: 'addSignal', output: `const { request } = require('node:https');\nrequest(url, { signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `import { request } from 'undici'; request('http://a.b');`,
      errors: [
        {
          messageId: 'missing',
          suggestions: [
            { messageId: 'addSignal', output: `import { request } from 'undici'; request('http://a.b', { signal: AbortSignal.timeout(5000) });` },
            { messageId: 'addUndiciTimers', output: `import { request } from 'undici'; request('http://a.b', { headersTimeout: 5000, bodyTimeout: 5000 });` },
          ],
        },
      ],
    },
    {
      // Only one timer set: the body may still stall for undici's 300 s default.
      code: `import { request } from 'undici'; request('http://a.b', { headersTimeout: 2000 });`,
      errors: [
        {
          messageId: 'tooLong',
          data: { label: 'request', ms: '300000', maxMs: '30000', target: 'a' },
          suggestions: [
            { messageId: 'addSignal', output: `import { request } from 'undici'; request('http://a.b', { headersTimeout: 2000, signal: AbortSignal.timeout(5000) });` },
            { messageId: 'addUndiciTimer', output: `import { request } from 'undici'; request('http://a.b', { headersTimeout: 2000, bodyTimeout: 5000 });` },
          ],
        },
      ],
    },
    {
      code: `import { fetch as undiciFetch } from 'undici'; undiciFetch('http://a.b');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addSignal', output: `import { fetch as undiciFetch } from 'undici'; undiciFetch('http://a.b', { signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `import request from 'superagent'; request.post('http://a.b').send({ a: 1 });`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addSuperagentTimeout', output: `import request from 'superagent'; request.post('http://a.b').send({ a: 1 }).timeout(5000);` }] }],
    },
    {
      code: `import request from 'superagent'; request.get('http://a.b').timeout({ response: 1000 });`,
      errors: [{ messageId: 'ineffective', suggestions: [{ messageId: 'addSuperagentTimeout', output: `import request from 'superagent'; request.get('http://a.b').timeout({ response: 1000, deadline: 5000 });` }] }],
    },
    {
      code: `import { ofetch } from 'ofetch'; ofetch('/api/x');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addOfetchTimeout', output: `import { ofetch } from 'ofetch'; ofetch('/api/x', { timeout: 5000 });` }] }],
    },
    {
      code: `import { ofetch } from 'ofetch'; export const f = (signal: AbortSignal) => ofetch('/x', { timeout: 1000, signal });`,
      errors: [{ messageId: 'ineffective', suggestions: [{ messageId: 'combineSignal', output: `import { ofetch } from 'ofetch'; export const f = (signal: AbortSignal) => ofetch('/x', { timeout: 1000, signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });` }] }],
    },
    {
      code: `$fetch('/api/items');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addOfetchTimeout', output: `$fetch('/api/items', { timeout: 5000 });` }] }],
    },
    {
      code: `import fetch from 'node-fetch'; fetch('http://a.b', { timeout: 1000 });`,
      errors: [{ messageId: 'ineffective', suggestions: [{ messageId: 'addSignal', output: `import fetch from 'node-fetch'; fetch('http://a.b', { timeout: 1000, signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `fetch('http://a.b', { signal: AbortSignal.timeout(60000) });`,
      errors: [{ messageId: 'tooLong', data: { ms: '60000', maxMs: '30000', label: 'fetch', target: 'a' }, suggestions: [{ messageId: 'setTimeoutValue', output: `fetch('http://a.b', { signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `import axios from 'axios'; const slow = axios.create({ timeout: 120000 }); slow.get('/report');`,
      errors: [{ messageId: 'tooLong', suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; const slow = axios.create({ timeout: 120000 }); slow.get('/report', { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; axios?.get('/x');`,
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; axios?.get('/x', { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; const api = axios.create(); api!.get('/x'); (axios as typeof axios).delete('/y');`,
      errors: [
        { messageId: 'missing', column: 56, suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; const api = axios.create(); api!.get('/x', { timeout: 5000 }); (axios as typeof axios).delete('/y');` }] },
        { messageId: 'missing', column: 72, suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios'; const api = axios.create(); api!.get('/x'); (axios as typeof axios).delete('/y', { timeout: 5000 });` }] },
      ],
    },
    {
      code: `import axios from 'axios';\nclass Inventory {\n  private http = axios.create({ baseURL: 'http://inventory.internal' });\n  list() { return this.http.get<string[]>('/items'); }\n}`,
      errors: [{ messageId: 'missing', line: 4, suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios';\nclass Inventory {\n  private http = axios.create({ baseURL: 'http://inventory.internal' });\n  list() { return this.http.get<string[]>('/items', { timeout: 5000 }); }\n}` }] }],
    },
    {
      code: `import { http } from '@acme/http'; http.get('/x');`,
      settings: { breakwater: { clients: [{ from: 'package', package: '@acme/http', name: 'http', kind: 'axios' }] } },
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addAxiosTimeout', output: `import { http } from '@acme/http'; http.get('/x', { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; axios.get('/x', { timeout: 20000 });`,
      options: [{ maxMs: 10000 }],
      errors: [{ messageId: 'tooLong', data: { maxMs: '10000', ms: '20000', label: 'axios.get', target: 'the remote service' }, suggestions: [{ messageId: 'setTimeoutValue', output: `import axios from 'axios'; axios.get('/x', { timeout: 5000 });` }] }],
    },
    {
      code: `import axios from 'axios'; axios.get('/x', { timeout: 20000 });`,
      options: [{ maxMs: 10000, suggestMs: 2500 }],
      errors: [{ messageId: 'tooLong', suggestions: [{ messageId: 'setTimeoutValue', output: `import axios from 'axios'; axios.get('/x', { timeout: 2500 });` }] }],
    },
    {
      code: `export function f(init: RequestInit) { return fetch('/x', init); }`,
      options: [{ reportUnknown: true }],
      errors: [{ messageId: 'unknown', suggestions: [] }],
    },
    {
      // fetch declared as a global by the configuration (languageOptions.globals) is still the real one.
      code: `fetch('http://a.b');`,
      languageOptions: { globals: { fetch: 'readonly' } },
      errors: [{ messageId: 'missing', suggestions: [{ messageId: 'addSignal', output: `fetch('http://a.b', { signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `const fetchLater = fetch;\nfetchLater('http://a.b');`,
      filename: 'file.js',
      errors: [{ messageId: 'missing', line: 2, suggestions: [{ messageId: 'addSignal', output: `const fetchLater = fetch;\nfetchLater('http://a.b', { signal: AbortSignal.timeout(5000) });` }] }],
    },
    {
      code: `import axios from 'axios';\nconst config = {\n  method: 'post',\n  url: '/pay',\n};\naxios.request({\n  ...config,\n  data: {},\n});`,
      errors: [{ messageId: 'missing', line: 6, suggestions: [{ messageId: 'addAxiosTimeout', output: `import axios from 'axios';\nconst config = {\n  method: 'post',\n  url: '/pay',\n};\naxios.request({\n  ...config,\n  data: {},\n  timeout: 5000,\n});` }] }],
    },
  ],
});
