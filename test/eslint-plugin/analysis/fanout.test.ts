// findFanOuts through analyzeText: Promise combinators (and p-map) over collections of outbound
// calls, whether a concurrency bound applies and what it is.
import assert from 'node:assert/strict';
import { analyzeText, type FanOut } from 'eslint-plugin-breakwater/analysis';

function fanOutsIn(code: string, filePath = 'src/file.ts'): { fanOuts: FanOut[]; text: string } {
  const result = analyzeText(code, filePath);
  assert.equal(result.parseError, undefined, `parse error: ${result.parseError?.message}`);
  return { fanOuts: result.analysis.fanOuts, text: code };
}

interface Summary {
  combinator: string;
  bounded: boolean;
  boundedBy: string | null;
  calls: number;
  collection: string | null;
  size: number | null;
  at: string;
}

function only(code: string, filePath?: string): Summary {
  const { fanOuts, text } = fanOutsIn(code, filePath);
  assert.equal(fanOuts.length, 1, `expected one fan-out, found ${fanOuts.length}`);
  const f = fanOuts[0]!;
  return {
    combinator: f.combinator,
    bounded: f.bounded,
    boundedBy: f.boundedBy ?? null,
    calls: f.calls.length,
    collection: f.collection ? text.slice(f.collection.range[0], f.collection.range[1]) : null,
    size: f.size ?? null,
    at: text.slice(f.node.range[0], f.node.range[0] + 12),
  };
}

function expectFanOut(code: string, expected: Partial<Summary>, filePath?: string): void {
  const actual = only(code, filePath);
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = actual[key as keyof Summary];
  assert.deepEqual(picked, expected);
}

