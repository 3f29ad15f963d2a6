// Which quick fixes a Breakwater diagnostic gets, and their edits, as plain data (no vscode import):
// the rule's own suggestions, the codemod transforms restricted to the diagnostic's call, and
// "disable for this line". The vscode adapter turns a plan into a CodeAction + WorkspaceEdit.
import type { TransformName } from '@breakwater/codemods/transforms';
import { RULE_PREFIX } from './constants.js';
import type { LintMessage } from './lint-engine.js';
import { LineIndex, editsBetween, lineEnding, type TextEditData } from './text-edits.js';

export interface FileChange {
  path: string;
  edits: TextEditData[];
}
export interface FileCreate {
  path: string;
  text: string;
}

export interface ActionPlan {
  title: string;
  /** Full rule id of the diagnostic it fixes. */
  ruleId: string;
  isPreferred: boolean;
  changes: FileChange[];
  creates: FileCreate[];
}

/** What a transform run restricted to one finding produced. */
export interface TransformOutcome {
  /** The file's new text. */
  text: string;
  /** Human notes of the edits (from the fix engine), for the action's title. */
  notes: string[];
  /** Other files to create or rewrite (the policy module, the vendored runtime). */
  extraFiles: Array<{ path: string; text: string; existed: boolean; before?: string }>;
}

/**
 * One quick fix made of codemod transforms: one, or several run together on the same code (the
 * engine runs them in its own order, as `breakwater fix --transform a,b` does).
 */
export type TransformFix = readonly [TransformName, ...TransformName[]];

/** Runs a fix's transforms on a file, keeping only the edits that belong to `target` (offsets). */
export interface TransformRunner {
  run(fix: TransformFix, filePath: string, text: string, target: { start: number; end: number }): TransformOutcome | null;
}

/** Replaces a hand-rolled retry loop with the runtime's retry. */
const REPLACE_LOOP: TransformFix = ['replace-retry-loop'];
/**
 * The same, with wrap-policy chosen too, as the CLI runs them by default: a loop whose requests all
 * go to one known service becomes that service's policy (its retry, inside its breaker and
 * bulkhead: one retry, not two stacked). For a loop it cannot route, its result is the plain
 * replacement's, which is then shown once (under the plain title, listed first).
 */
const LOOP_TO_POLICY: TransformFix = ['replace-retry-loop', 'wrap-policy'];

/** The transform fixes that address each rule, best first. */
export const TRANSFORMS_FOR_RULE: Readonly<Record<string, readonly TransformFix[]>> = {
  'require-timeout': [['add-timeout'], ['wrap-policy']],
  'require-circuit-breaker': [['wrap-policy']],
  'no-unsafe-retry': [['idempotency-key'], REPLACE_LOOP, LOOP_TO_POLICY],
  'require-backoff-jitter': [REPLACE_LOOP, LOOP_TO_POLICY],
  'retry-transient-only': [REPLACE_LOOP, LOOP_TO_POLICY],
  'no-unbounded-fanout': [['wrap-policy']],
};

export interface QuickFixRequest {
  filePath: string;
  text: string;
  message: LintMessage;
  defaultTimeoutMs: number;
  transforms?: TransformRunner;
  /**
   * The code a transform rewrites for a finding, from the finding's reported range: a report often
   * underlines only the callee (`fetch`) while wrap-policy rewrites the whole call, and
   * replace-retry-loop rewrites the loop around it. Defaults to the reported range.
   */
  subjectOf?: (reported: { start: number; end: number }, transform: TransformName) => { start: number; end: number };
  /**
   * Only the codemod transforms: for findings the workspace's own ESLint reports, whose editor
   * integration already offers the rule's suggestions and the disable comment.
   */
  transformsOnly?: boolean;
}

