// Which calls the analysis finds, and how it describes them: client, label, method, URL, host,
// service, option position. Timeouts and guards have their own files.
import assert from 'node:assert/strict';
import { callsIn, expectFields, onlyCall } from './support.js';

interface Case {
  name: string;
  code: string;
  file?: string;
  expect: Record<string, unknown>;
}

const cases: Case[] = [
  // fetch family
  { name: 'global fetch, GET by default', code: `fetch('https://payments.internal/charge');`, expect: { client: 'fetch', label: 'fetch', method: 'GET', url: 'https://payments.internal/charge', host: 'payments.internal', service: 'payments', options: 'absent', argIndex: 1 } },
  { name: 'fetch method from the init', code: `fetch('/x', { method: 'post' });`, expect: { method: 'POST', options: 'inline', host: null, service: null } },
  { name: 'fetch method from a const init', code: `const init = { method: 'PATCH' }; fetch('/x', init);`, expect: { method: 'PATCH', options: 'variable' } },
  { name: 'fetch method unknown when computed', code: `export function f(m: string) { return fetch('/x', { method: m }); }`, expect: { method: null } },
  { name: 'fetch with dynamic init: method unknown', code: `export function f(init: RequestInit) { return fetch('/x', init); }`, expect: { method: null, options: 'dynamic' } },
  { name: 'globalThis.fetch', code: `globalThis.fetch('http://a.internal');`, expect: { client: 'fetch', label: 'globalThis.fetch' } },
  { name: 'window.fetch in a browser file', code: `window.fetch('/x');`, file: 'src/app.js', expect: { client: 'fetch' } },
  { name: 'node-fetch default import', code: `import fetch from 'node-fetch'; fetch('http://a.b');`, expect: { client: 'node-fetch', label: 'fetch' } },
  { name: 'node-fetch through require', code: `const fetch = require('node-fetch'); fetch('http://a.b');`, file: 'a.cjs', expect: { client: 'node-fetch' } },
  { name: 'undici fetch, aliased', code: `import { fetch as f } from 'undici'; f('http://a.b');`, expect: { client: 'undici', label: 'f' } },
  { name: 'undici request, method option', code: `import { request } from 'undici'; request('http://a.b', { method: 'PUT' });`, expect: { client: 'undici', method: 'PUT', argIndex: 1 } },
  { name: 'undici Client: origin is the host, path from the options', code: `import { Client } from 'undici'; const inventory = new Client('http://127.0.0.1:4005'); inventory.request({ path: '/items', method: 'GET' });`, expect: { client: 'undici', label: 'inventory.request (undici instance)', host: '127.0.0.1:4005', service: 'inventory', argIndex: 0 } },
  { name: 'undici Pool via namespace import', code: `import * as undici from 'undici'; const pool = new undici.Pool('http://search.internal'); pool.request({ path: '/', method: 'POST' });`, expect: { method: 'POST', host: 'search.internal', service: 'search' } },
  // axios
  { name: 'axios.post: options are the third argument', code: `import axios from 'axios'; axios.post('http://payments.internal/pay', {});`, expect: { client: 'axios', label: 'axios.post', method: 'POST', argIndex: 2, service: 'payments' } },
  { name: 'axios.get: options are the second argument', code: `import axios from 'axios'; axios.get('/x', { params: {} });`, expect: { method: 'GET', argIndex: 1, options: 'inline' } },
  { name: 'axios(config) reads url and method from the config', code: `import axios from 'axios'; axios({ url: 'http://orders.internal/o', method: 'delete' });`, expect: { method: 'DELETE', url: 'http://orders.internal/o', service: 'orders', argIndex: 0 } },
  { name: 'axios(url, config)', code: `import axios from 'axios'; axios('http://orders.internal/o', { method: 'put' });`, expect: { method: 'PUT', argIndex: 1 } },
  { name: 'axios.request(config)', code: `import axios from 'axios'; axios.request({ url: '/x' });`, expect: { method: 'GET', argIndex: 0 } },
  { name: 'axios instance: baseURL gives the host, the variable the name', code: `import axios from 'axios'; const paymentsApi = axios.create({ baseURL: 'http://127.0.0.1:4004' }); paymentsApi.post('/charge', {});`, expect: { label: 'paymentsApi.post (axios instance)', host: '127.0.0.1:4004', service: 'payments' } },
  { name: 'loopback host without a telling name: host-<port>', code: `import axios from 'axios'; const api = axios.create({ baseURL: 'http://127.0.0.1:4004' }); api.get('/x');`, expect: { service: 'host-4004' } },
  { name: 'axios instance called directly', code: `import axios from 'axios'; const api = axios.create(); api({ url: '/x', method: 'patch' });`, expect: { method: 'PATCH', label: 'api (axios instance)' } },
  { name: 'axios via CJS destructuring', code: `const { post } = require('axios'); post('/x', {});`, file: 'a.js', expect: { client: 'axios', method: 'POST' } },
  { name: 'axios via require().default', code: `const axios = require('axios').default; axios.head('/x');`, file: 'a.js', expect: { method: 'HEAD' } },
  { name: 'axios via TS import-equals', code: `import axios = require('axios'); axios.options('/x');`, expect: { method: 'OPTIONS' } },
  { name: 'axios postForm', code: `import axios from 'axios'; axios.postForm('/upload', new FormData());`, expect: { method: 'POST', argIndex: 2 } },
  // got, ky
  { name: 'got(url, options)', code: `import got from 'got'; got('http://a.internal', { method: 'POST' });`, expect: { client: 'got', method: 'POST', argIndex: 1 } },
  { name: 'got(options)', code: `import got from 'got'; got({ url: 'http://a.internal', method: 'PATCH' });`, expect: { method: 'PATCH', argIndex: 0, url: 'http://a.internal' } },
  { name: 'got named import and got.extend instance with prefixUrl', code: `import { got } from 'got'; const orders = got.extend({ prefixUrl: 'https://orders.example.com' }); orders.delete('x/1');`, expect: { method: 'DELETE', host: 'orders.example.com', service: 'orders', label: 'orders.delete (got instance)' } },
  { name: 'got.stream', code: `import got from 'got'; got.stream('http://a.internal');`, expect: { client: 'got', method: 'GET' } },
  { name: 'ky and a ky.create instance', code: `import ky from 'ky'; const api = ky.create({ prefixUrl: 'http://users.internal' }); api.put('me');`, expect: { client: 'ky', method: 'PUT', host: 'users.internal', service: 'users' } },
  // node:http(s)
  { name: 'https.request(options) with hostname and port', code: `import https from 'node:https'; https.request({ hostname: 'billing.internal', port: 8443, method: 'POST', path: '/x' });`, expect: { client: 'node-http', method: 'POST', host: 'billing.internal:8443', service: 'billing', argIndex: 0 } },
  { name: 'http.get(url, cb)', code: `import * as http from 'http'; http.get('http://a.internal/x', (res) => res.resume());`, expect: { client: 'node-http', method: 'GET', argIndex: 1, options: 'absent' } },
  { name: 'http.request(url, options, cb)', code: `const http = require('node:http'); http.request('http://a.internal', { method: 'DELETE' }, () => {});`, file: 'a.cjs', expect: { method: 'DELETE', argIndex: 1, options: 'inline' } },
  // superagent
  { name: 'superagent chain: the call is the chain', code: `import request from 'superagent'; request.post('http://orders.internal').set('X', '1').send({});`, expect: { client: 'superagent', label: 'request.post', method: 'POST', argIndex: -1 } },
  { name: "superagent request('PUT', url)", code: `import request from 'superagent'; request('PUT', 'http://a.internal');`, expect: { method: 'PUT', url: 'http://a.internal' } },
  { name: 'superagent.del', code: `const superagent = require('superagent'); superagent.del('/x').then(() => {});`, file: 'a.js', expect: { method: 'DELETE' } },
  // ofetch
  { name: 'ofetch with baseURL option', code: `import { ofetch } from 'ofetch'; ofetch('/items', { baseURL: 'http://catalog.internal', method: 'POST' });`, expect: { client: 'ofetch', method: 'POST', host: 'catalog.internal', service: 'catalog' } },
  { name: '$fetch global (Nuxt)', code: `await $fetch('/api/x');`, expect: { client: 'ofetch', label: '$fetch' } },
  { name: 'ofetch.create instance', code: `import { $fetch } from 'ofetch'; const api = $fetch.create({ baseURL: 'http://a.internal' }); api.raw('/x');`, expect: { client: 'ofetch', label: 'api.raw (ofetch instance)', host: 'a.internal' } },
  // URLs and services
  { name: 'template literal with a static host', code: 'fetch(`https://inventory.internal/items/${id}`);', expect: { url: null, host: 'inventory.internal', service: 'inventory' } },
  { name: 'template literal built on a named base: service from the name', code: 'fetch(`${PAYMENTS_URL}/charge`);', expect: { host: null, service: 'payments' } },
  { name: 'template literal built on a const base', code: "const BASE = 'http://shipping.internal'; fetch(`${BASE}/rates`);", expect: { host: 'shipping.internal', service: 'shipping' } },
  { name: 'new URL(path, base)', code: `fetch(new URL('/v1/x', 'https://api.stripe.com'));`, expect: { host: 'api.stripe.com', service: 'stripe' } },
  { name: 'string concatenation', code: `fetch('http://inventory-service.default.svc.cluster.local' + '/x');`, expect: { host: 'inventory-service.default.svc.cluster.local', service: 'inventory' } },
  { name: 'member expression base', code: 'fetch(config.ordersBaseUrl + `/o`);', expect: { service: 'orders' } },
  // TS-only syntax and optional chaining
  { name: 'non-null and as', code: `import axios from 'axios'; const api = axios.create(); (api as typeof axios)!.get('/x');`, expect: { client: 'axios', method: 'GET' } },
  { name: 'optional call', code: `import axios from 'axios'; axios.get?.('/x');`, expect: { client: 'axios' } },
];

