// The status bar item: how many Breakwater findings the active file has, or why it has none.
import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnostics-controller.js';

export class FindingsStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('breakwater.findings', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly diagnostics: DiagnosticsController) {
    this.item.name = 'Breakwater findings';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      diagnostics.onDidLint((uri) => {
        if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
      }),
    ];
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const state = doc ? this.diagnostics.peek(doc.uri) : undefined;
    if (!doc || !state || state.skipped === 'not-lintable') {
      this.item.hide();
      return;
    }
    if (state.skipped === 'mode-off') {
      this.item.text = '$(shield) Breakwater: off';
      this.item.tooltip = 'Breakwater is off (breakwater.mode). Set it to "auto" or "standalone" to see findings.';
    } else if (state.skipped === 'workspace-eslint') {
      this.item.text = '$(shield) Breakwater: ESLint';
      this.item.tooltip = `This file is checked by ${state.eslintConfig ? vscode.workspace.asRelativePath(state.eslintConfig) : 'your ESLint config'}, which loads eslint-plugin-breakwater, so Breakwater stands aside (breakwater.mode: auto). Set breakwater.mode to "standalone" to see the findings from the extension as well.`;
    } else {
      const errors = state.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = state.diagnostics.length - errors;
      this.item.text = `$(shield) Breakwater: ${state.diagnostics.length}`;
      this.item.tooltip =
        state.diagnostics.length === 0
          ? `No Breakwater findings in this file.${state.parseError ? ` (It does not parse: ${state.parseError})` : ''}`
          : `${state.diagnostics.length} Breakwater finding${state.diagnostics.length === 1 ? '' : 's'} in this file (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}). Click to open the Problems panel.`;
    }
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
