// `breakwater.*` settings per workspace folder (all resource-scoped), cached until the
// configuration changes. The extension host reads the values it needs itself (mode, paths); the
// worker validates all of them against the plugin's rules and sends back the problems, which are
// reported here once each, in the output channel and a warning.
import * as vscode from 'vscode';
import { readSettings, type ExtensionSettings } from '../settings.js';
import type { RawSettings } from '../worker/protocol.js';

const KEYS = ['mode', 'rules', 'maxMs', 'defaultTimeoutMs', 'runtime', 'policyModule', 'vendorPath', 'clients', 'wrappers'] as const;

export interface FolderSettings {
  /** The values as configured, for the worker. */
  raw: RawSettings;
  /** Validated here for what the extension host itself needs (mode, paths); rules are the worker's. */
  local: ExtensionSettings;
}

export class SettingsStore implements vscode.Disposable {
  private readonly cache = new Map<string, FolderSettings>();
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly output: vscode.OutputChannel) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('breakwater')) return;
      this.cache.clear();
      this.changed.fire();
    });
  }

  /** The settings that apply to a document (its workspace folder's, else the window's). */
  get(uri: vscode.Uri | undefined): FolderSettings {
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    const key = folder?.uri.toString() ?? '';
    let settings = this.cache.get(key);
    if (!settings) {
      const configuration = vscode.workspace.getConfiguration('breakwater', folder?.uri);
      const raw: RawSettings = {};
      // Configuration values are read-only proxies, which cannot be posted to the worker: copy them.
      for (const name of KEYS) raw[name] = plain(configuration.get(name));
      settings = { raw, local: readSettings((name) => raw[name], {}).settings };
      this.cache.set(key, settings);
    }
    return settings;
  }

  /** Reports the worker's validation problems, each once per session. */
  report(problems: readonly string[]): void {
    const fresh = problems.filter((p) => !this.reported.has(p));
    if (fresh.length === 0) return;
    for (const problem of fresh) {
      this.reported.add(problem);
      this.output.appendLine(`[settings] ${problem}`);
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

function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
