// The lint worker's request handlers with the real plugin, the real ESLint Linter and the real
// codemod transforms (no thread here; worker-client.test.ts runs the bundled worker).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkerCore } from '../../extension/src/worker/core.js';
import { LineIndex, applyReplacements } from '../../extension/src/text-edits.js';
import type { ActionPlan } from '../../extension/src/code-actions.js';
import { diagnosticKey, type DiagnosticData } from '../../extension/src/diagnostic-mapping.js';
import { LintEngine } from '../../extension/src/lint-engine.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../e2e/workspace');
const read = (relative: string) => fs.readFileSync(path.join(SAMPLE, relative), 'utf8');
const at = (relative: string) => path.join('/ws', relative);

const FIX_OPTIONS = { policyModulePath: '/ws/src/resilience/policies.ts', vendorPath: '/ws/src/resilience/breakwater-runtime.ts' };
const keyOf = (d: DiagnosticData) => diagnosticKey(d.code.value, d.range);

function applyTo(text: string, plan: ActionPlan, file: string): string {
  const index = new LineIndex(text);
  const edits = plan.changes.filter((c) => c.path === file).flatMap((c) => c.edits);
  return applyReplacements(text, edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText })));
}

describe('lint worker: lint requests (real plugin in ESLint’s Linter)', () => {
  const core = createWorkerCore();

  it('reports require-timeout on a fetch without a timeout, mapped for VS Code', () => {
    const result = core.lint({ filePath: at('src/client.ts'), text: read('src/client.ts'), settings: {} });
    assert.deepEqual(result.problems, []);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.fixable, 0);
    const [diagnostic] = result.diagnostics;
    assert.deepEqual(diagnostic!.range, { start: { line: 2, character: 20 }, end: { line: 2, character: 25 } });
    assert.equal(diagnostic!.severity, 'error');
    assert.equal(diagnostic!.code.value, 'breakwater/require-timeout');
    assert.match(diagnostic!.code.target ?? '', /docs\/rules\/require-timeout\.md$/);
    assert.match(diagnostic!.message, /AbortSignal\.timeout/);
  });

  it('honours `// eslint-disable-next-line breakwater/<rule>`', () => {
    const text = read('src/client.ts').replace('  const res', '  // eslint-disable-next-line breakwater/require-timeout\n  const res');
    assert.deepEqual(core.lint({ filePath: at('src/client.ts'), text, settings: {} }).diagnostics, []);
  });

  it('applies per-rule severities, maxMs and the suggested timeout from the settings', () => {
    const text = "import axios from 'axios';\nexport const get = () => axios.get('https://a.example.com/x', { timeout: 60000 });\n";
    const file = at('src/slow.ts');
    assert.equal(core.lint({ filePath: file, text, settings: {} }).diagnostics.length, 1, 'above the default maxMs (30 s)');
    assert.equal(core.lint({ filePath: file, text, settings: { maxMs: 120_000 } }).diagnostics.length, 0);
    assert.equal(core.lint({ filePath: file, text, settings: { rules: { 'require-timeout': 'off' } } }).diagnostics.length, 0);
    const settings = { rules: { 'require-timeout': 'warn' }, defaultTimeoutMs: 2500 };
    const warn = core.lint({ filePath: at('src/client.ts'), text: read('src/client.ts'), settings });
    assert.equal(warn.diagnostics[0]!.severity, 'warning');
    const { plans } = core.quickFixes({ filePath: at('src/client.ts'), text: read('src/client.ts'), settings, targets: [keyOf(warn.diagnostics[0]!)], fixOptions: FIX_OPTIONS, files: {} });
    assert.equal(plans[0]![0]!.title, 'Add `signal: AbortSignal.timeout(2500)`.');
  });

  it('returns settings problems and still lints with the defaults', () => {
    const result = core.lint({ filePath: at('src/client.ts'), text: read('src/client.ts'), settings: { rules: { 'require-timeout': 'loud' }, maxMs: 'long' } });
    assert.equal(result.problems.length, 2);
    assert.equal(result.diagnostics[0]!.severity, 'error');
  });

  it('lints JSX in .jsx, .js and .tsx files, and plain CommonJS', () => {
    const jsx = "export const Button = () => <button onClick={() => fetch('https://api.example.com/x')}>go</button>;\n";
    for (const file of ['src/button.jsx', 'src/button.js', 'src/button.tsx']) {
      const result = core.lint({ filePath: at(file), text: jsx, settings: {} });
      assert.equal(result.parseError, undefined, file);
      assert.deepEqual(result.diagnostics.map((d) => d.code.value), ['breakwater/require-timeout'], file);
    }
    const cjs = "const axios = require('axios');\nmodule.exports = () => axios.get('https://api.example.com/x');\n";
    assert.deepEqual(core.lint({ filePath: at('src/legacy.cjs'), text: cjs, settings: {} }).diagnostics.map((d) => d.code.value), ['breakwater/require-timeout']);
  });

  it('does not throw on a file that does not parse', () => {
    const result = core.lint({ filePath: at('src/broken.ts'), text: 'export const x = fetch(', settings: {} });
    assert.deepEqual(result.diagnostics, []);
    assert.match(result.parseError ?? '', /Parsing error/);
  });
});

