// Where things are: the repository, the sample, and the (gitignored) folder the demo writes to.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'pos-system');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, '.artifacts');
export const BREAKWATER_CLI = path.join(REPO_ROOT, 'codemods', 'dist', 'cli.js');

/** The sample's paths as the user would type them (relative to the repository root). */
export function fromRoot(absolute: string): string {
  return path.relative(REPO_ROOT, absolute) || '.';
}
