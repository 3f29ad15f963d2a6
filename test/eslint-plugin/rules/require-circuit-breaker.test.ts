import plugin from 'eslint-plugin-breakwater';
import { ruleTester } from '../support/rule-tester.js';

const rule = plugin.rules['require-circuit-breaker'];

ruleTester.run('require-circuit-breaker', rule, {
  valid: [
    // Breakwater runtime: policy() has a breaker unless `breaker: false`
    `import { policy } from '@breakwater/runtime'; const payments = policy('payments', { timeoutMs: 2000 }); payments.execute(({ signal }) => fetch('http://payments.internal', { signal }));`,
    `import { policy } from '@breakwater/runtime'; const payments = policy('payments', { breaker: { failureThreshold: 5 } }); export const pay = (b: unknown) => payments.execute(() => fetch('/pay', { method: 'POST', body: JSON.stringify(b) }));`,
    `import { circuitBreaker } from '@breakwater/runtime'; import axios from 'axios'; const b = circuitBreaker({ failureThreshold: 3 }); b.execute(() => axios.get('/x'));`,
    `import { compose, retry, circuitBreaker, timeout } from '@breakwater/runtime'; const p = compose(retry({}), circuitBreaker({}), timeout(1000)); p.execute(({ signal }) => fetch('/x', { signal }));`,
    `import { fetchWith, policy } from '@breakwater/runtime'; const payFetch = fetchWith(policy('payments', {})); payFetch('http://payments.internal/charge');`,
    `import { policy } from '@breakwater/runtime'; policy('payments').execute(() => fetch('/x'));`,
    `import { policy } from '@breakwater/runtime'; const payments = policy('payments', {}); async function inner() { return fetch('/x'); } payments.execute(async ({ signal }) => { const r = await fetch('/y', { signal }); return r.json(); });\nexport const g = () => payments.execute(() => inner());`,
    // the project's policy module (its config lives elsewhere)
    `import { payments } from './policies'; payments.execute(({ signal }) => fetch('/pay', { signal }));`,
    `import got from 'got'; import * as policies from '../resilience'; policies.inventory.execute(() => got('http://inventory.internal/items'));`,
    { code: `const { orders } = require('./policies.js'); const ky = require('ky'); orders.execute(() => ky.get('http://orders.internal'));`, filename: 'file.js' },
    { code: `import { orders } from '#app/breakwater'; orders.execute(() => fetch('/o'));`, settings: { breakwater: { policyModules: ['breakwater'] } } },
    // opossum: inline, by name, through require
    `import CircuitBreaker from 'opossum'; const breaker = new CircuitBreaker(() => fetch('http://a.b'));`,
    `import CircuitBreaker from 'opossum'; import axios from 'axios'; async function charge(o: object) { return axios.post('http://payments.internal/charge', o); } const breaker = new CircuitBreaker(charge, { timeout: 3000 }); breaker.fire({});`,
    { code: `const CircuitBreaker = require('opossum'); const b = new CircuitBreaker(async (u) => fetch(u)); b.fire('/x');`, filename: 'file.cjs' },
    `import CircuitBreaker from 'opossum'; import axios from 'axios'; const charge = (x: number) => axios.post('/c', x); const b = new CircuitBreaker((x: number) => charge(x));`,
    // cockatiel
    `import { circuitBreaker, handleAll, ConsecutiveBreaker } from 'cockatiel'; const breaker = circuitBreaker(handleAll, { halfOpenAfter: 10000, breaker: new ConsecutiveBreaker(5) }); breaker.execute(() => fetch('/x'));`,
    `import { circuitBreaker, retry, wrap, handleAll, ConsecutiveBreaker, ExponentialBackoff } from 'cockatiel'; import got from 'got'; const p = wrap(retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }), circuitBreaker(handleAll, { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(5) })); p.execute(() => got('/x'));`,
    `import { circuitBreaker, handleAll, ConsecutiveBreaker } from 'cockatiel'; import got from 'got'; const breaker = circuitBreaker(handleAll, { halfOpenAfter: 1, breaker: new ConsecutiveBreaker(1) }); const call = () => got('/x'); breaker.execute(call);`,
    `import { circuitBreaker, handleAll, ConsecutiveBreaker } from 'cockatiel';\nclass Payments {\n  private breaker = circuitBreaker(handleAll, { halfOpenAfter: 1, breaker: new ConsecutiveBreaker(1) });\n  charge() { return this.breaker.execute(() => fetch('/c')); }\n}`,
    // declared wrappers
    {
      code: `import { guarded } from '@acme/resilience'; import ky from 'ky'; guarded(() => ky.get('/x'));`,
      settings: { breakwater: { wrappers: [{ from: 'package', package: '@acme/resilience', name: 'guarded', provides: ['breaker', 'timeout'] }] } },
    },
    {
      code: `function guarded<T>(fn: () => T) { return fn(); } guarded(() => fetch('/x'));`,
      settings: { breakwater: { wrappers: [{ from: 'file', name: 'guarded', provides: ['breaker'] }] } },
    },
    {
      code: `resilient(() => fetch('/x'));`,
      settings: { breakwater: { wrappers: [{ from: 'lib', name: 'resilient', provides: ['breaker'] }] } },
    },
    // options
    { code: `fetch('http://payments.internal/x');`, options: [{ ignoreServices: ['payments'] }] },
    { code: `fetch('http://localhost:3000/health');`, options: [{ ignoreHosts: ['localhost:3000'] }] },
    { code: `import axios from 'axios'; axios.get('http://users.internal/me');`, options: [{ ignoreHosts: ['*.internal'] }] },
    { code: `import ky from 'ky'; ky.get('/x');`, options: [{ ignoreClients: ['ky'] }] },
    // look-alikes
    `function fetch(u: string) { return u; } fetch('http://a.b');`,
    `declare const client: { get(u: string): void }; client.get('http://a.b');`,
  ],
  invalid: [
    {
      code: `fetch('http://payments.internal/charge', { method: 'POST' });`,
      errors: [{ messageId: 'noBreaker', line: 1, column: 1, endColumn: 6, data: { label: 'fetch', target: 'payments', policy: 'payments' } }],
    },
    {
      code: `import axios from 'axios';\naxios.get('http://order-history.internal/list');`,
      errors: [{ messageId: 'noBreaker', line: 2, data: { label: 'axios.get', target: 'order-history', policy: 'orderHistory' } }],
    },
    { code: `import { policy } from '@breakwater/runtime'; policy('reports', { breaker: false }).execute(() => fetch('/r'));`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import { bulkhead } from '@breakwater/runtime'; const b = bulkhead(5); b.execute(() => fetch('/x'));`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import pLimit from 'p-limit'; const limit = pLimit(4); limit(() => fetch('/x'));`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import { retry } from '@breakwater/runtime'; retry({ maxAttempts: 3 }).execute(() => fetch('/x'));`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import { retry, handleAll } from 'cockatiel'; retry(handleAll, { maxAttempts: 2 }).execute(() => fetch('/x'));`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import { timeout } from '@breakwater/runtime'; timeout(1000).execute(({ signal }) => fetch('/x', { signal }));`, errors: [{ messageId: 'noBreaker' }] },
    {
      // A breaker exists, but this call does not go through it.
      code: `import CircuitBreaker from 'opossum';\nconst b = new CircuitBreaker(() => fetch('/guarded'));\nfetch('/unguarded');`,
      errors: [{ messageId: 'noBreaker', line: 3 }],
    },
    { code: `import got from 'got'; const api = got.extend({ prefixUrl: 'http://inventory.internal' }); api.get('items');`, errors: [{ messageId: 'noBreaker', data: { label: 'api.get (got instance)', target: 'inventory', policy: 'inventory' } }] },
    { code: `import ky from 'ky'; ky.post('http://orders.internal/o', { json: {} });`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import request from 'superagent'; request.post('http://orders.internal').send({}).set('X', '1');`, errors: [{ messageId: 'noBreaker', data: { label: 'request.post', target: 'orders', policy: 'orders' } }] },
    { code: `import { ofetch } from 'ofetch'; ofetch('/x');`, errors: [{ messageId: 'noBreaker', data: { label: 'ofetch', target: 'the remote service', policy: 'policy' } }] },
    { code: `import { request } from 'undici'; request('http://a.internal/x');`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import https from 'node:https'; https.get({ hostname: 'search.internal', port: 443, path: '/' });`, errors: [{ messageId: 'noBreaker', data: { label: 'https.get', target: 'search', policy: 'search' } }] },
    { code: `import fetch from 'node-fetch'; fetch('http://a.b/c');`, errors: [{ messageId: 'noBreaker' }] },
    { code: `$fetch('/api');`, errors: [{ messageId: 'noBreaker' }] },
    { code: `const axios = require('axios');\naxios.get('/x');`, filename: 'file.js', errors: [{ messageId: 'noBreaker', line: 2 }] },
    { code: `import { request as undiciRequest } from 'undici'; undiciRequest('http://a.b');`, errors: [{ messageId: 'noBreaker', data: { label: 'undiciRequest', target: 'a', policy: 'a' } }] },
    { code: `import axios from 'axios'; const api = axios.create(); api?.post('/x', {});`, errors: [{ messageId: 'noBreaker' }] },
    { code: `import axios from 'axios'; interface User { id: string } axios.get<User>('/me');`, errors: [{ messageId: 'noBreaker' }] },
    {
      code: `export function Cart() {\n  const load = () => fetch('/api/cart');\n  return <button onClick={load}>Load</button>;\n}`,
      filename: 'file.tsx',
      errors: [{ messageId: 'noBreaker', line: 2 }],
    },
    {
      code: `import { http } from '@acme/http'; http.get('/x');`,
      settings: { breakwater: { clients: [{ from: 'package', package: '@acme/http', name: 'http', kind: 'axios' }] } },
      errors: [{ messageId: 'noBreaker', data: { label: 'http.get (declared axios client)', target: 'the remote service', policy: 'policy' } }],
    },
    {
      code: `import { withTimeout } from '@acme/resilience'; withTimeout(() => fetch('/x'));`,
      settings: { breakwater: { wrappers: [{ from: 'package', package: '@acme/resilience', name: 'withTimeout', provides: ['timeout'] }] } },
      errors: [{ messageId: 'noBreaker' }],
    },
    { code: `fetch('http://payments.internal/x');`, options: [{ ignoreHosts: ['*.example.com'] }], errors: [{ messageId: 'noBreaker' }] },
    { code: `fetch('http://payments.internal/x');`, options: [{ ignoreServices: ['inventory'] }], errors: [{ messageId: 'noBreaker' }] },
    {
      // A policy imported from a module that is not the policy module does not count.
      code: `import { payments } from './payments-client'; payments.execute(() => fetch('/x'));`,
      errors: [{ messageId: 'noBreaker' }],
    },
  ],
});
