// Keeps the text of every eslint.config.* in the workspace (read through the workspace file system,
// never executed) so `breakwater.mode: auto` can tell, synchronously, whether the workspace's own
// ESLint already reports our rules for a file.
import path from 'node:path';
import * as vscode from 'vscode';
import { ESLINT_CONFIG_GLOB, ESLINT_CONFIG_NAMES, coverageOf, type ConfigFile, type Coverage } from '../eslint-config-detection.js';
import { pathOf } from './paths.js';

export class EslintCoverage implements vscode.Disposable {
  /** Directory path → its config file (the first of ESLINT_CONFIG_NAMES present). */
  private byDirectory = new Map<string, ConfigFile>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private refreshing: Promise<void> | undefined;
  /** Resolves once the configs have been read the first time (auto mode waits for it). */
  readonly ready: Promise<void>;

  constructor(output: vscode.OutputChannel) {
    this.watcher = vscode.workspace.createFileSystemWatcher(ESLINT_CONFIG_GLOB);
    const refresh = () => void this.refresh();
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidChange(refresh);
    this.watcher.onDidDelete(refresh);
    this.ready = this.refresh().catch((error: unknown) => output.appendLine(`[eslint-config] ${String(error)}`));
  }

  /** Re-reads every config; resolves when done. Concurrent calls share one pass. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readAll().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readAll(): Promise<void> {
    const uris = await vscode.workspace.findFiles(ESLINT_CONFIG_GLOB, '**/node_modules/**');
    const found = new Map<string, ConfigFile>();
    const rank = (p: string) => ESLINT_CONFIG_NAMES.indexOf(path.basename(p) as (typeof ESLINT_CONFIG_NAMES)[number]);
    for (const uri of uris) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      const filePath = pathOf(uri);
      const dir = path.dirname(filePath);
      const existing = found.get(dir);
      if (!existing || rank(filePath) < rank(existing.path)) found.set(dir, { path: filePath, text });
    }
    this.byDirectory = found;
    this.changed.fire();
  }

  coverage(uri: vscode.Uri): Coverage {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return { covered: false };
    return coverageOf(pathOf(uri), pathOf(folder.uri), (dir) => this.byDirectory.get(dir));
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
