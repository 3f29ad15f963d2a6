// The lint worker's requests (init, lint): the plugin's rules through the in-process Linter, mapped
// to diagnostic data. No codemods, no ts-morph: the worker that serves diagnostics loads only what
// they need (fix-core.ts adds the rest in the other worker). Plain functions of the request, so
// unit tests call them without a thread.
import { RULE_PREFIX } from '../constants.js';
import { toDiagnosticData } from '../diagnostic-mapping.js';
import { LintEngine, recommendedSeverities, ruleDocsUrl, type LintOptions, type LintResult } from '../lint-engine.js';
import { readSettings, type ExtensionSettings } from '../settings.js';
import { StatementIncrementalLint, type IncrementalOptions } from '../statement-incremental.js';
import { LineIndex } from '../text-edits.js';
import type { RawSettings, Requests } from './protocol.js';

export interface Linting {
  engine: LintEngine;
  /** The lint worker's statement-level incremental lint (statement-incremental.ts); none with suggestions. */
  incremental: StatementIncrementalLint | undefined;
  settingsOf: (raw: RawSettings) => ReturnType<typeof readSettings>;
  /** The file's findings for this text and settings: linted now, or the last lint's if it was of the same. */
  lintFile: (filePath: string, text: string, settings: ExtensionSettings) => LintResult;
  handlers: {
    init: (payload: Requests['init']['request']) => Requests['init']['response'];
    lint: (payload: Requests['lint']['request']) => Requests['lint']['response'];
  };
}

/** The lint worker lints without suggestions (diagnostics carry none; lint-engine.ts); quick fixes need them. */
export function createLinting(options: LintOptions = { suggestions: true }, incrementalOptions: Partial<IncrementalOptions> | false = {}): Linting {
  const ruleDefaults = recommendedSeverities();
  const engine = new LintEngine(options);
  // Quick fixes need the rules' suggestions and the whole file's analysis: only diagnostics lint incrementally.
  const incremental = options.suggestions || incrementalOptions === false ? undefined : new StatementIncrementalLint(engine, incrementalOptions);
  const settingsOf = (raw: RawSettings) => readSettings((key) => raw[key], ruleDefaults);

  // The last lint of each file, by text and settings: a request for a text already linted (a
  // re-lint when the ESLint configs change, the quick fixes that follow a lint) is answered from
  // it, so no text is linted twice; quick-fix requests name findings by key and reuse its messages.
  const lastLint = new Map<string, { text: string; settingsKey: string; result: LintResult }>();
  const lintFile = (filePath: string, text: string, settings: ExtensionSettings): LintResult => {
    const settingsKey = JSON.stringify(settings);
    const cached = lastLint.get(filePath);
    if (cached && cached.text === text && cached.settingsKey === settingsKey) return cached.result;
    const result = incremental ? incremental.lint(filePath, text, settings, settingsKey) : engine.lint(text, filePath, settings);
    lastLint.delete(filePath);
    if (lastLint.size >= 32) lastLint.delete(lastLint.keys().next().value!);
    lastLint.set(filePath, { text, settingsKey, result });
    return result;
  };

  return {
    engine,
    incremental,
    settingsOf,
    lintFile,
    handlers: {
      init: () => ({ ruleDefaults }),

      lint({ filePath, text, settings: raw }) {
        const started = performance.now();
        const { settings, problems } = settingsOf(raw);
        const lintsBefore = incremental?.lints ?? 0;
        const result = lintFile(filePath, text, settings);
        // Not answered from the last lint: say how it was linted.
        const linted = incremental !== undefined && incremental.lints > lintsBefore;
        const index = new LineIndex(text);
        const diagnostics = result.messages.map((m) => toDiagnosticData(m, docsOf(m.ruleId), (line) => index.lineText(line).length));
        const fixable = result.messages.filter((m) => m.fix).length;
        return { diagnostics, fixable, ...(result.parseError ? { parseError: result.parseError } : {}), problems, ms: performance.now() - started, ...(linted ? { path: incremental.lastPath } : {}) };
      },
    },
  };
}

function docsOf(ruleId: string | null): string | undefined {
  return ruleId?.startsWith(RULE_PREFIX) ? ruleDocsUrl(ruleId.slice(RULE_PREFIX.length)) : undefined;
}
