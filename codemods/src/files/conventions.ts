// The target project's conventions that decide what `fix` writes: how its relative imports end
// (a TypeScript project: from its tsconfig.json; else from the imports it already has) and whether
// it is a JavaScript project, whose policy module and vendored runtime must be JavaScript too.
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

export type ImportExtension = 'js' | 'ts' | 'none';

export interface ProjectConventions {
  /** The nearest tsconfig.json at or above the first path (absolute), or null when there is none. */
  tsconfig: string | null;
  /** How relative imports the transforms add end; null when nothing tells (the transforms then use `.js`). */
  importExtension: ImportExtension | null;
  /** What `importExtension` was read from. */
  importExtensionFrom: 'tsconfig' | 'imports' | null;
  /** `javascript`: the policy module and the vendored runtime are written as JavaScript. */
  language: 'typescript' | 'javascript';
  /** For a JavaScript project: `.mjs` unless package.json says `"type": "module"` (a `.js` file would be CommonJS). */
  moduleExtension: '.ts' | '.js' | '.mjs';
}

const TS_FILE = /\.(ts|tsx|mts|cts)$/;
const JS_FILE = /\.(js|jsx|mjs|cjs)$/;

/** The nearest tsconfig.json at or above `dir`, as tsc itself finds it. */
function findTsconfig(dir: string): string | null {
  return ts.findConfigFile(dir, ts.sys.fileExists, 'tsconfig.json') ?? null;
}

/** The effective compiler options of a tsconfig.json (its `extends` chain followed), or null when it cannot be read. */
function compilerOptionsOf(tsconfig: string): ts.CompilerOptions | null {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error || typeof read.config !== 'object' || read.config === null) return null;
  // No directory listing: only the options matter here, not which files the project includes.
  const host: ts.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
  return ts.parseJsonConfigFileContent(read.config, host, path.dirname(tsconfig), undefined, tsconfig).options;
}

/**
 * The import style a compiler configuration requires or suggests: `.ts` when it allows importing
 * TypeScript files by their own name (allowImportingTsExtensions, rewriteRelativeImportExtensions);
 * `.js` under node16/nodenext resolution, where Node needs the extension of the emitted file;
 * none under bundler (TypeScript 6's default for other `module` settings) or node10 resolution.
 */
export function importExtensionFor(options: ts.CompilerOptions): ImportExtension {
  if (options.allowImportingTsExtensions || options.rewriteRelativeImportExtensions) return 'ts';
  const resolution = options.moduleResolution;
  if (resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext) return 'js';
  if (resolution !== undefined) return 'none';
  const module = options.module;
  if (module !== undefined && module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) return 'js';
  return 'none';
}

/** `import … from './x.js'`, `export … from`, `import('./x')`, `require('./x')`: the relative specifiers in `text`. */
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)(['"])(\.\.?\/[^'"\n]*)\1/gm;

/** How `specifier` ends, or null for a non-code file (`./data.json`, `./styles.css`, `./x.service` is a name, not an extension). */
function extensionStyleOf(specifier: string): ImportExtension | null {
  if (/\.[cm]?jsx?$/.test(specifier)) return 'js';
  if (/\.[cm]?tsx?$/.test(specifier)) return 'ts';
  return /\.\w+$/.test(path.posix.basename(specifier)) ? null : 'none';
}

/** The style most of the files' relative imports use (ties: `.js`, then none, then `.ts`), or null when they have none. */
export function importExtensionFromImports(texts: Iterable<string>): ImportExtension | null {
  const counts: Record<ImportExtension, number> = { js: 0, none: 0, ts: 0 };
  for (const text of texts) {
    for (const match of text.matchAll(RELATIVE_SPECIFIER)) {
      const style = extensionStyleOf(match[2] ?? '');
      if (style) counts[style]++;
    }
  }
  const best = (Object.keys(counts) as ImportExtension[]).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return counts[best] > 0 ? best : null;
}

function packageType(projectRoot: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { type?: unknown };
    return typeof pkg.type === 'string' ? pkg.type : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The conventions of the project `files` belong to. `searchFrom` is where the tsconfig.json search
 * starts (the first given path's folder); `readText` reads a file being fixed (undefined when it cannot).
 */
export function projectConventions(
  files: readonly string[],
  searchFrom: string,
  projectRoot: string,
  readText: (file: string) => string | undefined,
): ProjectConventions {
  const tsconfig = findTsconfig(searchFrom);
  const hasTs = files.some((file) => TS_FILE.test(file));
  const allJs = files.length > 0 && files.every((file) => JS_FILE.test(file));
  // JavaScript: every file being fixed is JavaScript, or nothing says TypeScript (no tsconfig, no .ts file).
  const language = allJs || (tsconfig === null && !hasTs) ? 'javascript' : 'typescript';
  const moduleExtension = language === 'typescript' ? '.ts' : packageType(projectRoot) === 'module' ? '.js' : '.mjs';

  // A TypeScript project's tsconfig.json says how its imports must end. A JavaScript project's
  // files run as they are (Node, a bundler), so the imports that work today decide; `.js`, the
  // transforms' default, works everywhere for a JavaScript file, unlike no extension under Node ESM.
  const options = tsconfig === null || language === 'javascript' ? null : compilerOptionsOf(tsconfig);
  if (options) return { tsconfig, importExtension: importExtensionFor(options), importExtensionFrom: 'tsconfig', language, moduleExtension };
  const fromImports = importExtensionFromImports((function* () {
    for (const file of files) {
      const text = readText(file);
      if (text !== undefined) yield text;
    }
  })());
  return { tsconfig, importExtension: fromImports, importExtensionFrom: fromImports ? 'imports' : null, language, moduleExtension };
}
