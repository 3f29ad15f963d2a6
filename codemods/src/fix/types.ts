// The result of `breakwater fix` (and `fix()` in the API). `--format json` prints it as is,
// without the file texts.
import type { BreakwaterSettings } from 'eslint-plugin-breakwater/analysis';
import type { ProjectConventions } from '../files/conventions.js';
import type { ChangeNote, FixOptions, FixSession, TransformName } from '../transforms/api.js';

export interface FixRunOptions {
  /** Where relative paths start (default: process.cwd()). */
  cwd?: string;
  /** Default: all four, in the order of ALL_TRANSFORMS. */
  transforms?: readonly TransformName[];
  /** Default 5000. */
  timeoutMs?: number;
  /** The longest acceptable timeout, as require-timeout's `maxMs` (default 30000); at least `timeoutMs`. */
  maxMs?: number;
  /** Default `package`. */
  runtime?: 'package' | 'vendor';
  /**
   * Relative to `cwd`. Default: `src/resilience/policies.ts` in the project root; `.js` in a
   * JavaScript project (`.mjs` when its package.json does not say `"type": "module"`); an existing
   * `src/resilience/policies.{ts,mts,js,mjs}` is kept.
   */
  policyModule?: string;
  /**
   * Relative to `cwd`. Default: `breakwater-runtime.ts` beside the policy module (`.js`/`.mjs`
   * beside a `.js`/`.mjs` policy module). A `.js`/`.mjs` runtime comes with its declaration file
   * beside it (`.d.ts`/`.d.mts`), which is written too.
   */
  vendorPath?: string;
  settings?: BreakwaterSettings;
  /** Apply the changes (default: dry run). */
  write?: boolean;
  /** Write even in a git work tree whose files to be written have uncommitted changes. */
  force?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** The transforms to drive; default: the package's own `createFixSession`. */
  createSession?: (options: FixOptions) => FixSession;
}

/** What a changed file is to the project (`vendored-runtime`: the runtime file, and the declaration file beside a .js/.mjs one). */
export type FileRole = 'source' | 'policy-module' | 'vendored-runtime';

export interface FileChange {
  /** Absolute path. */
  path: string;
  /** Relative to cwd, `/`-separated: the path the diff shows. */
  file: string;
  kind: 'modified' | 'created';
  role: FileRole;
  /** True for a policy module or vendored runtime file that lies outside every given path. */
  outsideGivenPaths: boolean;
  changes: ChangeNote[];
  /** Unified diff, `a/`/`b/` paths relative to cwd (`/dev/null` for a new file). */
  diff: string;
  before: string | undefined;
  after: string;
}

export interface SkippedFile {
  /** Relative to cwd. */
  file: string;
  /**
   * `parse`: the file does not parse; `transform`: a transform failed on it (the file is left as
   * it was); `read`/`write`: the file system refused; `changed`: the file changed on disk while
   * `fix` ran; `outside`: the transforms asked to write a file outside the given paths.
   */
  kind: 'parse' | 'transform' | 'read' | 'write' | 'changed' | 'outside';
  reason: string;
  line?: number;
  column?: number;
}

export interface LeftAlone {
  /** Relative to cwd. */
  file: string;
  line: number;
  transform: TransformName;
  message: string;
}

export interface FixRefusal {
  reason: 'dirty-tree' | 'git-error' | 'extra-files-failed';
  message: string;
  /** Relative to cwd: the files that caused the refusal. */
  files: string[];
}

export interface FixResult {
  schemaVersion: 1;
  cwd: string;
  projectRoot: string;
  /** What fix read off the project: its tsconfig.json, the import style it passed the transforms, and its language. */
  conventions: ProjectConventions;
  policyModulePath: string;
  vendorPath: string;
  transforms: TransformName[];
  /** How many source files were read and given to the transforms. */
  filesProcessed: number;
  changes: FileChange[];
  skipped: SkippedFile[];
  /** Spots a transform recognised but left alone on purpose, with why (to review by hand). */
  leftAlone: LeftAlone[];
  /** Edits per transform, over all files. */
  perTransform: Record<TransformName, number>;
  /** True when `write` was asked and the changes were written (those that could be). */
  written: boolean;
  refused?: FixRefusal;
}
