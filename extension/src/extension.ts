// Breakwater for VS Code: the plugin's rules in-process (diagnostics, quick fixes, fix-all on save),
// the codemod transforms as quick fixes, and the workspace's outbound-call inventory.
import * as vscode from 'vscode';
// The codemods package's public index does not export the transform session (yet): import the module
// that implements codemods/src/transforms/api.ts directly. esbuild bundles it; tsc maps it to its build.
import { createFixSession } from '../../codemods/src/transforms/index.js';
import { LintEngine, recommendedSeverities } from './lint-engine.js';
import { BreakwaterCodeActionProvider } from './vscode/code-action-provider.js';
import { DiagnosticsController, LANGUAGES, type DocumentState } from './vscode/diagnostics-controller.js';
import { EslintCoverage } from './vscode/eslint-coverage.js';
import { InventoryView, SCAN_COMMAND, VIEW_ID, type ScanSummary } from './vscode/inventory-view.js';
import { SettingsStore } from './vscode/settings-store.js';
import { FindingsStatusBar } from './vscode/status-bar.js';
import { TransformSupport } from './vscode/transform-support.js';
import type { InventoryGroup } from './inventory.js';

/** What `activate` returns: used by the in-process e2e suite, and handy for other extensions. */
export interface BreakwaterApi {
  /** Milliseconds from the bundle starting to load to the end of `activate` (see the esbuild banner). */
  activationMs: { load: number; activate: number };
  lint(doc: vscode.TextDocument): DocumentState;
  scan(): Promise<ScanSummary>;
  inventory(): InventoryGroup[] | undefined;
  tree: vscode.TreeDataProvider<unknown>;
}

declare const globalThis: { __breakwaterLoadStart?: number };

export async function activate(context: vscode.ExtensionContext): Promise<BreakwaterApi> {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('Breakwater');
  const settings = new SettingsStore(recommendedSeverities(), output);
  const coverage = new EslintCoverage();
  const engine = new LintEngine();
  const diagnostics = new DiagnosticsController(engine, settings, coverage, output);
  const inventory = new InventoryView(settings, output);
  const transforms = new TransformSupport(createFixSession, settings, output);
  const selector = LANGUAGES.map((language) => ({ language }));

  context.subscriptions.push(
    output,
    settings,
    coverage,
    diagnostics,
    inventory,
    new FindingsStatusBar(diagnostics),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new BreakwaterCodeActionProvider(diagnostics, engine, settings, (doc) => transforms.prepare(doc)),
      BreakwaterCodeActionProvider.metadata,
    ),
    vscode.window.registerTreeDataProvider(VIEW_ID, inventory),
    vscode.commands.registerCommand(SCAN_COMMAND, () => inventory.scanWithProgress()),
    vscode.commands.registerCommand('breakwater.showOutput', () => output.show()),
  );

  // Auto mode needs to know the workspace's ESLint configs before the first lint.
  await coverage.refresh().catch((error: unknown) => output.appendLine(`[eslint-config] ${String(error)}`));
  diagnostics.lintAll();

  const loadStart = globalThis.__breakwaterLoadStart ?? activateStart;
  const activationMs = { load: activateStart - loadStart, activate: performance.now() - activateStart };
  output.appendLine(`[activate] bundle load ${activationMs.load.toFixed(0)} ms, activate ${activationMs.activate.toFixed(0)} ms`);
  return {
    activationMs,
    lint: (doc) => diagnostics.lint(doc),
    scan: () => inventory.scanWithProgress(),
    inventory: () => inventory.inventory,
    tree: inventory as vscode.TreeDataProvider<unknown>,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