describe('analysis: clients and call shapes', () => {
  for (const c of cases) {
    it(c.name, () => expectFields(onlyCall(c.code, c.file), c.expect));
  }

  it('follows aliases of a client', () => {
    const calls = callsIn(`import axios from 'axios'; const a = axios; const { get } = a; a.post('/x'); get('/y');`);
    assert.deepEqual(calls.map((c) => [c.label, c.method]), [['a.post', 'POST'], ['get', 'GET']]);
  });

  it('follows an instance stored on this in the constructor', () => {
    const calls = callsIn(`import got from 'got';\nclass Repo {\n  private client;\n  constructor() { this.client = got.extend({ prefixUrl: 'http://repo.internal' }); }\n  find() { return this.client.get('x'); }\n}`);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.label, 'this.client.get (got instance)');
    assert.equal(calls[0]!.loc.start.line, 5);
    assert.equal(calls[0]!.service, 'repo');
  });

  it('reports calls in source order, each with its range and location', () => {
    const code = `import axios from 'axios';\nfetch('/a');\naxios.get('/b');\n`;
    const calls = callsIn(code);
    assert.deepEqual(calls.map((c) => c.loc.start.line), [2, 3]);
    assert.equal(code.slice(calls[1]!.range[0], calls[1]!.range[1]), `axios.get('/b')`);
  });

  it('ignores look-alikes: locals and parameters named like clients, other objects’ methods', () => {
    const calls = callsIn(`
      function fetch(u: string) { return u; }
      fetch('http://a.b');
      export function g(axios: { get(u: string): void }) { axios.get('/x'); }
      const map = new Map<string, string>(); map.get('a');
      const store = { fetch: () => 1 }; store.fetch();
      const cache = { request: () => 1 }; cache.request();
      import { get } from 'lodash'; get({}, 'a');
      const request = (u: string) => u; request('/x');
    `);
    assert.deepEqual(calls, []);
  });

  it('ignores a global client the file reassigns', () => {
    assert.deepEqual(callsIn(`fetch = () => null; fetch('/x');`, 'a.js'), []);
  });

  it('ignores type-only imports of a client', () => {
    assert.deepEqual(callsIn(`import type { AxiosInstance } from 'axios'; declare const x: AxiosInstance;`), []);
  });

  it('handles JSX and TSX', () => {
    const calls = callsIn(`export const A = () => <button onClick={() => fetch('/x', { method: 'POST' })}>Pay</button>;`, 'src/a.tsx');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.method, 'POST');
    assert.equal(callsIn(`export const A = () => <div onClick={() => fetch('/x')} />;`, 'src/a.jsx').length, 1);
  });

  it('finds declared clients from a package, a file and the global scope', () => {
    const settings = {
      clients: [
        { from: 'package' as const, package: '@acme/http', name: ['http', 'default'], kind: 'axios' as const },
        { from: 'file' as const, name: 'apiFetch', path: 'src/lib/api.ts', kind: 'fetch' as const },
        { from: 'lib' as const, name: 'legacyRequest', kind: 'got' as const },
      ],
    };
    const calls = callsIn(
      `import acme, { http } from '@acme/http';\nimport { apiFetch } from './lib/api';\nhttp.post('/a', {});\nacme.get('/b');\napiFetch('/c', { method: 'DELETE' });\nlegacyRequest('/d');\n`,
      'src/service.ts',
      settings,
    );
    assert.deepEqual(
      calls.map((c) => [c.client, c.declaredAs, c.method]),
      [
        ['axios', 'http', 'POST'],
        ['axios', 'default', 'GET'],
        ['fetch', 'apiFetch', 'DELETE'],
        ['got', 'legacyRequest', 'GET'],
      ],
    );
  });

  it('recognises values typed as a client instance, whose defaults it cannot see', () => {
    const calls = callsIn(`
      import axios, { type AxiosInstance } from 'axios';
      import type { Got } from 'got';
      import { Client } from 'undici';
      export async function f(api: AxiosInstance) { return api.post('/x', {}); }
      export class Repo {
        private client!: Got;
        constructor(private readonly http: axios.AxiosInstance) {}
        a() { return this.http.get('/a', { timeout: 0 }); }
        b() { return this.client.post('b'); }
      }
      export const g = (c: Client) => c.request({ path: '/', method: 'DELETE' });
    `);
    assert.deepEqual(
      calls.map((c) => [c.label, c.method, c.timeout.status]),
      [
        ['api.post (axios instance)', 'POST', 'unknown'],
        ['this.http.get (axios instance)', 'GET', 'disabled'],
        ['this.client.post (got instance)', 'POST', 'unknown'],
        ['c.request (undici instance)', 'DELETE', 'unknown'],
      ],
    );
  });

  it('follows a client function handed to opossum to the breaker.fire() calls', () => {
    const calls = callsIn(`import CircuitBreaker from 'opossum'; import axios from 'axios';\nconst b = new CircuitBreaker(axios.post, { timeout: 2000 });\nexport const pay = (x: object) => b.fire('http://payments.internal/charge', x);`);
    assert.deepEqual(
      calls.map((c) => [c.label, c.method, c.service, c.loc.start.line, c.breaker?.kind, c.timeout.ms]),
      [['b.fire', 'POST', 'payments', 3, 'opossum', 2000]],
    );
  });

  it('a file-declared client only matches imports from that path', () => {
    const settings = { clients: [{ from: 'file' as const, name: 'apiFetch', path: 'src/lib/api.ts', kind: 'fetch' as const }] };
    assert.equal(callsIn(`import { apiFetch } from './other';\napiFetch('/c');`, 'src/service.ts', settings).length, 0);
    assert.equal(callsIn(`export function apiFetch(u: string) { return u; }\napiFetch('/c');`, 'src/lib/api.ts', settings).length, 1);
  });
});
