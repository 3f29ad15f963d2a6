// What the fix worker does for each request: quick-fix plans (rule suggestions + codemod
// transforms), fix-all and inventory records, plus lint (its own, for the findings quick fixes
// name) — every request kind. The lint worker answers only init and lint (lint-core.ts), so
// diagnostics never wait behind a quick fix or a workspace scan. Plain functions of the request,
// so unit tests call them without a thread.
import { analyzeText, type FileAnalysis } from 'eslint-plugin-breakwater/analysis';
import { createFixSession, type FixOptions, type TransformName } from '@breakwater/codemods/transforms';
import { buildQuickFixes } from '../code-actions.js';
import { diagnosticKey, toRange } from '../diagnostic-mapping.js';
import { FixTransformRunner } from '../fix-transforms.js';
import { describeFile } from '../inventory.js';
import type { ExtensionSettings } from '../settings.js';
import { LineIndex } from '../text-edits.js';
import { createLinting } from './lint-core.js';
import type { RequestKind, Requests } from './protocol.js';

export type Handlers = { [K in RequestKind]: (payload: Requests[K]['request']) => Requests[K]['response'] };

export function createWorkerCore(log: (message: string) => void = () => {}): Handlers {
  const { engine, settingsOf, lintFile, handlers } = createLinting();

  // The transform runner keeps its whole-file results across requests (the editor asks for code
  // actions on every cursor move); each request says which options and extra-file texts apply.
  let request: { fixOptions: Omit<FixOptions, 'transforms'>; files: Record<string, string | null> } = {
    fixOptions: { timeoutMs: 5000, runtime: 'package', policyModulePath: '', vendorPath: '' },
    files: {},
  };
  const transforms = new FixTransformRunner(createFixSession, {
    optionsFor: () => request.fixOptions,
    readFile: (path) => request.files[path] ?? undefined,
    log,
    stateKey: () => JSON.stringify(request.files),
  });

  return {
    ...handlers,

    quickFixes({ filePath, text, settings: raw, targets, fixOptions, files, fromWorkspaceEslint }) {
      const configured = settingsOf(raw).settings;
      // The workspace's ESLint decides severities there; every rule on finds whatever it reports.
      const settings = fromWorkspaceEslint ? { ...configured, rules: Object.fromEntries(Object.keys(configured.rules).map((r) => [r, 'warn' as const])) } : configured;
      const { messages } = lintFile(filePath, text, settings);
      const index = new LineIndex(text);
      const byKey = new Map(messages.map((m) => [diagnosticKey(m.ruleId ?? '', toRange(m, (line) => index.lineText(line).length)), m] as const));
      // The timeouts the transforms write and lower follow the same validated settings as the lint:
      // a call whose timeout require-timeout reports as above `maxMs` is one add-timeout fixes.
      const { policyModulePath, vendorPath } = fixOptions;
      request = {
        fixOptions: { timeoutMs: settings.defaultTimeoutMs, maxMs: settings.maxMs, runtime: settings.runtime, policyModulePath, vendorPath, settings: settings.declared },
        files: { ...files, [filePath]: text },
      };
      const subjectOf = subjectsOf(engine.analysisOf(text, filePath, settings) ?? analyzeText(text, filePath, settings.declared).analysis);
      return {
        plans: targets.map((key) => {
          const message = byKey.get(key);
          return message
            ? buildQuickFixes({ filePath, text, message, defaultTimeoutMs: settings.defaultTimeoutMs, transforms, subjectOf, transformsOnly: fromWorkspaceEslint === true })
            : [];
        }),
      };
    },

    fixAll({ filePath, text, settings: raw }) {
      return { text: engine.fixAll(text, filePath, settingsOf(raw).settings) };
    },

    inventory({ files, settings: raw }) {
      const declared: ExtensionSettings['declared'] = settingsOf(raw).settings.declared;
      const calls = [];
      const errors = [];
      for (const file of files) {
        const { analysis, parseError } = analyzeText(file.text, file.filePath, declared);
        if (parseError) errors.push({ relativePath: file.relativePath, message: `${file.relativePath}:${parseError.line}:${parseError.column} does not parse: ${parseError.message}` });
        calls.push(...describeFile(analysis, file.filePath, file.relativePath));
      }
      return { calls, errors };
    },
  };
}

type Span = { start: number; end: number };

/**
 * Maps a reported range to the code a transform rewrites for it: the retry construct around it for
 * replace-retry-loop; otherwise the smallest analysed outbound call containing it, else the
 * smallest fan-out or retry (a report may underline only `fetch`, or the whole loop).
 */
function subjectsOf(analysis: FileAnalysis): (span: Span, transform: TransformName) => Span {
  const toSpan = (r: readonly [number, number]): Span => ({ start: r[0], end: r[1] });
  const calls = analysis.calls.map((c) => toSpan(c.range));
  const retries = analysis.retries.map((r) => toSpan(r.node.range));
  const fanOuts = analysis.fanOuts.map((f) => toSpan(f.node.range));
  const smallest = (candidates: Span[], span: Span) =>
    candidates.filter((c) => c.start <= span.start && c.end >= span.end).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  return (span, transform) =>
    transform === 'replace-retry-loop'
      ? (smallest(retries, span) ?? span)
      : (smallest(calls, span) ?? smallest([...fanOuts, ...retries], span) ?? span);
}
