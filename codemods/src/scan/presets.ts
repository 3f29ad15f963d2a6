/** The plugin's presets a scan can use (its `configs.recommended` / `configs.strict`). */
export type Preset = 'recommended' | 'strict';
export const PRESETS: readonly Preset[] = ['recommended', 'strict'];

/**
 * require-timeout's default `maxMs`: a timeout longer than this is "too long". `scan --max-ms` sets
 * the rule's option and `fix --max-ms` tells the transforms, so both agree on what too long means.
 */
export const DEFAULT_MAX_MS = 30_000;
