// Shared by the transforms tests: the options fixture files are fixed with, and a Linter run of
// the plugin's rules.
import assert from 'node:assert/strict';
// The namespace, not the default import: the parser is CommonJS, and how its default import
// resolves differs between loaders (mocha's require of ESM gives none).
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-breakwater';
import type { FixOptions, TransformName } from '@breakwater/codemods/transforms';

/** Fixture files are fixed as if they were this project's src/<case>.ts. */
export const PROJECT = '/project';

export function fixtureOptions(transforms: readonly TransformName[], overrides: Partial<FixOptions> = {}): FixOptions {
  return {
    transforms,
    timeoutMs: 5000,
    runtime: 'package',
    policyModulePath: `${PROJECT}/src/resilience/policies.ts`,
    vendorPath: `${PROJECT}/src/vendor/breakwater-runtime.ts`,
    ...overrides,
  };
}

const linter = new Linter({ configType: 'flat' });

/** Rule options used in these tests: require-timeout also reports calls whose timeout is unknown. */
const OPTIONS: Record<string, unknown[]> = { 'require-timeout': [{ reportUnknown: true }] };

/** The findings of `rules` (names without the `breakwater/` prefix) on `text`; `filename` relative to the cwd. */
export function lint(text: string, filename: string, rules: readonly string[], options: Record<string, unknown[]> = OPTIONS): Linter.LintMessage[] {
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module' as const },
      plugins: { breakwater: plugin as never },
      rules: Object.fromEntries(rules.map((r) => [`breakwater/${r}`, ['error', ...(options[r] ?? [])]])),
    },
  ];
  const messages = linter.verify(text, config as never, { filename });
  const fatal = messages.find((m) => m.fatal || m.ruleId === null);
  if (fatal) assert.fail(`${filename}: ${fatal.message}`);
  return messages;
}
