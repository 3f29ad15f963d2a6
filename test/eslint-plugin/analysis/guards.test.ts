// Breakers, bulkheads and Idempotency-Key headers around each call.
import assert from 'node:assert/strict';
import { callsIn, onlyCall } from './support.js';

describe('analysis: breaker and bulkhead guards', () => {
  const breakerCases: Array<[string, string, string | null]> = [
    ['Breakwater policy (breaker on by default)', `import { policy } from '@breakwater/runtime'; policy('p', {}).execute(() => fetch('/x'));`, 'breakwater'],
    ['Breakwater policy with breaker: false', `import { policy } from '@breakwater/runtime'; policy('p', { breaker: false }).execute(() => fetch('/x'));`, null],
    ['Breakwater circuitBreaker()', `import { circuitBreaker } from '@breakwater/runtime'; const b = circuitBreaker({}); b.execute(() => fetch('/x'));`, 'breakwater'],
    ['Breakwater new CircuitBreaker()', `import { CircuitBreaker } from '@breakwater/runtime'; const b = new CircuitBreaker({ name: 'x' }); b.execute(() => fetch('/x'));`, 'breakwater'],
    ['Breakwater compose() with a breaker', `import { compose, circuitBreaker, retry } from '@breakwater/runtime'; compose(retry({}), circuitBreaker({})).execute(() => fetch('/x'));`, 'breakwater'],
    ['Breakwater compose() without one', `import { compose, bulkhead, retry } from '@breakwater/runtime'; compose(retry({}), bulkhead(2)).execute(() => fetch('/x'));`, null],
    ['fetchWith(policy)', `import { fetchWith, policy } from '@breakwater/runtime'; const f = fetchWith(policy('p', {})); f('/x');`, 'breakwater'],
    ['policy() from the vendored runtime file', `import { policy } from '../resilience/breakwater-runtime.js'; const p = policy('payments', {}); p.execute(() => fetch('/x'));`, 'breakwater'],
    ['circuitBreaker() from the vendored runtime via require', `const { circuitBreaker } = require('./breakwater-runtime'); circuitBreaker({}).execute(() => fetch('/x'));`, 'breakwater'],
    ['a look-alike runtime module name', `import { circuitBreaker } from './my-breakwater-runtime-notes'; circuitBreaker({}).execute(() => fetch('/x'));`, null],
    ['policy module, default import', `import policies from './policies'; policies.payments.execute(() => fetch('/x'));`, 'breakwater'],
    ['opossum, inline function', `import CircuitBreaker from 'opossum'; new CircuitBreaker(async () => fetch('/x'));`, 'opossum'],
    ['opossum, function declared later', `import CircuitBreaker from 'opossum'; const b = new CircuitBreaker(call); async function call() { return fetch('/x'); }`, 'opossum'],
    ['opossum via named import', `import { CircuitBreaker } from 'opossum'; new CircuitBreaker(() => fetch('/x'));`, 'opossum'],
    ['cockatiel breaker in wrap', `import { wrap, retry, circuitBreaker, handleAll, ConsecutiveBreaker } from 'cockatiel'; const p = wrap(retry(handleAll, {}), circuitBreaker(handleAll, { halfOpenAfter: 1, breaker: new ConsecutiveBreaker(1) })); p.execute(() => fetch('/x'));`, 'cockatiel'],
    ['cockatiel retry only', `import { retry, handleAll } from 'cockatiel'; retry(handleAll, {}).execute(() => fetch('/x'));`, null],
    ['breaker in an object of policies', `import { circuitBreaker } from '@breakwater/runtime'; const guards = { payments: circuitBreaker({}) }; guards.payments.execute(() => fetch('/x'));`, 'breakwater'],
    ['breaker assigned in the constructor', `import { circuitBreaker } from '@breakwater/runtime'; class A { private b: any; constructor() { this.b = circuitBreaker({}); } run() { return this.b.execute(() => fetch('/x')); } }`, 'breakwater'],
    ['a call outside the guarded function', `import CircuitBreaker from 'opossum'; const b = new CircuitBreaker(() => 1); fetch('/x');`, null],
    ['an unrelated object with execute()', `const runner = { execute: (f: () => unknown) => f() }; runner.execute(() => fetch('/x'));`, null],
  ];
  for (const [name, code, kind] of breakerCases) {
    it(`breaker: ${name}`, () => assert.equal(onlyCall(code).breaker?.kind ?? null, kind));
  }

  const bulkheadCases: Array<[string, string, string | null]> = [
    ['p-limit limiter', `import pLimit from 'p-limit'; const limit = pLimit(3); limit(() => fetch('/x'));`, 'p-limit'],
    ['p-limit via require', `const pLimit = require('p-limit'); const limit = pLimit(3); limit(() => fetch('/x'));`, 'p-limit'],
    ['p-map with a concurrency', `import pMap from 'p-map'; pMap([1, 2], (id) => fetch('/x/' + id), { concurrency: 2 });`, 'p-map'],
    ['p-map without a concurrency', `import pMap from 'p-map'; pMap([1, 2], (id) => fetch('/x/' + id));`, null],
    ['p-map with Infinity', `import pMap from 'p-map'; pMap([1, 2], (id) => fetch('/x/' + id), { concurrency: Infinity });`, null],
    ['Breakwater bulkhead()', `import { bulkhead } from '@breakwater/runtime'; bulkhead(4).execute(() => fetch('/x'));`, 'breakwater'],
    ['Breakwater policy with a bulkhead', `import { policy } from '@breakwater/runtime'; policy('p', { bulkhead: 8 }).execute(() => fetch('/x'));`, 'breakwater'],
    ['Breakwater policy without one', `import { policy } from '@breakwater/runtime'; policy('p', {}).execute(() => fetch('/x'));`, null],
    ['cockatiel bulkhead', `import { bulkhead } from 'cockatiel'; bulkhead(2, 10).execute(() => fetch('/x'));`, 'cockatiel'],
  ];
  for (const [name, code, kind] of bulkheadCases) {
    it(`bulkhead: ${name}`, () => assert.equal(onlyCall(code, name.includes('require') ? 'a.js' : 'a.ts').bulkhead?.kind ?? null, kind));
  }

  it('bulkhead limits: a policy’s number or { limit }, bulkhead(n), p-limit(n), p-map’s concurrency', () => {
    const limit = (code: string): number | undefined => onlyCall(code, 'a.ts').bulkhead?.limit;
    assert.equal(limit(`import { policy } from '@breakwater/runtime'; policy('p', { bulkhead: 8 }).execute(() => fetch('/x'));`), 8);
    assert.equal(limit(`import { policy } from '@breakwater/runtime'; const cfg = { limit: 16, queue: 32 }; policy('p', { bulkhead: cfg }).execute(() => fetch('/x'));`), 16);
    assert.equal(limit(`import { policy } from '@breakwater/runtime'; policy('p', { bulkhead: { limit: n } }).execute(() => fetch('/x'));`), undefined);
    assert.equal(onlyCall(`import { policy } from '@breakwater/runtime'; policy('p', { bulkhead: { limit: n } }).execute(() => fetch('/x'));`).bulkhead?.kind, 'breakwater');
    assert.equal(onlyCall(`import { policy } from '@breakwater/runtime'; policy('p', { bulkhead: false }).execute(() => fetch('/x'));`).bulkhead, null);
    assert.equal(limit(`import { bulkhead } from '@breakwater/runtime'; bulkhead(4).execute(() => fetch('/x'));`), 4);
    assert.equal(limit(`import pLimit from 'p-limit'; const l = pLimit(3); l(() => fetch('/x'));`), 3);
    assert.equal(limit(`import pMap from 'p-map'; pMap([1, 2], (id) => fetch('/x/' + id), { concurrency: 2 });`), 2);
  });

  it('a declared wrapper provides exactly what it declares', () => {
    const settings = { wrappers: [{ from: 'package' as const, package: '@acme/guard', name: ['guard', 'limited'], provides: ['breaker' as const] }] };
    const [a, b] = callsIn(`import { guard, limited } from '@acme/guard'; guard(() => fetch('/a')); limited.execute(() => fetch('/b'));`, 'a.ts', settings);
    assert.equal(a!.breaker?.kind, 'declared');
    assert.equal(a!.breaker?.label, 'guard (declared wrapper)');
    assert.equal(a!.bulkhead, null);
    assert.equal(b!.breaker?.kind, 'declared');
  });

  it('the guard node is the call that applies it', () => {
    const code = `import { policy } from '@breakwater/runtime'; const p = policy('p', {}); p.execute(() => fetch('/x'));`;
    const call = onlyCall(code);
    const node = call.breaker!.node;
    assert.equal(code.slice(node.range[0], node.range[1]), `p.execute(() => fetch('/x'))`);
    assert.equal(call.breaker!.label, "Breakwater policy 'p'");
  });
});

