import assert from 'node:assert/strict';
import { buildQuickFixes, type ActionPlan } from '../../extension/src/code-actions.js';
import type { LintMessage } from '../../extension/src/lint-engine.js';
import { LineIndex, applyReplacements } from '../../extension/src/text-edits.js';

const FILE = '/ws/src/client.ts';

/** Applies a plan's edits to `text` (the file the plan was built for). */
function applyPlan(text: string, plan: ActionPlan): string {
  const index = new LineIndex(text);
  const edits = plan.changes.filter((c) => c.path === FILE).flatMap((c) => c.edits);
  return applyReplacements(text, edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText })));
}

function at(text: string, needle: string, ruleId = 'breakwater/require-timeout', extra: Partial<LintMessage> = {}): LintMessage {
  const index = new LineIndex(text);
  const start = index.positionAt(text.indexOf(needle));
  const end = index.positionAt(text.indexOf(needle) + needle.length);
  return { ruleId, severity: 2, message: 'm', line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, ...extra };
}

describe('quick fixes for a Breakwater diagnostic', () => {
  const text = 'export async function getUser(id: string) {\n  const res = await fetch(`https://api.example.com/users/${id}`);\n  return res.json();\n}\n';
  const call = 'fetch(`https://api.example.com/users/${id}`)';

  it("offers the rule's suggestion first (preferred) and disable-for-line last", () => {
    const insertAt = text.indexOf(call) + call.length - 1;
    const message = at(text, call, 'breakwater/require-timeout', {
      suggestions: [{ desc: 'Add `signal: AbortSignal.timeout(5000)`', fix: { range: [insertAt, insertAt], text: ', { signal: AbortSignal.timeout(5000) }' } }],
    });
    const plans = buildQuickFixes({ filePath: FILE, text, message, defaultTimeoutMs: 5000 });
    assert.deepEqual(plans.map((p) => p.title), ['Add `signal: AbortSignal.timeout(5000)`', 'Disable breakwater/require-timeout for this line']);
    assert.equal(plans[0]!.isPreferred, true);
    assert.equal(plans[1]!.isPreferred, false);
    assert.match(applyPlan(text, plans[0]!), /await fetch\(`https:\/\/api\.example\.com\/users\/\$\{id\}`, \{ signal: AbortSignal\.timeout\(5000\) \}\);/);
  });

  it('disables the rule on the line above, with the same indentation', () => {
    const message = at(text, call);
    const disable = buildQuickFixes({ filePath: FILE, text, message, defaultTimeoutMs: 5000 }).at(-1)!;
    assert.equal(disable.isPreferred, false);
    assert.equal(applyPlan(text, disable).split('\n')[1], '  // eslint-disable-next-line breakwater/require-timeout');
    assert.equal(applyPlan(text, disable).split('\n')[2], text.split('\n')[1]);
  });

  it('joins an existing eslint-disable-next-line directive instead of stacking a second one', () => {
    const withDirective = text.replace('  const res', '  // eslint-disable-next-line no-await-in-loop -- reviewed\n  const res');
    const message = at(withDirective, call, 'breakwater/require-circuit-breaker');
    const disable = buildQuickFixes({ filePath: FILE, text: withDirective, message, defaultTimeoutMs: 5000 }).at(-1)!;
    assert.equal(applyPlan(withDirective, disable).split('\n')[1], '  // eslint-disable-next-line no-await-in-loop, breakwater/require-circuit-breaker -- reviewed');
  });

  it('keeps CRLF line endings', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const message = at(crlf, call);
    const disable = buildQuickFixes({ filePath: FILE, text: crlf, message, defaultTimeoutMs: 5000 }).at(-1)!;
    assert.ok(applyPlan(crlf, disable).startsWith('export async function getUser(id: string) {\r\n  // eslint-disable-next-line breakwater/require-timeout\r\n  const res'));
  });

  it("offers the rule's autofix first (preferred), before its suggestions; with transformsOnly it is left to ESLint's integration", () => {
    const loop = 'for (let i = 0; i < 3; i++) { try { return await get(); } catch { await sleep(100 * 2 ** i); } }\n';
    const delay = '100 * 2 ** i';
    const start = loop.indexOf(delay);
    const fixed = '(100 * 2 ** i) * (0.5 + Math.random())';
    const message = at(loop, delay, 'breakwater/require-backoff-jitter', {
      fix: { range: [start, start + delay.length], text: fixed },
      suggestions: [{ desc: 'Full jitter', fix: { range: [start, start + delay.length], text: `Math.random() * (${delay})` } }],
    });
    const plans = buildQuickFixes({ filePath: FILE, text: loop, message, defaultTimeoutMs: 5000 });
    assert.deepEqual(plans.map((p) => p.title), ['Fix this breakwater/require-backoff-jitter problem: `(100 * 2 ** i) * (0.5 + Math.random())`', 'Full jitter', 'Disable breakwater/require-backoff-jitter for this line']);
    assert.equal(plans[0]!.isPreferred, true);
    assert.equal(applyPlan(loop, plans[0]!), loop.replace(delay, fixed));
    // A transform whose result is the autofix's is the same fix: shown once, or not at all when ESLint shows the autofix.
    const sameAsAutofix = { run: () => ({ text: loop.replace(delay, fixed), notes: [], extraFiles: [] }) };
    const withTransform = buildQuickFixes({ filePath: FILE, text: loop, message, defaultTimeoutMs: 5000, transforms: sameAsAutofix });
    assert.equal(withTransform.length, 3);
    assert.deepEqual(buildQuickFixes({ filePath: FILE, text: loop, message, defaultTimeoutMs: 5000, transforms: sameAsAutofix, transformsOnly: true }), []);
  });

  it('asks the runner for the plain loop replacement, then for it routed through the policy, and shows an identical second result once', () => {
    const loop = 'for (let i = 0; i < 3; i++) { try { return await get(); } catch { await sleep(500); } }\n';
    const message = at(loop, 'sleep(500)', 'breakwater/require-backoff-jitter');
    const asked: string[] = [];
    const unroutable = {
      run: (fix: readonly string[]) => {
        asked.push(fix.join('+'));
        return { text: 'return await retry({ maxAttempts: 3 }).execute(() => get());\n', notes: [], extraFiles: [] };
      },
    };
    const plans = buildQuickFixes({ filePath: FILE, text: loop, message, defaultTimeoutMs: 5000, transforms: unroutable });
    assert.deepEqual(asked, ['replace-retry-loop', 'replace-retry-loop+wrap-policy']);
    assert.deepEqual(plans.map((p) => p.title), ["Replace the hand-rolled retry with the runtime's retry (backoff, jitter, transient errors only)", 'Disable breakwater/require-backoff-jitter for this line']);
  });

  it('shows two suggestions with the same result once', () => {
    const insertAt = text.indexOf(call) + call.length - 1;
    const fix = { range: [insertAt, insertAt] as [number, number], text: ', { signal: AbortSignal.timeout(5000) }' };
    const message = at(text, call, 'breakwater/require-timeout', { suggestions: [{ desc: 'A', fix }, { desc: 'B', fix }] });
    assert.deepEqual(buildQuickFixes({ filePath: FILE, text, message, defaultTimeoutMs: 5000 }).map((p) => p.title), ['A', 'Disable breakwater/require-timeout for this line']);
  });
});
