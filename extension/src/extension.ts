// Breakwater for VS Code: the plugin's rules (diagnostics, quick fixes, fix-all on save), the
// codemod transforms as quick fixes, and the workspace's outbound-call inventory.
//
// The extension host's main thread only routes: ESLint, TypeScript and ts-morph live in worker
// threads (dist/lint-worker.cjs: one for diagnostics, one for quick fixes and the scan), because
// linting a large file takes far longer than the few milliseconds an editor can spend on the main
// thread (numbers in README.md).
import path from 'node:path';
import * as vscode from 'vscode';
import { LintWorkerClient } from './worker-client.js';
import { BreakwaterCodeActionProvider } from './vscode/code-action-provider.js';
import { DiagnosticsController, LANGUAGES, type DocumentState } from './vscode/diagnostics-controller.js';
import { EslintCoverage } from './vscode/eslint-coverage.js';
import { InventoryView, SCAN_COMMAND, VIEW_ID, type ScanSummary } from './vscode/inventory-view.js';
import { SettingsStore } from './vscode/settings-store.js';
import { FindingsStatusBar } from './vscode/status-bar.js';
import { TransformSupport } from './vscode/transform-support.js';
import type { InventoryGroup } from './inventory-groups.js';

/** What `activate` returns: used by the in-process e2e suite, and handy for other extensions. */
export interface BreakwaterApi {
  /** Milliseconds spent loading the bundle (esbuild banner to footer) and in `activate`. */
  activationMs: { load: number; activate: number };
  /** Lints a document now (in the worker) and publishes its diagnostics. */
  lint(doc: vscode.TextDocument): Promise<DocumentState>;
  scan(): Promise<ScanSummary>;
  inventory(): InventoryGroup[] | undefined;
  tree: vscode.TreeDataProvider<unknown>;
}

declare const globalThis: { __breakwaterLoadStart?: number; __breakwaterLoadEnd?: number };

export function activate(context: vscode.ExtensionContext): BreakwaterApi {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('Breakwater');
  const worker = new LintWorkerClient(path.join(context.extensionPath, 'dist', 'lint-worker.cjs'), (message) => output.appendLine(message));
  const settings = new SettingsStore(output);
  const coverage = new EslintCoverage(output);
  const diagnostics = new DiagnosticsController(worker, settings, coverage, output);
  const inventory = new InventoryView(worker, settings, output);
  const selector = LANGUAGES.map((language) => ({ language }));

  context.subscriptions.push(
    { dispose: () => void worker.dispose() },
    output,
    settings,
    coverage,
    diagnostics,
    inventory,
    new FindingsStatusBar(diagnostics),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new BreakwaterCodeActionProvider(diagnostics, worker, settings, new TransformSupport(settings, output), output),
      BreakwaterCodeActionProvider.metadata,
    ),
    vscode.window.registerTreeDataProvider(VIEW_ID, inventory),
    vscode.commands.registerCommand(SCAN_COMMAND, () => inventory.scanWithProgress()),
    vscode.commands.registerCommand('breakwater.showOutput', () => output.show()),
  );

  // Starts the worker (it loads ESLint and TypeScript while the editor carries on), then lints the
  // documents already open; activation does not wait for it.
  void worker.request('init', {}).then(
    () => output.appendLine(`[worker] ready ${(performance.now() - activateStart).toFixed(0)} ms after activation started`),
    (error: unknown) => output.appendLine(`[worker] failed to start: ${String(error)}`),
  );
  diagnostics.lintAll();

  const load = (globalThis.__breakwaterLoadEnd ?? 0) - (globalThis.__breakwaterLoadStart ?? 0);
  const activationMs = { load, activate: performance.now() - activateStart };
  output.appendLine(`[activate] bundle load ${activationMs.load.toFixed(1)} ms, activate ${activationMs.activate.toFixed(1)} ms`);
  return {
    activationMs,
    lint: (doc) => diagnostics.lint(doc),
    scan: () => inventory.scanWithProgress(),
    inventory: () => inventory.inventory,
    tree: inventory as vscode.TreeDataProvider<unknown>,
  };
}

export function deactivate(): void {
  // Everything, the worker included, is disposed through context.subscriptions.
}
