// Lints open JS/TS documents of the workspace in the lint worker and publishes the findings as
// diagnostics: on open, as the user types (debounced), when settings or the workspace's ESLint
// configs change. Library files (node_modules, anything outside the workspace folders, such as
// lib.dom.d.ts) are never linted. When, and how often: ../lint-scheduler.ts (one lint per document
// at a time, never two of one version; edits made meanwhile are linted right after, and stale
// answers are dropped).
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, LINTABLE_EXTENSIONS } from '../constants.js';
import type { DiagnosticData } from '../diagnostic-mapping.js';
import { LintScheduler } from '../lint-scheduler.js';
import type { LintWorkerClient } from '../worker-client.js';
import type { EslintCoverage } from './eslint-coverage.js';
import { pathOf } from './paths.js';
import type { SettingsStore } from './settings-store.js';

export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;
const TYPING_DELAY_MS = 200;

/** Why a document has no Breakwater diagnostics, when it has none by choice. */
export type SkipReason = 'not-lintable' | 'mode-off' | 'workspace-eslint';

export interface DocumentState {
  version: number;
  diagnostics: DiagnosticData[];
  /** How many findings have an autofix (what `source.fixAll.breakwater` would apply). */
  fixable: number;
  parseError?: string;
  skipped?: SkipReason;
  /** The eslint.config.* that reports our rules for this file (mode auto). */
  eslintConfig?: string;
  /** Time spent in the worker on lint + mapping, and the whole round trip as the host saw it. */
  workerMs?: number;
  roundTripMs?: number;
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly states = new Map<string, DocumentState>();
  private readonly scheduler = new LintScheduler<vscode.TextDocument, DocumentState>(
    { key: (doc) => doc.uri.toString(), run: (doc) => this.compute(doc), publish: (doc, state) => this.publish(doc, state) },
    TYPING_DELAY_MS,
  );
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were republished. */
  readonly onDidLint = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly worker: LintWorkerClient,
    private readonly settings: SettingsStore,
    private readonly coverage: EslintCoverage,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((doc) => void this.lint(doc)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.scheduler.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.lintAll()),
      settings.onDidChange(() => this.lintAll()),
      coverage.onDidChange(() => this.lintAll()),
    );
  }

  lintAll(): void {
    for (const doc of vscode.workspace.textDocuments) void this.lint(doc);
  }

  /** Lints the document's current text now (or right after the lint in flight) and republishes. */
  lint(doc: vscode.TextDocument): Promise<DocumentState> {
    return this.scheduler.lint(doc);
  }

  /** The findings behind the document's current text (linted now if it changed since). */
  async current(doc: vscode.TextDocument): Promise<DocumentState> {
    const state = this.states.get(doc.uri.toString());
    return state && state.version === doc.version ? state : this.lint(doc);
  }

  peek(uri: vscode.Uri): DocumentState | undefined {
    return this.states.get(uri.toString());
  }

  /** Publishes a result the scheduler found current (of the document's version). */
  private publish(doc: vscode.TextDocument, state: DocumentState): void {
    this.states.set(doc.uri.toString(), state);
    if (state.skipped) this.collection.delete(doc.uri);
    else this.collection.set(doc.uri, state.diagnostics.map(toDiagnostic));
    this.changed.fire(doc.uri);
  }

  private async compute(doc: vscode.TextDocument): Promise<DocumentState> {
    const version = doc.version;
    const none = { version, diagnostics: [], fixable: 0 };
    if (!isWorkspaceSource(doc)) return { ...none, skipped: 'not-lintable' };
    const { raw, local } = this.settings.get(doc.uri);
    if (local.mode === 'off') return { ...none, skipped: 'mode-off' };
    if (local.mode === 'auto') {
      await this.coverage.ready;
      const coverage = this.coverage.coverage(doc.uri);
      if (coverage.covered) return { ...none, skipped: 'workspace-eslint', ...(coverage.config ? { eslintConfig: coverage.config } : {}) };
    }
    const started = performance.now();
    try {
      const result = await this.worker.request('lint', { filePath: pathOf(doc.uri), text: doc.getText(), settings: raw });
      this.settings.report(result.problems);
      // Something to fix: the worker that builds quick fixes loads now, before the first Ctrl+.
      if (result.diagnostics.length > 0) this.worker.prestart('quickFixes');
      return {
        version,
        diagnostics: result.diagnostics,
        fixable: result.fixable,
        ...(result.parseError ? { parseError: result.parseError } : {}),
        workerMs: result.ms,
        roundTripMs: performance.now() - started,
      };
    } catch (error) {
      // A crashing rule (or worker) must not take the extension down: log it, show nothing for now.
      this.output.appendLine(`[lint] ${doc.uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      return { ...none, parseError: String(error) };
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.scheduler.forget(key);
    this.states.delete(key);
    this.collection.delete(uri);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.scheduler.dispose();
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
