// Quick fixes for Breakwater diagnostics and `source.fixAll.breakwater`, turning the plain-data
// plans of ../code-actions.ts into CodeActions with WorkspaceEdits.
import * as vscode from 'vscode';
import { buildQuickFixes, fixAllEdits, type ActionPlan, type TransformRunner } from '../code-actions.js';
import { DIAGNOSTIC_SOURCE, diagnosticKey, toRange } from '../diagnostic-mapping.js';
import type { LintEngine, LintMessage } from '../lint-engine.js';
import type { DiagnosticsController } from './diagnostics-controller.js';
import { pathOf, uriOf } from './paths.js';
import type { SettingsStore } from './settings-store.js';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(DIAGNOSTIC_SOURCE);

export class BreakwaterCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly diagnostics: DiagnosticsController,
    private readonly engine: LintEngine,
    private readonly settings: SettingsStore,
    /** Prepares the transform runner for a document (reads the policy module first); undefined disables transform fixes. */
    private readonly transformsFor: (doc: vscode.TextDocument) => Promise<TransformRunner | undefined>,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    if (context.only && (context.only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(context.only))) {
      const fixAll = this.fixAll(doc);
      if (fixAll) actions.push(fixAll);
    }
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(context.only)) return actions;

    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return actions;
    const state = this.diagnostics.current(doc);
    if (state.skipped) return actions;
    const byKey = new Map(state.messages.map((m) => [diagnosticKey(m.ruleId ?? '', toRange(m, (line) => (line < doc.lineCount ? doc.lineAt(line).text.length : 0))), m] as const));
    const transforms = await this.transformsFor(doc);
    if (token.isCancellationRequested) return actions;
    const text = doc.getText();
    const settings = this.settings.get(doc.uri);
    for (const diagnostic of ours) {
      const ruleId = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
      // Exact match first; a diagnostic the editor moved while the user typed matches by rule and line.
      const message = byKey.get(diagnosticKey(ruleId, diagnostic.range)) ?? state.messages.find((m) => m.ruleId === ruleId && m.line - 1 === diagnostic.range.start.line);
      if (!message) continue;
      const plans = buildQuickFixes({
        filePath: pathOf(doc.uri),
        text,
        message,
        allMessages: state.messages,
        defaultTimeoutMs: settings.defaultTimeoutMs,
        ...(transforms ? { transforms } : {}),
      });
      for (const plan of plans) actions.push(toCodeAction(plan, doc.uri, diagnostic));
    }
    return actions;
  }

  /** The rules' autofixes only (never suggestions or transforms): safe to run on every save. */
  private fixAll(doc: vscode.TextDocument): vscode.CodeAction | undefined {
    const state = this.diagnostics.current(doc);
    if (state.skipped || !state.messages.some((m: LintMessage) => m.fix)) return undefined;
    const text = doc.getText();
    const edits = fixAllEdits(text, this.engine.fixAll(text, pathOf(doc.uri), this.settings.get(doc.uri)));
    if (edits.length === 0) return undefined;
    const action = new vscode.CodeAction('Fix all safe Breakwater problems', FIX_ALL_KIND);
    action.edit = new vscode.WorkspaceEdit();
    for (const edit of edits) action.edit.replace(doc.uri, toVsRange(edit.range), edit.newText);
    return action;
  }
}

function toVsRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toCodeAction(plan: ActionPlan, documentUri: vscode.Uri, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(plan.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = plan.isPreferred;
  const edit = new vscode.WorkspaceEdit();
  for (const created of plan.creates) {
    const uri = uriOf(created.path, documentUri);
    edit.createFile(uri, { ignoreIfExists: false, overwrite: false, contents: new TextEncoder().encode(created.text) }, { label: `Create ${vscode.workspace.asRelativePath(uri)}`, needsConfirmation: false });
  }
  for (const change of plan.changes) {
    const uri = uriOf(change.path, documentUri);
    for (const e of change.edits) edit.replace(uri, toVsRange(e.range), e.newText);
  }
  action.edit = edit;
  return action;
}
