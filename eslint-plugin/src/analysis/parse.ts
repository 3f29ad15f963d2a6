// Parsing a file outside ESLint (analyzeText, and the project's policy module read from disk):
// TS, TSX, JS or JSX chosen by the path's extension, as a module first (a script first for .cjs).
// Never throws: a file that does not parse comes back with the parser's error.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { parseForESLint } from '@typescript-eslint/parser';
import { setParents } from './ast.js';

const JSX_EXT = /\.(tsx|jsx|js|mjs|cjs)$/i;

export interface ParsedFile {
  ast: TSESTree.Program;
  text: string;
  scopeManager: TSESLint.Scope.ScopeManager | null;
  filePath: string;
}

export type ParseResult = { parsed: ParsedFile; error?: undefined } | { parsed?: undefined; error: unknown };

export function parseFile(text: string, filePath: string): ParseResult {
  let firstError: unknown = null;
  for (const sourceType of /\.cjs$/i.test(filePath) ? (['script', 'module'] as const) : (['module', 'script'] as const)) {
    try {
      const result = parseForESLint(text, {
        filePath,
        range: true,
        loc: true,
        tokens: false,
        comment: false,
        jsx: JSX_EXT.test(filePath),
        sourceType,
        ecmaVersion: 'latest',
      });
      setParents(result.ast);
      return { parsed: { ast: result.ast, text, scopeManager: result.scopeManager, filePath } };
    } catch (error) {
      firstError ??= error;
    }
  }
  return { error: firstError };
}
