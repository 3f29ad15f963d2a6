// `breakwater.mode: auto`: stand aside for files that the workspace's own ESLint already checks with
// eslint-plugin-breakwater, so nobody sees every problem twice. The config is read as text and never
// executed (the extension runs no workspace code, also in untrusted workspaces).
import path from 'node:path';

/** Flat config file names, in ESLint's order of precedence within one directory. */
export const ESLINT_CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'] as const;
export const ESLINT_CONFIG_GLOB = '**/eslint.config.{js,mjs,cjs,ts,mts,cts}';

export interface ConfigFile {
  path: string;
  text: string;
}

export interface Coverage {
  /** The config that governs the file (the nearest eslint.config.* from the file up to the workspace folder). */
  config?: string;
  /** That config loads eslint-plugin-breakwater, so the workspace's ESLint reports our rules there. */
  covered: boolean;
}

/**
 * Finds the flat config ESLint would use for `filePath` (ESLint ≥ 10 looks it up from the file's
 * directory upwards) without leaving `workspaceRoot`, and tells whether it uses our plugin.
 * `readConfig(dir)` returns the config file in `dir` (the first of ESLINT_CONFIG_NAMES), if any.
 */
export function coverageOf(filePath: string, workspaceRoot: string, readConfig: (dir: string) => ConfigFile | undefined): Coverage {
  const root = path.resolve(workspaceRoot);
  let dir = path.dirname(path.resolve(filePath));
  if (!isInside(dir, root)) return { covered: false };
  for (;;) {
    const config = readConfig(dir);
    if (config) return { config: config.path, covered: referencesBreakwater(config.text) };
    if (dir === root) return { covered: false };
    const parent = path.dirname(dir);
    if (parent === dir) return { covered: false };
    dir = parent;
  }
}

/** Whether a config imports or requires eslint-plugin-breakwater (outside comments). */
export function referencesBreakwater(configText: string): boolean {
  return /(['"`])eslint-plugin-breakwater(?:\/[^'"`]*)?\1/.test(stripComments(configText));
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Removes // and /* *\/ comments, keeping string and template literals intact. */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      out += ' ';
    } else if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
