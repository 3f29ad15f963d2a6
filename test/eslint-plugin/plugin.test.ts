// The plugin object as ESLint sees it: identity, rules, presets, documentation links.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin, { configs, rules } from 'eslint-plugin-breakwater';

const require = createRequire(import.meta.url);
const packageJsonPath = require.resolve('eslint-plugin-breakwater/package.json');
const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { name: string; version: string };
const pluginDir = path.dirname(packageJsonPath);

const RULES = ['require-timeout', 'no-unsafe-retry', 'require-circuit-breaker', 'require-backoff-jitter', 'retry-transient-only', 'no-unbounded-fanout'];

describe('eslint-plugin-breakwater', () => {
  it('names itself after package.json, version included', () => {
    assert.deepEqual(plugin.meta, { name: pkg.name, version: pkg.version });
  });

  it('exports exactly the six rules, each documented at its docs URL', () => {
    assert.deepEqual(Object.keys(rules).sort(), [...RULES].sort());
    for (const name of RULES) {
      const rule = rules[name as keyof typeof rules];
      assert.match(String(rule.meta.docs?.url), new RegExp(`/eslint-plugin/docs/rules/${name}\\.md$`), name);
      assert.ok(existsSync(path.join(pluginDir, 'docs/rules', `${name}.md`)), `missing doc page for ${name}`);
      assert.ok(Object.keys(rule.meta.messages).length > 0, name);
    }
  });

  it('has no autofix that could change run-time behaviour: only require-backoff-jitter fixes, everything else is a suggestion', () => {
    for (const name of RULES.filter((r) => r !== 'require-backoff-jitter')) {
      assert.equal(rules[name as keyof typeof rules].meta.fixable, undefined, name);
    }
    assert.equal(rules['require-backoff-jitter'].meta.fixable, 'code');
    assert.equal(rules['require-timeout'].meta.hasSuggestions, true);
    assert.equal(rules['no-unsafe-retry'].meta.hasSuggestions, true);
  });

  it('recommended: timeouts and unsafe retries are errors, retry style and fan-out warnings, breakers off', () => {
    assert.equal(configs.recommended.plugins?.['breakwater'], plugin);
    assert.deepEqual(configs.recommended.rules, {
      'breakwater/require-timeout': 'error',
      'breakwater/no-unsafe-retry': 'error',
      'breakwater/require-circuit-breaker': 'off',
      'breakwater/require-backoff-jitter': 'warn',
      'breakwater/retry-transient-only': 'warn',
      'breakwater/no-unbounded-fanout': 'warn',
    });
  });

  it('strict: all six rules are errors', () => {
    assert.equal(configs.strict.plugins?.['breakwater'], plugin);
    assert.deepEqual(configs.strict.rules, Object.fromEntries(RULES.map((r) => [`breakwater/${r}`, 'error'])));
  });

  it('works spread into a flat config with its own files', () => {
    const linter = new Linter({ configType: 'flat' });
    const config = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { ...configs.strict, files: ['src/**/*.ts'] },
    ];
    const code = `import axios from 'axios';\naxios.get('http://payments.internal/x');\n`;
    const inSrc = linter.verify(code, config as never, { filename: 'src/a.ts' });
    assert.deepEqual(inSrc.map((m) => [m.ruleId, m.line, m.severity]), [
      ['breakwater/require-timeout', 2, 2],
      ['breakwater/require-circuit-breaker', 2, 2],
    ]);
    assert.deepEqual(linter.verify(code, config as never, { filename: 'scripts/a.ts' }), []);
  });
});
