// The real-world files the lint benchmark and the plugin's robustness test run over: the .js/.ts
// sources of large installed packages (HTTP clients, ESLint, typescript-eslint, TypeScript's libs,
// and packages that ship their TypeScript sources), and how to hand them to ESLint's Linter so that
// it really lints every one of them.
// Deterministic order; files above `maxBytes` are skipped (TypeScript's own compiler is 9 MB).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Package directories (under node_modules) whose sources make the corpus. */
export const PACKAGES = [
  'axios', 'got', 'undici', 'ky', 'node-fetch', 'superagent', 'ofetch', 'cockatiel', 'opossum',
  'p-retry', 'async-retry', 'axios-retry', 'p-limit', 'p-map', 'eslint', '@eslint', 'espree',
  '@typescript-eslint', 'typescript-eslint', 'typescript/lib', 'mocha', 'fast-check', 'ajv', '@types', 'diff',
  'semver', 'js-yaml', '@sinonjs', 'eslint-doc-generator', 'lodash',
  // They ship their TypeScript sources (src/*.ts), not only compiled .js and .d.ts: real TypeScript
  // code with calls in it. Installed with @vscode/vsce (msal, cheerio) and superagent (@noble/hashes).
  '@azure/msal-common', '@azure/msal-node', '@azure/msal-browser', '@noble/hashes', 'parse5', 'htmlparser2', 'cheerio',
];

/** The corpus's extensions. ESLint lints a file only if a config's `files` names its extension. */
export const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** `files` patterns for a flat config that matches every corpus file (`**\/*` alone matches none). */
export const LINT_FILES = EXTENSIONS.map((ext) => `**/*${ext}`);

const SOURCE = new RegExp(`(?:${EXTENSIONS.map((e) => e.replace('.', '\\.')).join('|')})$`);
const DECLARATION = /\.d\.[cm]?ts$/;
const TYPESCRIPT = /\.[cm]?ts$/;

/**
 * What a file is: 'javascript' (.js/.mjs/.cjs), 'typescript' (.ts/.mts/.cts sources) or
 * 'declaration' (.d.ts/.d.mts/.d.cts, TypeScript too).
 * @param {string} file
 * @returns {'javascript' | 'typescript' | 'declaration'}
 */
export function kindOf(file) {
  if (DECLARATION.test(file)) return 'declaration';
  return TYPESCRIPT.test(file) ? 'typescript' : 'javascript';
}

/**
 * Files per kind.
 * @param {string[]} files
 */
export function countKinds(files) {
  const counts = { typescript: 0, declaration: 0, javascript: 0 };
  for (const f of files) counts[kindOf(f)]++;
  return counts;
}

/**
 * The name to give ESLint for a corpus file: relative, under `corpus/`, and with every nested
 * `node_modules` folder renamed, since flat config ignores `**\/node_modules/` by default (the
 * Linter would answer such a file with a warning, unlinted).
 * @param {string} file absolute path of a corpus file
 */
export function lintName(file) {
  const relative = path.relative(path.join(ROOT, 'node_modules'), file);
  return path.join('corpus', relative.split(`${path.sep}node_modules${path.sep}`).join(`${path.sep}nested_modules${path.sep}`));
}

/**
 * Files of the corpus, as absolute paths.
 * @param {{ maxBytes?: number, limit?: number, packages?: string[] }} [options]
 * @returns {string[]}
 */
export function corpusFiles({ maxBytes = 300_000, limit = Infinity, packages = PACKAGES } = {}) {
  const out = [];
  const seen = new Set();
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === '.bin' || e.name === 'test' || e.name === '__tests__') continue;
        visit(full);
      } else if (e.isFile() && SOURCE.test(e.name)) {
        if (seen.has(full)) continue;
        const size = statSync(full).size;
        if (size === 0 || size > maxBytes) continue;
        seen.add(full);
        out.push(full);
      }
    }
  };
  for (const p of packages) visit(path.join(ROOT, 'node_modules', p));
  return out;
}

/**
 * A fixed mix drawn from the corpus: `counts[kind]` files of each kind, spread evenly over the
 * corpus's order (so every package contributes, not only the first ones). Throws if the installed
 * packages hold too few files of a kind.
 * @param {{ typescript: number, declaration: number, javascript: number }} counts
 * @param {string[]} [files] the corpus (default: corpusFiles())
 * @returns {string[]}
 */
export function corpusMix(counts, files = corpusFiles()) {
  const out = [];
  for (const [kind, wanted] of Object.entries(counts)) {
    const ofKind = files.filter((f) => kindOf(f) === kind);
    if (ofKind.length < wanted) {
      throw new Error(`the corpus holds ${ofKind.length} ${kind} files, ${wanted} wanted (packages: ${PACKAGES.join(', ')}; is everything installed? npm ci)`);
    }
    for (let i = 0; i < wanted; i++) out.push(ofKind[Math.floor((i * ofKind.length) / wanted)]);
  }
  return out;
}
