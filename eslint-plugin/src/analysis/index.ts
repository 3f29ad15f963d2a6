// The call-site analysis: the single source of truth for "which outbound calls does this file make,
// and what protects them". Used by the ESLint rules (through `analyze(context.sourceCode)`), by the
// `breakwater` CLI and by the VS Code extension (through `analyzeText`).
import type { ParserServices, TSESTree, TSESLint } from '@typescript-eslint/utils';
import { describeSite, type CallDetails } from './clients/describe.js';
import { collectSites } from './clients/sites.js';
import { instanceTrace, type Leaf } from './clients/traces.js';
import type { AnalysisContext } from './context.js';
import { findFanOuts } from './fanout.js';
import { guardsAround } from './guards.js';
import { trackValue } from './imports.js';
import { guardIndex, resolveGuard } from './policies.js';
import { findRetries } from './retries.js';
import { parseFile } from './parse.js';
import { normalizeSettings } from './settings.js';
import type { BreakwaterSettings, FileAnalysis, OutboundCall } from './types.js';

export type * from './types.js';
export type { AnalysisContext } from './context.js';
export { validateSettings, DEFAULT_POLICY_MODULES, type SettingsValidation } from './settings.js';

/** What the analysis needs from a parsed file; ESLint's `SourceCode` satisfies it. */
export interface AnalyzableSource {
  ast: TSESTree.Program;
  text: string;
  scopeManager: TSESLint.Scope.ScopeManager | null;
  /** The file's path (ESLint: `context.filename`); used for `from: 'file'` specifiers and to read the policy module. Optional. */
  filePath?: string;
  /**
   * ESLint's `sourceCode.parserServices`. With typed linting (a `program`), values whose inferred
   * type is a client instance (`const api = makeClient()` returning `AxiosInstance`) are recognised.
   * Optional: the analysis is syntactic without it.
   */
  parserServices?: Partial<ParserServices> | null;
}

