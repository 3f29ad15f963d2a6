// A tiny sequential test harness for the extension host (no mocha: the suite is one bundled file
// with no dependencies besides `vscode`). Each test's outcome is logged and written to the results
// file the route-B runner reads.
import fs from 'node:fs';
import * as vscode from 'vscode';

interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const tests: Array<{ name: string; fn: () => Promise<void> }> = [];
export const measurements: Record<string, unknown> = {};

export function test(name: string, fn: () => Promise<void>): void {
  tests.push({ name, fn });
}

export const log = (message: string): void => console.log(`[suite] ${message}`);

export async function runAll(): Promise<void> {
  const outcomes: Outcome[] = [];
  // BREAKWATER_E2E_GREP=<regexp> runs only the matching tests (and the first, which activates).
  const grep = process.env.BREAKWATER_E2E_GREP ? new RegExp(process.env.BREAKWATER_E2E_GREP) : undefined;
  for (const [index, { name, fn }] of tests.entries()) {
    if (grep && index > 0 && !grep.test(name)) continue;
    const started = Date.now();
    try {
      await fn();
      outcomes.push({ name, ok: true, ms: Date.now() - started });
      log(`PASS ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      outcomes.push({ name, ok: false, ms: Date.now() - started, error: text });
      log(`FAIL ${name}: ${text}`);
    }
    // Leave the next test a clean window.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
  const results = process.env.BREAKWATER_E2E_RESULTS;
  if (results) fs.writeFileSync(results, JSON.stringify({ outcomes, measurements }, null, 2));
  const failed = outcomes.filter((o) => !o.ok);
  log(`${outcomes.length - failed.length}/${outcomes.length} passed`);
  if (failed.length > 0) throw new Error(`${failed.length} e2e test(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}

export async function waitFor<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
