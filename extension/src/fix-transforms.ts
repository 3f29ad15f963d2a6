// Runs the codemods' transforms (the same ones `breakwater fix` applies) for one quick fix: one
// transform, or a few run together, limited by the engine to the finding's call or retry
// construct (`FixOptions.only`), plus the files they create or extend for it (the policy module,
// the vendored runtime).
import type { FixOptions, FixSession } from '@breakwater/codemods/transforms';
import type { TransformFix, TransformOutcome, TransformRunner } from './code-actions.js';

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

export class FixTransformRunner implements TransformRunner {
  /** Outcomes per (fix, file), for the latest text and state of that file, by target: the
   * editor asks for code actions on every cursor move, for every finding under it. */
  private readonly cache = new Map<string, { state: string; byTarget: Map<string, TransformOutcome | null> }>();

  constructor(
    private readonly createFixSession: CreateFixSession,
    private readonly environment: TransformEnvironment,
  ) {}

  /** `target`: the code the transform rewrites for the finding (the call, or the retry loop). */
  run(fix: TransformFix, filePath: string, text: string, target: { start: number; end: number }): TransformOutcome | null {
    const base = this.environment.optionsFor(filePath);
    const state = `${JSON.stringify(base)}\0${this.environment.stateKey?.() ?? ''}\0${text}`;
    const slot = `${fix.join('+')}\0${filePath}`;
    let entry = this.cache.get(slot);
    if (entry?.state !== state) this.cache.set(slot, (entry = { state, byTarget: new Map() }));
    const targetKey = `${target.start}:${target.end}`;
    if (entry.byTarget.has(targetKey)) return entry.byTarget.get(targetKey)!;
    const outcome = this.compute({ ...base, transforms: fix, only: [target.start, target.end], readFile: (p) => this.environment.readFile(p) }, filePath, text);
    entry.byTarget.set(targetKey, outcome);
    return outcome;
  }

  private compute(options: FixOptions, filePath: string, text: string): TransformOutcome | null {
    const what = `${options.transforms.join(',')} on ${filePath}`;
    try {
      const session = this.createFixSession(options);
      const fixed = session.fixFile(filePath, text);
      if (!fixed.ok) {
        this.environment.log(`${what}: ${fixed.error}${fixed.line ? ` (line ${fixed.line})` : ''}`);
        return null;
      }
      if (fixed.text === text) return null;
      const extraFiles = session.extraFiles((p) => (p === filePath ? fixed.text : this.environment.readFile(p))).map((file) => {
        const before = this.environment.readFile(file.path);
        return before === undefined ? { path: file.path, text: file.text, existed: false } : { path: file.path, text: file.text, existed: true, before };
      });
      return { text: fixed.text, notes: fixed.changes.filter((n) => !n.skipped).map((n) => n.message), extraFiles };
    } catch (error) {
      // The engine promises not to throw; if it does, this action is missing and the reason is logged.
      this.environment.log(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return null;
    }
  }
}
