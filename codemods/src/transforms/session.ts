// The FixSession: runs the chosen transforms over one file at a time, each on a fresh analysis of
// the text the previous one produced, and remembers what the policy module and the vendored
// runtime must contain (written by `extraFiles` once every file is done).
import { basename, dirname } from 'node:path';
import { analyzeText, DEFAULT_POLICY_MODULES, type BreakwaterSettings } from 'eslint-plugin-breakwater/analysis';
import { addTimeout } from './add-timeout.js';
import type { ChangeNote, FileFixResult, FixOptions, FixSession, TransformName } from './api.js';
import { TransformContext, type SessionState } from './context.js';
import { idempotencyKey } from './idempotency-key.js';
import { replaceRetryLoop } from './replace-retry-loop.js';
import { wrapPolicy } from './wrap-policy.js';
import { sessionExtraFiles } from './extra-files.js';
import { mayHaveWork } from './work.js';

/**
 * The order transforms run in when several are chosen: the key must exist before a loop becomes
 * `retry().execute(…)` (so the runtime may retry the POST), loops are replaced before calls are
 * wrapped (a call inside the runtime's retry is not wrapped again), and timeouts come last (a call
 * routed through a policy is already bounded by the policy's timeout).
 */
const ORDER: readonly TransformName[] = ['idempotency-key', 'replace-retry-loop', 'wrap-policy', 'add-timeout'];

const RUN: Record<TransformName, (ctx: TransformContext) => void> = {
  'idempotency-key': idempotencyKey,
  'replace-retry-loop': replaceRetryLoop,
  'wrap-policy': wrapPolicy,
  'add-timeout': addTimeout,
};

/** Passes per transform: a pass refuses edits that overlap (nested calls); the next one does them. */
const MAX_PASSES = 4;

export function createFixSession(options: FixOptions): FixSession {
  const state: SessionState = { options, services: new Map(), runtimeUsed: false, extensionStyle: null };
  const settings = withPolicyModule(options);
  const chosen = ORDER.filter((t) => options.transforms.includes(t));
  return {
    fixFile(path, text) {
      try {
        return fixText(state, settings, chosen, path, text);
      } catch (error) {
        return { ok: false, error: `breakwater fix failed on this file (a bug in the transforms; the file was left unchanged): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
      }
    },
    extraFiles(readFile) {
      return sessionExtraFiles(state, readFile);
    },
  };
}

function fixText(state: SessionState, settings: BreakwaterSettings, chosen: readonly TransformName[], path: string, original: string): FileFixResult {
  let text = original;
  const changes: ChangeNote[] = [];
  const seen = new Set<string>();
  let analysed: ({ text: string; only: Span | undefined } & Analysed) | undefined;
  // Spans the last edit routed through a policy (calls, loops), in analysed.text.
  let wrapped: readonly Span[] = [];
  let routed: readonly Span[] = [];
  let only = state.options.only; // follows the edits, so it keeps naming the same code
  for (const transform of chosen) {
    // The analysis is stale (an earlier transform edited the text), but if it shows no work for this
    // transform, none appeared: skip it without re-analysing.
    if (analysed && analysed.text !== text && !mayHaveWork(transform, analysed.analysis, state.options, { wrapped, routed, only: analysed.only })) continue;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      // Re-analysed only after an edit: a transform that changed nothing leaves the analysis valid.
      if (analysed?.text !== text) analysed = { text, only, ...analyze(text, path, settings) };
      const { analysis, parseError } = analysed;
      if (parseError) {
        if (text === original) return { ok: false, error: parseError.message, line: parseError.line, column: parseError.column };
        return { ok: false, error: `the ${transform} transform produced code that does not parse (${parseError.message}); the file was left unchanged` };
      }
      const ctx = new TransformContext(transform, path, text, analysis, state, only);
      try {
        RUN[transform](ctx);
        if (ctx.edits.size > 0) ctx.edits.tryAdd(ctx.imports.edits());
      } finally {
        ctx.release();
      }
      for (const note of ctx.notes) {
        const key = `${note.transform}:${note.line}:${note.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        changes.push(note);
      }
      if (ctx.edits.size === 0) break;
      wrapped = ctx.wrapped;
      routed = ctx.routed;
      text = ctx.edits.apply(text);
      if (only) only = ctx.edits.mapRange(only);
      if (!ctx.deferred) break;
    }
  }
  return { ok: true, text, changes };
}

type Span = readonly [number, number];
type Analysed = Pick<ReturnType<typeof analyzeText>, 'analysis' | 'parseError'>;

/**
 * The last analysis, kept for the next session: an editor computes several quick fixes for one
 * finding, each in its own session, all starting from the same text. The transforms only read it.
 */
let lastAnalysis: { text: string; path: string; settings: string; result: Analysed } | undefined;

function analyze(text: string, path: string, settings: BreakwaterSettings): Analysed {
  const key = JSON.stringify(settings);
  if (lastAnalysis && lastAnalysis.text === text && lastAnalysis.path === path && lastAnalysis.settings === key) return lastAnalysis.result;
  const { analysis, parseError } = analyzeText(text, path, settings);
  const result: Analysed = parseError ? { analysis, parseError } : { analysis };
  lastAnalysis = { text, path, settings: key, result };
  return result;
}

/**
 * The analysis settings, with the policy module this session writes counted as one: calls routed
 * through it are then seen as guarded by a policy, whatever the module is called.
 */
function withPolicyModule(options: FixOptions): BreakwaterSettings {
  const file = options.policyModulePath.replace(/\\/g, '/');
  const stem = basename(file).replace(/\.[cm]?[jt]sx?$/, '');
  const name = stem === 'index' ? basename(dirname(file)) : stem;
  const known = options.settings?.policyModules ?? [...DEFAULT_POLICY_MODULES];
  return { ...options.settings, policyModules: known.includes(name) ? known : [...known, name] };
}
