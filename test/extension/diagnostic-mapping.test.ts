import assert from 'node:assert/strict';
import { toDiagnosticData, toRange, diagnosticKey } from '../../extension/src/diagnostic-mapping.js';
import { ruleDocsUrl, type LintMessage } from '../../extension/src/lint-engine.js';

const message = (over: Partial<LintMessage>): LintMessage => ({
  ruleId: 'breakwater/require-timeout',
  severity: 2,
  message: 'fetch has no timeout: pass `signal: AbortSignal.timeout(ms)`.',
  line: 3,
  column: 21,
  endLine: 3,
  endColumn: 44,
  ...over,
});

describe('diagnostic mapping (ESLint message → VS Code diagnostic data)', () => {
  it('turns 1-based lines and columns into 0-based positions, end exclusive on both sides', () => {
    const data = toDiagnosticData(message({}), ruleDocsUrl('require-timeout'));
    assert.deepEqual(data.range, { start: { line: 2, character: 20 }, end: { line: 2, character: 43 } });
  });

  it('maps severity 2 to error and 1 to warning', () => {
    assert.equal(toDiagnosticData(message({ severity: 2 }), undefined).severity, 'error');
    assert.equal(toDiagnosticData(message({ severity: 1 }), undefined).severity, 'warning');
  });

  it('uses the full rule id as code, the rule doc page as its target, and source "breakwater"', () => {
    const data = toDiagnosticData(message({}), ruleDocsUrl('require-timeout'));
    assert.equal(data.source, 'breakwater');
    assert.equal(data.code.value, 'breakwater/require-timeout');
    assert.equal(data.code.target, 'https://github.com/breakwater-dev/breakwater/blob/main/eslint-plugin/docs/rules/require-timeout.md');
    assert.equal(data.message, 'fetch has no timeout: pass `signal: AbortSignal.timeout(ms)`.');
  });

  it("links every rule of the plugin to its own page (the rule's meta.docs.url)", () => {
    for (const rule of ['require-timeout', 'no-unsafe-retry', 'require-circuit-breaker', 'require-backoff-jitter', 'retry-transient-only', 'no-unbounded-fanout']) {
      assert.match(ruleDocsUrl(rule) ?? '', new RegExp(`/eslint-plugin/docs/rules/${rule}\\.md$`));
    }
    assert.equal(ruleDocsUrl('no-such-rule'), undefined);
  });

  it('spans a multi-line report', () => {
    assert.deepEqual(toRange({ line: 4, column: 3, endLine: 9, endColumn: 4 }), { start: { line: 3, character: 2 }, end: { line: 8, character: 3 } });
  });

  it('covers the rest of the line when a report has no end, and stays empty without line lengths', () => {
    assert.deepEqual(toRange({ line: 2, column: 5 }, (line) => (line === 1 ? 30 : 0)), { start: { line: 1, character: 4 }, end: { line: 1, character: 30 } });
    assert.deepEqual(toRange({ line: 2, column: 5 }), { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } });
  });

  it('never produces an inverted range', () => {
    assert.deepEqual(toRange({ line: 5, column: 10, endLine: 5, endColumn: 2 }), { start: { line: 4, character: 9 }, end: { line: 4, character: 9 } });
  });

  it('keys a diagnostic by rule and exact range, so a code-action request finds its message', () => {
    const range = toDiagnosticData(message({}), ruleDocsUrl('require-timeout')).range;
    assert.equal(diagnosticKey('breakwater/require-timeout', range), 'breakwater/require-timeout@2:20-2:43');
    assert.notEqual(diagnosticKey('breakwater/no-unsafe-retry', range), diagnosticKey('breakwater/require-timeout', range));
  });
});
