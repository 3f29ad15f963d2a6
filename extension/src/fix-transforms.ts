// Runs the codemods' transforms (the same ones `breakwater fix` applies) for one quick fix: one
// transform on one file's text, kept to the edits of the finding the user asked about, plus the
// files the transform creates or extends (the policy module, the vendored runtime).
import type { ChangeNote, FixOptions, FixSession, TransformName } from '@breakwater/codemods/transforms';
import type { TransformOutcome, TransformRunner } from './code-actions.js';
import { codeOnly, restrictToTarget } from './hunks.js';
import { LineIndex } from './text-edits.js';

export type CreateFixSession = (options: FixOptions) => FixSession;

export interface TransformEnvironment {
  /** The fix options for a file (timeout, runtime import, policy module path, declared clients). */
  optionsFor(filePath: string): Omit<FixOptions, 'transforms'>;
  /** The current text of a file (an open editor's, else the disk's); undefined when it does not exist. */
  readFile(filePath: string): string | undefined;
  /** Where errors of the fix engine go (an output channel); a failing transform only loses its action. */
  log(message: string): void;
  /** Changes whenever `readFile` may answer differently (part of the cache key). */
  stateKey?(): string;
}

interface WholeFileResult {
  text: string;
  notes: ChangeNote[];
  extraFiles: Array<{ path: string; text: string }>;
}

export class FixTransformRunner implements TransformRunner {
  /** Whole-file results per (transform, file, text): the code-action provider asks for every
   * diagnostic of a file, and the transform output does not depend on which one. */
  private readonly cache = new Map<string, WholeFileResult | null>();

  constructor(
    private readonly createFixSession: CreateFixSession,
    private readonly environment: TransformEnvironment,
  ) {}

  run(
    transform: TransformName,
    filePath: string,
    text: string,
    target: { start: number; end: number },
    others: ReadonlyArray<{ start: number; end: number }>,
  ): TransformOutcome | null {
    const whole = this.wholeFile(transform, filePath, text);
    if (!whole) return null;
    const restricted = restrictToTarget(text, whole.text, target, others);
    if (restricted === text) return null;
    const index = new LineIndex(text);
    const firstLine = index.positionAt(target.start).line + 1;
    const lastLine = index.positionAt(target.end).line + 1;
    const { policyModulePath } = this.environment.optionsFor(filePath);
    return {
      text: restricted,
      notes: whole.notes.filter((n) => n.line >= firstLine && n.line <= lastLine).map((n) => n.message),
      extraFiles: whole.extraFiles.map((file) => {
        const before = this.environment.readFile(file.path);
        // The module was planned for every call of the file: keep the new entries this fix uses.
        const after = file.path === policyModulePath ? pruneUnusedEntries(before, file.text, restricted) : file.text;
        return before === undefined ? { path: file.path, text: after, existed: false } : { path: file.path, text: after, existed: true, before };
      }),
    };
  }

  private wholeFile(transform: TransformName, filePath: string, text: string): WholeFileResult | null {
    const options = { ...this.environment.optionsFor(filePath), transforms: [transform] };
    const prefix = `${transform}\0${filePath}\0`;
    const key = `${prefix}${JSON.stringify(options)}\0${this.environment.stateKey?.() ?? ''}\0${text}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    let result: WholeFileResult | null = null;
    try {
      const session = this.createFixSession(options);
      const fixed = session.fixFile(filePath, text);
      if (!fixed.ok) {
        this.environment.log(`${transform} on ${filePath}: ${fixed.error}${fixed.line ? ` (line ${fixed.line})` : ''}`);
      } else if (fixed.text !== text) {
        const extraFiles = session.extraFiles((p) => (p === filePath ? fixed.text : this.environment.readFile(p)));
        result = { text: fixed.text, notes: fixed.changes, extraFiles };
      }
    } catch (error) {
      // The engine promises not to throw; if it does, this action is missing and the reason is logged.
      this.environment.log(`${transform} on ${filePath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    // Keep the cache small: only the latest text of each file matters.
    for (const k of this.cache.keys()) if (k.startsWith(prefix)) this.cache.delete(k);
    this.cache.set(key, result);
    return result;
  }
}

/**
 * Removes from a policy module the entries (`export const <name> = …` blocks, with their leading
 * comment) that are new since `before` and that the code of `usedBy` never mentions (a URL or a
 * comment naming the service does not count).
 */
export function pruneUnusedEntries(before: string | undefined, after: string, usedBy: string): string {
  const code = codeOnly(usedBy);
  const blocks = after.split(/(?:\r?\n){2,}/);
  const separator = after.includes('\r\n') ? '\r\n\r\n' : '\n\n';
  const kept = blocks.filter((block) => {
    const name = /^export const ([\w$]+)\s*=/m.exec(block)?.[1];
    if (!name || before?.includes(block.trim())) return true;
    return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(code);
  });
  return kept.join(separator).replace(/\s*$/, '') + (/\r?\n$/.test(after) ? (after.endsWith('\r\n') ? '\r\n' : '\n') : '');
}
