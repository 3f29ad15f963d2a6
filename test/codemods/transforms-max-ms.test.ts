// FixOptions.maxMs: the limit above which add-timeout lowers an existing timeout is require-timeout's
// `maxMs`, as configured, not a fixed 30 s — and the rule, run with the same limit, agrees.
import assert from 'node:assert/strict';
import { createFixSession, type FixOptions } from '@breakwater/codemods/transforms';
import { fixtureOptions, lint, PROJECT } from './transforms.support.js';

const SOURCE = `import axios from 'axios';

export const slow = () => axios.get('https://reports.example.com/daily', { timeout: 20000 });
export const slower = () => fetch('https://reports.example.com/weekly', { signal: AbortSignal.timeout(45000) });
`;

function fixed(overrides: Partial<FixOptions>): string {
  const r = createFixSession(fixtureOptions(['add-timeout'], overrides)).fixFile(`${PROJECT}/src/reports.ts`, SOURCE);
  if (!r.ok) return assert.fail(r.error);
  return r.text;
}

describe('codemods transforms: FixOptions.maxMs', () => {
  it('default (30 s): the 45 s timeout is lowered, the 20 s one kept', () => {
    const text = fixed({});
    assert.match(text, /\{ timeout: 20000 \}/);
    assert.match(text, /AbortSignal\.timeout\(5000\)/);
    assert.doesNotMatch(text, /45000/);
  });

  it('maxMs 10 s: both are lowered to timeoutMs', () => {
    const text = fixed({ maxMs: 10_000, timeoutMs: 3000 });
    assert.match(text, /\{ timeout: 3000 \}/);
    assert.match(text, /AbortSignal\.timeout\(3000\)/);
  });

  it('maxMs 60 s: both are kept', () => {
    assert.equal(fixed({ maxMs: 60_000 }), SOURCE);
  });

  it('the rule with the same maxMs reports nothing after the fix, and a second fix changes nothing', () => {
    const text = fixed({ maxMs: 10_000 });
    assert.equal(lint(SOURCE, 'src/reports.ts', ['require-timeout'], { 'require-timeout': [{ maxMs: 10_000 }] }).length, 2);
    assert.deepEqual(lint(text, 'src/reports.ts', ['require-timeout'], { 'require-timeout': [{ maxMs: 10_000 }] }), []);
    const again = createFixSession(fixtureOptions(['add-timeout'], { maxMs: 10_000 })).fixFile(`${PROJECT}/src/reports.ts`, text);
    assert.ok(again.ok);
    assert.equal(again.text, text);
  });
});

describe('codemods transforms: FixOptions.maxMs on undici request timers', () => {
  // The call may wait as long as the longer of its two timers (an unset one waits undici's 300 s),
  // so lowering only the one that is over the limit is not enough.
  const UNDICI = `import { request } from 'undici';

export const latest = () => request('https://rates.example.com/latest', { headersTimeout: 20000 });
export const history = () => request('https://rates.example.com/history', { headersTimeout: 20000, bodyTimeout: 1000 });
`;
  const fixUndici = (overrides: Partial<FixOptions>, text = UNDICI) => {
    const r = createFixSession(fixtureOptions(['add-timeout'], overrides)).fixFile(`${PROJECT}/src/rates.ts`, text);
    if (!r.ok) return assert.fail(r.error);
    return r;
  };
  const findings = (text: string, maxMs: number) => lint(text, 'src/rates.ts', ['require-timeout'], { 'require-timeout': [{ maxMs }] }).map((m) => `${m.line}: ${m.message}`);

  it('maxMs 10 s: an over-limit headersTimeout is lowered and the unset bodyTimeout set; a bodyTimeout within the limit is kept', () => {
    const r = fixUndici({ maxMs: 10_000 });
    assert.equal(
      r.text,
      UNDICI.replace("latest', { headersTimeout: 20000 }", "latest', { headersTimeout: 5000, bodyTimeout: 5000 }").replace('{ headersTimeout: 20000, bodyTimeout: 1000 }', '{ headersTimeout: 5000, bodyTimeout: 1000 }'),
    );
    assert.deepEqual(
      r.changes.map((c) => c.message),
      [
        "request: timeout 300000 ms → 5000 ms: headersTimeout 20000 → 5000, added bodyTimeout: 5000 (undici's default was 300000)",
        'request: timeout 20000 ms → 5000 ms: headersTimeout 20000 → 5000',
      ],
    );
    assert.equal(findings(UNDICI, 10_000).length, 2);
    assert.deepEqual(findings(r.text, 10_000), []);
    assert.equal(fixUndici({ maxMs: 10_000 }, r.text).text, r.text, 'a second run changes nothing');
  });

  it('default (30 s): the 20 s headersTimeout is kept, only the unset bodyTimeout is set', () => {
    const r = fixUndici({});
    assert.match(r.text, /latest', \{ headersTimeout: 20000, bodyTimeout: 5000 \}\)/);
    assert.match(r.text, /\{ headersTimeout: 20000, bodyTimeout: 1000 \}/, 'a call within the limit is left as is');
    assert.equal(findings(UNDICI, 30_000).length, 1);
    assert.deepEqual(findings(r.text, 30_000), []);
  });
});
