// Baselines for bench/extension/run.mjs, in a worker thread of their own (so the bench's main
// thread, like the extension host's, only routes): each message names a baseline and a text, the
// answer is how long it took. The same parser packages the extension bundles, unbundled.
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import ts from 'typescript';
import plugin from 'eslint-plugin-breakwater';

const linter = new Linter({ cwd: '/' });
const parseOnlyConfig = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { jsDocParsingMode: 'none' } } }];
const withRulesConfig = [
  {
    ...parseOnlyConfig[0],
    plugins: { breakwater: plugin },
    rules: Object.fromEntries(Object.keys(plugin.rules).map((name) => [`breakwater/${name}`, 'warn'])),
  },
];
const baselines = {
  // TypeScript's own parse.
  createSourceFile: (text, filePath) => ts.createSourceFile(filePath, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true),
  // typescript-eslint's parser as ESLint calls it: TypeScript's parse, the ESTree conversion with
  // tokens and comments, scope analysis.
  parseForESLint: (text, filePath) => tsParser.parseForESLint(text, { filePath, sourceType: 'module', ecmaVersion: 'latest', jsDocParsingMode: 'none' }),
  // ESLint with that parser and no rules.
  eslintNoRules: (text, filePath) => linter.verify(text, parseOnlyConfig, { filename: filePath }),
  // ESLint with that parser and the plugin's six rules: the extension's lint before its own lint
  // path (parse without tokens, incremental; only Program visited; see extension/README.md).
  eslintWithRules: (text, filePath) => linter.verify(text, withRulesConfig, { filename: filePath }),
};

parentPort.on('message', ({ name, text, filePath }) => {
  const started = performance.now();
  baselines[name](text, path.resolve(filePath));
  parentPort.postMessage(performance.now() - started);
});
