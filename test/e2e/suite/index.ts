// Route B: the extension's in-process suite, run by code-server's real Node extension host with the
// real vscode API (extensionTestsPath). It checks what a user relies on: diagnostics for the
// sample workspace, every quick fix's edit (the policy module included), fix-all on save, the
// inventory tree after the scan command, settings and auto mode; and it measures activation and
// lint time in the extension host.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { BreakwaterApi } from '../../../extension/src/extension.js';
import { generateServiceFile } from '../../../bench/extension/generate.mjs';
import { log, measurements, runAll, test, waitFor } from './harness.js';

const EXTENSION_ID = 'breakwater.breakwater';
const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
const uri = (relative: string): vscode.Uri => vscode.Uri.joinPath(folder(), relative);
const ours = (target: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(target).filter((d) => d.source === 'breakwater');
const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const ruleOf = (d: vscode.Diagnostic): string => codeOf(d).replace(/^breakwater\//, '');
let api: BreakwaterApi;

async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri(relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Diagnostics of a document once the extension has linted its current text. */
async function diagnosticsOf(doc: vscode.TextDocument, what: (d: vscode.Diagnostic[]) => boolean = () => true): Promise<vscode.Diagnostic[]> {
  return waitFor(`Breakwater diagnostics of ${path.basename(doc.uri.path)}`, async () => {
    const state = await api.lint(doc);
    const diagnostics = ours(doc.uri);
    return state.version === doc.version && what(diagnostics) ? diagnostics : undefined;
  });
}

/** vscode.executeCodeActionProvider, retried: it rejects with "Canceled" when another provider (the
 * built-in TypeScript one, still loading) is cancelled. */
async function codeActions(target: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', target, range, kind);
      return actions ?? [];
    } catch (error) {
      if (attempt >= 10) throw error;
      log(`executeCodeActionProvider attempt ${attempt}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The quick fixes at a diagnostic's range (executeCodeActionProvider drops `action.diagnostics`,
 * so the tests pick actions by title). */
async function quickFixesAt(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await codeActions(doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  log(`quick fixes at ${path.basename(doc.uri.path)}:${diagnostic.range.start.line + 1} (${codeOf(diagnostic)}): ${JSON.stringify(actions.map((a) => a.title))}`);
  return actions;
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `"${action.title}" has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${action.title}" applied`);
}

async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await doc.save());
}

/** Runs `fn` on a file, then puts the file back as it was, on disk too. */
async function withFile(relative: string, fn: (doc: vscode.TextDocument) => Promise<void>): Promise<void> {
  const original = fs.readFileSync(uri(relative).fsPath, 'utf8');
  const doc = await open(relative);
  try {
    await fn(doc);
  } finally {
    await replaceAll(doc, original);
  }
}

/** Saves every modified buffer (workspace.saveAll skips a file a WorkspaceEdit has just created). */
async function saveDirty(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) assert.ok(await doc.save(), `saved ${doc.uri.path}`);
}

async function setting(key: string, value: unknown, section = 'breakwater'): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

test('activates on a TypeScript file and returns its API', async () => {
  const started = performance.now();
  const doc = await open('src/client.ts');
  const extension = vscode.extensions.getExtension<BreakwaterApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  api = await extension.activate();
  assert.equal(extension.isActive, true);
  measurements.activationMs = api.activationMs;
  // From opening the file to its diagnostics: includes starting the worker (ESLint, TypeScript).
  await waitFor('the first diagnostics', () => ours(doc.uri).length > 0, 60000);
  measurements.firstDiagnosticsMs = performance.now() - started;
  log(`activation: bundle load ${api.activationMs.load.toFixed(0)} ms, activate() ${api.activationMs.activate.toFixed(0)} ms`);
});

test('reports require-timeout on a fetch without a timeout, with the rule id, its doc link and a message that says what to do', async () => {
  const doc = await open('src/client.ts');
  const [diagnostic, ...rest] = await diagnosticsOf(doc, (d) => d.length > 0);
  assert.ok(diagnostic);
  assert.equal(rest.length, 0, 'one finding in client.ts');
  assert.equal(codeOf(diagnostic), 'breakwater/require-timeout');
  assert.equal(typeof diagnostic.code === 'object' && diagnostic.code.target.toString(), 'https://github.com/breakwater-dev/breakwater/blob/main/eslint-plugin/docs/rules/require-timeout.md');
  assert.equal(diagnostic.source, 'breakwater');
  assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, 'recommended preset: require-timeout is an error');
  const line = doc.lineAt(diagnostic.range.start.line).text;
  assert.equal(line.slice(diagnostic.range.start.character, diagnostic.range.end.character), 'fetch');
  assert.match(diagnostic.message, /AbortSignal\.timeout/);
});

