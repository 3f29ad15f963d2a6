// analyzeText as the CLI and the extension use it: parse errors, garbage, settings validation,
// memoisation; and the import helpers the retry and fan-out finders build on.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analysisErrors, analyze, analyzeText, validateSettings } from 'eslint-plugin-breakwater/analysis';
import { callsIn } from './support.js';

describe('analyzeText', () => {
  it('returns a parse error with its line and column, and an empty analysis', () => {
    const r = analyzeText(`const a = 1;\nconst b = ;\n`, 'src/a.ts');
    assert.deepEqual(r.analysis, { calls: [], retries: [], fanOuts: [] });
    assert.equal(r.source, undefined);
    assert.equal(r.parseError?.line, 2);
    assert.equal(r.parseError?.column, 11);
    assert.match(r.parseError!.message, /expected/i);
  });

  it('picks TS, TSX, JS and CommonJS by extension', () => {
    assert.equal(analyzeText(`const x = <T,>(a: T) => a; fetch('/x');`, 'a.ts').analysis.calls.length, 1);
    assert.ok(analyzeText(`const x = <div />;`, 'a.ts').parseError, 'JSX is not TypeScript');
    assert.equal(analyzeText(`const x = <div onClick={() => fetch('/x')} />;`, 'a.tsx').analysis.calls.length, 1);
    const cjs = analyzeText(`var axios = require('axios');\nmodule.exports = () => axios.get('/x');`, 'a.cjs');
    assert.equal(cjs.parseError, undefined);
    assert.equal(cjs.analysis.calls.length, 1);
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', '\u0000', '}{', 'import', '(((', '`${', '/*', 'class { fetch(', 'fetch(', 'axios.get(', 'a'.repeat(10000), '\uFEFFfetch("/x")'];
    for (const text of inputs) {
      for (const file of ['a.ts', 'a.tsx', 'a.js', 'a.cjs', 'a.mjs', '', 'noext']) assert.doesNotThrow(() => analyzeText(text, file));
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('a.ts', 'a.js', 'a.tsx'), (text, file) => {
        const r = analyzeText(text, file);
        assert.ok(Array.isArray(r.analysis.calls));
      }),
      { numRuns: 300 },
    );
  });

  it('survives fragments of real client code shuffled together', () => {
    const fragments = [
      `import axios from 'axios';`, `const api = axios.create({ timeout: 1 });`, `fetch(url, { signal });`, `api.post('/x', {}, cfg);`,
      `for (let i = 0; i < 3; i++) {`, `}`, `try {`, `} catch (e) {`, `await new Promise((r) => setTimeout(r, 100));`,
      `import got from 'got';`, `got.extend({ retry: { limit: 2 } }).post('/x');`, `const { request } = require('undici');`, `request(u);`,
      `Promise.all(ids.map((id) => fetch('/x/' + id)));`, `import pRetry from 'p-retry';`, `await pRetry(() => fetch('/y', { method: 'POST' }));`,
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 25 }), (parts) => {
        const r = analyzeText(parts.join('\n'), 'a.ts');
        if (!r.parseError) assert.deepEqual(analysisErrors(r.analysis), []);
      }),
      { numRuns: 200 },
    );
  });

  it('memoises per AST: the same source analysed twice is the same object', () => {
    const r = analyzeText(`fetch('/x');`, 'a.ts');
    assert.ok(r.source);
    assert.equal(analyze(r.source), analyze(r.source));
    assert.equal(analyze(r.source).calls.length, 1);
  });

  it('ignores invalid settings entries, reports them, and keeps the valid ones', () => {
    const settings = { clients: [{ from: 'package', package: '@acme/http', name: 'http', kind: 'axios' }, { from: 'package', name: 'x', kind: 'axios' }] };
    const r = analyzeText(`import { http } from '@acme/http'; http.get('/x');`, 'a.ts', settings as never);
    assert.equal(r.analysis.calls.length, 1);
    assert.deepEqual(r.settingsErrors, [`settings.breakwater.clients[1].package must name the npm package that exports x (from: 'package'), got nothing.`]);
  });
});

describe('validateSettings', () => {
  it('accepts the documented shapes', () => {
    const v = validateSettings({
      clients: [{ from: 'package', package: '@acme/http', name: ['a', 'b'], kind: 'got' }, { from: 'file', name: 'api', path: 'src/api.ts', kind: 'axios' }, { from: 'lib', name: 'req', kind: 'fetch' }],
      wrappers: [{ from: 'package', package: '@acme/guard', name: 'guard', provides: ['timeout', 'breaker'] }],
      policyModules: ['src/resilience/policies'],
    });
    assert.deepEqual(v.errors, []);
    assert.equal(v.settings.clients.length, 3);
    assert.deepEqual(v.settings.clients[0]!.names, ['a', 'b']);
    assert.deepEqual([...v.settings.wrappers[0]!.provides], ['timeout', 'breaker']);
    assert.deepEqual(v.settings.policyModules, ['src/resilience/policies']);
  });

  it('explains each bad shape, naming the entry', () => {
    assert.deepEqual(validateSettings('axios').errors, [`settings.breakwater must be an object with optional 'clients', 'wrappers' and 'policyModules', got "axios".`]);
    assert.deepEqual(validateSettings({ client: [] }).errors, ['settings.breakwater.client is not a known setting (known: clients, wrappers, policyModules).']);
    assert.deepEqual(validateSettings({ clients: {} }).errors, ['settings.breakwater.clients must be an array, got {}.']);
    assert.deepEqual(validateSettings({ clients: [{ from: 'npm', name: 'x', kind: 'axios' }] }).errors, [`settings.breakwater.clients[0].from must be 'package', 'file' or 'lib', got "npm".`]);
    assert.deepEqual(validateSettings({ clients: [{ from: 'lib', name: 'x', kind: 'request' }] }).errors, [
      'settings.breakwater.clients[0].kind must be the client it behaves like, one of fetch, node-fetch, undici, axios, got, ky, node-http, superagent, ofetch; got "request".',
    ]);
    assert.deepEqual(validateSettings({ clients: [{ from: 'lib', name: [], kind: 'fetch' }] }).errors, ['settings.breakwater.clients[0].name must be a non-empty string or an array of strings, got [].']);
    assert.deepEqual(validateSettings({ wrappers: [{ from: 'lib', name: 'g', provides: ['magic'] }] }).errors, [
      `settings.breakwater.wrappers[0].provides must be a non-empty array of 'timeout', 'retry', 'breaker', 'bulkhead'; got ["magic"].`,
    ]);
    assert.deepEqual(validateSettings({ wrappers: [{ from: 'file', name: 'g', path: 3, provides: ['retry'] }] }).errors, [
      `settings.breakwater.wrappers[0].path must be a string (a path or a suffix of one, like 'src/http/client.ts'), got 3.`,
    ]);
    assert.equal(validateSettings({ policyModules: 'policies' }).errors.length, 1);
  });

  it('treats imports from configured policy modules as policies', () => {
    const code = `import { payments } from '@acme/platform/guards'; payments.execute(() => fetch('/x'));`;
    assert.equal(callsIn(code)[0]!.breaker, null);
    assert.equal(callsIn(code, 'a.ts', { policyModules: ['platform/guards'] })[0]!.breaker?.kind, 'breakwater');
  });
});
