// ESLint message → the data of a VS Code diagnostic, with no vscode import (so it is unit-tested
// in plain Node). Lines and columns become 0-based; columns are UTF-16 code units on both sides.
import { DIAGNOSTIC_SOURCE } from './constants.js';
import type { LintMessage } from './lint-engine.js';

export interface Position {
  line: number;
  character: number;
}
export interface RangeData {
  start: Position;
  end: Position;
}

export interface DiagnosticData {
  range: RangeData;
  severity: 'error' | 'warning';
  message: string;
  source: typeof DIAGNOSTIC_SOURCE;
  /** The full rule id (`breakwater/require-timeout`) and its documentation page. */
  code: { value: string; target: string | undefined };
}

/**
 * @param docsUrl the rule's documentation page (the plugin's rule meta.docs.url)
 * @param lineLength (0-based line) lets a message without an end cover the rest of its line
 */
export function toDiagnosticData(message: LintMessage, docsUrl: string | undefined, lineLength?: (line: number) => number): DiagnosticData {
  return {
    range: toRange(message, lineLength),
    severity: message.severity === 2 ? 'error' : 'warning',
    message: message.message,
    source: DIAGNOSTIC_SOURCE,
    code: { value: message.ruleId ?? DIAGNOSTIC_SOURCE, target: docsUrl },
  };
}

export function toRange(message: Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>, lineLength?: (line: number) => number): RangeData {
  const start = { line: Math.max(0, message.line - 1), character: Math.max(0, message.column - 1) };
  if (message.endLine === undefined || message.endColumn === undefined) {
    return { start, end: { line: start.line, character: lineLength ? Math.max(start.character, lineLength(start.line)) : start.character } };
  }
  const end = { line: Math.max(0, message.endLine - 1), character: Math.max(0, message.endColumn - 1) };
  // Never an inverted range, whatever a rule reports.
  return end.line < start.line || (end.line === start.line && end.character < start.character) ? { start, end: start } : { start, end };
}

/** The key a code-action request uses to find the lint message behind a diagnostic it was given. */
export function diagnosticKey(ruleId: string, range: RangeData): string {
  return `${ruleId}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
