// The lint worker's statement-level incremental lint (extension/src/statement-incremental.ts) must
// give exactly what ESLint's Linter gives for the whole new text: same rules, messages, ranges,
// order. Random edits of the kinds a user makes — characters typed or deleted, digits in numbers,
// new lines, a renamed helper, a call's options edited, a retry loop added, one function made to
// call or guard another — over the benchmark's generated service files and the repository's
// realistic sources, each version linted incrementally and compared with a fresh full lint.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Linter } from 'eslint';
import { buildFlatConfig, LintEngine, recommendedSeverities } from '../../extension/src/lint-engine.js';
import { readSettings, type ExtensionSettings } from '../../extension/src/settings.js';
import { StatementIncrementalLint, type LintPath } from '../../extension/src/statement-incremental.js';
import { createLinting } from '../../extension/src/worker/lint-core.js';
import { generateServiceFile, typeInto } from '../../bench/extension/generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const filesUnder = (dir: string, keep: (f: string) => boolean) =>
  fs
    .readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => SOURCE.test(f) && !f.endsWith('.d.ts') && !f.includes('node_modules') && keep(f))
    .map((f) => ({ filePath: path.join(REPO, dir, f), text: fs.readFileSync(path.join(REPO, dir, f), 'utf8') }));

/** Guards and collections the edits below can use: a policy, a breaker, a limiter, an array of requests. */
const GUARDS = [
  "import { policy } from '@breakwater/runtime';",
  "import CircuitBreaker from 'opossum';",
  "import pLimit from 'p-limit';",
  "export const payments = policy('payments', { timeoutMs: 2_000, retry: { maxAttempts: 3 }, breaker: { failureThreshold: 5, openMs: 30_000 } });",
  'const limit = pLimit(4);',
  'const jobs: Array<Promise<unknown>> = [];',
  'export const drain = () => Promise.all(jobs);',
  '',
].join('\n');
const GENERATED = [60, 150, 240].flatMap((lines) => [
  { filePath: path.join(REPO, `src/generated-${lines}.ts`), text: generateServiceFile(lines) },
  { filePath: path.join(REPO, `src/guarded-${lines}.ts`), text: GUARDS + generateServiceFile(lines) },
]);
const REALISTIC = [
  ...filesUnder('test/e2e/workspace/src', () => true),
  ...filesUnder('test/codemods/fixtures', (f) => /\.(input|output)\.(ts|tsx|js|cjs)$/.test(f) || f.includes('/project')),
  ...filesUnder('examples/pos-system/src', () => true),
].flatMap((file) => [file, { filePath: file.filePath.replace(/(\.\w+)$/, '.guarded$1'), text: GUARDS + file.text }]);
const RUNS = Number(process.env.BREAKWATER_PROPERTY_RUNS ?? 300);

const settingsFrom = (raw: Record<string, unknown>): ExtensionSettings => readSettings((key) => raw[key], recommendedSeverities()).settings;
const SETTINGS = settingsFrom({ rules: Object.fromEntries(Object.keys(recommendedSeverities()).map((r) => [r, 'warn'])) });
const settingsKey = JSON.stringify(SETTINGS);

/** ESLint's own answer for the whole text (it parses with tokens and walks every node itself). */
function fullLint(text: string, filePath: string) {
  const all = new Linter({ cwd: '/' }).verify(text, buildFlatConfig(SETTINGS, { suggestions: false }), { filename: filePath });
  return { messages: all.filter((m) => m.ruleId?.startsWith('breakwater/') === true), parseError: all.some((m) => m.fatal) };
}

