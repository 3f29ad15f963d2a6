// Quick fixes for Breakwater diagnostics and `source.fixAll.breakwater`. The lint worker builds
// the plans (../code-actions.ts); this turns them into CodeActions with WorkspaceEdits.
import * as vscode from 'vscode';
import type { ActionPlan } from '../code-actions.js';
import { DIAGNOSTIC_SOURCE, RULE_PREFIX } from '../constants.js';
import { diagnosticKey } from '../diagnostic-mapping.js';
import { editsBetween } from '../text-edits.js';
import type { LintWorkerClient } from '../worker-client.js';
import type { DiagnosticsController } from './diagnostics-controller.js';
import { pathOf, uriOf } from './paths.js';
import type { SettingsStore } from './settings-store.js';
import type { TransformSupport } from './transform-support.js';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(DIAGNOSTIC_SOURCE);

export class BreakwaterCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly diagnostics: DiagnosticsController,
    private readonly worker: LintWorkerClient,
    private readonly settings: SettingsStore,
    private readonly transforms: TransformSupport,
    private readonly output: vscode.OutputChannel,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    try {
      const actions: vscode.CodeAction[] = [];
      if (context.only && (context.only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(context.only))) {
        const fixAll = await this.fixAll(doc);
        if (fixAll) actions.push(fixAll);
      }
      const wantsQuickFixes = !context.only || context.only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(context.only);
      if (!wantsQuickFixes) return actions;
      const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (ours.length > 0) return actions.concat(await this.quickFixes(doc, ours, token));
      // Auto mode stood aside for the workspace's ESLint: its Breakwater findings still get the
      // codemod quick fixes (wrap in policy, replace the loop, …), which ESLint cannot offer.
      const fromEslint = context.diagnostics.filter((d) => d.source === 'eslint' && ruleIdOf(d).startsWith(RULE_PREFIX));
      if (fromEslint.length > 0) return actions.concat(await this.transformsForEslint(doc, fromEslint, token));
      return actions;
    } catch (error) {
      this.output.appendLine(`[code actions] ${doc.uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  private async quickFixes(doc: vscode.TextDocument, diagnostics: vscode.Diagnostic[], token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const version = doc.version;
    const state = await this.diagnostics.current(doc);
    if (state.skipped || token.isCancellationRequested) return [];
    const published = new Set(state.diagnostics.map((d) => diagnosticKey(d.code.value, d.range)));
    const pairs = diagnostics.flatMap((diagnostic) => {
      const ruleId = ruleIdOf(diagnostic);
      const key = diagnosticKey(ruleId, diagnostic.range);
      // A diagnostic the editor moved while the user typed matches its finding by rule and line.
      const moved = published.has(key) ? undefined : state.diagnostics.find((d) => d.code.value === ruleId && d.range.start.line === diagnostic.range.start.line);
      if (!published.has(key) && !moved) return [];
      return [{ diagnostic, key: moved ? diagnosticKey(moved.code.value, moved.range) : key }];
    });
    if (pairs.length === 0) return [];
    return this.actionsFor(doc, version, pairs, token, false);
  }

  private async transformsForEslint(doc: vscode.TextDocument, diagnostics: vscode.Diagnostic[], token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const version = doc.version;
    const state = await this.diagnostics.current(doc);
    if (state.skipped !== 'workspace-eslint') return [];
    const pairs = diagnostics.map((diagnostic) => ({ diagnostic, key: diagnosticKey(ruleIdOf(diagnostic), diagnostic.range) }));
    return this.actionsFor(doc, version, pairs, token, true);
  }

  /** The fix worker's plans for each diagnostic's finding (`key`), as code actions on `doc` at `version`. */
  private async actionsFor(
    doc: vscode.TextDocument,
    version: number,
    pairs: { diagnostic: vscode.Diagnostic; key: string }[],
    token: vscode.CancellationToken,
    fromWorkspaceEslint: boolean,
  ): Promise<vscode.CodeAction[]> {
    const fixContext = await this.transforms.contextFor(doc);
    if (!fixContext || token.isCancellationRequested) return [];
    const { plans } = await this.worker.request('quickFixes', {
      filePath: pathOf(doc.uri),
      text: doc.getText(),
      settings: this.settings.get(doc.uri).raw,
      targets: pairs.map((p) => p.key),
      ...(fromWorkspaceEslint ? { fromWorkspaceEslint } : {}),
      ...fixContext,
    }, token);
    // Edits computed for an older text must not be applied to a newer one.
    if (doc.version !== version) return [];
    return pairs.flatMap(({ diagnostic }, i) => (plans[i] ?? []).map((plan) => toCodeAction(plan, doc.uri, diagnostic)));
  }

  /** The rules' autofixes only (never suggestions or transforms): safe to run on every save. */
  private async fixAll(doc: vscode.TextDocument): Promise<vscode.CodeAction | undefined> {
    const state = await this.diagnostics.current(doc);
    if (state.skipped || state.fixable === 0) return undefined;
    const text = doc.getText();
    const { text: fixed } = await this.worker.request('fixAll', { filePath: pathOf(doc.uri), text, settings: this.settings.get(doc.uri).raw });
    if (fixed === null || doc.getText() !== text) return undefined;
    const action = new vscode.CodeAction('Fix all safe Breakwater problems', FIX_ALL_KIND);
    action.edit = new vscode.WorkspaceEdit();
    for (const edit of editsBetween(text, fixed)) action.edit.replace(doc.uri, toVsRange(edit.range), edit.newText);
    return action;
  }
}

function ruleIdOf(diagnostic: vscode.Diagnostic): string {
  return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
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
    // Create, then insert: `contents` does not survive an action passed back through the API
    // (vscode.executeCodeActionProvider: "Could not revive data transfer file").
    edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, { label: `Create ${vscode.workspace.asRelativePath(uri)}`, needsConfirmation: false });
    edit.insert(uri, new vscode.Position(0, 0), created.text);
  }
  for (const change of plan.changes) {
    const uri = uriOf(change.path, documentUri);
    for (const e of change.edits) edit.replace(uri, toVsRange(e.range), e.newText);
  }
  action.edit = edit;
  return action;
}
