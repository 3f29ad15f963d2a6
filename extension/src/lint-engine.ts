// Runs the plugin's rules in-process: one ESLint `Linter` (reused), a flat config holding the
// plugin, the parser and the configured severities. Never executes workspace code: the only
// inputs are the document's text, its path and the extension's settings.
import path from 'node:path';
import { Linter } from 'eslint/universal';
import * as tsParser from '@typescript-eslint/parser';
import plugin from 'eslint-plugin-breakwater';
import { analyze, type BreakwaterSettings, type FileAnalysis } from 'eslint-plugin-breakwater/analysis';
import { LINTABLE_EXTENSIONS, RULE_PREFIX } from './constants.js';
import { IncrementalParser, type SourceFileOptions } from './incremental-parse.js';
import { ListenerWatch, ProgramOnlySourceCode, watchingRules } from './program-only-traversal.js';
import { CommentlessSourceCode, mayHoldDirectives, parseWithoutTokens, TokenlessSourceCode, TokensOmitted, withoutSuggestions } from './tokenless.js';
import type { ExtensionSettings, Severity } from './settings.js';

export type LintMessage = Linter.LintMessage;

interface RuleMeta {
  docs?: { url?: string };
  fixable?: string;
  schema?: unknown;
}
type PluginRules = Record<string, { meta?: RuleMeta }>;
const pluginRules = plugin.rules as unknown as PluginRules;

/** The rule names the plugin ships (without the prefix). */
export const RULE_NAMES: readonly string[] = Object.keys(pluginRules);

/** The documentation page of a rule, from the rule's own meta (the plugin's `docsUrl`). */
export function ruleDocsUrl(ruleName: string): string | undefined {
  return pluginRules[ruleName]?.meta?.docs?.url;
}

/**
 * Each rule's default severity: the plugin's `configs.recommended`, so the editor shows what
 * `eslint` with the recommended preset shows. Rules the preset leaves out are off.
 */
export function recommendedSeverities(): Record<string, Severity> {
  const configs = (plugin as { configs?: Record<string, unknown> }).configs;
  const recommended = configs?.recommended;
  const layers = (Array.isArray(recommended) ? recommended : [recommended]) as Array<{ rules?: Record<string, unknown> } | undefined>;
  const severities: Record<string, Severity> = {};
  for (const name of RULE_NAMES) severities[name] = recommended === undefined ? 'warn' : 'off';
  for (const layer of layers) {
    for (const [id, entry] of Object.entries(layer?.rules ?? {})) {
      const name = id.startsWith(RULE_PREFIX) ? id.slice(RULE_PREFIX.length) : id;
      if (!(name in severities)) continue;
      const level = Array.isArray(entry) ? entry[0] : entry;
      severities[name] = level === 'error' || level === 2 ? 'error' : level === 'warn' || level === 1 ? 'warn' : 'off';
    }
  }
  return severities;
}

/** Whether a rule's first option object declares `property` (so passing it cannot fail validation). */
function ruleAccepts(ruleName: string, property: string): boolean {
  const schema = pluginRules[ruleName]?.meta?.schema;
  const first = (Array.isArray(schema) ? schema[0] : undefined) as { properties?: Record<string, unknown> } | undefined;
  return first?.properties !== undefined && property in first.properties;
}

/** The rule options the extension's settings map to. */
function ruleEntry(name: string, severity: Severity, settings: ExtensionSettings): Linter.RuleEntry {
  const options: Record<string, unknown> = {};
  if (ruleAccepts(name, 'maxMs')) options.maxMs = settings.maxMs;
  // The timeout the rule's suggestion inserts follows `breakwater.defaultTimeoutMs`.
  if (ruleAccepts(name, 'suggestMs')) options.suggestMs = settings.defaultTimeoutMs;
  return Object.keys(options).length > 0 ? [severity, options] : severity;
}

const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];
const JS_FILES = JS_EXTENSIONS.map((ext) => `**/*${ext}`);

/**
 * The parser options for every file: no rule here reads JSDoc, and TypeScript parses files faster
 * without it; no rule reads typescript-estree's node maps (ESTree ⇄ TypeScript nodes, for typed
 * rules) either, and building them costs a tenth of a lint.
 */
const PARSER_OPTIONS = { jsDocParsingMode: 'none', preserveNodeMaps: false } as const;
/** typescript-estree takes JSX from the extension for .tsx/.jsx; plain .js files may hold JSX too. */
const JS_PARSER_OPTIONS = { ...PARSER_OPTIONS, ecmaFeatures: { jsx: true } } as const;

function parserOptionsFor(filePath: string): typeof PARSER_OPTIONS | typeof JS_PARSER_OPTIONS {
  return JS_EXTENSIONS.some((ext) => filePath.endsWith(ext)) ? JS_PARSER_OPTIONS : PARSER_OPTIONS;
}

