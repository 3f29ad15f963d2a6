// The rules' way into the shared analysis: one memoised analysis per file (keyed by the AST), and a
// clear configuration error for an invalid `settings.breakwater`.
import type { TSESLint } from '@typescript-eslint/utils';
import { analyze, type FileAnalysis } from '../analysis/index.js';
import { normalizeSettings } from '../analysis/settings.js';
import type { BreakwaterSettings } from '../analysis/types.js';

export function analysisFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  const raw = (context.settings as { breakwater?: unknown } | undefined)?.breakwater as BreakwaterSettings | undefined;
  const { errors } = normalizeSettings(raw);
  if (errors.length > 0) {
    throw new Error(`eslint-plugin-breakwater: invalid settings.breakwater in your ESLint config:\n  - ${errors.join('\n  - ')}`);
  }
  const sc = context.sourceCode;
  return analyze({ ast: sc.ast, text: sc.text, scopeManager: sc.scopeManager, filePath: context.filename, parserServices: sc.parserServices ?? null }, raw);
}
