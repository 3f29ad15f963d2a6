// `breakwater.*` settings per workspace folder (all of them are resource-scoped), cached until the
// configuration changes. Invalid values are reported once in the output channel and a warning.
import * as vscode from 'vscode';
import { readSettings, type ExtensionSettings, type Severity } from '../settings.js';

export class SettingsStore implements vscode.Disposable {
  private readonly cache = new Map<string, ExtensionSettings>();
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly ruleDefaults: Readonly<Record<string, Severity>>,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('breakwater')) return;
      this.cache.clear();
      this.changed.fire();
    });
  }

  /** The settings that apply to a document (its workspace folder's, else the window's). */
  get(uri: vscode.Uri | undefined): ExtensionSettings {
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    const key = folder?.uri.toString() ?? '';
    let settings = this.cache.get(key);
    if (!settings) {
      const configuration = vscode.workspace.getConfiguration('breakwater', folder?.uri);
      const result = readSettings((name) => configuration.get(name), this.ruleDefaults);
      settings = result.settings;
      this.cache.set(key, settings);
      this.report(result.problems, folder);
    }
    return settings;
  }

  private report(problems: string[], folder: vscode.WorkspaceFolder | undefined): void {
    const fresh = problems.filter((p) => !this.reported.has(p));
    if (fresh.length === 0) return;
    for (const problem of fresh) {
      this.reported.add(problem);
      this.output.appendLine(`[settings${folder ? ` ${folder.name}` : ''}] ${problem}`);
    }
    void vscode.window.showWarningMessage(`Breakwater: ${fresh[0]}${fresh.length > 1 ? ` (and ${fresh.length - 1} more; see the Breakwater output)` : ''}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'breakwater');
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
