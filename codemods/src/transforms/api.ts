// The contract between the fix engine (reads and writes files, prints diffs, enforces the
// guarantees) and the transforms (turn one file's text into new text). The transforms are pure:
// text in, text out; they never touch the file system, so the engine can diff, refuse, or write
// atomically.
import type { BreakwaterSettings } from 'eslint-plugin-breakwater/analysis';

export type TransformName = 'add-timeout' | 'wrap-policy' | 'idempotency-key' | 'replace-retry-loop';

export const ALL_TRANSFORMS: readonly TransformName[] = ['add-timeout', 'wrap-policy', 'idempotency-key', 'replace-retry-loop'];

/**
 * The declaration file `runtime: 'vendor'` writes beside a JavaScript runtime file — same folder,
 * same base name: `breakwater-runtime.js` → `breakwater-runtime.d.ts`, `.mjs` → `.d.mts` — or
 * undefined for a TypeScript one (its types are in it). `extraFiles` returns it with the runtime
 * file; an engine that only writes the files it expects should expect this one too.
 */
export function vendorDeclarationPath(vendorPath: string): string | undefined {
  const match = /\.(m?)js$/.exec(vendorPath);
  return match ? `${vendorPath.slice(0, match.index)}.d.${match[1]}ts` : undefined;
}

export interface FixOptions {
  transforms: readonly TransformName[];
  /** Timeout added by `add-timeout`, and the default per-service timeout of new policies. */
  timeoutMs: number;
  /**
   * The longest acceptable timeout (require-timeout's `maxMs`; `--max-ms`): an existing timeout
   * above it counts as too long, and `add-timeout` lowers it to `timeoutMs` (when that is shorter).
   * Default 30000, the rule's default.
   */
  maxMs?: number;
  /** `package`: import '@breakwater/runtime'; `vendor`: import a runtime file copied into the project. */
  runtime: 'package' | 'vendor';
  /** Absolute path of the per-service policy module (created or extended by `wrap-policy`). */
  policyModulePath: string;
  /** Absolute path of the vendored runtime file (`runtime: 'vendor'`). */
  vendorPath: string;
  settings?: BreakwaterSettings;
  /**
   * How relative imports the transforms add end (`./resilience/policies.js`, `.ts`, or no
   * extension), when the file being fixed has no relative import to copy the style from.
   * Default `js` (right for nodenext ESM, and accepted by bundler resolution).
   */
  importExtension?: 'js' | 'ts' | 'none';
  /**
   * The current text of a project file, or undefined when it does not exist. The transforms read
   * only the policy module through it, to tell which service entries it already has (a retry loop
   * routed through an existing entry keeps that entry's settings, and the change note says so).
   * Optional: without it the change notes cannot tell a new entry from an existing one (the
   * module itself is still only extended by `extraFiles`, never changed).
   */
  readFile?: (path: string) => string | undefined;
  /**
   * A source range `[start, end)` of the text given to `fixFile`: only the call or retry construct
   * at that range is transformed — the innermost one containing it (a range inside a call selects
   * that call), else those inside it — with the imports and policy-module entries it needs, and
   * nothing else. For editor quick fixes that fix one finding. Default: everything in the file.
   */
  only?: readonly [number, number];
}

/** One edit, for the summary ("src/pay.ts:12 add-timeout: fetch → signal: AbortSignal.timeout(5000)"). */
export interface ChangeNote {
  transform: TransformName;
  line: number;
  message: string;
  /** True when the transform left this spot alone; `message` says why (the text was not changed for it). */
  skipped?: boolean;
}

export type FileFixResult =
  | { ok: true; text: string; changes: ChangeNote[] }
  | { ok: false; error: string; line?: number; column?: number };

export interface FixSession {
  /** Transforms one file. Returns the same text when nothing applies. Never throws. */
  fixFile(path: string, text: string): FileFixResult;
  /**
   * The files the session creates or extends besides the inputs: the policy module and, with
   * `runtime: 'vendor'`, the runtime file. `readFile` returns a file's current text, or undefined
   * when it does not exist. Call once, after every `fixFile`.
   */
  extraFiles(readFile: (path: string) => string | undefined): Array<{ path: string; text: string }>;
}
