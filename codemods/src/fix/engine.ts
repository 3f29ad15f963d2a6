// The fix engine: reads the files, hands each to the transforms, diffs, and (with `write`) writes
// them, keeping the guarantees the transforms cannot: unparsable or failing files are left alone
// and reported, nothing is written outside the given paths but the policy module and the vendored
// runtime, a dirty git tree is refused, and every write is atomic.
import fs from 'node:fs';
import path from 'node:path';
import { collectFiles } from '../files/walk.js';
import { projectConventions, type ProjectConventions } from '../files/conventions.js';
import { displayPath, findProjectRoot, folderOf, isInside, realPathOf } from '../files/project.js';
import { DEFAULT_MAX_MS } from '../scan/presets.js';
import { UsageError } from '../usage-error.js';
import { ALL_TRANSFORMS, vendorDeclarationPath, type ChangeNote, type FixOptions, type FixSession, type TransformName } from '../transforms/api.js';
import { writeFileAtomic } from './atomic-write.js';
import { unifiedDiff } from './diff.js';
import { findUncommitted } from './git.js';
import { checkParses } from './parse-check.js';
import { defaultCreateFixSession } from './session.js';
import type { FileChange, FileRole, FixResult, FixRunOptions, LeftAlone, SkippedFile } from './types.js';

export const DEFAULT_TIMEOUT_MS = 5000;
export { DEFAULT_MAX_MS };
/** The policy module of a TypeScript project; a JavaScript project's is `.js` or `.mjs` (see defaultPolicyModule). */
export const DEFAULT_POLICY_MODULE = 'src/resilience/policies.ts';
const VENDOR_FILE = 'breakwater-runtime';

/**
 * `src/resilience/policies` in the project root: the one that already exists (whatever its
 * extension: a later run extends it, even if the project's conventions read differently now),
 * else with the project's module extension (`.ts`, or `.js`/`.mjs` in a JavaScript project).
 */
function defaultPolicyModule(projectRoot: string, conventions: ProjectConventions): string {
  const stem = path.join(projectRoot, DEFAULT_POLICY_MODULE.replace(/\.ts$/, ''));
  const existing = MODULE_EXTENSIONS.map((ext) => stem + ext).find((file) => fs.existsSync(file));
  return existing ?? stem + conventions.moduleExtension;
}

/** `breakwater-runtime` beside the policy module: JavaScript (`.js`/`.mjs`) beside a JavaScript one, else TypeScript. */
function defaultVendorPath(policyModulePath: string): string {
  const ext = path.extname(policyModulePath);
  return path.join(path.dirname(policyModulePath), VENDOR_FILE + (ext === '.js' || ext === '.mjs' ? ext : '.ts'));
}

/**
 * The extensions of an ES module written as TypeScript or JavaScript: what an existing policy module
 * may end in, and what a vendored runtime may (typed, or .js + a declaration file).
 */
const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

interface Pending {
  path: string;
  role: FileRole;
  before: string | undefined;
  after: string;
  changes: ChangeNote[];
}

