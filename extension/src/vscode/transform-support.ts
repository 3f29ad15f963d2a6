// Connects the codemod transforms to a document: fix options from the settings, and the current
// text of the files a transform extends (read through the workspace file system before the
// synchronous transform runs; an open editor's unsaved text wins).
import path from 'node:path';
import * as vscode from 'vscode';
import type { TransformRunner } from '../code-actions.js';
import { FixTransformRunner, type CreateFixSession } from '../fix-transforms.js';
import type { ExtensionSettings } from '../settings.js';
import { pathOf, uriOf } from './paths.js';
import type { SettingsStore } from './settings-store.js';

/** A settings path resolved against the workspace folder; null when it leaves the folder. */
export function resolveInside(folderPath: string, setting: string): string | null {
  const resolved = path.resolve(folderPath, setting);
  const relative = path.relative(folderPath, resolved);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? null : resolved;
}

export class TransformSupport {
  /** Texts of the policy module / vendored runtime as read for the latest request. */
  private readonly snapshots = new Map<string, string | undefined>();
  private readonly runner: FixTransformRunner;
  private readonly warned = new Set<string>();

  constructor(
    createFixSession: CreateFixSession,
    private readonly settings: SettingsStore,
    private readonly output: vscode.OutputChannel,
  ) {
    this.runner = new FixTransformRunner(createFixSession, {
      optionsFor: (filePath) => this.optionsFor(filePath),
      readFile: (filePath) => this.readFile(filePath),
      log: (message) => this.output.appendLine(`[fix] ${message}`),
      stateKey: () => JSON.stringify([...this.snapshots]),
    });
  }

  private folderOf(filePath: string): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.find((f) => filePath === pathOf(f.uri) || filePath.startsWith(pathOf(f.uri) + path.sep) || filePath.startsWith(pathOf(f.uri) + '/'));
  }

  private extraPaths(folder: vscode.WorkspaceFolder, settings: ExtensionSettings): { policyModulePath: string; vendorPath: string } {
    const root = pathOf(folder.uri);
    const inside = (key: 'policyModule' | 'vendorPath', fallback: string) => {
      const resolved = resolveInside(root, settings[key]);
      if (resolved) return resolved;
      // Quick fixes never write outside the workspace folder, whatever a (workspace) setting says.
      if (!this.warned.has(settings[key])) {
        this.warned.add(settings[key]);
        this.output.appendLine(`[settings] breakwater.${key} "${settings[key]}" is outside the workspace folder ${root}; using "${fallback}".`);
      }
      return path.resolve(root, fallback);
    };
    return { policyModulePath: inside('policyModule', 'src/resilience/policies.ts'), vendorPath: inside('vendorPath', 'src/resilience/breakwater-runtime.ts') };
  }

  private optionsFor(filePath: string) {
    const folder = this.folderOf(filePath);
    const settings = this.settings.get(folder?.uri);
    const paths = folder ? this.extraPaths(folder, settings) : { policyModulePath: path.resolve(path.dirname(filePath), 'resilience/policies.ts'), vendorPath: path.resolve(path.dirname(filePath), 'resilience/breakwater-runtime.ts') };
    return { timeoutMs: settings.defaultTimeoutMs, runtime: settings.runtime, ...paths, settings: settings.declared };
  }

  private readFile(filePath: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => pathOf(d.uri) === filePath);
    if (open) return open.getText();
    return this.snapshots.get(filePath);
  }

  /** Reads the files the transforms may extend for this document, then hands out the runner. */
  async prepare(doc: vscode.TextDocument): Promise<TransformRunner | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return undefined;
    const { policyModulePath, vendorPath } = this.extraPaths(folder, this.settings.get(doc.uri));
    for (const filePath of [policyModulePath, vendorPath]) {
      try {
        this.snapshots.set(filePath, new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf(filePath, doc.uri))));
      } catch {
        this.snapshots.set(filePath, undefined);
      }
    }
    return this.runner;
  }
}
