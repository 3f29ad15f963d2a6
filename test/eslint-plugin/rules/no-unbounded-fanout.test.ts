import plugin from 'eslint-plugin-breakwater';
import { ruleTester } from '../support/rule-tester.js';

const rule = plugin.rules['no-unbounded-fanout'];

ruleTester.run('no-unbounded-fanout', rule, {
  valid: [
    // p-limit: default import, CJS, limitFunction
    `import pLimit from 'p-limit'; const limit = pLimit(8);
    export const all = (ids: string[]) => Promise.all(ids.map((id) => limit(() => fetch('http://users/' + id))));`,
    { code: `const pLimit = require('p-limit'); const axios = require('axios'); const limit = pLimit(4); Promise.all(ids.map((id) => limit(() => axios.get('/u/' + id))));`, filename: 'file.js' },
    `import { limitFunction } from 'p-limit'; const get = limitFunction(async (id: string) => fetch('http://u/' + id), { concurrency: 5 });
    export const all = (ids: string[]) => Promise.all(ids.map((id) => get(id)));`,
    // p-map with a concurrency (inline, from a const)
    `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id), { concurrency: 6 });`,
    `import pMap from 'p-map'; import ky from 'ky'; const opts = { concurrency: 3, stopOnError: false }; export const all = (ids: string[]) => pMap(ids, (id) => ky.get('http://u/' + id).json(), opts);`,
    // Bulkheads: Breakwater bulkhead, a policy with one, cockatiel
    `import { bulkhead } from '@breakwater/runtime'; const bh = bulkhead(10, { queue: 100 });
    export const all = (ids: string[]) => Promise.all(ids.map((id) => bh.execute(() => fetch('http://u/' + id))));`,
    `import { policy } from '@breakwater/runtime'; const users = policy('users', { timeoutMs: 2000, bulkhead: { limit: 16, queue: 64 } });
    export const all = (ids: string[]) => Promise.all(ids.map((id) => users.execute(({ signal }) => fetch('http://u/' + id, { signal }))));`,
    `import { bulkhead } from 'cockatiel'; import axios from 'axios'; const bh = bulkhead(5, 100);
    export const all = (ids: string[]) => Promise.all(ids.map((id) => bh.execute(() => axios.get('/u/' + id))));`,
    // A declared wrapper that provides a bulkhead
    {
      code: `import { limited } from '@acme/limits'; export const all = (ids: string[]) => Promise.all(ids.map((id) => limited(() => fetch('http://u/' + id))));`,
      settings: { breakwater: { wrappers: [{ from: 'package', package: '@acme/limits', name: 'limited', provides: ['bulkhead'] }] } },
    },
    // Chunking: slice in a loop, for…of over chunks, splice from a queue
    `export async function all(ids: string[]) { for (let i = 0; i < ids.length; i += 10) { await Promise.all(ids.slice(i, i + 10).map((id) => fetch('http://u/' + id))); } }`,
    `import { chunk } from 'lodash'; export async function all(ids: string[]) { for (const batch of chunk(ids, 20)) { await Promise.allSettled(batch.map((id) => fetch('http://u/' + id))); } }`,
    `export async function drain(queue: string[]) { while (queue.length > 0) { const batch = queue.splice(0, 25); await Promise.all(batch.map((u) => fetch(u))); } }`,
    // Fixed-length collections
    `export const both = (a: string, b: string) => Promise.all([fetch(a), fetch(b)]);`,
    `import axios from 'axios'; export const three = () => Promise.all(['/a', '/b', '/c'].map((p) => axios.get(p)));`,
    `export const five = () => Promise.all(Array.from({ length: 5 }, (_, i) => fetch('http://shard' + i + '.internal/health')));`,
    { code: `export const many = () => Promise.all(Array.from({ length: 50 }, (_, i) => fetch('http://a/' + i)));`, options: [{ maxFixedSize: 64 }] },
    `export const first = (url: string) => Promise.race([fetch(url), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))]);`,
    // p-queue and Bottleneck
    `import PQueue from 'p-queue'; const queue = new PQueue({ concurrency: 4 }); export const all = (ids: string[]) => Promise.all(ids.map((id) => queue.add(() => fetch('http://u/' + id))));`,
    `import Bottleneck from 'bottleneck'; const limiter = new Bottleneck({ maxConcurrent: 2 }); export const all = (ids: string[]) => Promise.all(ids.map((id) => limiter.schedule(() => fetch('http://u/' + id))));`,
    // Indirection: the helper limits itself
    `import pLimit from 'p-limit'; const limit = pLimit(3);
    function getUser(id: string) { return limit(() => fetch('http://users/' + id)); }
    export const all = (ids: string[]) => Promise.all(ids.map(getUser));`,
    // Not outbound calls: files, parsing, an imported function we cannot see into
    `import { readFile } from 'node:fs/promises'; export const all = (files: string[]) => Promise.all(files.map((f) => readFile(f, 'utf8')));`,
    `export const all = (items: string[]) => Promise.all(items.map(async (s) => JSON.parse(s)));`,
    `import { getUser } from './users.js'; export const all = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));`,
    // Look-alikes: a local fetch, a shadowed Promise
    `function fetch(u: string) { return Promise.resolve(u); } export const all = (ids: string[]) => Promise.all(ids.map((id) => fetch(id)));`,
    `export function all(Promise: { all(x: unknown[]): unknown }, ids: string[]) { return Promise.all(ids.map((id) => fetch('http://u/' + id))); }`,
    // Sequential: one at a time
    `export async function all(ids: string[]) { const out = []; for (const id of ids) out.push(await fetch('http://u/' + id)); return out; }`,
  ],
  invalid: [
    {
      code: `export const all = (ids: string[]) => Promise.all(ids.map((id) => fetch('http://users.internal/' + id)));`,
      errors: [{ messageId: 'unbounded', line: 1, column: 39, endColumn: 50, data: { combinator: 'Promise.all', what: 'one fetch request', collection: 'ids', target: 'users.internal', n: '8', size: '', max: '20' }, suggestions: [] }],
    },
    {
      code: `import axios from 'axios';
export async function load(ids: string[]) {
  const jobs = ids.map(async (id) => {
    const r = await axios.get('/users/' + id);
    return r.data;
  });
  return Promise.allSettled(jobs);
}`,
      errors: [{ messageId: 'unbounded', line: 7, suggestions: [] }],
    },
    { code: `export const any = (mirrors: string[]) => Promise.any(mirrors.map((m) => fetch(m)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `export const race = (mirrors: string[]) => Promise.race(mirrors.map((m) => fetch(m)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    // push in a loop, then Promise.all
    {
      code: `export async function all(ids: string[]) { const ps: Promise<Response>[] = []; for (const id of ids) { ps.push(fetch('http://u/' + id)); } return Promise.all(ps); }`,
      errors: [{ messageId: 'unbounded', suggestions: [] }],
    },
    // Array.from(items, fn), a spread set, filter after map
    { code: `export const all = (ids: Set<string>) => Promise.all(Array.from(ids, (id) => fetch('http://u/' + id)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `export const all = (ids: Set<string>) => Promise.all([...ids].map((id) => fetch('http://u/' + id)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `export const all = (ids: string[]) => Promise.all(ids.map((id) => (id ? fetch('http://u/' + id) : null)).filter(Boolean));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    // A literal that spreads a mapped array is as unbounded as the array
    { code: `export const all = (ids: string[]) => Promise.all([fetch('http://u/me'), ...ids.map((id) => fetch('http://u/' + id))]);`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    // Same-file indirection: by name and through an arrow
    {
      code: `async function getUser(id: string) { const r = await fetch('http://users/' + id); return r.json(); }
export const all = (ids: string[]) => Promise.all(ids.map(getUser));`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    {
      code: `async function getUser(id: string) { const r = await fetch('http://users/' + id); return r.json(); }
export const all = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    // Every client
    { code: `import got from 'got'; const api = got.extend({ prefixUrl: 'http://orders.internal' }); export const all = (ids: string[]) => Promise.all(ids.map((id) => api.get('orders/' + id).json()));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `import ky from 'ky'; export const all = (ids: string[]) => Promise.all(ids.map((id) => ky.get('http://u/' + id).json()));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `import request from 'superagent'; export const all = (ids: string[]) => Promise.all(ids.map((id) => request.get('http://u/' + id).timeout(1000)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `import { request } from 'undici'; export const all = (ids: string[]) => Promise.all(ids.map((id) => request('http://u/' + id)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `import nodeFetch from 'node-fetch'; export const all = (ids: string[]) => Promise.all(ids.map((id) => nodeFetch('http://u/' + id)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    { code: `import { $fetch } from 'ofetch'; export const all = (ids: string[]) => Promise.all(ids.map((id) => $fetch('http://u/' + id)));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    // Plain JS with require and an axios instance; TS generics
    { code: `const axios = require('axios'); const api = axios.create({ baseURL: 'http://u' }); module.exports = (ids) => Promise.all(ids.map((id) => api.get('/' + id)));`, filename: 'file.js', errors: [{ messageId: 'unbounded', suggestions: [] }] },
    {
      code: `import axios from 'axios'; interface User { id: string } export const all = (ids: readonly string[]) => Promise.all(ids.map(async (id): Promise<User> => (await axios.get<User>('/u/' + id)).data));`,
      errors: [{ messageId: 'unbounded', suggestions: [] }],
    },
    // A limiter around the whole Promise.all does not bound the elements
    { code: `import pLimit from 'p-limit'; const limit = pLimit(2); export const all = (ids: string[]) => limit(() => Promise.all(ids.map((id) => fetch('http://u/' + id))));`, errors: [{ messageId: 'unbounded', suggestions: [] }] },
    // p-map without concurrency: suggestions add it
    {
      code: `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id));`,
      errors: [{ messageId: 'pMapUnbounded', suggestions: [{ messageId: 'addConcurrency', output: `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id), { concurrency: 8 });` }] }],
    },
    {
      code: `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id), { stopOnError: false });`,
      options: [{ concurrency: 4 }],
      errors: [{ messageId: 'pMapUnbounded', suggestions: [{ messageId: 'addConcurrency', output: `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id), { stopOnError: false, concurrency: 4 });` }] }],
    },
    {
      code: `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id), { concurrency: Infinity });`,
      errors: [{ messageId: 'pMapUnbounded', suggestions: [{ messageId: 'addConcurrency', output: `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id), { concurrency: 8 });` }] }],
    },
    { code: `import { pMapSettled } from 'p-map'; export const all = (ids: string[]) => pMapSettled(ids, (id) => fetch('http://u/' + id));`, errors: [{ messageId: 'pMapUnbounded', suggestions: [{ messageId: 'addConcurrency', output: `import { pMapSettled } from 'p-map'; export const all = (ids: string[]) => pMapSettled(ids, (id) => fetch('http://u/' + id), { concurrency: 8 });` }] }] },
    // When the file already imports p-map, Promise.all over a map can become pMap
    {
      code: `import pMap from 'p-map'; export const all = (ids: string[]) => Promise.all(ids.map((id) => fetch('http://u/' + id)));`,
      errors: [{ messageId: 'unbounded', suggestions: [{ messageId: 'usePMap', output: `import pMap from 'p-map'; export const all = (ids: string[]) => pMap(ids, (id) => fetch('http://u/' + id), { concurrency: 8 });` }] }],
    },
    {
      code: `import { pMapSettled } from 'p-map'; export const all = (ids: string[]) => Promise.allSettled(ids.map((id) => fetch('http://u/' + id)));`,
      errors: [{ messageId: 'unbounded', suggestions: [{ messageId: 'usePMap', output: `import { pMapSettled } from 'p-map'; export const all = (ids: string[]) => pMapSettled(ids, (id) => fetch('http://u/' + id), { concurrency: 8 });` }] }],
    },
    // A fixed length above maxFixedSize
    { code: `export const many = () => Promise.all(Array.from({ length: 500 }, (_, i) => fetch('http://a/' + i)));`, errors: [{ messageId: 'tooLarge', data: { combinator: 'Promise.all', what: 'one fetch request', collection: '{ length: 500 }', target: 'a', n: '8', size: '500', max: '20' }, suggestions: [] }] },
    { code: `export const three = () => Promise.all(['/a', '/b', '/c'].map((p) => fetch(p)));`, options: [{ maxFixedSize: 2 }], errors: [{ messageId: 'tooLarge', suggestions: [] }] },
  ],
});
