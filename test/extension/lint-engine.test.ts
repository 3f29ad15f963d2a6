// The extension's lint path (its own parse, a traversal reduced to what the rules listen to) must
// answer exactly what ESLint's Linter answers for the same text and config: same findings,
// severities, messages, positions, suggestions and fixes, the same disable directives and inline
// configs honoured, the same parse errors. Compared over every source file the repository's tests
// use, each also with directives and inline configs added. The lint worker's engine (no
// suggestions, no tokens parsed) must answer the same minus the suggestions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter, type Rule } from 'eslint';
import { buildFlatConfig, LintEngine, recommendedSeverities } from '../../extension/src/lint-engine.js';
import { ListenerWatch, ProgramOnlySourceCode, watchingRules } from '../../extension/src/program-only-traversal.js';
import { CommentlessSourceCode, mayHoldDirectives, parseWithoutTokens, TokenlessSourceCode, TokensOmitted } from '../../extension/src/tokenless.js';
import plugin from 'eslint-plugin-breakwater';
import { readSettings, type ExtensionSettings } from '../../extension/src/settings.js';
import * as tsParser from '@typescript-eslint/parser';
import { generateServiceFile } from '../../bench/extension/generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function sourcesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => SOURCE.test(f) && !f.endsWith('.d.ts') && !f.includes('node_modules')).map((f) => path.join(dir, f));
}

const corpus: Array<{ name: string; filePath: string; text: string }> = [
  ...['test/e2e/workspace', 'test/fixtures', 'test/codemods/fixtures'].flatMap((d) => sourcesUnder(path.join(REPO, d))),
].map((file) => ({ name: path.relative(REPO, file), filePath: file, text: fs.readFileSync(file, 'utf8') }));
corpus.push({ name: 'generated 300-line service file', filePath: path.join(REPO, 'src/generated.ts'), text: generateServiceFile(300) });

const settingsFrom = (raw: Record<string, unknown>): ExtensionSettings => readSettings((key) => raw[key], recommendedSeverities()).settings;
const SETTINGS: Record<string, ExtensionSettings> = {
  defaults: settingsFrom({}),
  'every rule warn, maxMs 1000, suggested 2500': settingsFrom({
    rules: Object.fromEntries(Object.keys(recommendedSeverities()).map((r) => [r, 'warn'])),
    maxMs: 1000,
    defaultTimeoutMs: 2500,
  }),
};

/** ESLint's own answer: the text through Linter.verify, messages filtered as the engine does. */
function eslintAnswer(text: string, filePath: string, settings: ExtensionSettings) {
  const all = new Linter({ cwd: path.parse(filePath).root }).verify(text, buildFlatConfig(settings), { filename: filePath });
  const fatal = all.find((m) => m.fatal);
  const messages = all.filter((m) => m.ruleId?.startsWith('breakwater/') === true);
  return fatal ? { messages, parseError: fatal.message } : { messages };
}

/**
 * Lints `text` with the lint worker's engine (no suggestions, no tokens parsed) and with ESLint,
 * while require-timeout also reports at Program:exit what `probe` reads through its context; the
 * rule is restored after.
 */
function lintWithProbe(text: string, filePath: string, probe: (context: Rule.RuleContext, program: Parameters<NonNullable<Rule.RuleListener['Program:exit']>>[0]) => string) {
  const rule = (plugin as unknown as { rules: Record<string, Rule.RuleModule> }).rules['require-timeout']!;
  const create = rule.create;
  rule.create = (context) => {
    const listeners = create(context);
    return {
      ...listeners,
      'Program:exit'(node) {
        context.report({ node, message: probe(context, node) });
        (listeners['Program:exit'] as (n: unknown) => void)(node);
      },
    };
  };
  try {
    const engine = new LintEngine({ suggestions: false });
    const settings = SETTINGS.defaults!;
    const ours = engine.lint(text, filePath, settings);
    return { tokenRelints: engine.tokenRelints, ours, eslint: eslintAnswer(text, filePath, settings) };
  } finally {
    rule.create = create;
  }
}

