// Turns the paths a user gave into the list of source files to read: folders are walked
// (respecting every .gitignore on the way, nested ones too), files are taken as given.
import fs from 'node:fs';
import path from 'node:path';
import { GitignoreChain } from './gitignore.js';

/** The extensions the analysis parses (typescript-estree: TS, TSX, JS, JSX in every module flavour). */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Folders never walked into: dependencies, VCS data and output that tools generate. A folder of
 * this name given explicitly as a path is still walked.
 */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'coverage',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.vercel',
  '.cache',
]);

export function isSourceFile(filePath: string): boolean {
  const base = path.basename(filePath);
  // Declaration files hold no calls; minified bundles are generated.
  if (/\.d\.[mc]?ts$/.test(base) || /\.min\.[mc]?js$/.test(base)) return false;
  return SOURCE_EXTENSIONS.includes(path.extname(base));
}

export interface WalkResult {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Given paths that do not exist (a usage error for the caller to report). */
  missing: string[];
  /** Given files that are not JS/TS sources, so were left out. */
  notSource: string[];
}

/**
 * Collects the source files under `paths` (relative to `cwd`). Symbolic links found while walking
 * are not followed (no loops, and `fix` never replaces a link with a file); a link given
 * explicitly is resolved to its target.
 */
export function collectFiles(paths: readonly string[], cwd: string = process.cwd()): WalkResult {
  const files = new Set<string>();
  const missing: string[] = [];
  const notSource: string[] = [];
  const gitignore = new GitignoreChain();

  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to scan there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || gitignore.isIgnored(full, true)) continue;
        walk(full);
      } else if (entry.isFile()) {
        if (isSourceFile(full) && !gitignore.isIgnored(full, false)) files.add(full);
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(absolute);
      stat = fs.statSync(real);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory()) walk(real);
    else if (isSourceFile(real)) files.add(real);
    else notSource.push(given);
  }
  return { files: [...files].sort(), missing, notSource };
}