function validate(options: FixRunOptions): { transforms: TransformName[]; timeoutMs: number; maxMs: number; runtime: 'package' | 'vendor' } {
  const transforms = [...(options.transforms ?? ALL_TRANSFORMS)];
  for (const name of transforms) {
    if (!ALL_TRANSFORMS.includes(name)) throw new UsageError(`unknown transform "${name}" (choose from ${ALL_TRANSFORMS.join(', ')})`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout-ms must be a positive whole number of milliseconds, not ${timeoutMs}`);
  const maxMs = options.maxMs ?? DEFAULT_MAX_MS;
  if (!Number.isSafeInteger(maxMs) || maxMs <= 0) throw new UsageError(`--max-ms must be a positive whole number of milliseconds, not ${maxMs}`);
  if (timeoutMs > maxMs) {
    throw new UsageError(`--timeout-ms (${timeoutMs}) is longer than --max-ms (${maxMs}): the timeouts fix adds would themselves be reported as too long. Lower --timeout-ms or raise --max-ms.`);
  }
  const runtime = options.runtime ?? 'package';
  if (runtime !== 'package' && runtime !== 'vendor') throw new UsageError(`--runtime must be package or vendor, not ${String(runtime)}`);
  return { transforms, timeoutMs, maxMs, runtime };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // does not exist (yet)
    throw error;
  }
}

/** A file's text, or undefined when it cannot be read (for guesses; the run itself reports read errors). */
function readIfPossible(file: string): string | undefined {
  try {
    return readText(file);
  } catch {
    return undefined;
  }
}

/** Calls the transforms on one file; the contract says they never throw, but a bug must not stop the run. */
function runFixFile(session: FixSession, file: string, text: string): ReturnType<FixSession['fixFile']> {
  try {
    return session.fixFile(file, text);
  } catch (error) {
    return { ok: false, error: `transform crashed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function fix(paths: readonly string[], options: FixRunOptions = {}): Promise<FixResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const { transforms, timeoutMs, maxMs, runtime } = validate(options);
  const given = paths.length > 0 ? paths : ['.'];
  const walked = collectFiles(given, cwd);
  if (walked.missing.length > 0) throw new UsageError(`no such file or folder: ${walked.missing.join(', ')}`);
  const givenRoots = given.map((p) => {
    const absolute = path.resolve(cwd, p);
    return fs.existsSync(absolute) ? fs.realpathSync(absolute) : absolute;
  });

  const projectRoot = findProjectRoot(given[0], cwd);
  // Real paths, like the walked files, so "is it one of the inputs / inside a given path" compares like with like.
  // A JavaScript project's conventions come from its files' imports: the texts read for that are
  // kept, each taken once by the fix loop below, so no file is read twice.
  const readAhead = new Map<string, string>();
  const conventions = projectConventions(walked.files, folderOf(path.resolve(cwd, given[0] ?? '.')), projectRoot, (file) => {
    const text = readIfPossible(file);
    if (text !== undefined) readAhead.set(file, text);
    return text;
  });
  const policyModulePath = realPathOf(options.policyModule ? path.resolve(cwd, options.policyModule) : defaultPolicyModule(projectRoot, conventions));
  const vendorPath = realPathOf(options.vendorPath ? path.resolve(cwd, options.vendorPath) : defaultVendorPath(policyModulePath));
  if (runtime === 'vendor' && !(MODULE_EXTENSIONS as readonly string[]).includes(path.extname(vendorPath))) {
    throw new UsageError(`--vendor-path must end in ${MODULE_EXTENSIONS.join(', ')} (the runtime is an ES module), not "${options.vendorPath ?? vendorPath}"`);
  }
  // A JavaScript runtime file comes with its declaration file beside it: that one is expected too.
  const vendorDeclaration = vendorDeclarationPath(vendorPath);
  const createSession = options.createSession ?? defaultCreateFixSession;
  const fixOptions: FixOptions = { transforms, timeoutMs, maxMs, runtime, policyModulePath, vendorPath };
  if (conventions.importExtension) fixOptions.importExtension = conventions.importExtension;
  if (options.settings) fixOptions.settings = options.settings;
  // Lets the transforms see which services the existing policy module already has.
  fixOptions.readFile = (file) => readText(path.resolve(file));
  const session = createSession(fixOptions);

  const show = (file: string): string => displayPath(file, cwd);
  const skipped: SkippedFile[] = [];
  const leftAlone: LeftAlone[] = [];
  const pending = new Map<string, Pending>();

  walked.files.forEach((file, index) => {
    const report = (): void => options.onProgress?.(index + 1, walked.files.length);
    let before = readAhead.get(file);
    readAhead.delete(file);
    try {
      before ??= fs.readFileSync(file, 'utf8');
    } catch (error) {
      skipped.push({ file: show(file), kind: 'read', reason: (error as Error).message });
      return report();
    }
    const problem = checkParses(before, file);
    if (problem) {
      skipped.push({ file: show(file), kind: 'parse', reason: `does not parse: ${problem.message}`, line: problem.line, column: problem.column });
      return report();
    }
    const result = runFixFile(session, file, before);
    if (!result.ok) {
      const entry: SkippedFile = { file: show(file), kind: 'transform', reason: result.error };
      if (result.line !== undefined) entry.line = result.line;
      if (result.column !== undefined) entry.column = result.column;
      skipped.push(entry);
      return report();
    }
    if (result.text !== before) {
      const broken = checkParses(result.text, file);
      if (broken) {
        skipped.push({
          file: show(file),
          kind: 'transform',
          reason: `left unchanged: the transforms produced code that does not parse (${broken.message}, line ${broken.line})`,
        });
        return report();
      }
    }
    for (const note of result.changes) {
      if (note.skipped) leftAlone.push({ file: show(file), line: note.line, transform: note.transform, message: note.message });
    }
    if (result.text !== before) pending.set(file, { path: file, role: 'source', before, after: result.text, changes: result.changes });
    report();
  });

  let refused: FixResult['refused'];
  try {
    // The policy module and the runtime file build on what the sources became.
    const extras = session.extraFiles((file) => pending.get(realPathOf(path.resolve(file)))?.after ?? readText(path.resolve(file)));
    for (const extra of extras) {
      const file = realPathOf(path.resolve(extra.path));
      const role: FileRole | undefined = file === policyModulePath ? 'policy-module' : file === vendorPath || file === vendorDeclaration ? 'vendored-runtime' : undefined;
      if (role === undefined) {
        skipped.push({ file: show(file), kind: 'outside', reason: 'the transforms asked to write this file, which is neither a given path nor the policy module or runtime file: not written' });
        continue;
      }
      const existing = pending.get(file);
      const before = existing ? existing.before : readText(file);
      pending.set(file, { path: file, role, before, after: extra.text, changes: existing?.changes ?? [] });
    }
  } catch (error) {
    refused = {
      reason: 'extra-files-failed',
      message: `could not build the policy module / runtime file (${error instanceof Error ? error.message : String(error)}); nothing is written, since the fixed files would import it`,
      files: [show(policyModulePath)],
    };
  }

  const changes: FileChange[] = [];
  for (const entry of pending.values()) {
    if (entry.after === entry.before) continue;
    const file = show(entry.path);
    changes.push({
      path: entry.path,
      file,
      kind: entry.before === undefined ? 'created' : 'modified',
      role: entry.role,
      outsideGivenPaths: !givenRoots.some((root) => isInside(entry.path, root)),
      changes: entry.changes,
      diff: unifiedDiff(file, entry.before, entry.after),
      before: entry.before,
      after: entry.after,
    });
  }
  changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const perTransform = Object.fromEntries(ALL_TRANSFORMS.map((name) => [name, 0])) as Record<TransformName, number>;
  for (const change of changes) for (const note of change.changes) if (!note.skipped) perTransform[note.transform]++;

  let written = false;
  if (options.write && !refused && changes.length > 0) {
    refused = options.force ? undefined : checkGit(changes, show);
    if (!refused) {
      writeChanges(changes, skipped);
      written = true;
    }
  }

  const result: FixResult = {
    schemaVersion: 1,
    cwd,
    projectRoot,
    conventions,
    policyModulePath,
    vendorPath,
    transforms,
    filesProcessed: walked.files.length,
    changes,
    skipped,
    leftAlone,
    perTransform,
    written,
  };
  if (refused) result.refused = refused;
  return result;
}

/** The transforms whose edits import the policy module or the (vendored) runtime. */
const IMPORTS_EXTRA_FILES: ReadonlySet<TransformName> = new Set(['wrap-policy', 'replace-retry-loop']);

/**
 * Writes the policy module and the runtime file first: the sources import them, so when one of
 * those cannot be written, no source that imports it is written either.
 */
function writeChanges(changes: readonly FileChange[], skipped: SkippedFile[]): void {
  const extrasFirst = [...changes].sort((a, b) => Number(a.role === 'source') - Number(b.role === 'source'));
  let extraFailed: string | undefined;
  for (const change of extrasFirst) {
    if (change.role === 'source' && extraFailed !== undefined && change.changes.some((n) => !n.skipped && IMPORTS_EXTRA_FILES.has(n.transform))) {
      skipped.push({ file: change.file, kind: 'write', reason: `not written: it would import ${extraFailed}, which could not be written` });
      continue;
    }
    // Someone (an editor, a formatter) may have changed the file since it was read.
    if (readText(change.path) !== change.before) {
      skipped.push({ file: change.file, kind: 'changed', reason: 'changed on disk while fix ran: not written, run fix again' });
      if (change.role !== 'source') extraFailed ??= change.file;
      continue;
    }
    try {
      writeFileAtomic(change.path, change.after);
    } catch (error) {
      skipped.push({ file: change.file, kind: 'write', reason: `could not write: ${(error as Error).message}` });
      if (change.role !== 'source') extraFailed ??= change.file;
    }
  }
}

function checkGit(changes: readonly FileChange[], show: (file: string) => string): FixResult['refused'] {
  const check = findUncommitted(changes.map((c) => c.path));
  if (!check.ok) {
    return { reason: 'git-error', message: `${check.error}. Re-run with --force to write without the check.`, files: [] };
  }
  if (check.dirty.length === 0) return undefined;
  const files = check.dirty.map((d) => `${show(d.path)} (${d.status.trim() === '??' ? 'untracked' : 'uncommitted changes'})`);
  return {
    reason: 'dirty-tree',
    message:
      'refusing to write: files that fix would change have uncommitted changes, so its edits could not be told apart or undone with git. ' +
      'Commit or stash them first (git stash --include-untracked), or re-run with --force to write anyway.',
    files,
  };
}
