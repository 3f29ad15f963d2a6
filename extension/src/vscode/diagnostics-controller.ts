// Lints open JS/TS documents of the workspace with the in-process LintEngine and publishes the
// findings as diagnostics: on open, as the user types (debounced), when settings or the workspace's
// ESLint configs change. Library files (node_modules, anything outside the workspace folders, such
// as lib.dom.d.ts) are never linted.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, toDiagnosticData, type DiagnosticData } from '../diagnostic-mapping.js';
import { LINTABLE_EXTENSIONS, type LintEngine, type LintMessage } from '../lint-engine.js';
import type { ExtensionSettings } from '../settings.js';
import type { EslintCoverage } from './eslint-coverage.js';
import { pathOf } from './paths.js';
import type { SettingsStore } from './settings-store.js';

export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;
const TYPING_DELAY_MS = 250;

/** Why a document has no Breakwater diagnostics, when it has none by choice. */
export type SkipReason = 'not-lintable' | 'mode-off' | 'workspace-eslint';

export interface DocumentState {
  version: number;
  messages: LintMessage[];
  parseError?: string;
  skipped?: SkipReason;
  /** The eslint.config.* that reports our rules for this file (mode auto). */
  eslintConfig?: string;
  /** Wall time of the last lint + mapping, for the README's numbers. */
  lastLintMs?: number;
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly states = new Map<string, DocumentState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were republished. */
  readonly onDidLint = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly engine: LintEngine,
    private readonly settings: SettingsStore,
    private readonly coverage: EslintCoverage,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((doc) => this.lint(doc)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.lintAll()),
      settings.onDidChange(() => this.lintAll()),
      coverage.onDidChange(() => this.lintAll()),
    );
  }

  lintAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.lint(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) this.lint(doc);
      }, TYPING_DELAY_MS),
    );
  }

  /** Lints now and republishes; returns the state (also for documents it skips). */
  lint(doc: vscode.TextDocument): DocumentState {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const state = this.compute(doc, this.settings.get(doc.uri));
    this.states.set(key, state);
    if (state.skipped) this.collection.delete(doc.uri);
    else this.collection.set(doc.uri, state.messages.map((m) => toDiagnostic(toDiagnosticData(m, (line) => (line < doc.lineCount ? doc.lineAt(line).text.length : 0)))));
    this.changed.fire(doc.uri);
    return state;
  }

  /** The findings behind the document's current text (re-linted if it changed since). */
  current(doc: vscode.TextDocument): DocumentState {
    const state = this.states.get(doc.uri.toString());
    return state && state.version === doc.version ? state : this.lint(doc);
  }

  peek(uri: vscode.Uri): DocumentState | undefined {
    return this.states.get(uri.toString());
  }

  private compute(doc: vscode.TextDocument, settings: ExtensionSettings): DocumentState {
    const version = doc.version;
    if (!isWorkspaceSource(doc)) return { version, messages: [], skipped: 'not-lintable' };
    if (settings.mode === 'off') return { version, messages: [], skipped: 'mode-off' };
    if (settings.mode === 'auto') {
      const coverage = this.coverage.coverage(doc.uri);
      if (coverage.covered) return { version, messages: [], skipped: 'workspace-eslint', ...(coverage.config ? { eslintConfig: coverage.config } : {}) };
    }
    const started = performance.now();
    try {
      const result = this.engine.lint(doc.getText(), pathOf(doc.uri), settings);
      return { version, messages: result.messages, ...(result.parseError ? { parseError: result.parseError } : {}), lastLintMs: performance.now() - started };
    } catch (error) {
      // A crashing rule must not take the other diagnostics (or the extension) down with it.
      this.output.appendLine(`[lint] ${doc.uri.toString()}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { version, messages: [], parseError: String(error) };
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.delete(key);
    this.collection.delete(uri);
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** A JS/TS source file inside a workspace folder, outside node_modules, not a declaration file. */
export function isWorkspaceSource(doc: vscode.TextDocument): boolean {
  if (!(LANGUAGES as readonly string[]).includes(doc.languageId)) return false;
  if (!vscode.workspace.getWorkspaceFolder(doc.uri)) return false;
  const filePath = doc.uri.path;
  if (/\/node_modules\//.test(filePath) || /\.d\.[cm]?ts$/.test(filePath)) return false;
  return LINTABLE_EXTENSIONS.some((ext) => filePath.endsWith(ext));
}

export function toDiagnostic(data: DiagnosticData): vscode.Diagnostic {
  const range = new vscode.Range(data.range.start.line, data.range.start.character, data.range.end.line, data.range.end.character);
  const diagnostic = new vscode.Diagnostic(range, data.message, data.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = data.source;
  diagnostic.code = data.code.target ? { value: data.code.value, target: vscode.Uri.parse(data.code.target) } : data.code.value;
  return diagnostic;
}