/**
 * How the diagnostics lint has TypeScript parse `filePath` (what parseWithoutTokens hands the
 * IncrementalParser): statement-incremental.ts parses with exactly these, so the parses are shared.
 */
export function sourceFileOptionsFor(filePath: string): SourceFileOptions {
  const options = parserOptionsFor(filePath);
  return { filePath, jsx: 'ecmaFeatures' in options && options.ecmaFeatures.jsx, jsDocParsingMode: options.jsDocParsingMode, sourceType: 'module' };
}

/** Whether the rules of the lint in progress listen to Program only (see program-only-traversal.ts). */
const listeners = new ListenerWatch();
const lintPlugin = watchingRules(plugin as { rules?: Record<string, unknown> }, listeners);
/** The same rules reporting no suggestions (see tokenless.ts). */
const diagnosticsPlugin = watchingRules(withoutSuggestions(plugin as { rules?: Record<string, unknown> }), listeners);

export interface LintOptions {
  /**
   * Whether the messages carry the rules' suggestions (quick fixes need them). Without, the file
   * is parsed without tokens, a fifth less work (tokenless.ts): what diagnostics need.
   */
  suggestions: boolean;
}

export function buildFlatConfig(settings: ExtensionSettings, { suggestions }: LintOptions = { suggestions: true }): Linter.Config[] {
  const rules: Linter.RulesRecord = {};
  for (const name of RULE_NAMES) rules[RULE_PREFIX + name] = ruleEntry(name, settings.rules[name] ?? 'off', settings);
  return [
    {
      files: LINTABLE_EXTENSIONS.map((ext) => `**/*${ext}`),
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: PARSER_OPTIONS,
      },
      // Other tools' directives (`/* eslint-disable foo */` for rules this config lacks) are not our
      // business: never report them, and never "fix" them away in fix-all.
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      plugins: { breakwater: (suggestions ? lintPlugin : diagnosticsPlugin) as unknown as NonNullable<Linter.Config['plugins']>[string] },
      settings: { breakwater: settings.declared },
      rules,
    },
    { files: JS_FILES, languageOptions: { parserOptions: JS_PARSER_OPTIONS } },
  ];
}

/**
 * Only the plugin's rules run. An inline config in the file (`/* eslint no-console: "error" *\/`)
 * may turn on ESLint's own rules; their findings are not ours to show, and running them would cost
 * time (and, for those that read tokens, the tokens the diagnostics lint does not parse).
 */
const onlyOurs = ({ ruleId }: { ruleId: string }) => ruleId.startsWith(RULE_PREFIX);
/** Linter options with `ruleFilter`, which Linter#verify honours (ESLint's own ESLint class passes it) but its types omit. */
const lintOptions = <T extends object>(options: T): T => ({ ...options, ruleFilter: onlyOurs });

export interface LintResult {
  /** The plugin's findings (other messages, such as unknown rules in inline configs, are dropped). */
  messages: LintMessage[];
  /** Set when the file does not parse; the editor's own language service reports the syntax error. */
  parseError?: string;
}

export class LintEngine {
  /** One Linter per file-system root (one on POSIX; one per drive on Windows): files outside the
   * Linter's cwd would be ignored by the flat config. */
  private readonly linters = new Map<string, Linter>();
  /** Flat configs by settings (as JSON: settings arrive as fresh copies from the extension host). */
  private readonly configs = new Map<string, Linter.Config[]>();
  /** The file last linted, parsed: quick fixes that follow analyse it without parsing it again. */
  private last: { filePath: string; text: string; config: Linter.Config[]; sourceCode: ProgramOnlySourceCode } | undefined;
  /** Lints without suggestions that had to parse the tokens after all (a rule asked for one). */
  tokenRelints = 0;
  /** The diagnostics lint's TypeScript parses, incremental from one version of a file to the next. */
  readonly parses = new IncrementalParser();

  constructor(private readonly options: LintOptions = { suggestions: true }) {}

  private linterFor(filePath: string): Linter {
    const root = path.parse(filePath).root || path.sep;
    let linter = this.linters.get(root);
    if (!linter) {
      linter = new Linter({ cwd: root });
      this.linters.set(root, linter);
    }
    return linter;
  }

  private configFor(settings: ExtensionSettings): Linter.Config[] {
    const key = JSON.stringify(settings);
    let config = this.configs.get(key);
    if (!config) {
      if (this.configs.size > 16) this.configs.clear();
      config = buildFlatConfig(settings, this.options);
      this.configs.set(key, config);
    }
    return config;
  }

  lint(text: string, filePath: string, settings: ExtensionSettings): LintResult {
    if (this.options.suggestions) return this.lintParsed(text, filePath, settings, true);
    try {
      return this.lintParsed(text, filePath, settings, false);
    } catch (error) {
      if (!(error instanceof TokensOmitted)) throw error;
      this.tokenRelints++;
      return this.lintParsed(text, filePath, settings, true);
    }
  }