test('reports every call of the sample workspace that needs attention, and nothing on protected calls', async () => {
  const orders = await diagnosticsOf(await open('src/orders.ts'), (d) => d.length >= 2);
  assert.deepEqual(orders.map((d) => [ruleOf(d), d.range.start.line]), [['require-timeout', 5], ['require-timeout', 10]]);
  const payments = await diagnosticsOf(await open('src/payments.ts'), (d) => d.length > 0);
  assert.ok(payments.some((d) => ruleOf(d) === 'no-unsafe-retry'), 'payments.ts: the retried POST without a key: ' + payments.map(ruleOf).join(', '));
  const fanOut = await diagnosticsOf(await open('src/inventory.ts'), (d) => d.length > 0);
  assert.deepEqual(fanOut.map(ruleOf), ['no-unbounded-fanout']);
  assert.deepEqual(await diagnosticsOf(await open('src/safe.ts')), []);
});

test('never lints library files (node_modules) or files outside the workspace folders', async () => {
  const library = await vscode.workspace.openTextDocument(uri('node_modules/some-http-lib/index.js'));
  await vscode.window.showTextDocument(library);
  assert.equal((await api.lint(library)).skipped, 'not-lintable');
  const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'breakwater-outside-')), 'outside.ts');
  fs.writeFileSync(outside, "export const get = () => fetch('https://x.example.com');\n");
  const outsideDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(outside));
  await vscode.window.showTextDocument(outsideDoc);
  assert.equal((await api.lint(outsideDoc)).skipped, 'not-lintable');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(ours(library.uri), []);
  assert.deepEqual(ours(outsideDoc.uri), []);
});

test('auto mode stands aside where the workspace ESLint config loads the plugin; standalone and off do what they say', async () => {
  const linted = await open('linted/src/report.ts');
  assert.equal((await api.lint(linted)).skipped, 'workspace-eslint');
  assert.deepEqual(ours(linted.uri), []);
  try {
    await setting('mode', 'standalone');
    assert.deepEqual((await diagnosticsOf(linted, (d) => d.length > 0)).map(ruleOf), ['require-timeout']);
    await setting('mode', 'off');
    await waitFor('diagnostics cleared in mode off', () => ours(linted.uri).length === 0);
    const client = await open('src/client.ts');
    assert.equal((await api.lint(client)).skipped, 'mode-off');
    assert.deepEqual(ours(client.uri), []);
  } finally {
    await setting('mode', undefined);
  }
  await waitFor('auto mode again', async () => (await api.lint(linted)).skipped === 'workspace-eslint');
});

