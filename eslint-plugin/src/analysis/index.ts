// The call-site analysis: the single source of truth for "which outbound calls does this file make,
// and what protects them". Used by the ESLint rules (through `analyze(context.sourceCode)`), by the
// `breakwater` CLI and by the VS Code extension (through `analyzeText`).
import type { TSESTree, TSESLint } from '@typescript-eslint/utils';
import type { BreakwaterSettings, FileAnalysis } from './types.js';

export type * from './types.js';

/** What the analysis needs from a parsed file; ESLint's `SourceCode` satisfies it. */
export interface AnalyzableSource {
  ast: TSESTree.Program;
  text: string;
  scopeManager: TSESLint.Scope.ScopeManager | null;
}

export interface ParseError {
  message: string;
  line: number;
  column: number;
}

/**
 * Analyses one parsed file. Results are memoised per AST, so the six rules share one analysis.
 * Never throws: an internal failure yields what was found so far.
 */
export function analyze(source: AnalyzableSource, settings?: BreakwaterSettings): FileAnalysis {
  void source;
  void settings;
  return { calls: [], retries: [], fanOuts: [] }; // TODO(#3): implemented by the analysis work
}

/**
 * Parses `text` (TS, TSX, JS, JSX, chosen by `filePath`'s extension) and analyses it.
 * Never throws: a file that does not parse comes back with `parseError` and an empty analysis.
 */
export function analyzeText(
  text: string,
  filePath: string,
  settings?: BreakwaterSettings,
): { analysis: FileAnalysis; source?: AnalyzableSource; parseError?: ParseError } {
  void text;
  void filePath;
  void settings;
  return { analysis: { calls: [], retries: [], fanOuts: [] } }; // TODO(#3)
}
