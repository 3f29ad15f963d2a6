import { ESLintUtils } from '@typescript-eslint/utils';

/** Where each rule's documentation page lives; also used as the diagnostics' help link. */
export const docsUrl = (ruleName: string): string =>
  `https://github.com/breakwater-dev/breakwater/blob/main/eslint-plugin/docs/rules/${ruleName}.md`;

export interface BreakwaterRuleDocs {
  /** Whether the rule is on in `configs.recommended` (and at which level). */
  recommended?: 'error' | 'warn';
  /** Whether the rule needs type information (none of ours does; it is used when present). */
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<BreakwaterRuleDocs>(docsUrl);