test("auto mode: the workspace ESLint's Breakwater findings (as vscode-eslint publishes them) still get the codemod quick fixes", async () => {
  // vscode-eslint is not installed here: a collection named like its own stands in for it.
  const eslint = vscode.languages.createDiagnosticCollection('eslint');
  try {
    await withFile('linted/src/report.ts', async (doc) => {
      assert.equal((await api.lint(doc)).skipped, 'workspace-eslint');
      const line = doc.lineAt(1).text;
      const column = line.indexOf('fetch');
      const finding = new vscode.Diagnostic(new vscode.Range(1, column, 1, column + 'fetch'.length), 'fetch has no timeout', vscode.DiagnosticSeverity.Error);
      finding.source = 'eslint';
      finding.code = { value: 'breakwater/require-timeout', target: vscode.Uri.parse('https://github.com/breakwater-dev/breakwater/blob/main/eslint-plugin/docs/rules/require-timeout.md') };
      eslint.set(doc.uri, [finding]);
      const actions = await quickFixesAt(doc, finding);
      assert.ok(!actions.some((a) => a.title.startsWith('Disable breakwater/') || a.title.startsWith('Add `signal')), 'ESLint offers those itself: ' + actions.map((a) => a.title).join(' | '));
      const wrap = actions.find((a) => a.title.startsWith("Wrap in the service's resilience policy"));
      assert.ok(wrap, 'wrap in policy offered');
      await apply(wrap);
      assert.match(doc.getText(), /reports\.execute\(/);
      await saveDirty();
    });
  } finally {
    eslint.dispose();
    await vscode.workspace.fs.delete(uri('linted/src/resilience'), { recursive: true }).then(undefined, () => undefined);
  }
});

test('per-rule severity from breakwater.rules', async () => {
  const doc = await open('src/client.ts');
  try {
    await setting('rules', { 'require-timeout': 'warn' });
    await waitFor('a warning', () => ours(doc.uri)[0]?.severity === vscode.DiagnosticSeverity.Warning);
    await setting('rules', { 'require-timeout': 'off' });
    await waitFor('no finding with the rule off', async () => (await api.lint(doc)).diagnostics.length === 0 && ours(doc.uri).length === 0);
  } finally {
    await setting('rules', undefined);
  }
  await diagnosticsOf(doc, (d) => d.length === 1 && d[0]!.severity === vscode.DiagnosticSeverity.Error);
});

test('quick fix "add a timeout": the preferred action adds AbortSignal.timeout and the diagnostic goes away', async () => {
  await withFile('src/client.ts', async (doc) => {
    const [diagnostic] = await diagnosticsOf(doc, (d) => d.length > 0);
    const actions = await quickFixesAt(doc, diagnostic!);
    assert.ok(actions.every((a) => a.kind?.value === 'quickfix'));
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred && /AbortSignal\.timeout\(5000\)/.test(preferred.title), 'preferred: add the timeout');
    assert.ok(actions.some((a) => a.title === 'Disable breakwater/require-timeout for this line'));
    await apply(preferred);
    assert.match(doc.getText(), /await fetch\(`https:\/\/api\.example\.com\/users\/\$\{id\}`, \{ signal: AbortSignal\.timeout\(5000\) \}\);/);
    await diagnosticsOf(doc, (d) => d.length === 0);
  });
});

