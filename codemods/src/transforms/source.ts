// Parsing a file into ts-morph (one in-memory project for the whole session) and reading the
// formatting conventions the file already follows, so inserted code looks like the code around it.
import { Node, Project, ScriptKind, ts, type SourceFile } from 'ts-morph';

let project: Project | undefined;

function scriptKindOf(path: string): ScriptKind {
  if (/\.tsx$/i.test(path)) return ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(path)) return ScriptKind.TS;
  if (/\.jsx$/i.test(path)) return ScriptKind.JSX;
  return ScriptKind.JS;
}

/**
 * The few globals the transforms ask the type checker about (no lib files are loaded: parsing them
 * would cost more than most fixes). Anything else the file does not declare itself is `any` to the
 * checker, which the transforms read as "could be anything".
 */
const GLOBALS = `
interface AbortSignal { readonly aborted: boolean; readonly reason: any; throwIfAborted(): void }
declare var AbortSignal: { prototype: AbortSignal; new (): AbortSignal; abort(reason?: any): AbortSignal; any(signals: AbortSignal[]): AbortSignal; timeout(ms: number): AbortSignal };
interface AbortController { readonly signal: AbortSignal; abort(reason?: any): void }
declare var AbortController: { prototype: AbortController; new (): AbortController };
`;

export function parseSource(path: string, text: string): SourceFile {
  if (!project) {
    project = new Project({
      useInMemoryFileSystem: true,
      skipLoadingLibFiles: true,
      // strictNullChecks: the checker then says whether a value may be undefined or null.
      compilerOptions: { allowJs: true, checkJs: false, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ES2022, strictNullChecks: true },
    });
    project.createSourceFile('/__breakwater__/globals.d.ts', GLOBALS);
  }
  return project.createSourceFile(path, text, { overwrite: true, scriptKind: scriptKindOf(path) });
}

export function releaseSource(sf: SourceFile): void {
  sf.getProject().removeSourceFile(sf);
}

export interface Style {
  quote: "'" | '"';
  semi: string; // ';' or ''
  indentUnit: string;
  eol: string;
}

export function detectStyle(sf: SourceFile): Style {
  const text = sf.getFullText();
  const eol = text.includes('\r\n') ? '\r\n' : '\n';

  // The first string literals decide (compiler nodes: cheaper than ts-morph wrappers).
  let single = 0;
  let double = 0;
  const visit = (n: ts.Node): void => {
    if (single + double >= 50) return;
    if (ts.isStringLiteral(n)) {
      if (text.charAt(n.getStart(sf.compilerNode)) === "'") single++;
      else double++;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf.compilerNode);
  const quote = double > single ? '"' : "'";

  let withSemi = 0;
  let without = 0;
  for (const st of sf.getStatements().slice(0, 40)) {
    if (!(Node.isVariableStatement(st) || Node.isExpressionStatement(st) || Node.isImportDeclaration(st) || Node.isReturnStatement(st))) continue;
    if (st.getText().trimEnd().endsWith(';')) withSemi++;
    else without++;
  }
  const semi = without > withSemi ? '' : ';';

  let indentUnit = '  ';
  let smallest = Infinity;
  for (const line of text.split(/\r?\n/).slice(0, 400)) {
    const m = /^([ \t]+)\S/.exec(line);
    if (!m || line.trimStart().startsWith('*')) continue;
    if (m[1]!.startsWith('\t')) {
      indentUnit = '\t';
      smallest = 0;
      break;
    }
    smallest = Math.min(smallest, m[1]!.length);
  }
  if (smallest !== Infinity && smallest > 0) indentUnit = ' '.repeat(Math.min(smallest, 8));
  return { quote, semi, indentUnit, eol };
}

/** The leading whitespace of the line that contains `pos`. */
export function indentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Offsets of the '\n' characters of each parsed file, found once (notes ask for many lines). */
const newlinesOf = new WeakMap<ts.SourceFile, number[]>();

/** 1-based line of an offset: one more than the '\n' characters before it (as ts-morph counts). */
export function lineOf(sf: SourceFile, pos: number): number {
  let newlines = newlinesOf.get(sf.compilerNode);
  if (!newlines) {
    newlines = [];
    const text = sf.getFullText();
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
    newlinesOf.set(sf.compilerNode, newlines);
  }
  let lo = 0;
  let hi = newlines.length; // the number of newlines before pos: the first index whose offset is >= pos
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newlines[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export function quoted(style: Style, value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(style.quote === "'" ? /'/g : /"/g, `\\${style.quote}`);
  return `${style.quote}${escaped}${style.quote}`;
}