/** Variants of a file with findings: directives of every kind and inline configs around them. */
function withDirectives(text: string, findings: Array<{ ruleId: string | null; line: number }>): Record<string, string> {
  const lines = text.split('\n');
  const [first, second] = findings;
  if (!first?.ruleId) return {};
  const at = (line: number, insert: string) => [...lines.slice(0, line - 1), insert, ...lines.slice(line - 1)].join('\n');
  const variants: Record<string, string> = {
    'disable-next-line for the first finding': at(first.line, `// eslint-disable-next-line ${first.ruleId} -- tested`),
    'disable-line for the first finding': lines.map((l, i) => (i === first.line - 1 ? `${l} // eslint-disable-line ${first.ruleId}` : l)).join('\n'),
    'disable ... enable around the first finding': [...lines.slice(0, first.line - 1), '/* eslint-disable */', lines[first.line - 1], '/* eslint-enable */', ...lines.slice(first.line)].join('\n'),
    'inline config: first rule off': `/* eslint ${first.ruleId}: "off" */\n${text}`,
    'inline config: first rule warn': `/* eslint ${first.ruleId}: ["warn"] */\n${text}`,
    'inline config: ESLint’s own rules, another tool’s directive': `/* eslint no-console: "error", prefer-const: "error", semi: "error" */\n// eslint-disable-next-line no-console\n${text}`,
    'inline config: a rule no plugin defines': `/* eslint acme/no-such-rule: "error" */\n${text}`,
    'byte order mark and shebang': `\uFEFF#!/usr/bin/env node\n${text}`,
    'does not parse': `${text}\nexport const broken = (;\n`,
  };
  if (second?.ruleId) variants['disable for the second finding’s rule, whole file'] = `/* eslint-disable ${second.ruleId} */\n${text}`;
  return variants;
}

const withoutSuggestions = (answer: ReturnType<typeof eslintAnswer>) => ({ ...answer, messages: answer.messages.map(({ suggestions: _s, ...m }) => m) });

