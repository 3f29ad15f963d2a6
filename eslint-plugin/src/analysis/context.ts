// What every finder in the analysis receives for one file.
import type { TSESLint } from '@typescript-eslint/utils';
import type { AnalyzableSource } from './index.js';
import type { NormalizedSettings } from './settings.js';
import type { BreakwaterSettings } from './types.js';

export interface AnalysisContext {
  source: AnalyzableSource;
  settings: BreakwaterSettings;
  /** The module/global scope to start reference tracking from (ReferenceTracker); null when the
   * parser produced no scope manager. */
  globalScope: TSESLint.Scope.Scope | null;
  /** `settings` validated and normalised (invalid entries dropped, names as arrays). */
  config: NormalizedSettings;
  /** The file's path when known (ESLint's filename, analyzeText's filePath). */
  filePath: string | null;
}
