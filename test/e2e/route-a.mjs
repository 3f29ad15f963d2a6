// Route A, as a person: install the .vsix into code-server, open the sample workspace in headless
// chromium, see the Breakwater diagnostic on a `fetch` without a timeout (squiggle, Problems panel,
// status bar), apply the quick fix with Ctrl+. and Enter, save with Ctrl+S, and check the file on
// disk. Screenshots go to $ARTIFACTS (default .artifacts/e2e/route-a).
//
// env: CS_ENTRY, CS_NODE, PW_DIR, CHROMIUM (from the cache's env.sh), VSIX (required),
//      RUN_DIR (scratch, wiped), ARTIFACTS, PORT (default 8090)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, installExtension, lap, launchBrowser, prepareRun, requireEnv, startServer } from './lib/harness.mjs';

const vsix = requireEnv('VSIX');
const run = prepareRun(process.env.RUN_DIR || path.join(os.tmpdir(), 'breakwater-e2e', 'route-a'), Number(process.env.PORT || 8090));
const artifacts = process.env.ARTIFACTS || path.join(REPO, '.artifacts', 'e2e', 'route-a');
fs.mkdirSync(artifacts, { recursive: true });
const file = path.join(run.workspace, 'src', 'client.ts');
const shot = (page, name) => page.screenshot({ path: path.join(artifacts, name) });

installExtension(run, vsix);
lap('extension installed from ' + path.basename(vsix));
const stopServer = await startServer(run);
const browser = await launchBrowser();
let page;
let failed = false;
try {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${run.port}/?folder=${encodeURIComponent(run.workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  lap('workbench rendered');

  // Open src/client.ts from the Explorer, as a person would.
  const row = (name) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row('src').click();
  await row('client.ts').click();
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
  lap('editor opened');

  // The diagnostic: a squiggle in the editor, the rule in the Problems panel, the count in the status bar.
  await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60000 });
  lap('diagnostic squiggle visible');
  await page.locator('.statusbar-item', { hasText: 'Breakwater: 1' }).first().waitFor({ timeout: 20000 });
  lap('status bar shows "Breakwater: 1"');
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'fetch has no timeout' }).first();
  await problem.waitFor({ timeout: 20000 });
  const problemText = await problem.innerText();
  if (!/breakwater\/require-timeout/.test(problemText)) throw new Error('Problems panel row lacks the rule id: ' + problemText);
  lap('Problems panel: ' + problemText.replace(/\s+/g, ' ').slice(0, 160));
  await shot(page, '1-diagnostic.png');

  // Cursor on `fetch`, then Ctrl+. — retried, because right after a click VS Code can answer
  // "No code actions available" before the lightbulb has been computed.
  const fetchToken = page.locator('.monaco-editor .view-line', { hasText: 'await fetch(' }).first().locator('span', { hasText: /^fetch$/ }).first();
  let label = '';
  for (let attempt = 1; attempt <= 5 && !label.includes('AbortSignal.timeout'); attempt++) {
    await page.keyboard.press('Escape');
    await fetchToken.click();
    await page.locator('.monaco-editor .lightBulbWidget, .monaco-editor .codicon-light-bulb, .monaco-editor .codicon-lightbulb-autofix').first().waitFor({ timeout: 10000 }).catch(() => {});
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+.');
    const focused = page.locator('.action-widget .monaco-list-row.focused').first();
    try {
      await focused.waitFor({ timeout: 5000 });
      label = (await focused.innerText()).trim();
    } catch {
      label = '';
    }
    lap(`attempt ${attempt}: focused quick fix "${label}"`);
  }
  const menu = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((t) => t.trim());
  lap('quick fixes offered: ' + JSON.stringify(menu));
  await shot(page, '2-quick-fix-menu.png');
  if (!label.includes('AbortSignal.timeout')) throw new Error(`the preferred quick fix is not "add a timeout": "${label}"`);
  if (!menu.some((t) => t.includes('Disable breakwater/require-timeout for this line'))) throw new Error('no "disable for this line" action in ' + JSON.stringify(menu));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error'), null, { timeout: 20000 });
  lap('squiggle gone after the fix');

  // Save. A code-action widget reopening right after the fix can swallow Ctrl+S: escape and refocus.
  for (let i = 0; ; i++) {
    if (i % 8 === 0) {
      await page.keyboard.press('Escape');
      await page.locator('.monaco-editor .view-line').last().click();
      await page.keyboard.press('Control+s');
    }
    if (fs.readFileSync(file, 'utf8').includes('AbortSignal.timeout(5000)')) break;
    if (i > 80) throw new Error('the file on disk was not changed');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const saved = fs.readFileSync(file, 'utf8');
  const expected = 'const res = await fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(5000) });';
  if (!saved.includes(expected)) throw new Error('unexpected file on disk:\n' + saved);
  lap('file on disk: ' + expected);
  await page.locator('.statusbar-item', { hasText: 'Breakwater: 0' }).first().waitFor({ timeout: 20000 });
  lap('status bar shows "Breakwater: 0"');
  await shot(page, '3-fixed-and-saved.png');
  console.log('ROUTE A PASS');
} catch (error) {
  failed = true;
  console.error('ROUTE A FAIL', error);
  if (page) await shot(page, 'fail.png').catch(() => {});
} finally {
  await browser.close().catch(() => {});
  stopServer();
}
process.exit(failed ? 1 : 0);