describe('lint worker: no text is linted twice', () => {
  // Counts the engine's real lints (the engine itself is untouched).
  let lints = 0;
  const original = LintEngine.prototype.lint;
  before(() => {
    LintEngine.prototype.lint = function (...args: Parameters<LintEngine['lint']>) {
      lints++;
      return original.apply(this, args);
    };
  });
  after(() => {
    LintEngine.prototype.lint = original;
  });

  it('answers a text it has linted with these settings from the last lint, parse errors included', () => {
    const core = createWorkerCore();
    const file = at('src/client.ts');
    const text = read('src/client.ts');
    lints = 0;
    const first = core.lint({ filePath: file, text, settings: {} });
    assert.deepEqual(core.lint({ filePath: file, text, settings: {} }).diagnostics, first.diagnostics);
    assert.equal(lints, 1);
    core.quickFixes({ filePath: file, text, settings: {}, targets: first.diagnostics.map(keyOf), fixOptions: FIX_OPTIONS, files: {} });
    assert.equal(lints, 1, 'the quick fixes reuse the lint');
    assert.equal(core.lint({ filePath: file, text: text + '\n', settings: {} }).diagnostics.length, 1);
    assert.equal(lints, 2, 'a new text is linted');
    assert.equal(core.lint({ filePath: file, text: text + '\n', settings: { rules: { 'require-timeout': 'off' } } }).diagnostics.length, 0);
    assert.equal(lints, 3, 'new settings are linted');
    const broken = 'export const x = fetch(';
    const parseErrors = [0, 1].map(() => core.lint({ filePath: file, text: broken, settings: {} }).parseError);
    assert.match(parseErrors[0] ?? '', /Parsing error/);
    assert.equal(parseErrors[1], parseErrors[0]);
    assert.equal(lints, 4);
  });

  it('builds the same quick fixes whether it reuses the last lint’s parse or parses again', () => {
    const file = at('src/orders.ts');
    const text = read('src/orders.ts');
    const request = (targets: string[]) => ({ filePath: file, text, settings: {}, targets, fixOptions: FIX_OPTIONS, files: { [FIX_OPTIONS.policyModulePath]: null } });
    const reusing = createWorkerCore();
    const targets = reusing.lint({ filePath: file, text, settings: {} }).diagnostics.map(keyOf);
    const reused = reusing.quickFixes(request(targets)).plans;
    // Another file linted in between: the lint is remembered, its parse is not.
    const parsing = createWorkerCore();
    parsing.lint({ filePath: file, text, settings: {} });
    parsing.lint({ filePath: at('src/client.ts'), text: read('src/client.ts'), settings: {} });
    assert.deepEqual(parsing.quickFixes(request(targets)).plans, reused);
    assert.ok(reused.flat().some((p) => p.title.startsWith("Wrap in the service's resilience policy")));
  });
});

