// eslint-plugin-breakwater: the rules and the flat-config presets.
//
//   import breakwater from 'eslint-plugin-breakwater';
//   export default [breakwater.configs.recommended];            // or configs.strict
//   export default [{ ...breakwater.configs.recommended, files: ['src/**/*.ts'] }];
import type { TSESLint } from '@typescript-eslint/utils';
import { PLUGIN_NAME, PLUGIN_VERSION } from './meta.js';
import noUnboundedFanout from './rules/no-unbounded-fanout.js';
import noUnsafeRetry from './rules/no-unsafe-retry.js';
import requireBackoffJitter from './rules/require-backoff-jitter.js';
import requireCircuitBreaker from './rules/require-circuit-breaker.js';
import requireTimeout from './rules/require-timeout.js';
import retryTransientOnly from './rules/retry-transient-only.js';

export const rules = {
  'require-timeout': requireTimeout,
  'no-unsafe-retry': noUnsafeRetry,
  'require-circuit-breaker': requireCircuitBreaker,
  'require-backoff-jitter': requireBackoffJitter,
  'retry-transient-only': retryTransientOnly,
  'no-unbounded-fanout': noUnboundedFanout,
};

export type RuleName = keyof typeof rules;

type Severity = 'error' | 'warn' | 'off';

/** Severity of each rule per preset (the README's rules table is generated from `recommended`). */
const PRESETS: Record<'recommended' | 'strict', Record<RuleName, Severity>> = {
  recommended: {
    'require-timeout': 'error',
    'no-unsafe-retry': 'error',
    'require-circuit-breaker': 'off',
    'require-backoff-jitter': 'warn',
    'retry-transient-only': 'warn',
    'no-unbounded-fanout': 'warn',
  },
  strict: {
    'require-timeout': 'error',
    'no-unsafe-retry': 'error',
    'require-circuit-breaker': 'error',
    'require-backoff-jitter': 'error',
    'retry-transient-only': 'error',
    'no-unbounded-fanout': 'error',
  },
};

interface BreakwaterPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config };
}

const plugin: BreakwaterPlugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION },
  rules,
  configs: {} as BreakwaterPlugin['configs'],
};

function preset(name: 'recommended' | 'strict'): TSESLint.FlatConfig.Config {
  const ruleEntries: Record<string, Severity> = {};
  for (const [rule, severity] of Object.entries(PRESETS[name])) ruleEntries[`breakwater/${rule}`] = severity;
  return { name: `breakwater/${name}`, plugins: { breakwater: plugin as unknown as TSESLint.FlatConfig.Plugin }, rules: ruleEntries };
}

plugin.configs.recommended = preset('recommended');
plugin.configs.strict = preset('strict');

export const configs = plugin.configs;
export const meta = plugin.meta;
export default plugin;
