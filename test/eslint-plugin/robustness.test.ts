// Every Breakwater rule over thousands of real files (the sources of the installed HTTP clients,
// ESLint, typescript-eslint, TypeScript's lib files, …): ESLint must never crash on a rule, and the
// shared analysis must not even swallow an internal error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-breakwater';
import { analysisErrors, analyze } from 'eslint-plugin-breakwater/analysis';
import { corpusFiles, countKinds, LINT_FILES, lintName } from '../../bench/lint/corpus.mjs';

const swallowed: Array<{ file: string; error: unknown }> = [];
let callsFound = 0;
let filesAnalysed = 0;

/** Reads the memoised analysis the rules share, to see what it caught and survived. */
const probe: TSESLint.RuleModule<'x', []> = {
  meta: { type: 'problem', messages: { x: 'x' }, schema: [] },
  defaultOptions: [],
  create(context) {
    return {
      'Program:exit'() {
        const sc = context.sourceCode;
        const analysis = analyze({ ast: sc.ast, text: sc.text, scopeManager: sc.scopeManager, filePath: context.filename }, undefined);
        filesAnalysed++;
        callsFound += analysis.calls.length;
        for (const error of analysisErrors(analysis)) swallowed.push({ file: context.filename, error });
      },
    };
  },
};

describe('robustness: every rule over thousands of real files', function () {
  this.timeout(600_000);

  it('never throws, and the analysis catches no internal error', () => {
    const files = corpusFiles();
    assert.ok(files.length >= 3000, `corpus too small: ${files.length} files`);
    const linter = new Linter({ configType: 'flat' });
    const allRules = Object.fromEntries(Object.keys(plugin.rules).map((r) => [`breakwater/${r}`, 'error' as const]));
    const config = [
      {
        files: LINT_FILES,
        languageOptions: { parser: tsParser, sourceType: 'module' as const },
        plugins: { breakwater: plugin as never, probe: { rules: { analysis: probe } } as never },
        rules: { ...allRules, 'probe/analysis': 'error' as const },
      },
    ];
    let parseFailures = 0;
    let findings = 0;
    const crashes: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = lintName(file);
      try {
        const messages = linter.verify(text, config as never, { filename: name });
        // ESLint 10 also makes an old `/* eslint-env */` comment fatal, but the rules still run.
        if (messages.some((m) => m.fatal && m.message.startsWith('Parsing error'))) parseFailures++;
        findings += messages.filter((m) => m.ruleId?.startsWith('breakwater/')).length;
      } catch (error) {
        crashes.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    const kinds = countKinds(files);
    console.log(
      `      robustness: ${files.length} files (${kinds.typescript} .ts sources, ${kinds.declaration} .d.ts, ${kinds.javascript} .js; ${files.length - parseFailures} parsed, ${filesAnalysed} analysed), ${callsFound} outbound calls, ${findings} findings, ${crashes.length} crashes, ${swallowed.length} swallowed analysis errors`,
    );
    assert.deepEqual(crashes.slice(0, 10), []);
    assert.deepEqual(
      swallowed.slice(0, 5).map((s) => `${s.file}: ${(s.error as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? String(s.error)}`),
      [],
    );
    assert.ok(files.length - parseFailures > files.length * 0.95, `too many parse failures: ${parseFailures}`);
    // Every file that parsed went through the rules (a config that matches no file lints nothing, silently).
    assert.equal(filesAnalysed, files.length - parseFailures);
  });
});
