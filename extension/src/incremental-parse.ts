// TypeScript's own parse of a file as typescript-estree would make it, but incremental: for a new
// version of a file parsed before, TypeScript's updateSourceFile (the incremental parser its
// language service runs on every keystroke) reuses the syntax trees outside the edited span — a
// tenth of a full parse for a keystroke in a 3,000-line file. typescript-estree accepts a parsed
// ts.SourceFile in place of the text (its `code` may be either) and converts it as usual.
import path from 'node:path';
import ts from 'typescript';

/** How typescript-estree's createSourceFile (create-program/createSourceFile.ts) parses a file. */
export interface SourceFileOptions {
  filePath: string;
  jsx: boolean;
  jsDocParsingMode: 'all' | 'none' | 'type-info' | undefined;
  sourceType: 'module' | 'script' | undefined;
}

const JSDOC_PARSING_MODE = { all: ts.JSDocParsingMode.ParseAll, none: ts.JSDocParsingMode.ParseNone, 'type-info': ts.JSDocParsingMode.ParseForTypeInfo };

/** typescript-estree's getScriptKind: by extension; the jsx option only for unknown extensions. */
function scriptKindOf(filePath: string, jsx: boolean): ts.ScriptKind {
  switch (path.extname(filePath).toLowerCase()) {
    case '.cjs':
    case '.js':
    case '.mjs':
      return ts.ScriptKind.JS;
    case '.cts':
    case '.mts':
    case '.ts':
      return ts.ScriptKind.TS;
    case '.json':
      return ts.ScriptKind.JSON;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.tsx':
      return ts.ScriptKind.TSX;
    default:
      return jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  }
}

/** A fresh parse, with exactly the options typescript-estree passes TypeScript. */
export function createSourceFile(text: string, options: SourceFileOptions): ts.SourceFile {
  const extension = path.extname(options.filePath).toLowerCase();
  const moduleIndicator =
    options.sourceType === 'module' || (options.sourceType == null && (extension === '.mjs' || extension === '.mts'))
      ? (file: ts.SourceFile) => {
          (file as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
        }
      : undefined;
  return ts.createSourceFile(
    options.filePath,
    text,
    {
      jsDocParsingMode: options.jsDocParsingMode ? JSDOC_PARSING_MODE[options.jsDocParsingMode] : ts.JSDocParsingMode.ParseAll,
      languageVersion: ts.ScriptTarget.Latest,
      ...(moduleIndicator ? { setExternalModuleIndicator: moduleIndicator } : {}),
    },
    /* setParentNodes */ true,
    scriptKindOf(options.filePath, options.jsx),
  );
}

/** How many syntax errors the parse of `sourceFile` found (TypeScript keeps them on the file, untyped). */
export function parseDiagnosticCount(sourceFile: ts.SourceFile): number {
  return (sourceFile as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length;
}

/** The span where two texts differ, as TypeScript describes an edit. */
export function changeBetween(before: string, after: string): ts.TextChangeRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return ts.createTextChangeRange(ts.createTextSpan(start, before.length - start - end), after.length - start - end);
}

/**
 * The last parse of the last few files (a SourceFile is tens of MB for a large file), updated
 * incrementally for the next version. updateSourceFile takes the old tree apart as it reuses it:
 * each entry is handed out once and replaced by its successor.
 */
export class IncrementalParser {
  private readonly files = new Map<string, { text: string; key: string; sourceFile: ts.SourceFile }>();
  /** Parses that reused the previous version's tree (for tests and the bench). */
  reused = 0;
  /** Of those, the ones whose text had syntax errors and were parsed afresh. */
  reparsedForErrors = 0;

  constructor(private readonly capacity = 4) {}

  /**
   * `edit`, when given, is the change from `edit.from` to `text`, which the caller knows already:
   * used when the last parse was of exactly that text, so the texts are not compared again.
   */
  sourceFileFor(text: string, options: SourceFileOptions, edit?: { from: string; change: ts.TextChangeRange }): ts.SourceFile {
    const key = JSON.stringify([options.jsx, options.jsDocParsingMode, options.sourceType]);
    const last = this.files.get(options.filePath);
    this.files.delete(options.filePath);
    let sourceFile: ts.SourceFile;
    if (last && last.key === key) {
      const change = edit && edit.from === last.text ? edit.change : undefined;
      sourceFile = last.text === text ? last.sourceFile : ts.updateSourceFile(last.sourceFile, text, change ?? changeBetween(last.text, text));
      this.reused++;
      // The incremental parser gives the tree of a fresh parse, but not always its syntax errors'
      // wording: a block it reuses keeps the diagnostics of its last parse, which can miss an
      // elaboration that depends on what follows ("This '=' follows a block of statements, …").
      // A text with syntax errors is parsed afresh, so the error shown is the one ESLint shows.
      if (parseDiagnosticCount(sourceFile) > 0) {
        sourceFile = createSourceFile(text, options);
        this.reparsedForErrors++;
      }
    } else {
      sourceFile = createSourceFile(text, options);
    }
    if (this.files.size >= this.capacity) this.files.delete(this.files.keys().next().value!);
    this.files.set(options.filePath, { text, key, sourceFile });
    return sourceFile;
  }
}