  private lintParsed(text: string, filePath: string, settings: ExtensionSettings, tokens: boolean): LintResult {
    const parsed = parseLikeEslint(text, filePath, tokens ? undefined : this.parses);
    if (parsed && 'fatal' in parsed) return { messages: [], parseError: parsed.fatal.message };
    listeners.programOnly = true;
    const config = this.configFor(settings);
    const all = this.linterFor(filePath).verify(parsed?.sourceCode ?? text, config, lintOptions({ filename: filePath }));
    // Kept for the quick fixes that follow, which only a lint with suggestions serves.
    this.last = parsed && this.options.suggestions ? { filePath, text, config, sourceCode: parsed.sourceCode } : undefined;
    const fatal = all.find((m) => m.fatal);
    const messages = all.filter((m) => m.ruleId?.startsWith(RULE_PREFIX) === true);
    return fatal ? { messages, parseError: fatal.message } : { messages };
  }

  /**
   * The plugin's analysis of `text` as the last lint parsed it, when that lint was of this file,
   * text and settings (else undefined). With the settings object the rules got, it is the rules'
   * own analysis, memoised per AST.
   */
  analysisOf(text: string, filePath: string, settings: ExtensionSettings): FileAnalysis | undefined {
    const last = this.last;
    if (!last || last.filePath !== filePath || last.text !== text || last.config !== this.configFor(settings)) return undefined;
    const { ast, scopeManager, text: body } = last.sourceCode;
    // A BOM is not part of ESLint's text: offsets would be off by one.
    if (body !== text) return undefined;
    const declared = (last.config[0]?.settings as { breakwater?: BreakwaterSettings } | undefined)?.breakwater;
    return analyze({ ast: ast as never, text: body, scopeManager: scopeManager as never, filePath }, declared);
  }

  /**
   * Applies exactly the rules' autofixes (the `fix` property, which the plugin only offers where
   * behaviour cannot change), never their suggestions. Returns the new text, or null when nothing
   * changes.
   */
  fixAll(text: string, filePath: string, settings: ExtensionSettings): string | null {
    // Only the plugin's rules run (not ESLint's own rules an inline `/* eslint semi: "error" */`
    // turns on) and no unused directives are reported, so every `fix` applied here is one of ours.
    const result = this.linterFor(filePath).verifyAndFix(text, this.configFor(settings), lintOptions({ filename: filePath, fix: true }));
    return result.fixed && result.output !== text ? result.output : null;
  }
}

const SHEBANG = /^#!([^\r\n]+)/u;

/**
 * ESLint's own parse of a file our config matches (eslint/lib/languages/js: BOM and shebang
 * handling, the options it passes the parser, the "Parsing error" message), into a SourceCode whose
 * traversal is reduced to what the rules listen to. Null for a file the config does not match
 * (ESLint answers for those itself).
 */
function parseLikeEslint(
  text: string,
  filePath: string,
  /** Given: parse without tokens (tokenless.ts), incrementally. */
  withoutTokens: IncrementalParser | undefined,
): { sourceCode: ProgramOnlySourceCode } | { fatal: LintMessage } | null {
  const tokens = withoutTokens === undefined;
  if (!LINTABLE_EXTENSIONS.some((ext) => filePath.endsWith(ext))) return null;
  const hasBOM = text.charCodeAt(0) === 0xfeff;
  const body = hasBOM ? text.slice(1) : text;
  const parserOptions = {
    ecmaVersion: 'latest',
    sourceType: 'module',
    ...parserOptionsFor(filePath),
    loc: true,
    range: true,
    tokens: true,
    comment: true,
    eslintVisitorKeys: true,
    eslintScopeManager: true,
    filePath,
  };
  const code = body.replace(SHEBANG, (_, captured: string) => `//${captured}`);
  const comments = tokens || mayHoldDirectives(code);
  let parsed: ReturnType<typeof tsParser.parseForESLint> | ReturnType<typeof parseWithoutTokens>;
  try {
    parsed = tokens ? tsParser.parseForESLint(code, parserOptions as tsParser.ParserOptions) : parseWithoutTokens(code, parserOptions, { comments, incremental: withoutTokens });
  } catch (error) {
    const e = error as { message: string; lineNumber?: number; column?: number };
    const message = e.message.replace(/^line \d+:/iu, '').trim();
    return { fatal: { ruleId: null, fatal: true, severity: 2, message: `Parsing error: ${message}`, line: e.lineNumber!, column: e.column! } };
  }
  const { ast, services, visitorKeys, scopeManager } = parsed;
  const config = { text: body, ast, hasBOM, parserServices: services, scopeManager, visitorKeys } as unknown as ConstructorParameters<typeof ProgramOnlySourceCode>[0];
  const SourceCodeClass = tokens ? ProgramOnlySourceCode : comments ? TokenlessSourceCode : CommentlessSourceCode;
  return { sourceCode: new SourceCodeClass(config, listeners) };
}