test('quick fix "wrap in the service\'s policy" rewrites only that call and creates, then extends, the policy module', async () => {
  const moduleUri = uri('src/resilience/policies.ts');
  await withFile('src/orders.ts', async (doc) => {
    const [first] = await diagnosticsOf(doc, (d) => d.length === 2);
    const wrap = (await quickFixesAt(doc, first!)).find((a) => /resilience policy/.test(a.title));
    assert.ok(wrap, 'a wrap-in-policy action');
    await apply(wrap);
    const text = doc.getText();
    assert.match(text, /orders\.execute\(/, 'the first call goes through the orders policy');
    assert.match(text, /const res = await axios\.get\(`https:\/\/orders\.internal\.example\/orders\/\$\{id\}`\);/, 'the second call is untouched');
    assert.equal((text.match(/\.execute\(/g) ?? []).length, 1);
    // The module is created with its text in an editor buffer, to be saved with the call site.
    await saveDirty();
    const created = fs.readFileSync(moduleUri.fsPath, 'utf8');
    assert.match(created, /export const orders = policy\('orders'/);
    assert.match(created, /timeoutMs: 5000/);
    log('policy module created:\n' + created);

    const [second] = await diagnosticsOf(doc, (d) => d.length === 1);
    const wrapSecond = (await quickFixesAt(doc, second!)).find((a) => /resilience policy/.test(a.title));
    assert.ok(wrapSecond, 'the second call can be wrapped too');
    await apply(wrapSecond);
    assert.equal((doc.getText().match(/orders\.execute\(/g) ?? []).length, 2);
    await saveDirty();
    const extended = fs.readFileSync(moduleUri.fsPath, 'utf8');
    assert.equal((extended.match(/export const orders = /g) ?? []).length, 1, 'one entry per service');
    await diagnosticsOf(doc, (d) => d.length === 0);
  });
  await vscode.workspace.fs.delete(vscode.Uri.joinPath(moduleUri, '..'), { recursive: true });
});

test('quick fix "disable for this line": the in-process Linter honours the directive', async () => {
  await withFile('src/client.ts', async (doc) => {
    const [diagnostic] = await diagnosticsOf(doc, (d) => d.length > 0);
    const disable = (await quickFixesAt(doc, diagnostic!)).find((a) => a.title === 'Disable breakwater/require-timeout for this line');
    assert.ok(disable);
    await apply(disable);
    assert.equal(doc.lineAt(2).text, '  // eslint-disable-next-line breakwater/require-timeout');
    await diagnosticsOf(doc, (d) => d.length === 0);
  });
});

test('quick fix "add an Idempotency-Key" on a retried POST (every offered variant)', async () => {
  const keyAction = /^(Add an Idempotency-Key|Create `const idempotencyKey)/;
  let titles: string[] = [];
  await withFile('src/payments.ts', async (doc) => {
    const diagnostic = (await diagnosticsOf(doc, (d) => d.some((x) => ruleOf(x) === 'no-unsafe-retry'))).find((d) => ruleOf(d) === 'no-unsafe-retry')!;
    titles = (await quickFixesAt(doc, diagnostic)).map((a) => a.title).filter((t) => keyAction.test(t));
  });
  // The rule's suggestion and the transform; one entry when both make the same edit.
  assert.ok(titles.length >= 1, 'a key is offered');
  for (const title of titles) {
    await withFile('src/payments.ts', async (doc) => {
      const diagnostic = (await diagnosticsOf(doc, (d) => d.some((x) => ruleOf(x) === 'no-unsafe-retry'))).find((d) => ruleOf(d) === 'no-unsafe-retry')!;
      const action = (await quickFixesAt(doc, diagnostic)).find((a) => a.title === title);
      assert.ok(action, title);
      await apply(action);
      const text = doc.getText();
      assert.match(text, /'Idempotency-Key': idempotencyKey/, title);
      assert.ok(text.indexOf('const idempotencyKey') < text.indexOf('for (let attempt'), `${title}: the key is created once, before the loop`);
      await diagnosticsOf(doc, (d) => !d.some((x) => ruleOf(x) === 'no-unsafe-retry'));
    });
  }
});

test('quick fix "replace the hand-rolled retry loop": with the runtime\'s retry, or routed through the service\'s policy', async () => {
  const loopRules = ['require-backoff-jitter', 'retry-transient-only', 'no-unsafe-retry'];
  /** The replace actions of every loop finding in payments.ts, by title. */
  const replaceActions = async (doc: vscode.TextDocument): Promise<Map<string, vscode.CodeAction>> => {
    const diagnostics = await diagnosticsOf(doc, (d) => loopRules.every((rule) => d.some((x) => ruleOf(x) === rule)));
    const found = new Map<string, vscode.CodeAction>();
    for (const diagnostic of diagnostics.filter((d) => loopRules.includes(ruleOf(d)))) {
      const actions = (await quickFixesAt(doc, diagnostic)).filter((a) => /^Replace the hand-rolled retry/.test(a.title));
      assert.equal(actions.length, 2, `${ruleOf(diagnostic)}: both replacements`);
      for (const action of actions) found.set(action.title.split(':')[0]!, action);
    }
    return found;
  };
  const moduleUri = uri('src/resilience/policies.ts');
  await withFile('src/payments.ts', async (doc) => {
    const plain = [...(await replaceActions(doc)).entries()].find(([title]) => title.startsWith("Replace the hand-rolled retry with the runtime's retry"))?.[1];
    assert.ok(plain, "the runtime's retry");
    await apply(plain);
    const text = doc.getText();
    assert.doesNotMatch(text, /for \(let attempt = 1; attempt <= 3; attempt\+\+\)/);
    assert.match(text, /^import \{ retry \} from '@breakwater\/runtime';$/m);
    assert.match(text, /return await retry\(\{ maxAttempts: 3 \}\)\.execute\(async \(\{ signal \}\) => \{[\s\S]*\}, \{ method: 'POST' \}\);/);
    assert.equal(fs.existsSync(moduleUri.fsPath), false, 'no policy module');
    log('payments.ts after replace-retry-loop:\n' + text);
    await diagnosticsOf(doc, (d) => !d.some((x) => loopRules.includes(ruleOf(x))));
  });
  await withFile('src/payments.ts', async (doc) => {
    const routed = [...(await replaceActions(doc)).entries()].find(([title]) => title.startsWith("Replace the hand-rolled retry with the service's resilience policy"))?.[1];
    assert.ok(routed, "the service's policy");
    await apply(routed);
    const text = doc.getText();
    assert.match(text, /^import \{ payments \} from '\.\/resilience\/policies\.js';$/m);
    assert.match(text, /return await payments\.execute\(async \(\{ signal \}\) => \{[\s\S]*\}, \{ method: 'POST' \}\);/);
    assert.doesNotMatch(text, /retry\(\{ maxAttempts/, 'one retry, the policy’s');
    await saveDirty();
    const created = fs.readFileSync(moduleUri.fsPath, 'utf8');
    assert.match(created, /export const payments = policy\('payments', \{[\s\S]*retry: \{ maxAttempts: 3\b/);
    log('payments.ts routed through its policy:\n' + text);
    await diagnosticsOf(doc, (d) => !d.some((x) => loopRules.includes(ruleOf(x))));
  });
  await vscode.workspace.fs.delete(vscode.Uri.joinPath(moduleUri, '..'), { recursive: true });
});

test('fix-all on save (editor.codeActionsOnSave source.fixAll.breakwater) applies the rules\' autofixes and never a suggestion', async () => {
  await setting('codeActionsOnSave', { 'source.fixAll.breakwater': 'explicit' }, 'editor');
  /** Types a line at the top and saves: what is on disk afterwards. */
  const touchAndSave = async (doc: vscode.TextDocument): Promise<string> => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '// touched\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    return fs.readFileSync(doc.uri.fsPath, 'utf8');
  };
  try {
    // require-backoff-jitter's autofix: an exponential wait without jitter × (0.5 + Math.random()).
    // The file's other fixes (a timeout for the fetch, full jitter) change behaviour: never on save.
    await withFile('src/backoff.ts', async (doc) => {
      const original = doc.getText();
      const before = await diagnosticsOf(doc, (d) => d.length === 2);
      assert.deepEqual(before.map(ruleOf).sort(), ['require-backoff-jitter', 'require-timeout']);
      assert.equal((await api.lint(doc)).fixable, 1, 'one autofixable finding');
      const onDisk = await touchAndSave(doc);
      assert.equal(onDisk, '// touched\n' + original.replace('await sleep(200 * 2 ** attempt);', 'await sleep((200 * 2 ** attempt) * (0.5 + Math.random()));'), 'exactly the autofix, on disk');
      assert.equal(doc.getText(), onDisk, 'and in the editor');
      assert.doesNotMatch(onDisk, /AbortSignal\.timeout|Math\.random\(\) \*/, 'no suggestion applied');
      const after = await diagnosticsOf(doc, (d) => !d.some((x) => ruleOf(x) === 'require-backoff-jitter'));
      assert.deepEqual(after.map(ruleOf), ['require-timeout'], 'the timeout still waits for a quick fix');
    });
    // A file with findings but no autofix is saved as typed.
    await withFile('src/client.ts', async (doc) => {
      const original = doc.getText();
      await diagnosticsOf(doc, (d) => d.length > 0);
      assert.equal((await api.lint(doc)).fixable, 0, 'client.ts has no autofixable finding');
      assert.equal(await touchAndSave(doc), '// touched\n' + original, 'the suggestion (AbortSignal.timeout) was not applied on save');
    });
  } finally {
    await setting('codeActionsOnSave', undefined, 'editor');
  }
});

test('"Breakwater: Scan Workspace" fills the Outbound Calls tree, grouped by service, with each call\'s status; clicking opens the call', async () => {
  const summary = await vscode.commands.executeCommand<{ files: number; calls: number; cancelled: boolean }>('breakwater.scanWorkspace');
  assert.ok(summary && !summary.cancelled);
  const tree = api.tree as vscode.TreeDataProvider<unknown>;
  const groups = (await tree.getChildren()) ?? [];
  const groupItems = await Promise.all(groups.map((g) => tree.getTreeItem(g)));
  const labelOf = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
  const names = groupItems.map(labelOf);
  log('inventory groups: ' + JSON.stringify(groupItems.map((i) => [labelOf(i), i.description])));
  for (const service of ['example', 'orders', 'payments', 'reports', 'status', 'stock']) assert.ok(names.includes(service), `group ${service} in ${names.join(', ')}`);
  const callsOf = async (service: string) => {
    const group = groups[names.indexOf(service)];
    const calls = (await tree.getChildren(group)) ?? [];
    return Promise.all(calls.map(async (c) => ({ node: c, item: await tree.getTreeItem(c) })));
  };
  const orders = await callsOf('orders');
  assert.equal(orders.length, 2);
  assert.match(String(orders[0]!.item.description), /^src\/orders\.ts:6 · timeout ✗ none/);
  const status = await callsOf('status');
  assert.match(String(status[0]!.item.description), /src\/safe\.ts:3 · timeout ✓ 1 s/);
  const rows = await Promise.all(((await tree.getChildren(status[0]!.node)) ?? []).map((n) => tree.getTreeItem(n)));
  assert.deepEqual(rows.map((r) => labelOf(r).split(':')[0]), ['Timeout', 'Retry', 'Breaker', 'Idempotency']);
  const all = (await Promise.all(names.map(callsOf))).flat();
  assert.ok(all.every(({ item }) => !String(item.description).includes('node_modules')), 'library calls are not listed');

  const click = orders[1]!.item.command!;
  await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
  const editor = await waitFor('the call opened', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/src/orders.ts') ? vscode.window.activeTextEditor : undefined));
  assert.equal(editor.selection.start.line, 10);
  assert.equal(editor.document.getText(editor.selection), 'axios.get(`https://orders.internal.example/orders/${id}`)');
});

test('measures lint + diagnostics of a 3,000-line file in the extension host', async () => {
  // The same file bench/extension/run.mjs measures in plain Node.
  const relative = 'src/big-generated.ts';
  fs.writeFileSync(uri(relative).fsPath, generateServiceFile(3000));
  const doc = await open(relative);
  await diagnosticsOf(doc, (d) => d.length > 0);
  // The worker lints; the extension host's main thread should only route. Its event-loop delay
  // while linting shows how long typing could stall.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const lintStarted = performance.now();
  const roundTrips: number[] = [];
  const workerTimes: number[] = [];
  // Each lint is of a new version, as while typing (the worker answers a text it has linted from
  // its last lint): a digit typed into a number in the middle of the file, findings unchanged.
  const anchor = 'item.qty * ';
  const cursor = doc.positionAt(doc.getText().indexOf(anchor, Math.floor(doc.getText().length / 2)) + anchor.length + 1);
  for (let i = 0; i < 15; i++) {
    const keystroke = new vscode.WorkspaceEdit();
    keystroke.insert(doc.uri, cursor, String(i % 10));
    assert.ok(await vscode.workspace.applyEdit(keystroke));
    const started = performance.now();
    const state = await api.lint(doc);
    roundTrips.push(performance.now() - started);
    workerTimes.push(state.workerMs ?? NaN);
  }
  delay.disable();
  // Baseline: the same loop's delay over as long a time with no lint (other processes on this
  // machine delay it too).
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, performance.now() - lintStarted));
  idle.disable();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  measurements.hostLint3000 = {
    lines: doc.lineCount,
    findings: ours(doc.uri).length,
    roundTripMedianMs: median(roundTrips),
    workerMedianMs: median(workerTimes),
    mainThreadMaxEventLoopDelayMs: delay.max / 1e6,
    mainThreadP99EventLoopDelayMs: delay.percentile(99) / 1e6,
    idleBaselineMaxEventLoopDelayMs: idle.max / 1e6,
    idleBaselineP99EventLoopDelayMs: idle.percentile(99) / 1e6,
  };
  log('extension host, 3,000-line file: ' + JSON.stringify(measurements.hostLint3000));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  fs.rmSync(uri(relative).fsPath);
});

export async function run(): Promise<void> {
  await runAll();
}
