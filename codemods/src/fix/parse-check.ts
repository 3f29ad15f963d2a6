// Whether a file parses, with the parser ESLint and the analysis use (typescript-estree), so
// `fix` refuses exactly the files `scan` and `eslint` call unparsable. Also run on the output of
// the transforms: a file is never written with code that no longer parses.
import path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';

export interface ParseProblem {
  message: string;
  /** 1-based. */
  line: number;
  column: number;
}

const JSX_IN_JS = new Set(['.js', '.jsx', '.mjs', '.cjs']);

export function checkParses(text: string, filePath: string): ParseProblem | undefined {
  const ext = path.extname(filePath);
  try {
    // The parse ESLint's parser runs, without the scope analysis, tokens and comments it adds.
    parse(text, { filePath, jsx: JSX_IN_JS.has(ext), range: false, loc: false, comment: false, tokens: false });
    return undefined;
  } catch (error) {
    const e = error as { message?: string; lineNumber?: number; column?: number };
    return { message: (e.message ?? String(error)).split('\n')[0] ?? 'syntax error', line: e.lineNumber ?? 1, column: (e.column ?? 0) + 1 };
  }
}
