// Shared by both e2e routes: a scratch run folder, a copy of the sample workspace, code-server
// (VS Code 1.100's server + web workbench, a real Node extension host) on 127.0.0.1 without auth,
// and Debian's chromium as the window, driven by playwright-core.
// Adapted from shared/reference/vscode-e2e (e2e.mjs, run-ext-tests.mjs).
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO = path.resolve(E2E_DIR, '../..');

export function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: run test/e2e/run.sh (it sources the cache's env.sh), or source ~/.cache/breakwater-e2e/env.sh`);
    process.exit(2);
  }
  return value;
}

export function loadPlaywright() {
  const dir = requireEnv('PW_DIR');
  return createRequire(path.join(dir, 'package.json'))('playwright-core');
}

const t0 = Date.now();
export const lap = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);

/** Settings that keep the workbench quiet and deterministic (no tips, AI, telemetry, trust prompt). */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'git.enabled': false,
};

/**
 * A fresh run folder: user data with settings, an extensions dir, and the sample workspace copied
 * (plus a node_modules library with an unprotected fetch, which must never get diagnostics).
 */
export function prepareRun(runDir, port, extraSettings = {}) {
  fs.rmSync(runDir, { recursive: true, force: true });
  const userData = path.join(runDir, 'user-data');
  const extensions = path.join(runDir, 'extensions');
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.cpSync(path.join(E2E_DIR, 'workspace'), workspace, { recursive: true });
  const lib = path.join(workspace, 'node_modules', 'some-http-lib');
  fs.mkdirSync(lib, { recursive: true });
  fs.writeFileSync(path.join(lib, 'index.js'), "export const get = (url) => fetch(url);\n");
  fs.writeFileSync(path.join(lib, 'package.json'), '{ "name": "some-http-lib", "type": "module", "main": "index.js" }\n');
  fs.writeFileSync(path.join(runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...extraSettings }, null, 2));
  return { runDir, userData, extensions, workspace, port };
}

function serverArgs(run) {
  return ['--config', path.join(run.runDir, 'config.yaml'), '--user-data-dir', run.userData, '--extensions-dir', run.extensions];
}

function serverEnv(run, extra = {}) {
  return { ...process.env, XDG_CONFIG_HOME: path.join(run.runDir, 'xdg-config'), XDG_DATA_HOME: path.join(run.runDir, 'xdg-data'), ...extra };
}

export function installExtension(run, vsix) {
  execFileSync(requireEnv('CS_NODE'), [requireEnv('CS_ENTRY'), ...serverArgs(run), '--install-extension', vsix], { env: serverEnv(run), stdio: 'inherit' });
}

/** Starts code-server and waits for /healthz. Returns a stop() that ends it (and only it). */
export async function startServer(run, extraEnv = {}) {
  const log = fs.openSync(path.join(run.runDir, 'server.log'), 'w');
  const server = spawn(
    requireEnv('CS_NODE'),
    [requireEnv('CS_ENTRY'), ...serverArgs(run), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    { env: serverEnv(run, extraEnv), stdio: ['ignore', log, log], detached: true },
  );
  const stop = () => {
    // The server's own process group: its extension host and file watcher go with it.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${run.port}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}); see ${path.join(run.runDir, 'server.log')}`);
    if (i > 240) {
      stop();
      throw new Error('code-server did not answer /healthz within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  lap(`code-server healthy on 127.0.0.1:${run.port}`);
  return stop;
}

export async function launchBrowser() {
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/lib/chromium/chromium',
    headless: true,
    // Without the background-networking flags chromium keeps dialing Google on this closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
