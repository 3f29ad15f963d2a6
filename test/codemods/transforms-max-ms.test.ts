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