describe('analysis: Idempotency-Key headers', () => {
  const cases: Array<[string, string, boolean]> = [
    ['inline, canonical case', `fetch('/x', { method: 'POST', headers: { 'Idempotency-Key': k } });`, true],
    ['inline, lower case', `fetch('/x', { method: 'POST', headers: { 'idempotency-key': k } });`, true],
    ['computed string key', `fetch('/x', { method: 'POST', headers: { ['IDEMPOTENCY-KEY']: k } });`, true],
    ['headers in a const', `const headers = { 'Idempotency-Key': k }; fetch('/x', { method: 'POST', headers });`, true],
    ['init in a const', `const init = { method: 'POST', headers: { 'Idempotency-Key': k } }; fetch('/x', init);`, true],
    ['spread of known headers', `const base = { 'Idempotency-Key': k }; fetch('/x', { headers: { ...base, a: '1' } });`, true],
    ['new Headers({...})', `fetch('/x', { headers: new Headers({ 'Idempotency-Key': k }) });`, true],
    ['Headers filled with set()', `const h = new Headers(); h.set('Idempotency-Key', k); fetch('/x', { headers: h });`, true],
    ['array of pairs', `fetch('/x', { headers: [['Idempotency-Key', k]] });`, true],
    ['another header only', `fetch('/x', { headers: { 'X-Request-Id': k } });`, false],
    ['axios instance headers', `import axios from 'axios'; const api = axios.create({ headers: { 'Idempotency-Key': k } }); api.post('/x', {});`, true],
    ['axios call headers', `import axios from 'axios'; axios.post('/x', {}, { headers: { 'Idempotency-Key': k } });`, true],
    ['got headers', `import got from 'got'; got.post('/x', { headers: { 'idempotency-key': k } });`, true],
    ['superagent .set(name, value)', `import request from 'superagent'; request.post('/x').set('Idempotency-Key', k).send({});`, true],
    ['superagent .set({ ... })', `import request from 'superagent'; request.post('/x').set({ 'Idempotency-Key': k });`, true],
    ['superagent without one', `import request from 'superagent'; request.post('/x').set('Accept', 'json');`, false],
    ['no headers', `fetch('/x', { method: 'POST' });`, false],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      const call = onlyCall(code);
      assert.equal(call.idempotencyKey, expected);
      assert.equal(call.idempotencyKeyNode !== undefined, expected);
    });
  }

  it('points at the header value', () => {
    const code = `const key = crypto.randomUUID(); fetch('/x', { method: 'POST', headers: { 'Idempotency-Key': key } });`;
    const node = onlyCall(code).idempotencyKeyNode!;
    assert.equal(code.slice(node.range[0], node.range[1]), 'key');
  });
});
