// Route B, in-process: runs test/e2e/suite (bundled into one CommonJS file) as the
// extensionTestsPath of code-server's real Node extension host, with the extension loaded from the
// unpacked .vsix as extensionDevelopmentPath (so it tests exactly what ships). Both paths travel in
// the workbench URL's `payload` parameter; the exit code comes back through
// window.codeAutomationExit, the hook @vscode/test-web uses.
//
// env: CS_ENTRY, CS_NODE, PW_DIR, CHROMIUM (the cache's env.sh), VSIX (required),
//      RUN_DIR (scratch, wiped), ARTIFACTS, PORT (default 8091), TEST_TIMEOUT_MS (default 240000)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { E2E_DIR, REPO, lap, launchBrowser, prepareRun, requireEnv, startServer } from './lib/harness.mjs';

const vsix = requireEnv('VSIX');
const run = prepareRun(process.env.RUN_DIR || path.join(os.tmpdir(), 'breakwater-e2e', 'route-b'), Number(process.env.PORT || 8091));
const artifacts = process.env.ARTIFACTS || path.join(REPO, '.artifacts', 'e2e', 'route-b');
fs.mkdirSync(artifacts, { recursive: true });

// The extension exactly as packaged: the .vsix is a zip whose extension/ folder is what VS Code installs.
const unpacked = path.join(run.runDir, 'vsix');
execFileSync('python3', ['-m', 'zipfile', '-e', vsix, unpacked]);
const extensionDir = path.join(unpacked, 'extension');

const suiteDir = path.join(run.runDir, 'suite');
await build({
  entryPoints: [path.join(E2E_DIR, 'suite', 'index.ts')],
  outfile: path.join(suiteDir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});
fs.writeFileSync(path.join(suiteDir, 'package.json'), '{ "type": "commonjs" }\n');
lap('suite bundled');

const resultsFile = path.join(run.runDir, 'results.json');
const stopServer = await startServer(run, { BREAKWATER_E2E_RESULTS: resultsFile, BREAKWATER_E2E_GREP: process.env.BREAKWATER_E2E_GREP ?? '' });
const browser = await launchBrowser();
let code = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  // The extension host's log (the suite's own lines arrive once more through the console below).
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const text = (args || []).join(' ');
    if (!text.includes('[suite]')) console.log('[exthost]', text.slice(0, 2000));
  });
  await page.exposeFunction('codeAutomationExit', (c) => resolveExit(c));
  page.on('console', (m) => {
    const text = m.text();
    if (text.includes('[suite]')) console.log(text.replace(/^.*?\[suite\]/, '[suite]').slice(0, 4000));
  });
  const authority = `127.0.0.1:${run.port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDir}`],
    ['extensionTestsPath', `vscode-remote://${authority}${path.join(suiteDir, 'index.js')}`],
  ];
  await page.goto(`http://${authority}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 240000);
  code = await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`the suite did not finish in ${timeoutMs} ms`)), timeoutMs))]);
  lap(`suite exited with code ${code}`);
  await page.screenshot({ path: path.join(artifacts, 'last-window.png') }).catch(() => {});
} catch (error) {
  console.error('ROUTE B FAIL', error);
  code = 1;
} finally {
  await browser.close().catch(() => {});
  stopServer();
}
if (fs.existsSync(resultsFile)) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  fs.copyFileSync(resultsFile, path.join(artifacts, 'results.json'));
  for (const o of results.outcomes) console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name} (${o.ms} ms)`);
  console.log('measurements: ' + JSON.stringify(results.measurements));
} else {
  console.error('no results file: the suite did not run (see ' + path.join(run.runDir, 'server.log') + ')');
  code = 1;
}
console.log(code === 0 ? 'ROUTE B PASS' : 'ROUTE B FAIL');
process.exit(code);
