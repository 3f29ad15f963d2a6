// The real-world files the lint benchmark and the plugin's robustness test run over: the .js/.ts
// sources of large installed packages (HTTP clients, ESLint, typescript-eslint, TypeScript's libs).
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
];

const EXTENSIONS = /\.(?:[cm]?js|[cm]?ts)$/;

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
      } else if (e.isFile() && EXTENSIONS.test(e.name) && !e.name.endsWith('.map')) {
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
