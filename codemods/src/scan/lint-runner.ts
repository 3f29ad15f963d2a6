// Runs the plugin's rules on one file through ESLint's own `Linter`, in-process, so `breakwater
// scan` and `eslint` with the same preset report exactly the same findings. The same pass hands
// back the call-site analysis: a tiny extra rule asks `analyze()` for it, which the plugin memoises
// per AST, so each file is parsed and analysed once for both the inventory and the findings.
import path from 'node:path';
import { Linter, type Rule } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from 'eslint-plugin-breakwater';
import { analyze, type AnalyzableSource, type BreakwaterSettings, type FileAnalysis } from 'eslint-plugin-breakwater/analysis';
import { SOURCE_EXTENSIONS } from '../files/walk.js';

import type { Preset } from './presets.js';

export { PRESETS, type Preset } from './presets.js';

/** The namespace the plugin's rules carry in the config (`breakwater/require-timeout`). */
export const RULE_PREFIX = 'breakwater/';

interface RuleMeta {
  docs?: { url?: string; description?: string };
  type?: string;
}
type LoosePlugin = { rules: Record<string, { meta?: RuleMeta }>; configs?: Record<string, unknown> };
const loosePlugin = plugin as unknown as LoosePlugin;

export interface RuleInfo {
  /** `breakwater/require-timeout`. */
  id: string;
  name: string;
  description: string;
  helpUri: string | undefined;
  /** The severity the chosen preset gives it. */
  level: 'error' | 'warn' | 'off';
}

export interface LintFinding {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  /** 1-based line and column, as ESLint reports them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type LintOutcome =
  | { ok: true; analysis: FileAnalysis; findings: LintFinding[] }
  | { ok: false; kind: 'parse' | 'internal'; message: string; line: number; column: number };

type ConfigLayer = Linter.Config;

/** The preset's layers as the plugin ships them (`configs.recommended` is one object or an array). */
function presetLayers(preset: Preset): ConfigLayer[] {
  const shipped = loosePlugin.configs?.[preset];
  if (shipped === undefined) throw new Error(`eslint-plugin-breakwater has no configs.${preset}`);
  return (Array.isArray(shipped) ? shipped : [shipped]) as ConfigLayer[];
}

function severityOf(entry: unknown): 'error' | 'warn' | 'off' {
  const level = Array.isArray(entry) ? entry[0] : entry;
  if (level === 'error' || level === 2) return 'error';
  if (level === 'warn' || level === 1) return 'warn';
  return 'off';
}

/** Every rule of the plugin with its documentation and the level `preset` gives it. */
export function describeRules(preset: Preset): RuleInfo[] {
  const levels = new Map<string, 'error' | 'warn' | 'off'>();
  for (const layer of presetLayers(preset)) {
    for (const [id, entry] of Object.entries(layer.rules ?? {})) levels.set(id, severityOf(entry));
  }
  return Object.entries(loosePlugin.rules).map(([name, rule]) => ({
    id: RULE_PREFIX + name,
    name,
    description: rule.meta?.docs?.description ?? name,
    helpUri: rule.meta?.docs?.url,
    level: levels.get(RULE_PREFIX + name) ?? 'off',
  }));
}

/** What decides a scan's findings; the same in every worker. */
export interface LintSetup {
  preset: Preset;
  settings: BreakwaterSettings | undefined;
  /** require-timeout's `maxMs`; undefined keeps the preset's (the rule's default, 30000). */
  maxMs?: number | undefined;
}

/** The preset's rules with require-timeout's `maxMs` set, at the level the preset gives it. */
function maxMsLayer(preset: Preset, maxMs: number | undefined): ConfigLayer[] {
  if (maxMs === undefined) return [];
  const level = describeRules(preset).find((rule) => rule.name === 'require-timeout')?.level ?? 'off';
  return level === 'off' ? [] : [{ rules: { [`${RULE_PREFIX}require-timeout`]: [level, { maxMs }] } }];
}

export class LintRunner {
  /** Files outside a Linter's cwd are ignored by flat config, so the cwd is the filesystem root. */
  private readonly linters = new Map<string, Linter>();
  private readonly config: Linter.Config[];
  /** Set by the inventory rule during `verify` (which is synchronous). */
  private captured: FileAnalysis | undefined;