describe('analysis: fan-outs', () => {
  describe('unbounded', () => {
    const cases: Array<[string, string, Partial<Summary>]> = [
      ['Promise.all over ids.map(fetch)', `export const f = (ids: string[]) => Promise.all(ids.map((id) => fetch('http://u/' + id)));`, { combinator: 'all', bounded: false, boundedBy: null, calls: 1, collection: 'ids', at: 'Promise.all(' }],
      [
        'allSettled over a const of mapped async callbacks',
        `import axios from 'axios'; export async function f(ids: string[]) { const jobs = ids.map(async (id) => (await axios.get('/u/' + id)).data); return Promise.allSettled(jobs); }`,
        { combinator: 'allSettled', bounded: false, collection: 'ids' },
      ],
      ['Promise.any', `export const f = (m: string[]) => Promise.any(m.map((u) => fetch(u)));`, { combinator: 'any', bounded: false }],
      ['Promise.race', `export const f = (m: string[]) => Promise.race(m.map((u) => fetch(u)));`, { combinator: 'race', bounded: false }],
      ['Array.from(items, fn)', `export const f = (ids: Set<string>) => Promise.all(Array.from(ids, (id) => fetch('http://u/' + id)));`, { bounded: false, collection: 'ids' }],
      ['[...items].map', `export const f = (ids: Set<string>) => Promise.all([...ids].map((id) => fetch('http://u/' + id)));`, { bounded: false, collection: '[...ids]' }],
      ['push in a for…of, then Promise.all', `export async function f(ids: string[]) { const ps = []; for (const id of ids) ps.push(fetch('http://u/' + id)); return Promise.all(ps); }`, { bounded: false, collection: 'ids' }],
      ['.filter() after the map', `export const f = (ids: string[]) => Promise.all(ids.map((id) => fetch(id)).filter(Boolean));`, { bounded: false }],
      ['a same-file helper passed by name', `async function getUser(id: string) { return (await fetch('http://users/' + id)).json(); } export const f = (ids: string[]) => Promise.all(ids.map(getUser));`, { bounded: false, calls: 1 }],
      ['a same-file helper called in the callback', `async function getUser(id: string) { return fetch('http://users/' + id); } export const f = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));`, { bounded: false, calls: 1 }],
      ['a limiter around the whole Promise.all', `import pLimit from 'p-limit'; const limit = pLimit(2); export const f = (ids: string[]) => limit(() => Promise.all(ids.map((id) => fetch(id))));`, { bounded: false }],
      ['p-map without concurrency', `import pMap from 'p-map'; export const f = (ids: string[]) => pMap(ids, (id) => fetch(id));`, { combinator: 'p-map', bounded: false, collection: 'ids', at: 'pMap(ids, (i' }],
      ['p-map with concurrency Infinity', `import pMap from 'p-map'; export const f = (ids: string[]) => pMap(ids, (id) => fetch(id), { concurrency: Infinity });`, { combinator: 'p-map', bounded: false }],
    ];
    for (const [name, code, expected] of cases) it(name, () => expectFanOut(code, expected));

    it('one unbounded part makes a mixed literal unbounded', () => {
      expectFanOut(`export const f = (ids: string[]) => Promise.all([fetch('http://u/me'), ...ids.map((id) => fetch('http://u/' + id))]);`, { bounded: false, calls: 2, collection: 'ids', size: null });
    });
  });

  describe('bounded', () => {
    const cases: Array<[string, string, Partial<Summary>]> = [
      ['p-limit per element', `import pLimit from 'p-limit'; const limit = pLimit(5); export const f = (ids: string[]) => Promise.all(ids.map((id) => limit(() => fetch(id))));`, { bounded: true, boundedBy: 'p-limit' }],
      ['p-limit through CJS', `const pLimit = require('p-limit'); const limit = pLimit(5); module.exports = (ids) => Promise.all(ids.map((id) => limit(() => fetch(id))));`, { bounded: true, boundedBy: 'p-limit' }],
      ['limitFunction', `import { limitFunction } from 'p-limit'; const get = limitFunction((id: string) => fetch(id), { concurrency: 2 }); export const f = (ids: string[]) => Promise.all(ids.map((id) => get(id)));`, { bounded: true, boundedBy: 'p-limit (limitFunction)' }],
      ['p-map with concurrency', `import pMap from 'p-map'; export const f = (ids: string[]) => pMap(ids, (id) => fetch(id), { concurrency: 4 });`, { combinator: 'p-map', bounded: true, boundedBy: "p-map's concurrency (4)" }],
      ['p-map with a computed concurrency', `import pMap from 'p-map'; import os from 'node:os'; export const f = (ids: string[]) => pMap(ids, (id) => fetch(id), { concurrency: os.cpus().length });`, { bounded: true, boundedBy: "p-map's concurrency" }],
      ['Breakwater bulkhead', `import { bulkhead } from '@breakwater/runtime'; const bh = bulkhead(4); export const f = (ids: string[]) => Promise.all(ids.map((id) => bh.execute(() => fetch(id))));`, { bounded: true, boundedBy: 'Breakwater bulkhead (limit 4)' }],
      ['cockatiel bulkhead', `import { bulkhead } from 'cockatiel'; const bh = bulkhead(4, 10); export const f = (ids: string[]) => Promise.all(ids.map((id) => bh.execute(() => fetch(id))));`, { bounded: true, boundedBy: 'cockatiel bulkhead (limit 4)' }],
      ['p-queue', `import PQueue from 'p-queue'; const q = new PQueue({ concurrency: 2 }); export const f = (ids: string[]) => Promise.all(ids.map((id) => q.add(() => fetch(id))));`, { bounded: true, boundedBy: 'p-queue' }],
      ['Bottleneck', `import Bottleneck from 'bottleneck'; const b = new Bottleneck({ maxConcurrent: 2 }); export const f = (ids: string[]) => Promise.all(ids.map((id) => b.schedule(() => fetch(id))));`, { bounded: true, boundedBy: 'Bottleneck' }],
      ['chunks by slice in a for loop', `export async function f(ids: string[]) { for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map((id) => fetch(id))); }`, { bounded: true, boundedBy: 'chunking' }],
      ['chunks from a const slice', `export async function f(ids: string[]) { for (let i = 0; i < ids.length; i += 10) { const part = ids.slice(i, i + 10); await Promise.all(part.map((id) => fetch(id))); } }`, { bounded: true, boundedBy: 'chunking' }],
      ['chunks from lodash chunk()', `import { chunk } from 'lodash'; export async function f(ids: string[]) { for (const batch of chunk(ids, 20)) await Promise.all(batch.map((id) => fetch(id))); }`, { bounded: true, boundedBy: 'chunking' }],
      ['a queue drained with splice', `export async function f(q: string[]) { while (q.length) { const batch = q.splice(0, 5); await Promise.all(batch.map((u) => fetch(u))); } }`, { bounded: true, boundedBy: 'chunking' }],
      ['a fixed-length literal', `export const f = (a: string, b: string) => Promise.all([fetch(a), fetch(b)]);`, { bounded: true, boundedBy: 'a fixed-length array', calls: 2, size: 2 }],
      ['a fixed-length array mapped', `export const f = () => Promise.all(['/a', '/b', '/c'].map((p) => fetch(p)));`, { bounded: true, boundedBy: 'a fixed-length collection (3)', size: 3 }],
      ['Array.from({ length: 4 }, fn)', `export const f = () => Promise.all(Array.from({ length: 4 }, (_, i) => fetch('http://a/' + i)));`, { bounded: true, size: 4 }],
      ['[...Array(3).keys()].map', `export const f = () => Promise.all([...Array(3).keys()].map((i) => fetch('http://a/' + i)));`, { bounded: true, size: 3 }],
      ['a helper that limits itself', `import pLimit from 'p-limit'; const limit = pLimit(3); function get(id: string) { return limit(() => fetch(id)); } export const f = (ids: string[]) => Promise.all(ids.map(get));`, { bounded: true, boundedBy: 'p-limit' }],
    ];
    for (const [name, code, expected] of cases) it(name, () => expectFanOut(code, expected, name.includes('CJS') ? 'src/file.js' : undefined));
  });

  describe('not fan-outs', () => {
    const cases: Array<[string, string]> = [
      ['Promise.all over file reads', `import { readFile } from 'node:fs/promises'; export const f = (files: string[]) => Promise.all(files.map((p) => readFile(p)));`],
      ['Promise.all over parsing', `export const f = (xs: string[]) => Promise.all(xs.map(async (x) => JSON.parse(x)));`],
      ['a local function named fetch', `function fetch(u: string) { return Promise.resolve(u); } export const f = (ids: string[]) => Promise.all(ids.map((id) => fetch(id)));`],
      ['a shadowed Promise', `export function f(Promise: { all(x: unknown[]): unknown }, ids: string[]) { return Promise.all(ids.map((id) => fetch(id))); }`],
      ['sequential awaits in a loop', `export async function f(ids: string[]) { for (const id of ids) await fetch(id); }`],
      ['a mapped array that is returned, not awaited together here', `export const f = (ids: string[]) => ids.map((id) => fetch(id));`],
      ['an imported helper we cannot see into', `import { getUser } from './users.js'; export const f = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));`],
    ];
    for (const [name, code] of cases) it(name, () => assert.deepEqual(fanOutsIn(code).fanOuts, []));
  });

  it('fan-outs carry their calls (the analysis attaches the per-element calls)', () => {
    const { fanOuts } = fanOutsIn(`import axios from 'axios'; export const f = (ids: string[]) => Promise.all(ids.flatMap((id) => [axios.get('/a/' + id), axios.get('/b/' + id)]));`);
    assert.equal(fanOuts.length, 1);
    assert.deepEqual(fanOuts[0]!.calls.map((c) => c.label), ['axios.get', 'axios.get']);
    assert.equal(fanOuts[0]!.bounded, false);
  });
});
