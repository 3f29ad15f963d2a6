// "Breakwater: Scan Workspace" and the "Outbound Calls" tree: every outbound call of the workspace,
// grouped by service/host, with its timeout, retry, breaker and idempotency status. Clicking a
// call opens it with its range selected.
import * as vscode from 'vscode';
import ignoreModule, { type Ignore } from 'ignore';
import { LINTABLE_EXTENSIONS } from '../constants.js';
import { groupInventory, hasProblem, type InventoryCall, type InventoryGroup, type Status } from '../inventory-groups.js';
import type { LintWorkerClient } from '../worker-client.js';
import { pathOf, uriOf } from './paths.js';
import type { SettingsStore } from './settings-store.js';

export const VIEW_ID = 'breakwater.outboundCalls';
export const SCAN_COMMAND = 'breakwater.scanWorkspace';

const SOURCE_GLOB = `**/*.{${LINTABLE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
/** Files per worker request: small enough that cancellation and progress stay responsive. */
const BATCH_FILES = 20;
const BATCH_BYTES = 1_000_000;

type Node =
  | { kind: 'group'; group: InventoryGroup }
  | { kind: 'call'; call: InventoryCall }
  | { kind: 'status'; name: string; status: Status; call: InventoryCall }
  | { kind: 'empty'; text: string };

export interface ScanSummary {
  files: number;
  calls: number;
  failed: number;
  cancelled: boolean;
  ms: number;
}

export class InventoryView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private groups: InventoryGroup[] | undefined;
  private lastSummary: ScanSummary | undefined;
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly worker: LintWorkerClient,
    private readonly settings: SettingsStore,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** The inventory of the last scan; undefined before the first one. */
  get inventory(): InventoryGroup[] | undefined {
    return this.groups;
  }

  get summary(): ScanSummary | undefined {
    return this.lastSummary;
  }

  /** Scans with a cancellable progress notification and fills the tree. */
  async scanWithProgress(): Promise<ScanSummary> {
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Breakwater: scanning outbound calls', cancellable: true },
      (progress, token) => this.scan(progress, token),
    );
    const text = `${summary.cancelled ? 'Scan cancelled after' : 'Scanned'} ${summary.files} files: ${summary.calls} outbound calls${summary.failed ? `, ${summary.failed} files could not be read or parsed (see the Breakwater output)` : ''}.`;
    this.output.appendLine(`[scan] ${text} (${Math.round(summary.ms)} ms)`);
    void vscode.window.setStatusBarMessage(`Breakwater: ${text}`, 5000);
    return summary;
  }

  async scan(progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<ScanSummary> {
    const started = performance.now();
    const files = await this.sourceFiles(token);
    const calls: InventoryCall[] = [];
    let done = 0;
    let failed = 0;
    const openDocuments = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d] as const));
    let batch: Array<{ filePath: string; relativePath: string; text: string }> = [];
    let batchBytes = 0;
    let batchSettings: Record<string, unknown> | undefined;
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await this.worker.request('inventory', { files: batch, settings: batchSettings ?? {} });
      calls.push(...result.calls);
      failed += result.errors.length;
      for (const error of result.errors) this.output.appendLine(`[scan] ${error.message}`);
      done += batch.length;
      progress.report({ message: `${done}/${files.length} files`, increment: (100 * batch.length) / Math.max(1, files.length) });
      batch = [];
      batchBytes = 0;
    };
    for (const uri of files) {
      if (token.isCancellationRequested) break;
      const relativePath = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const settings = this.settings.get(uri).raw;
      // One request holds files of one settings scope (declared clients are per folder).
      if (batchSettings !== settings) await flush();
      batchSettings = settings;
      try {
        const open = openDocuments.get(uri.toString());
        const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        batch.push({ filePath: pathOf(uri), relativePath, text });
        batchBytes += text.length;
      } catch (error) {
        failed++;
        this.output.appendLine(`[scan] ${relativePath}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) await flush();
    }
    if (!token.isCancellationRequested) await flush();
    this.groups = groupInventory(calls);
    this.lastSummary = {
      files: done,
      calls: calls.length,
      failed,
      cancelled: token.isCancellationRequested,
      ms: performance.now() - started,
    };
    this.changed.fire(undefined);
    return this.lastSummary;
  }

  /** JS/TS files of every workspace folder, minus node_modules, declaration files and what .gitignore ignores. */
  private async sourceFiles(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const result: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), '**/node_modules/**', undefined, token);
      const ignored = await readGitignore(folder);
      for (const uri of uris) {
        const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
        if (/\.d\.[cm]?ts$/.test(relative) || ignored.ignores(relative)) continue;
        result.push(uri);
      }
    }
    return result.sort((a, b) => a.toString().localeCompare(b.toString()));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const { group } = node;
        const item = new vscode.TreeItem(group.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${plural(group.calls.length, 'call')}${group.problems ? `, ${group.problems} need attention` : ''}`;
        item.iconPath = new vscode.ThemeIcon(group.problems ? 'warning' : 'pass');
        item.contextValue = 'breakwater.service';
        return item;
      }
      case 'call': {
        const { call } = node;
        const item = new vscode.TreeItem(`${call.label}${call.method ? ` ${call.method}` : ''}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${call.relativePath}:${call.range.start.line + 1} · ${statusLine(call)}`;
        item.tooltip = new vscode.MarkdownString(
          [`**${call.label}**${call.url ? ` \`${call.url}\`` : ''}`, `${call.relativePath}:${call.range.start.line + 1}`, '', ...statusRows(call).map(([name, s]) => `- ${mark(s)} **${name}**: ${s.detail}`)].join('\n'),
        );
        item.iconPath = new vscode.ThemeIcon(hasProblem(call) ? 'warning' : 'pass');
        item.command = openCommand(call);
        item.contextValue = 'breakwater.call';
        return item;
      }
      case 'status': {
        const item = new vscode.TreeItem(`${node.name}: ${node.status.short}`, vscode.TreeItemCollapsibleState.None);
        item.description = node.status.detail;
        item.tooltip = node.status.detail;
        item.iconPath = new vscode.ThemeIcon(node.status.verdict === 'problem' ? 'error' : node.status.verdict === 'ok' ? 'check' : 'info');
        item.command = openCommand(node.call);
        return item;
      }
      case 'empty':
        return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    }
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!this.groups) return []; // the view's welcome content offers the scan
      if (this.groups.length === 0) return [{ kind: 'empty', text: `No outbound calls in ${plural(this.lastSummary?.files ?? 0, 'file')}.` }];
      return this.groups.map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group') return node.group.calls.map((call) => ({ kind: 'call', call }));
    if (node.kind === 'call') return statusRows(node.call).map(([name, status]) => ({ kind: 'status', name, status, call: node.call }));
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function statusRows(call: InventoryCall): Array<[string, Status]> {
  return [
    ['Timeout', call.timeout],
    ['Retry', call.retry],
    ['Breaker', call.breaker],
    ['Idempotency', call.idempotency],
  ];
}

function mark(status: Status): string {
  return status.verdict === 'ok' ? '✓' : status.verdict === 'problem' ? '✗' : '·';
}

/** "timeout ✗ none · retry · none · breaker · none · key · n/a" */
export function statusLine(call: InventoryCall): string {
  return [`timeout ${mark(call.timeout)} ${call.timeout.short}`, `retry ${mark(call.retry)} ${call.retry.short}`, `breaker ${mark(call.breaker)} ${call.breaker.short}`, `key ${mark(call.idempotency)} ${call.idempotency.short}`].join(' · ');
}

function openCommand(call: InventoryCall): vscode.Command {
  const { start, end } = call.range;
  return {
    command: 'vscode.open',
    title: 'Open Call',
    arguments: [uriOf(call.filePath, vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/')), { selection: new vscode.Range(start.line, start.character, end.line, end.character), preview: true } satisfies vscode.TextDocumentShowOptions],
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// `ignore` is CommonJS whose typings declare an ES default export: take whichever shape arrives.
const createIgnore = ((ignoreModule as unknown as { default?: () => Ignore }).default ?? (ignoreModule as unknown as () => Ignore));

async function readGitignore(folder: vscode.WorkspaceFolder): Promise<Ignore> {
  const rules = createIgnore();
  try {
    rules.add(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.gitignore'))));
  } catch {
    // no .gitignore: nothing is ignored besides node_modules
  }
  return rules;
}