export interface ParseError {
  message: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

interface Memo {
  settings: BreakwaterSettings | undefined;
  filePath: string | undefined;
  analysis: FileAnalysis;
}

/** Per AST, one analysis per (settings, filePath): the rules share one; another caller with other settings gets its own. */
const memo = new WeakMap<TSESTree.Program, Memo[]>();
const details = new WeakMap<OutboundCall, CallDetails>();
const internalErrors = new WeakMap<FileAnalysis, unknown[]>();

/** Internal details of a call (superagent chain, the Idempotency-Key value), for the rules' fixes. */
export function callDetails(call: OutboundCall): CallDetails | undefined {
  return details.get(call);
}

/** Errors the analysis caught and survived while analysing a file (for robustness tests and bug reports). */
export function analysisErrors(analysis: FileAnalysis): readonly unknown[] {
  return internalErrors.get(analysis) ?? [];
}

/**
 * Analyses one parsed file. Results are memoised per AST, so the six rules share one analysis.
 * Never throws: an internal failure yields what was found so far.
 */
export function analyze(source: AnalyzableSource, settings?: BreakwaterSettings): FileAnalysis {
  let entries = memo.get(source.ast);
  const cached = entries?.find((m) => m.settings === settings && m.filePath === source.filePath);
  if (cached) return cached.analysis;
  const analysis: FileAnalysis = { calls: [], retries: [], fanOuts: [] };
  const errors: unknown[] = [];
  try {
    run(source, settings, analysis, errors);
  } catch (error) {
    errors.push(error);
  }
  if (errors.length > 0) internalErrors.set(analysis, errors);
  if (!entries) memo.set(source.ast, (entries = []));
  entries.push({ settings, filePath: source.filePath, analysis });
  return analysis;
}

/** One object for "no settings", so caches keyed by the settings object (the policy modules') are shared. */
const NO_SETTINGS: BreakwaterSettings = Object.freeze({});

function run(source: AnalyzableSource, settings: BreakwaterSettings | undefined, analysis: FileAnalysis, errors: unknown[]): void {
  const ctx: AnalysisContext = {
    source,
    settings: settings ?? NO_SETTINGS,
    globalScope: source.scopeManager?.globalScope ?? null,
    config: normalizeSettings(settings).settings,
    filePath: source.filePath ?? null,
  };
  if (!ctx.globalScope) return;
  const collection = collectSites(ctx);
  // `const payFetch = fetchWith(payments)`: calls of payFetch are fetch calls under that policy.
  for (const [node, factory] of guardIndex(ctx).factories) {
    if ((factory as { lib: string; fn?: string }).lib !== 'breakwater' || (factory as { fn?: string }).fn !== 'fetchWith') continue;
    for (const ref of trackValue<Leaf>(source, node, instanceTrace('fetch'))) {
      if (ref.type !== 'call' || ref.info.role !== 'call') continue;
      collection.sites.push({ client: 'fetch', leaf: ref.info, node: ref.node as TSESTree.CallExpression, instance: null, guardedBy: node });
    }
  }
  collection.sites.sort((a, b) => a.node.range[0] - b.node.range[0]);
  for (const site of collection.sites) {
    try {
      const { call, details: d } = describeSite(ctx, site, collection);
      const policy = site.guardedBy ? resolveGuard(ctx, site.guardedBy) : null;
      const guards = guardsAround(ctx, call.node, policy && site.guardedBy ? [{ guard: policy, at: site.guardedBy }] : []);
      call.breaker = guards.breaker;
      call.bulkhead = guards.bulkhead;
      const t = guards.timeout;
      if (t && (call.timeout.status !== 'bounded' || (t.ms !== null && (call.timeout.ms === null || t.ms < call.timeout.ms)))) {
        call.timeout = { status: 'bounded', ms: t.ms, source: t.declared ? 'wrapper' : 'policy', node: t.node, note: `${t.label} bounds it` };
      }
      details.set(call, d);
      analysis.calls.push(call);
    } catch (error) {
      errors.push(error);
    }
  }
  try {
    analysis.retries = findRetries(ctx, analysis.calls);
    for (const retry of analysis.retries) {
      for (const call of retry.calls) if (!call.retries.includes(retry)) call.retries.push(retry);
    }
    // Innermost first: a retry whose node lies inside another's comes first.
    for (const call of analysis.calls) {
      if (call.retries.length > 1) call.retries.sort((a, b) => a.node.range[1] - a.node.range[0] - (b.node.range[1] - b.node.range[0]));
    }
  } catch (error) {
    errors.push(error);
  }
  try {
    analysis.fanOuts = findFanOuts(ctx, analysis.calls);
  } catch (error) {
    errors.push(error);
  }
}

/**
 * Parses `text` (TS, TSX, JS, JSX, chosen by `filePath`'s extension) and analyses it.
 * Never throws: a file that does not parse comes back with `parseError` and an empty analysis;
 * invalid `settings` entries are ignored and described in `settingsErrors`.
 */
export function analyzeText(
  text: string,
  filePath: string,
  settings?: BreakwaterSettings,
): { analysis: FileAnalysis; source?: AnalyzableSource; parseError?: ParseError; settingsErrors?: string[] } {
  const empty: FileAnalysis = { calls: [], retries: [], fanOuts: [] };
  const settingsErrors = normalizeSettings(settings).errors;
  const withSettings = <T extends object>(r: T): T & { settingsErrors?: string[] } => (settingsErrors.length > 0 ? { ...r, settingsErrors } : r);
  const path = typeof filePath === 'string' && filePath.length > 0 ? filePath : 'file.ts';
  try {
    const { parsed, error } = parseFile(String(text), path);
    if (!parsed) return withSettings({ analysis: empty, parseError: toParseError(error) });
    return withSettings({ analysis: analyze(parsed, settings), source: parsed });
  } catch (error) {
    return withSettings({ analysis: empty, parseError: toParseError(error) });
  }
}

function toParseError(error: unknown): ParseError {
  const e = error as { message?: unknown; lineNumber?: unknown; column?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const line = typeof e?.lineNumber === 'number' ? e.lineNumber : 1;
  const column = typeof e?.column === 'number' ? e.column + 1 : 1;
  return { message, line, column };
}