describe('lint worker: quick-fix plans (real transforms)', () => {
  const core = createWorkerCore();
  const fixOptions = FIX_OPTIONS;

  it('wraps only the call it was asked for in the service policy, and creates the policy module', () => {
    const file = at('src/orders.ts');
    const text = read('src/orders.ts');
    const { diagnostics } = core.lint({ filePath: file, text, settings: {} });
    assert.equal(diagnostics.length, 2);
    const { plans } = core.quickFixes({ filePath: file, text, settings: {}, targets: [keyOf(diagnostics[0]!)], fixOptions, files: { [fixOptions.policyModulePath]: null } });
    const titles = plans[0]!.map((p) => p.title);
    assert.equal(titles[0], 'Add `timeout: 5000` to the config.', 'the rule’s own suggestion first');
    assert.equal(titles.at(-1), 'Disable breakwater/require-timeout for this line');
    const wrap = plans[0]!.find((p) => p.title.startsWith("Wrap in the service's resilience policy"));
    assert.ok(wrap, 'wrap-policy offered: ' + titles.join(' | '));
    const after = applyTo(text, wrap, file);
    assert.match(after, /orders\.execute\(/);
    assert.equal((after.match(/\.execute\(/g) ?? []).length, 1, 'only the first call is wrapped');
    assert.match(after, /const res = await axios\.get\(`https:\/\/orders\.internal\.example\/orders\/\$\{id\}`\);/);
    assert.equal(wrap.creates.length, 1);
    assert.equal(wrap.creates[0]!.path, fixOptions.policyModulePath);
    assert.match(wrap.creates[0]!.text, /export const orders = policy\('orders'/);
  });

  it('keeps a fix to its own call when the next line calls another service', () => {
    const file = at('src/two.ts');
    const text = "export const pay = () => fetch('https://payments.example.com/x');\nexport const order = () => fetch('https://orders.example.com/y');\n";
    const { diagnostics } = core.lint({ filePath: file, text, settings: {} });
    const second = diagnostics.find((d) => d.range.start.line === 1)!;
    const { plans } = core.quickFixes({ filePath: file, text, settings: {}, targets: [keyOf(second)], fixOptions, files: {} });
    const wrap = plans[0]!.find((p) => p.title.startsWith("Wrap in the service's resilience policy"))!;
    assert.equal(
      applyTo(text, wrap, file),
      "import { orders } from './resilience/policies.js';\n\nexport const pay = () => fetch('https://payments.example.com/x');\nexport const order = () => orders.execute(({ signal }) => fetch('https://orders.example.com/y', { signal }));\n",
    );
    assert.match(wrap.creates[0]!.text, /export const orders = policy\('orders'/);
    assert.doesNotMatch(wrap.creates[0]!.text, /export const payments/, 'no entry for the service this fix does not touch');
  });

  it("adds the Idempotency-Key to the retried POST it was asked about, not to the next function's", () => {
    const file = at('src/pay.ts');
    const loop = (name: string) => [
      `export async function ${name}(x: number) {`,
      '  for (let i = 0; i < 3; i++) {',
      `    try { return await axios.post('https://pay.example.com/${name}', { x }); } catch (e) { if (i === 2) throw e; }`,
      '  }',
      '}',
    ];
    const text = ["import axios from 'axios';", ...loop('first'), ...loop('second'), ''].join('\n');
    const { diagnostics } = core.lint({ filePath: file, text, settings: {} });
    const unsafe = diagnostics.filter((d) => d.code.value === 'breakwater/no-unsafe-retry');
    assert.equal(unsafe.length, 2);
    const { plans } = core.quickFixes({ filePath: file, text, settings: {}, targets: [keyOf(unsafe[1]!)], fixOptions, files: {} });
    const keyPlans = plans[0]!.filter((p) => /^(Add an Idempotency-Key|Create `const)/.test(p.title));
    // The idempotency-key transform, limited to this loop, makes exactly the rule's suggestion: shown once.
    assert.equal(keyPlans.length, 1, 'the rule’s suggestion and the identical idempotency-key transform, once');
    assert.match(applyTo(text, keyPlans[0]!, file), /export async function second\(x: number\) \{\n {2}const idempotencyKey = crypto\.randomUUID\(\);\n/);
    for (const plan of keyPlans) {
      const after = applyTo(text, plan, file);
      const [first, second] = after.split('export async function second');
      assert.doesNotMatch(first!, /Idempotency-Key/, `"${plan.title}" leaves first() alone`);
      assert.match(second!, /'Idempotency-Key'/, `"${plan.title}" fixes second()`);
    }
    const replace = plans[0]!.find((p) => p.title.startsWith('Replace the hand-rolled retry'));
    assert.ok(replace, 'replace-retry-loop offered');
    const [first, second] = applyTo(text, replace, file).split('export async function second');
    assert.equal(first!.replace("import { retry } from '@breakwater/runtime';\n", ''), text.split('export async function second')[0], 'first() untouched (the import is for second())');
    assert.doesNotMatch(second!, /for \(let i = 0/);
    assert.match(second!, /retry\(/);
  });

  it('extends an existing policy module with an edit instead of creating it', () => {
    const file = at('src/client.ts');
    const text = read('src/client.ts');
    const { diagnostics } = core.lint({ filePath: file, text, settings: {} });
    const existing = "import { policy } from '@breakwater/runtime';\n\nexport const orders = policy('orders', { timeoutMs: 5000 });\n";
    const { plans } = core.quickFixes({ filePath: file, text, settings: {}, targets: diagnostics.map(keyOf), fixOptions, files: { [fixOptions.policyModulePath]: existing } });
    const wrap = plans[0]!.find((p) => p.title.startsWith("Wrap in the service's resilience policy"));
    assert.ok(wrap);
    assert.equal(wrap.creates.length, 0);
    const moduleChange = wrap.changes.find((c) => c.path === fixOptions.policyModulePath);
    assert.ok(moduleChange, 'the policy module is edited');
    const index = new LineIndex(existing);
    const extended = applyReplacements(existing, moduleChange.edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText })));
    assert.ok(extended.startsWith(existing.trimEnd()), 'existing entries kept as they were');
    assert.match(extended, /export const example = policy\('example'/);
  });

  it('with `breakwater.runtime: vendor`, also creates the vendored runtime and imports it from the policy module', () => {
    const file = at('src/client.ts');
    const text = read('src/client.ts');
    const { diagnostics } = core.lint({ filePath: file, text, settings: {} });
    const vendor = fixOptions;
    const { plans } = core.quickFixes({ filePath: file, text, settings: { runtime: 'vendor' }, targets: diagnostics.map(keyOf), fixOptions: vendor, files: {} });
    const wrap = plans[0]!.find((p) => p.title.startsWith("Wrap in the service's resilience policy"));
    assert.ok(wrap);
    assert.deepEqual(wrap.creates.map((c) => c.path).sort(), [vendor.policyModulePath, vendor.vendorPath].sort());
    const policyModule = wrap.creates.find((c) => c.path === vendor.policyModulePath)!;
    assert.match(policyModule.text, /from '\.\/breakwater-runtime(\.js)?'/);
    assert.match(wrap.creates.find((c) => c.path === vendor.vendorPath)!.text, /^export const policy = /m);
  });

  it("offers only the transforms for the workspace ESLint's findings, whatever the extension's own severities", () => {
    const file = at('linted/src/report.ts');
    const text = read('linted/src/report.ts');
    const [finding] = core.lint({ filePath: file, text, settings: {} }).diagnostics;
    const settings = { rules: { 'require-timeout': 'off' } };
    const { plans } = core.quickFixes({ filePath: file, text, settings, targets: [keyOf(finding!)], fixOptions, files: {}, fromWorkspaceEslint: true });
    assert.deepEqual(plans[0]!.map((p) => p.title.split(':')[0]), ["Wrap in the service's resilience policy"]);
    assert.deepEqual(core.quickFixes({ filePath: file, text, settings, targets: [keyOf(finding!)], fixOptions, files: {} }).plans, [[]], 'not without the flag: the rule is off');
  });

  it('answers an unknown finding (the text changed meanwhile) with no plans', () => {
    const { plans } = core.quickFixes({ filePath: at('src/client.ts'), text: read('src/client.ts'), settings: {}, targets: ['breakwater/require-timeout@0:0-0:1'], fixOptions, files: {} });
    assert.deepEqual(plans, [[]]);
  });

  describe('add-timeout follows breakwater.maxMs and defaultTimeoutMs', () => {
    // undici's request waits up to its longer per-phase timer (20 s here: under the default maxMs,
    // over a user's 10 s). The rule's suggestion adds a signal; add-timeout lowers the timer itself,
    // so its plan is its own and shows whether the transform saw the user's maxMs.
    const file = at('src/slow.ts');
    const text = "import { request } from 'undici';\nexport const get = () => request('https://a.example.com/x', { headersTimeout: 20000, bodyTimeout: 1000 });\n";
    const lowered = (ms: number) => text.replace('headersTimeout: 20000', `headersTimeout: ${ms}`);
    const addTimeoutPlans = (settings: Record<string, unknown>) => {
      const { diagnostics } = core.lint({ filePath: file, text, settings });
      const { plans } = core.quickFixes({ filePath: file, text, settings, targets: diagnostics.map(keyOf), fixOptions, files: {} });
      return { diagnostics, plans: plans.flat().filter((p) => p.title.startsWith('Add a ')) };
    };

    it('is not reported under the default maxMs (30 s)', () => {
      assert.deepEqual(addTimeoutPlans({}).diagnostics, []);
    });

    it('lowers a timeout above the user’s maxMs to the default timeout, and the call is no longer reported', () => {
      const { diagnostics, plans } = addTimeoutPlans({ maxMs: 10_000 });
      assert.deepEqual(diagnostics.map((d) => d.code.value), ['breakwater/require-timeout']);
      assert.equal(plans.length, 1, 'one add-timeout plan');
      assert.match(plans[0]!.title, /^Add a 5 s timeout: request: timeout 20000 ms → 5000 ms/);
      const fixed = applyTo(text, plans[0]!, file);
      assert.equal(fixed, lowered(5000));
      assert.deepEqual(core.lint({ filePath: file, text: fixed, settings: { maxMs: 10_000 } }).diagnostics, []);
    });

    it('lowers it to breakwater.defaultTimeoutMs', () => {
      const { plans } = addTimeoutPlans({ maxMs: 10_000, defaultTimeoutMs: 3_000 });
      assert.equal(plans.length, 1);
      assert.equal(applyTo(text, plans[0]!, file), lowered(3000));
    });

    it('never writes a timeout above maxMs, even when defaultTimeoutMs asks for more', () => {
      const { plans } = addTimeoutPlans({ maxMs: 10_000, defaultTimeoutMs: 15_000 });
      assert.equal(plans.length, 1);
      assert.match(plans[0]!.title, /^Add a 10 s timeout/);
      const fixed = applyTo(text, plans[0]!, file);
      assert.equal(fixed, lowered(10_000));
      assert.deepEqual(core.lint({ filePath: file, text: fixed, settings: { maxMs: 10_000 } }).diagnostics, [], 'the fixed call is not reported');
    });
  });

  describe('hand-rolled retry loops: replace-retry-loop, alone or routed through the service policy', () => {
    const file = at('src/payments.ts');
    const payments = read('src/payments.ts');
    // A second loop in the same file, to another service: no fix of the first may touch it.
    const other = [
      '',
      'export async function getUser(id: string) {',
      '  for (let i = 0; i < 3; i++) {',
      '    try {',
      '      return await fetch(`https://users.example.com/u/${id}`, { signal: AbortSignal.timeout(2000) });',
      '    } catch (e) {',
      '      if (i === 2) throw e;',
      '      await sleep(100 * 2 ** i);',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const text = payments + other;
    const RETRY_RULES = ['breakwater/no-unsafe-retry', 'breakwater/retry-transient-only', 'breakwater/require-backoff-jitter'];
    const PLAIN = "Replace the hand-rolled retry with the runtime's retry";
    const POLICY = "Replace the hand-rolled retry with the service's resilience policy";

    const plansFor = (settings: Record<string, unknown> = {}) => {
      const { diagnostics } = core.lint({ filePath: file, text, settings });
      const charge = diagnostics.filter((d) => d.range.start.line < payments.split('\n').length - 1);
      const { plans } = core.quickFixes({ filePath: file, text, settings, targets: charge.map(keyOf), fixOptions, files: { [fixOptions.policyModulePath]: null } });
      return { charge, plans };
    };

    it('offers both replacements for each of the loop’s findings (no-unsafe-retry, retry-transient-only, require-backoff-jitter)', () => {
      const { charge, plans } = plansFor();
      assert.deepEqual([...new Set(charge.map((d) => d.code.value))].sort(), [...RETRY_RULES].sort());
      charge.forEach((d, i) => {
        const titles = plans[i]!.map((p) => p.title);
        const plain = titles.filter((t) => t.startsWith(PLAIN));
        const policy = titles.filter((t) => t.startsWith(POLICY));
        assert.equal(plain.length, 1, `${d.code.value}: ${titles.join(' | ')}`);
        assert.equal(policy.length, 1, `${d.code.value}: ${titles.join(' | ')}`);
        assert.ok(titles.indexOf(plain[0]!) < titles.indexOf(policy[0]!), 'the plain replacement first');
      });
    });

    it('the plain replacement: the runtime’s retry with the loop’s attempts, the POST not repeated unkeyed, no policy module, the other loop untouched', () => {
      const { charge, plans } = plansFor();
      for (const [i, d] of charge.entries()) {
        const plan = plans[i]!.find((p) => p.title.startsWith(PLAIN))!;
        assert.deepEqual(plan.creates, [], d.code.value);
        assert.deepEqual(plan.changes.map((c) => c.path), [file]);
        const after = applyTo(text, plan, file);
        assert.ok(after.endsWith(other), `${d.code.value}: getUser's loop untouched`);
        const [charged] = after.split(other);
        assert.doesNotMatch(charged!, /for \(let attempt/);
        assert.doesNotMatch(charged!, /await sleep\(500\)/);
        assert.match(charged!, /return await retry\(\{ maxAttempts: 3 \}\)\.execute\(async \(\{ signal \}\) => \{/);
        assert.match(charged!, /\}, \{ method: 'POST' \}\);/, 'the runtime is told it is a POST (never retried without a key)');
        assert.match(charged!, /^import \{ retry \} from '@breakwater\/runtime';$/m);
        assert.match(after, /const sleep = /, 'sleep is kept: getUser still uses it');
      }
    });

    it('routed through the service policy: payments.execute, the policy module created with a payments entry of the loop’s 3 attempts', () => {
      const { charge, plans } = plansFor();
      for (const [i, d] of charge.entries()) {
        const plan = plans[i]!.find((p) => p.title.startsWith(POLICY))!;
        assert.match(plan.title, /policy 'payments'/, d.code.value);
        const after = applyTo(text, plan, file);
        assert.ok(after.endsWith(other), `${d.code.value}: getUser's loop untouched`);
        assert.match(after, /^import \{ payments \} from '\.\/resilience\/policies\.js';$/m);
        assert.match(after, /return await payments\.execute\(async \(\{ signal \}\) => \{[\s\S]*\}, \{ method: 'POST' \}\);/);
        assert.doesNotMatch(after, /retry\(\{ maxAttempts/, 'one retry (the policy’s), not two stacked');
        assert.doesNotMatch(after, /for \(let attempt/);
        assert.deepEqual(plan.creates.map((c) => c.path), [fixOptions.policyModulePath]);
        const module = plan.creates[0]!.text;
        assert.match(module, /export const payments = policy\('payments', \{[\s\S]*retry: \{ maxAttempts: 3\b/);
        assert.doesNotMatch(module, /users/, 'no entry for the other loop’s service');
      }
    });

    it('a loop whose requests go to two services gets only the plain replacement (it cannot be routed to one policy)', () => {
      const two = [
        'const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));',
        'export async function sync() {',
        '  for (let i = 0; i < 4; i++) {',
        '    try {',
        "      const a = await fetch('https://a.example.com/x', { signal: AbortSignal.timeout(1000) });",
        "      const b = await fetch('https://b.example.com/y', { signal: AbortSignal.timeout(1000) });",
        '      return [a, b];',
        '    } catch (e) {',
        '      if (i === 3) throw e;',
        '      await sleep(200);',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n');
      const syncFile = at('src/sync.ts');
      const { diagnostics } = core.lint({ filePath: syncFile, text: two, settings: {} });
      const jitter = diagnostics.find((d) => d.code.value === 'breakwater/require-backoff-jitter');
      assert.ok(jitter, diagnostics.map((d) => d.code.value).join());
      const { plans } = core.quickFixes({ filePath: syncFile, text: two, settings: {}, targets: [keyOf(jitter)], fixOptions, files: {} });
      const replacements = plans[0]!.filter((p) => p.title.startsWith('Replace the hand-rolled retry'));
      assert.equal(replacements.length, 1, replacements.map((p) => p.title).join(' | '));
      assert.ok(replacements[0]!.title.startsWith(PLAIN));
      assert.match(applyTo(two, replacements[0]!, syncFile), /return await retry\(\{ maxAttempts: 4 \}\)\.execute\(/);
      assert.deepEqual(replacements[0]!.creates, []);
    });

    it("offers both replacements for the workspace ESLint's retry findings too", () => {
      const { charge } = plansFor();
      const { plans } = core.quickFixes({ filePath: file, text, settings: {}, targets: charge.map(keyOf), fixOptions, files: {}, fromWorkspaceEslint: true });
      assert.equal(plans.length, 3);
      for (const list of plans) {
        assert.equal(list.filter((p) => p.title.startsWith(PLAIN)).length, 1);
        assert.equal(list.filter((p) => p.title.startsWith(POLICY)).length, 1);
        assert.ok(!list.some((p) => p.title.startsWith('Disable')), 'ESLint’s integration offers the disable comment');
      }
    });

    it("offers require-backoff-jitter's autofix first (preferred), as fix-all applies it", () => {
      const { diagnostics } = core.lint({ filePath: file, text, settings: {} });
      const jitter = diagnostics.find((d) => d.code.value === 'breakwater/require-backoff-jitter' && d.range.start.line >= payments.split('\n').length - 1);
      assert.ok(jitter, 'getUser: exponential backoff without jitter');
      const { plans } = core.quickFixes({ filePath: file, text, settings: {}, targets: [keyOf(jitter)], fixOptions, files: {} });
      const [autofix] = plans[0]!;
      assert.equal(autofix!.title, 'Fix this breakwater/require-backoff-jitter problem: `(100 * 2 ** i) * (0.5 + Math.random())`');
      assert.equal(autofix!.isPreferred, true);
      const fixed = applyTo(text, autofix!, file);
      assert.equal(fixed, text.replace('await sleep(100 * 2 ** i);', 'await sleep((100 * 2 ** i) * (0.5 + Math.random()));'));
      assert.ok(plans[0]!.slice(1).some((p) => p.title.startsWith(PLAIN)), 'the replacements are still offered');
    });
  });

  it('marks exactly one plan preferred, the first', () => {
    const file = at('src/client.ts');
    const text = read('src/client.ts');
    const { diagnostics } = core.lint({ filePath: file, text, settings: {} });
    const { plans } = core.quickFixes({ filePath: file, text, settings: {}, targets: diagnostics.map(keyOf), fixOptions, files: {} });
    assert.deepEqual(plans[0]!.map((p) => p.isPreferred), plans[0]!.map((_, i) => i === 0));
  });
});

describe('lint worker: fix-all and inventory', () => {
  const core = createWorkerCore();

  it('fix-all never applies a suggestion', () => {
    assert.equal(core.fixAll({ filePath: at('src/client.ts'), text: read('src/client.ts'), settings: {} }).text, null);
  });

  it("fix-all applies require-backoff-jitter's autofix and nothing else (not the timeout or jitter suggestions)", () => {
    const text = read('src/backoff.ts');
    const lint = core.lint({ filePath: at('src/backoff.ts'), text, settings: {} });
    assert.deepEqual(lint.diagnostics.map((d) => d.code.value).sort(), ['breakwater/require-backoff-jitter', 'breakwater/require-timeout']);
    assert.equal(lint.fixable, 1);
    const fixed = core.fixAll({ filePath: at('src/backoff.ts'), text, settings: {} }).text;
    assert.equal(fixed, text.replace('await sleep(200 * 2 ** attempt);', 'await sleep((200 * 2 ** attempt) * (0.5 + Math.random()));'));
    assert.deepEqual(core.lint({ filePath: at('src/backoff.ts'), text: fixed!, settings: {} }).diagnostics.map((d) => d.code.value), ['breakwater/require-timeout']);
    assert.equal(core.fixAll({ filePath: at('src/backoff.ts'), text, settings: { rules: { 'require-backoff-jitter': 'off' } } }).text, null, 'not with the rule off');
  });

  it('fix-all never applies the fixes of ESLint’s own rules that an inline config turns on', () => {
    const text = `/* eslint semi: "error", prefer-const: "error" */\nlet x = 1\nexport const y = x\n${read('src/client.ts')}`;
    assert.equal(core.fixAll({ filePath: at('src/client.ts'), text, settings: {} }).text, null);
  });

  it('describes each call with its protection status, grouped by service', () => {
    const files = ['src/client.ts', 'src/orders.ts', 'src/safe.ts'].map((relativePath) => ({ filePath: at(relativePath), relativePath, text: read(relativePath) }));
    const { calls, errors } = core.inventory({ files, settings: {} });
    assert.deepEqual(errors, []);
    assert.deepEqual(calls.map((c) => [c.group, c.relativePath, c.range.start.line, c.timeout.verdict, c.timeout.short]), [
      ['example', 'src/client.ts', 2, 'problem', 'none'],
      ['orders', 'src/orders.ts', 5, 'problem', 'none'],
      ['orders', 'src/orders.ts', 10, 'problem', 'none'],
      ['status', 'src/safe.ts', 2, 'ok', '1 s'],
    ]);
    assert.equal(calls[3]!.idempotency.short, 'n/a');
  });

  it('reports a file that does not parse and keeps going', () => {
    const { calls, errors } = core.inventory({
      files: [
        { filePath: at('src/broken.ts'), relativePath: 'src/broken.ts', text: 'fetch(' },
        { filePath: at('src/safe.ts'), relativePath: 'src/safe.ts', text: read('src/safe.ts') },
      ],
      settings: {},
    });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /^src\/broken\.ts:1:\d+ does not parse/);
    assert.equal(calls.length, 1);
  });
});
