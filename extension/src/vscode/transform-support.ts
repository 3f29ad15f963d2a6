// What the codemod transforms need to know about a document, gathered on the extension host: the
// policy module and vendored runtime paths (which must stay inside the workspace folder) and the
// current text of the files a transform may extend (an open editor's unsaved text wins over the
// disk's). The timeout, maxMs and runtime import come from the settings the worker validates.
import path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULTS } from '../settings.js';
import { pathOf, uriOf } from './paths.js';
import type { SettingsStore } from './settings-store.js';
import type { FixPaths } from '../worker/protocol.js';

/** A settings path resolved against the workspace folder; null when it leaves the folder. */
export function resolveInside(folderPath: string, setting: string): string | null {
  const resolved = path.resolve(folderPath, setting);
  const relative = path.relative(folderPath, resolved);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? null : resolved;
}

export interface FixContext {
  fixOptions: FixPaths;
  files: Record<string, string | null>;
}

export class TransformSupport {
  private readonly warned = new Set<string>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly output: vscode.OutputChannel,
  ) {}

  async contextFor(doc: vscode.TextDocument): Promise<FixContext | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return undefined;
    const { local } = this.settings.get(doc.uri);
    const root = pathOf(folder.uri);
    const inside = (key: 'policyModule' | 'vendorPath'): string => {
      const resolved = resolveInside(root, local[key]);
      if (resolved) return resolved;
      // Quick fixes never write outside the workspace folder, whatever a (workspace) setting says.
      if (!this.warned.has(local[key])) {
        this.warned.add(local[key]);
        this.output.appendLine(`[settings] breakwater.${key} "${local[key]}" is outside the workspace folder ${root}; using "${DEFAULTS[key]}".`);
      }
      return path.resolve(root, DEFAULTS[key]);
    };
    const fixOptions: FixPaths = { policyModulePath: inside('policyModule'), vendorPath: inside('vendorPath') };
    const files: Record<string, string | null> = {};
    for (const filePath of [fixOptions.policyModulePath, fixOptions.vendorPath]) files[filePath] = await this.read(uriOf(filePath, doc.uri));
    return { fixOptions, files };
  }

  private async read(uri: vscode.Uri): Promise<string | null> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return null;
    }
  }
}
