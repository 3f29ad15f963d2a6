// The retry and fan-out finders on real code: every installed source file that looks like it makes
// HTTP calls, retries or fans out, analysed with the finders in strict mode (an error that the
// finders would otherwise skip fails the test), plus constructs chosen to trip a careless reader.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analysisErrors, analyzeText } from 'eslint-plugin-breakwater/analysis';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Installed code that looks like it makes calls, retries or fans out (most of node_modules does not). */
const HINT = /fetch\(|axios|got\(|\.request\(|Promise\.(all|allSettled|any|race)\(|\bretr(y|ies)\b/;
const MAX_BYTES = 200_000;
const MAX_FILES = 1500;
/** The repository's own service-like code: the demo system and the fixtures of the other parts. */
const REPO_DIRS = ['examples', 'test/fixtures', 'test/codemods/fixtures', 'test/codemods/scan-fixtures'];

function* sources(dir: string, depth = 0): Generator<string> {
  if (depth > 12) return;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) yield* sources(full, depth + 1);
    else if (/\.(c|m)?(j|t)s$/.test(name) && !name.endsWith('.d.ts') && st.size < MAX_BYTES) yield full;
  }
}

const TRICKY = [
  `for (;;) { try { await fetch(u); break; } catch { continue; } }`,
  `outer: for (let i = 0; i < 3; i++) { for (const x of xs) { try { await fetch(x); continue outer; } catch { break outer; } } }`,
  `let i = 0; while (i++ < 3) try { return await fetch(u); } catch ({ message }) { console.log(message); }`,
  `do try { return await fetch(u); } catch { await new Promise((r) => setTimeout(r)); } while (true);`,
  `const f = async function again(n = 3): Promise<Response> { try { return await fetch(u); } catch { return n ? again(n - 1) : fetch(u); } };`,
  `function* gen() { for (let i = 0; i < 3; i++) { try { yield fetch(u); return; } catch {} } }`,
  `for (let i = 0, j = 10; i < j; i++, j--) { try { return await fetch(u); } catch (e) { if (i === j) throw e; await sleep((i, j)); } }`,
  `while (true) { const r = await fetch(u); switch (r.status) { case 200: return r; case 503: continue; default: throw new Error(); } }`,
  `for (let a = 0; a < 3; a += Math.random()) { try { return await fetch(u); } catch { await sleep(2 ** a); } }`,
  `let d = 100; for (let i = 0; i < 4; i++) { try { return await fetch(u); } catch { await sleep(d); d = d * d; d **= 2; d <<= 1; d ??= 5; } }`,
  `await Promise.all(xs.map(async ([a, b] = []) => fetch(a + b)));`,
  `await Promise.all(xs?.map?.((x) => fetch(x)) ?? []);`,
  `await Promise.all((xs as string[]).map((x) => fetch(x)!));`,
  `const { all } = Promise; await all(xs.map((x) => fetch(x)));`,
  `await Promise.all(Array.from({ length: n }, () => fetch(u)));`,
  `await Promise.all([...Array(1e9).keys()].map(() => fetch(u)));`,
  `const jobs = xs.map((x) => fetch(x)); const more = jobs; await Promise.all(more); await Promise.race(jobs);`,
  `class A { async get(n = 0): Promise<unknown> { try { return await fetch(u); } catch { return this['get'](n + 1); } } }`,
  `const o = { async get(n = 0): Promise<unknown> { try { return await fetch(u); } catch { return o.get(n + 1); } } };`,
  `async function r(n: number): Promise<unknown> { return fetch(u).catch(() => r(n - 1)).then((x) => x, () => r(n - 2)); }`,
  `import pRetry from 'p-retry'; await pRetry(...args); await pRetry(); await pRetry(fetch);`,
  `import retry from 'async-retry'; await retry(async function (this: unknown, bail) { return fetch(u); }, { retries: -1 });`,
  `import axiosRetry from 'axios-retry'; axiosRetry(); axiosRetry(undefined as never, { retries: NaN });`,
  `import { retry, handleAll } from 'cockatiel'; retry(handleAll).execute(); retry(handleAll, { maxAttempts: -1, backoff: new (class {})() }).execute(() => fetch(u));`,
  `import got from 'got'; await got(u, { retry: { limit: Infinity, methods: 'POST', statusCodes: null } });`,
  `import ky from 'ky'; await ky.get(u, { retry: { limit: -1, delay: () => { throw new Error(); } } });`,
  `import request from 'superagent'; await request.get(u).retry(Infinity, 'nope' as never);`,
];

describe('analysis robustness: the retry and fan-out finders on real and tricky code', () => {
  before(() => {
    (globalThis as { __breakwaterStrictAnalysis?: boolean }).__breakwaterStrictAnalysis = true;
  });
  after(() => {
    delete (globalThis as { __breakwaterStrictAnalysis?: boolean }).__breakwaterStrictAnalysis;
  });

  it('never throws, and reports how much it covered', function () {
    this.timeout(600_000);
    let files = 0;
    let withCalls = 0;
    let calls = 0;
    let retries = 0;
    let fanOuts = 0;
    const failures: string[] = [];
    const check = (name: string, text: string): void => {
      const result = analyzeText(text, name.replace(/\.(c|m)?js$/, '.js'));
      files++;
      const a = result.analysis;
      if (a.calls.length > 0) withCalls++;
      calls += a.calls.length;
      retries += a.retries.length;
      fanOuts += a.fanOuts.length;
      for (const e of analysisErrors(a)) failures.push(`${name}: ${(e as Error)?.stack ?? String(e)}`);
    };
    for (const file of sources(path.join(ROOT, 'node_modules'))) {
      if (files >= MAX_FILES) break;
      const text = readFileSync(file, 'utf8');
      if (HINT.test(text)) check(path.relative(ROOT, file), text);
    }
    for (const dir of REPO_DIRS) {
      for (const file of sources(path.join(ROOT, dir))) {
        if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        check(path.relative(ROOT, file), readFileSync(file, 'utf8'));
      }
    }
    TRICKY.forEach((code, i) => check(`tricky-${i}.ts`, `declare const u: string, xs: string[], n: number, args: any[]; declare function sleep(ms: number): Promise<void>;\nexport async function t() {\n${code}\n}`));
    console.log(`      retries/fan-outs robustness: ${files} files, ${withCalls} with outbound calls, ${calls} calls, ${retries} retries, ${fanOuts} fan-outs, ${failures.length} errors`);
    assert.ok(files > 400, `expected a real corpus, read ${files} files`);
    assert.ok(retries > 0 && fanOuts > 0, 'the corpus should exercise both finders');
    assert.deepEqual(failures, []);
  });
});