export function buildQuickFixes(request: QuickFixRequest): ActionPlan[] {
  const { message, filePath, text } = request;
  const ruleId = message.ruleId ?? '';
  const ruleName = ruleId.slice(RULE_PREFIX.length);
  const index = new LineIndex(text);
  const plans: ActionPlan[] = [];
  const seen = new Set<string>();
  const add = (plan: ActionPlan, resultText: string, show = true) => {
    // Two routes to the same result (the rule's suggestion and the transform) show up once.
    const key = resultText + '\0' + JSON.stringify(plan.creates) + JSON.stringify(plan.changes.filter((c) => c.path !== filePath));
    if (seen.has(key)) return;
    seen.add(key);
    if (show) plans.push(plan);
  };

  // 1. The rule's autofix (the edit fix-all applies on save: it cannot change behaviour), then its
  // suggestions: local edits the rule itself proposes for this exact report. With
  // `transformsOnly` another integration shows them; they still hide transforms that do the same.
  if (message.fix) {
    const { range, text: newText } = message.fix;
    const resultText = text.slice(0, range[0]) + newText + text.slice(range[1]);
    const plan = { title: autofixTitle(ruleId, newText), ruleId, isPreferred: false, changes: [{ path: filePath, edits: [{ range: index.rangeOf(...range), newText }] }], creates: [] };
    add(plan, resultText, !request.transformsOnly);
  }
  for (const suggestion of message.suggestions ?? []) {
    const resultText = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
    const plan = { title: suggestion.desc, ruleId, isPreferred: false, changes: [{ path: filePath, edits: [{ range: index.rangeOf(...suggestion.fix.range), newText: suggestion.fix.text }] }], creates: [] };
    add(plan, resultText, !request.transformsOnly);
  }

  // 2. The codemod transforms that address this rule, restricted to this finding.
  if (request.transforms) {
    const subject = request.subjectOf ?? ((span: { start: number; end: number }) => span);
    for (const fix of TRANSFORMS_FOR_RULE[ruleName] ?? []) {
      // The first transform decides what the fix rewrites (the loop for replace-retry-loop).
      const transform = fix[0];
      const target = subject(messageOffsets(message, index), transform);
      const outcome = request.transforms.run(fix, filePath, text, target);
      if (!outcome || outcome.text === text) continue;
      const plan: ActionPlan = {
        title: transformTitle(fix, outcome, request.defaultTimeoutMs),
        ruleId,
        isPreferred: false,
        changes: [{ path: filePath, edits: editsBetween(text, outcome.text) }],
        creates: [],
      };
      for (const extra of outcome.extraFiles) {
        if (extra.existed && extra.before !== undefined) {
          if (extra.before !== extra.text) plan.changes.push({ path: extra.path, edits: editsBetween(extra.before, extra.text) });
        } else {
          plan.creates.push({ path: extra.path, text: extra.text });
        }
      }
      add(plan, outcome.text);
    }
  }

  // The first real fix is the one Ctrl+. Enter (and "auto fix") picks.
  if (plans[0]) plans[0].isPreferred = true;

  // 3. Always possible: silence this rule on this line, with a directive the Linter honours.
  if (!request.transformsOnly) plans.push(disableForLine(ruleId, message, filePath, index));
  return plans;
}

/** "Fix this breakwater/<rule> problem", with the new code when it is short enough to read in a menu. */
function autofixTitle(ruleId: string, newText: string): string {
  const code = newText.trim();
  return code !== '' && !code.includes('\n') && code.length <= 60 ? `Fix this ${ruleId} problem: \`${code}\`` : `Fix this ${ruleId} problem`;
}

function transformTitle(fix: TransformFix, outcome: TransformOutcome, timeoutMs: number): string {
  const note = outcome.notes[0];
  const detail = note ? `: ${note}` : '';
  if (fix.length > 1 && fix[0] === 'replace-retry-loop' && fix.includes('wrap-policy')) {
    return `Replace the hand-rolled retry with the service's resilience policy (its retry, circuit breaker and bulkhead)${detail}`;
  }
  switch (fix[0]) {
    case 'add-timeout':
      return `Add a ${formatMs(timeoutMs)} timeout${detail}`;
    case 'wrap-policy':
      return `Wrap in the service's resilience policy${detail}`;
    case 'idempotency-key':
      return `Add an Idempotency-Key created once, before the retry${detail}`;
    case 'replace-retry-loop':
      return `Replace the hand-rolled retry with the runtime's retry (backoff, jitter, transient errors only)${detail}`;
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * `// eslint-disable-next-line breakwater/<rule>` above the report's first line, indented like it;
 * when that line already carries such a directive, the rule joins its list instead.
 */
export function disableForLine(ruleId: string, message: LintMessage, filePath: string, index: LineIndex): ActionPlan {
  const line = Math.max(0, message.line - 1);
  const lineText = index.lineText(line);
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  const title = `Disable ${ruleId} for this line`;
  const previous = line > 0 ? index.lineText(line - 1) : '';
  const directive = /^(\s*\/\/\s*eslint-disable-next-line\s+)([^\n]*?)(\s+--.*)?$/.exec(previous);
  if (directive && directive[2]!.trim() !== '') {
    const listEnd = directive[1]!.length + directive[2]!.length;
    const at = { line: line - 1, character: listEnd };
    return { title, ruleId, isPreferred: false, changes: [{ path: filePath, edits: [{ range: { start: at, end: at }, newText: `, ${ruleId}` }] }], creates: [] };
  }
  const at = { line, character: 0 };
  const newText = `${indent}// eslint-disable-next-line ${ruleId}${lineEnding(index.text)}`;
  return { title, ruleId, isPreferred: false, changes: [{ path: filePath, edits: [{ range: { start: at, end: at }, newText }] }], creates: [] };
}

function messageOffsets(message: LintMessage, index: LineIndex): { start: number; end: number } {
  const start = index.offsetAt({ line: message.line - 1, character: message.column - 1 });
  const end = message.endLine === undefined || message.endColumn === undefined ? start : index.offsetAt({ line: message.endLine - 1, character: message.endColumn - 1 });
  return { start, end: Math.max(start, end) };
}