// ---- edits ------------------------------------------------------------------------------------
type Edit = (text: string, pick: (n: number) => number) => string | null;
const at = (text: string, offset: number, remove: number, insert: string) => text.slice(0, offset) + insert + text.slice(offset + remove);
const occurrences = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => ({ index: m.index, text: m[0] }));
const topLevelNames = (text: string) => [...new Set(occurrences(text, /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let)\s+([A-Za-z_$][\w$]*)/gm).map((o) => o.text.split(/\s+/).pop()!))];
/** Offsets just inside function bodies (after `{` and its line break): where statements go. */
const bodyStarts = (text: string) => occurrences(text, /\{\n/g).map((o) => o.index + 2);
const choose = <T>(items: T[], pick: (n: number) => number): T | null => (items.length === 0 ? null : items[pick(items.length)]!);

const SNIPPETS = ['x', '1', ' ', '\n', ';', '(', ')', '{', '}', "'", '`', 'await ', 'fetch(', ', { timeout: 5000 }', '\u00e9'];
const EDITS: Record<string, Edit> = {
  'type a character': (t, pick) => at(t, pick(t.length + 1), 0, SNIPPETS[pick(SNIPPETS.length)]!),
  'delete characters': (t, pick) => at(t, pick(t.length), 1 + pick(6), ''),
  'type a digit into a number': (t, pick) => {
    const n = choose(occurrences(t, /\b[1-9]\d*\b/g), pick);
    return n ? at(t, n.index + 1, 0, String(pick(10))) : null;
  },
  'new line': (t, pick) => {
    const line = choose(occurrences(t, /\n/g), pick);
    return line ? at(t, line.index, 0, pick(2) === 0 ? '\n' : '\n  ') : null;
  },
  'rename a helper (one occurrence)': (t, pick) => {
    const name = choose(topLevelNames(t), pick);
    const o = name ? choose(occurrences(t, new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`, 'g')), pick) : null;
    return o ? at(t, o.index + o.text.length, 0, 'X') : null;
  },
  "edit a call's options": (t, pick) => {
    const o = choose(occurrences(t, /\b(timeout|signal|retries|retry|method|headers|limit|concurrency)\b\s*:/g), pick);
    if (!o) return null;
    return pick(2) === 0 ? at(t, o.index, o.text.length, 'other:') : at(t, o.index + o.text.length, 0, ' 2 ** 40 ||');
  },
  'add a retry loop': (t, pick) => {
    const start = choose(bodyStarts(t), pick);
    if (start === null) return null;
    const loops = [
      "for (let attempt = 0; attempt < 3; attempt++) { try { await fetch('https://pay.example.com/charge', { method: 'POST' }); break; } catch (e) { await new Promise((r) => setTimeout(r, 100 * 2 ** attempt)); } }\n",
      "let tries = 0; while (tries++ < 5) { try { return await axios.post('https://pay.example.com/refund', {}); } catch { await new Promise((r) => setTimeout(r, 200)); } }\n",
    ];
    return at(t, start, 0, loops[pick(loops.length)]!);
  },
  'call or guard another function': (t, pick) => {
    const start = choose(bodyStarts(t), pick);
    const name = choose(topLevelNames(t), pick);
    if (start === null || !name) return null;
    // `void`, not `await`: valid in any function body, async or not.
    const uses = [
      `void ${name};\n`,
      `void ${name}();\n`,
      `void Promise.all([1, 2].map(() => ${name}()));\n`,
      `new CircuitBreaker(${name});\n`,
      `void payments.execute(() => ${name}());\n`,
      `void payments.execute(${name});\n`,
      `void limit(() => ${name}());\n`,
      `for (const id of ['a', 'b']) jobs.push(${name}(id));\n`,
    ];
    return at(t, start, 0, uses[pick(uses.length)]!);
  },
  'add an ESLint directive comment': (t, pick) => {
    const line = choose(occurrences(t, /\n/g), pick);
    const directives = ['/* eslint-disable */', '// eslint-disable-next-line breakwater/require-timeout', '/* eslint-enable */', '/* eslint breakwater/require-circuit-breaker: "off" */'];
    return line ? at(t, line.index + 1, 0, `${directives[pick(directives.length)]!}\n`) : null;
  },
  'set a client default': (t, pick) => {
    const start = choose(bodyStarts(t), pick);
    return start === null ? null : at(t, start, 0, pick(2) === 0 ? 'axios.defaults.timeout = 1000;\n' : "axios.defaults.baseURL = 'https://api.example.com';\n");
  },
};
const EDIT_NAMES = Object.keys(EDITS);

describe('statement-level incremental lint (lint worker)', function () {
  this.timeout(1_200_000);

  const filePath = path.join(REPO, 'src/service.ts');
  const service = GUARDS + generateServiceFile(150);
  /** A fresh incremental lint whose base is `base`, then `next` linted through it: the path it took and whether it equals a full lint. */
  function step(base: string, next: string, options: { minLength?: number; settings?: ExtensionSettings } = {}) {
    const incremental = new StatementIncrementalLint(new LintEngine({ suggestions: false }), { minLength: options.minLength ?? 0, verify: true });
    incremental.lint(filePath, base, SETTINGS, settingsKey);
    const settings = options.settings ?? SETTINGS;
    const ours = incremental.lint(filePath, next, settings, JSON.stringify(settings));
    const expected = settings === SETTINGS ? fullLint(next, filePath) : undefined;
    if (expected) assert.deepEqual(ours.messages, expected.messages);
    return { path: incremental.lastPath, ours };
  }
  const insertAfter = (text: string, anchor: string, insert: string) => {
    const i = text.indexOf(anchor);
    assert.ok(i >= 0, anchor);
    return text.slice(0, i + anchor.length) + insert + text.slice(i + anchor.length);
  };

  it('lints a digit typed into a number of one function incrementally', () => {
    const { path: p, ours } = step(service, insertAfter(service, 'item.qty * 3', '7'));
    assert.equal(p, 'incremental');
    assert.ok(ours.messages.length > 10);
  });

  it("re-lints a helper whose caller starts guarding it (the helper's findings change)", () => {
    const before = fullLint(service, filePath).messages.filter((m) => m.ruleId === 'breakwater/require-circuit-breaker').length;
    const next = insertAfter(service, 'export async function fetchOrder0(id: string): Promise<Order0> {\n', "  void payments.execute(() => notify1('c', 't'));\n");
    const { path: p, ours } = step(service, next);
    assert.equal(p, 'incremental');
    // notify1's got.post now runs inside the payments breaker: one breaker finding fewer.
    assert.equal(ours.messages.filter((m) => m.ruleId === 'breakwater/require-circuit-breaker').length, before - 1);
  });

  it('falls back to a full lint where statements cannot be told apart', () => {
    const cases: Record<string, [string, string]> = {
      'edit in an import, export-from, namespace or directive': [service, service.replace("from 'got';", "from 'got' ;")],
      'parse error': [service, insertAfter(service, 'item.qty * 3', ')')],
      'edit not strictly inside one statement': [service, service.replace('}\n\nexport async function fetchOrder1', '\n\nexport async function fetchOrder1')],
      'file not eligible (small, directive, defaults, escape)': [service, insertAfter(service, 'item.qty * 3', ' /* eslint-disable */')],
      'statement list changed': [service, insertAfter(service, 'item.qty * 3', '7, 0);\n}\nfunction extra() {\n  return [].reduce((a: number) => a * 2')],
    };
    for (const [reason, [base, next]] of Object.entries(cases)) assert.equal(step(base, next).path, `full: ${reason}`, reason);
    assert.equal(step(service, insertAfter(service, 'item.qty * 3', '7'), { minLength: 1_000_000 }).path, 'full: no eligible earlier version');
    const other = settingsFrom({ maxMs: 1000 });
    assert.equal(step(service, insertAfter(service, 'item.qty * 3', '7'), { settings: other }).path, 'full: settings changed');
  });

  it('falls back when axios defaults are set anywhere (they apply to every call of the file)', () => {
    const withDefaults = insertAfter(service, 'export function totalOf0(order: Order0): number {\n', '  axios.defaults.timeout = 1000;\n');
    assert.equal(step(service, withDefaults).path, 'full: file not eligible (small, directive, defaults, escape)');
    // …and that version is no base for the next one either.
    assert.equal(step(withDefaults, insertAfter(withDefaults, 'item.qty * 3', '7')).path, 'full: no eligible earlier version');
  });

  it("the lint worker answers a keystroke in a 300-line file incrementally, with the full lint's diagnostics", () => {
    const worker = createLinting({ suggestions: false });
    const whole = createLinting({ suggestions: false }, false);
    const original = generateServiceFile(300);
    const lint = (linting: typeof worker, text: string) => linting.handlers.lint({ filePath, text, settings: {} });
    assert.equal(lint(worker, typeInto(original, 1)).path, 'full: no eligible earlier version');
    for (const n of [2, 3, 45]) {
      const text = typeInto(original, n);
      const ours = lint(worker, text);
      assert.equal(ours.path, 'incremental');
      assert.deepEqual(ours.diagnostics, lint(whole, text).diagnostics);
    }
    // The same text again is answered from the last lint, without linting.
    assert.equal(lint(worker, typeInto(original, 45)).path, undefined);
    assert.equal(whole.incremental, undefined);
  });

  it('gives exactly the full lint\'s findings after random edits of generated and realistic files', () => {
    const served = new Map<LintPath, number>();
    const byKind = new Map<string, { served: number; all: number }>();
    const incremental = new StatementIncrementalLint(new LintEngine({ suggestions: false }), { minLength: 0, maxKeptShare: 1, verify: true });
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...GENERATED), fc.constantFrom(...REALISTIC)),
        fc.array(fc.record({ kind: fc.constantFrom(...EDIT_NAMES), seeds: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }) }), { minLength: 1, maxLength: 4 }),
        (file, edits) => {
          let text = file.text;
          // The first lint of a file is a full one, the base of the edits that follow.
          incremental.lint(file.filePath, text, SETTINGS, settingsKey);
          for (const { kind, seeds } of edits) {
            let s = 0;
            const next = EDITS[kind]!(text, (n) => seeds[s++ % seeds.length]! % n);
            if (next === null || next === text) continue;
            text = next;
            const ours = incremental.lint(file.filePath, text, SETTINGS, settingsKey);
            const path = incremental.lastPath;
            served.set(path, (served.get(path) ?? 0) + 1);
            const k = byKind.get(kind) ?? { served: 0, all: 0 };
            byKind.set(kind, { served: k.served + (path === 'incremental' ? 1 : 0), all: k.all + 1 });
            const expected = fullLint(text, file.filePath);
            assert.equal(ours.parseError !== undefined, expected.parseError, `${path}: parse error`);
            assert.deepEqual(ours.messages, expected.messages, `${path} after "${kind}" in ${file.filePath}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
    const total = [...served.values()].reduce((a, b) => a + b, 0);
    const incrementalCount = served.get('incremental') ?? 0;
    console.log(`      ${total} edited versions, ${incrementalCount} linted incrementally; by edit kind (incremental/all): ${[...byKind].map(([k, v]) => `${k} ${v.served}/${v.all}`).join(', ')}`);
    console.log(`      full lints by reason: ${[...served].filter(([p]) => p !== 'incremental').map(([p, n]) => `${p.slice(6)} ${n}`).join('; ')}`);
    // The property means little if the incremental path never ran.
    assert.ok(incrementalCount >= total / 5, `only ${incrementalCount} of ${total} versions were linted incrementally`);
  });
});
