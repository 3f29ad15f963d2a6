/** The plugin's presets a scan can use (its `configs.recommended` / `configs.strict`). */
export type Preset = 'recommended' | 'strict';
export const PRESETS: readonly Preset[] = ['recommended', 'strict'];