  constructor({ preset, settings, maxMs }: LintSetup) {
    const inventoryRule: Rule.RuleModule = {
      meta: { type: 'problem', schema: [], docs: { description: 'Hands the call-site analysis to breakwater scan.' } },
      create: (context) => {
        // Exactly the arguments the plugin's rules pass (eslint-plugin/src/util/analysis.ts), so
        // analyze()'s memo (per AST, settings object and file path) hands back the very analysis
        // the rules share: one per file, and file-based settings (`from: 'file'` clients and
        // wrappers, the policy module's values) resolve for the inventory as for the findings.
        const sourceCode = context.sourceCode as unknown as AnalyzableSource;
        const shared = (context.settings as { breakwater?: BreakwaterSettings } | undefined)?.breakwater;
        this.captured = analyze({ ast: sourceCode.ast, text: sourceCode.text, scopeManager: sourceCode.scopeManager, filePath: context.filename }, shared);
        return {};
      },
    };
    const presets = presetLayers(preset);
    const presetDeclaresPlugin = presets.some((layer) => layer.plugins?.['breakwater'] !== undefined);
    this.config = [
      // The walker decides which files to scan; ESLint's default ignores must not drop one the
      // user named (a file under node_modules given on the command line).
      { ignores: ['!**/node_modules/', '!.git/'] },
      {
        files: SOURCE_EXTENSIONS.map((ext) => `**/*${ext}`),
        languageOptions: { parser: tsParser as unknown as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
        // Directives for rules this config lacks are not our business.
        linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
        ...(presetDeclaresPlugin ? {} : { plugins: { breakwater: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] } }),
      },
      // typescript-estree takes JSX from the extension for .tsx/.jsx; plain .js files may hold JSX too.
      { files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.cjs', '**/*.cts'], languageOptions: { sourceType: 'commonjs' } },
      ...presets,
      ...maxMsLayer(preset, maxMs),
      {
        plugins: { 'breakwater-scan': { rules: { inventory: inventoryRule } } },
        rules: { 'breakwater-scan/inventory': 'error' },
        settings: { breakwater: settings ?? {} },
      },
    ];
  }

  private linterFor(filePath: string): Linter {
    const root = path.parse(filePath).root || path.sep;
    let linter = this.linters.get(root);
    if (!linter) {
      linter = new Linter({ cwd: root });
      this.linters.set(root, linter);
    }
    return linter;
  }

  /** Lints one file's text (`filePath` absolute). Never throws. */
  run(text: string, filePath: string): LintOutcome {
    this.captured = undefined;
    let messages: Linter.LintMessage[];
    try {
      messages = this.linterFor(filePath).verify(text, this.config, { filename: filePath });
    } catch (error) {
      // A rule crashed on this file: report it and go on with the others.
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, kind: 'internal', message: `internal error: ${message.split('\n')[0]}`, line: 1, column: 1 };
    }
    const fatal = messages.find((m) => m.fatal === true);
    if (fatal) {
      const message = fatal.message.replace(/^Parsing error:\s*/, '');
      // typescript-estree's error column is 0-based and ESLint passes it through; people, editors
      // and SARIF count columns from 1.
      return { ok: false, kind: 'parse', message, line: fatal.line, column: fatal.column + 1 };
    }
    const findings: LintFinding[] = [];
    for (const m of messages) {
      if (m.ruleId === null || !m.ruleId.startsWith(RULE_PREFIX)) continue;
      findings.push({
        ruleId: m.ruleId,
        severity: m.severity === 2 ? 'error' : 'warn',
        message: m.message,
        line: m.line,
        column: m.column,
        endLine: m.endLine ?? m.line,
        endColumn: m.endColumn ?? m.column,
      });
    }
    if (this.captured === undefined) {
      // No rule ran: ESLint found no configuration for this file. Say so rather than report nothing.
      const reason = messages.find((m) => m.ruleId === null)?.message ?? 'ESLint did not lint this file';
      return { ok: false, kind: 'internal', message: reason, line: 1, column: 1 };
    }
    return { ok: true, analysis: this.captured, findings };
  }
}
