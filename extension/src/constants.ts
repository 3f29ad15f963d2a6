// Names shared by the extension host side and the lint worker (no imports: cheap to load anywhere).

/** The plugin's namespace in rule ids (`breakwater/require-timeout`). */
export const RULE_PREFIX = 'breakwater/';

/** The diagnostics' `source`, and the suffix of `source.fixAll.breakwater`. */
export const DIAGNOSTIC_SOURCE = 'breakwater';

/** Extensions the rules run on (the ones typescript-estree parses). */
export const LINTABLE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