describe('extension lint path: identical to ESLint’s Linter', function () {
  this.timeout(240_000);
  const engine = new LintEngine();
  const diagnosticsEngine = new LintEngine({ suggestions: false });

  it(`over ${corpus.length} files, each with directives and inline configs, under two settings`, () => {
    assert.ok(corpus.length >= 20, `the corpus is the repository's test sources (${corpus.length} found)`);
    let compared = 0;
    let findings = 0;
    // The variants must matter: directives that silence findings, inline configs that change them.
    const changed = new Set<string>();
    for (const [settingsName, settings] of Object.entries(SETTINGS)) {
      for (const file of corpus) {
        const plain = eslintAnswer(file.text, file.filePath, settings);
        findings += plain.messages.length;
        const cases = { 'as is': file.text, ...withDirectives(file.text, plain.messages) };
        for (const [variant, text] of Object.entries(cases)) {
          const ours = engine.lint(text, file.filePath, settings);
          const eslint = eslintAnswer(text, file.filePath, settings);
          assert.deepEqual(ours, eslint, `${file.name}, ${variant}, settings: ${settingsName}`);
          assert.deepEqual(diagnosticsEngine.lint(text, file.filePath, settings), withoutSuggestions(eslint), `without suggestions: ${file.name}, ${variant}, settings: ${settingsName}`);
          compared++;
          if (ours.parseError || ours.messages.length !== plain.messages.length || ours.messages.some((m, i) => m.severity !== plain.messages[i]!.severity)) changed.add(variant);
        }
      }
    }
    assert.ok(findings > 200, `the corpus has findings to compare (${findings})`);
    assert.equal(diagnosticsEngine.tokenRelints, 0, 'no rule needed a token outside its suggestions');
    const commentless = corpus.filter((f) => !mayHoldDirectives(f.text)).length;
    assert.ok(commentless >= 20 && commentless < corpus.length, `both kinds of text compared: ${commentless} of ${corpus.length} cannot hold a directive`);
    assert.ok(compared > 150, `${compared} texts compared`);
    for (const variant of ['disable-next-line for the first finding', 'disable-line for the first finding', 'disable ... enable around the first finding', 'inline config: first rule off', 'inline config: first rule warn', 'does not parse']) {
      assert.ok(changed.has(variant), `"${variant}" changed some answer`);
    }
  });

  it('takes the reduced traversal for the plugin’s rules', () => {
    const linter = new Linter({ cwd: '/' });
    const settings = SETTINGS.defaults!;
    const filePath = '/ws/src/a.ts';
    const text = "export const get = () => fetch('https://api.example.com/x');\n";
    const parsed = tsParser.parseForESLint(text, { filePath, sourceType: 'module', range: true, loc: true, tokens: true, comment: true });
    const watch = new ListenerWatch();
    const sourceCode = new ProgramOnlySourceCode({ text, ast: parsed.ast, parserServices: parsed.services, scopeManager: parsed.scopeManager, visitorKeys: parsed.visitorKeys } as never, watch);
    const config = buildFlatConfig(settings).map((c) => (c.plugins ? { ...c, plugins: { breakwater: watchingRules(c.plugins['breakwater'] as { rules?: Record<string, unknown> }, watch) as never } } : c));
    const messages = linter.verify(sourceCode, config, { filename: filePath });
    assert.equal(sourceCode.traversal, 'program-only');
    assert.deepEqual(messages.map((m) => m.ruleId), ['breakwater/require-timeout']);
  });

  it('falls back to ESLint’s full traversal when a rule listens to more than Program', () => {
    const seen: string[] = [];
    const calls: Rule.RuleModule = {
      meta: { type: 'problem', schema: [] },
      create: (context) => ({
        CallExpression(node) {
          seen.push(context.sourceCode.getText(node.callee));
          // parents are set by the traversal, as ESLint's own walk does
          if (node.parent.type === 'ArrowFunctionExpression') context.report({ node, message: 'call in an arrow' });
        },
        'Program:exit'() {
          seen.push('exit');
        },
      }),
    };
    const watch = new ListenerWatch();
    const plugin = watchingRules({ rules: { calls } }, watch);
    const config = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never }, plugins: { t: plugin as never }, rules: { 't/calls': 'error' as const } }];
    const filePath = '/ws/src/a.ts';
    const text = 'export const f = () => g(h());\n';
    const parsed = tsParser.parseForESLint(text, { filePath, sourceType: 'module', range: true, loc: true, tokens: true, comment: true });
    const sourceCode = new ProgramOnlySourceCode({ text, ast: parsed.ast, parserServices: parsed.services, scopeManager: parsed.scopeManager, visitorKeys: parsed.visitorKeys } as never, watch);
    const ours = new Linter({ cwd: '/' }).verify(sourceCode, config, { filename: filePath });
    assert.equal(sourceCode.traversal, 'full');
    assert.deepEqual(seen, ['g', 'h', 'exit']);
    seen.length = 0;
    assert.deepEqual(ours, new Linter({ cwd: '/' }).verify(text, config, { filename: filePath }));
    assert.deepEqual(seen, ['g', 'h', 'exit']);
    assert.equal(ours.length, 1);
  });

  it('without tokens: any way to a token throws TokensOmitted, and the engine lints again with tokens', () => {
    const text = "import axios from 'axios';\nexport const get = () => axios.get('https://api.example.com/x', { timeout: 60000 });\n";
    const filePath = '/ws/src/a.ts';
    const parsed = parseWithoutTokens(text, { filePath, sourceType: 'module' });
    const sourceCode = new TokenlessSourceCode({ text, ast: parsed.ast, parserServices: parsed.services, scopeManager: parsed.scopeManager, visitorKeys: parsed.visitorKeys } as never, new ListenerWatch());
    const call = (parsed.ast.body[1] as never as { declaration: { declarations: [{ init: { body: object } }] } }).declaration.declarations[0].init.body;
    assert.throws(() => sourceCode.getTokenAfter(call as never), TokensOmitted);
    assert.throws(() => sourceCode.getFirstToken(call as never), TokensOmitted);
    assert.throws(() => sourceCode.isSpaceBetween(parsed.ast.body[0] as never, call as never), TokensOmitted);
    assert.throws(() => (sourceCode as unknown as { tokensAndComments: unknown }).tokensAndComments, TokensOmitted);
    assert.throws(() => sourceCode.ast.tokens, TokensOmitted);
    assert.equal(sourceCode.getText(call as never), "axios.get('https://api.example.com/x', { timeout: 60000 })");

    // A rule that reads a token when it reports: the lint needs the tokens after all.
    const { tokenRelints, ours, eslint } = lintWithProbe(text, filePath, (context, node) => `first token: ${context.sourceCode.getFirstToken(node)?.value}`);
    assert.equal(tokenRelints, 1);
    assert.deepEqual(ours, withoutSuggestions(eslint));
    assert.deepEqual(ours.messages.map((m) => m.message).slice(0, 1), ['first token: import']);
  });

  it('without comments (a text no directive can be in): the comment API throws, and a rule that reads comments gets them', () => {
    for (const directive of ['/* eslint-disable */', '// eslint-disable-line', '// eslint-disable-next-line x', '/* eslint-enable */', '/* eslint x: 0 */', '/* global x */', '/* globals x */', '/* exported x */', '/* eslint-env node */']) {
      assert.ok(mayHoldDirectives(`const a = 1; ${directive}\n`), directive);
    }
    assert.equal(mayHoldDirectives("import axios from 'axios';\n// fetch the orders\nexport const get = () => axios.get('/x');\n"), false);

    const text = "// fetch the orders\nexport const get = () => fetch('https://api.example.com/x');\n";
    const filePath = '/ws/src/a.ts';
    const parsed = parseWithoutTokens(text, { filePath, sourceType: 'module' }, { comments: false });
    const sourceCode = new CommentlessSourceCode({ text, ast: parsed.ast, parserServices: parsed.services, scopeManager: parsed.scopeManager, visitorKeys: parsed.visitorKeys } as never, new ListenerWatch());
    assert.throws(() => sourceCode.getAllComments(), TokensOmitted);
    assert.throws(() => sourceCode.getCommentsBefore(parsed.ast.body[0] as never), TokensOmitted);

    const { tokenRelints, ours, eslint } = lintWithProbe(text, filePath, (context) => `comments: ${context.sourceCode.getAllComments().map((c) => c.value.trim()).join(', ')}`);
    assert.equal(tokenRelints, 1);
    assert.deepEqual(ours, withoutSuggestions(eslint));
    assert.equal(ours.messages[0]!.message, 'comments: fetch the orders');
  });
});
