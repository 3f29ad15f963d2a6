// The extension's numbers (printed, never asserted): how long diagnostics of a 3,000-line file take
// on the lint path the extension really uses (the bundled worker, extension/dist/lint-worker.cjs)
// while the user types, against parse-only baselines measured in the same run; how long the
// extension host's main thread is held meanwhile; the .vsix size; and activation / in-host times
// from the last route-B e2e run when there is one.
//
// Every measured lint is of a new version of the text (one more digit typed into a number in the
// middle of the file, findings unchanged), as the editor sends them: the worker never gets to
// answer from a cache. The lint worker lints such a keystroke incrementally
// (statement-incremental.ts); a second lint worker with that off lints every version whole, on the
// same texts, and both workers' diagnostics must be identical (the run stops if they ever differ).
// Baselines and worker lints alternate run by run, so load from other processes on this shared
// machine lands on all of them alike.
//
//   npm run bench:extension            (builds first)
//   node bench/extension/run.mjs [--lines 3000] [--runs 15] [--quick-fix-runs 1]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { generateServiceFile, typeInto } from './generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const LINES = arg('lines', 3000);
const RUNS = arg('runs', 15);
const QUICK_FIX_RUNS = arg('quick-fix-runs', 1);
const WORKER = path.join(REPO, 'extension/dist/lint-worker.cjs');
if (!fs.existsSync(WORKER)) {
  console.error(`${WORKER} is missing: npm run build`);
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const fmt = (s) => `median ${s.median.toFixed(1).padStart(6)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
const filePath = path.join(REPO, 'bench-generated.ts'); // never written: only names the file for the parser

// The extension's path: the lint worker lints and maps to diagnostic data; the main thread posts
// the text and receives the result. Its event-loop delay meanwhile is what typing would feel.
// The fix worker (same bundle, role `fixes`) builds quick fixes, as in the extension.
let nextId = 1;
function startWorker(role, extra = {}) {
  const worker = new Worker(WORKER, { workerData: { role, ...extra } });
  const pending = new Map();
  worker.on('message', (m) => {
    if (m.log) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const request = (kind, payload) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.ok ? resolve(m.result) : reject(new Error(m.error))));
      worker.postMessage({ id, kind, payload });
    });
  return { worker, request };
}
const bootStarted = performance.now();
const lintWorker = startWorker('lint');
const request = lintWorker.request;
await request('init', {});
const workerBootMs = performance.now() - bootStarted;
const fixBootStarted = performance.now();
const fixWorker = startWorker('fixes');
await fixWorker.request('init', {});
const fixWorkerBootMs = performance.now() - fixBootStarted;
// The same lint worker with the statement-level incremental lint off: every version linted whole
// (the lint path before it, and what the incremental path falls back to). Same texts, same run.
const fullLintWorker = startWorker('lint', { incremental: false });
await fullLintWorker.request('init', {});

// Baselines on the same texts, in a thread of their own (./baselines.mjs), one request at a time.
const baselineThread = new Worker(new URL('./baselines.mjs', import.meta.url));
baselineThread.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
const baseline = (name, text) =>
  new Promise((resolve) => {
    baselineThread.once('message', resolve);
    baselineThread.postMessage({ name, text, filePath });
  });
const BASELINES = ['createSourceFile', 'parseForESLint', 'eslintNoRules', 'eslintWithRules'];

let keystrokes = 0;
const results = [];
for (const lines of [...new Set([300, LINES])]) {
  const original = generateServiceFile(lines);
  const times = { createSourceFile: [], parseForESLint: [], eslintNoRules: [], eslintWithRules: [], fullInWorker: [], inWorker: [], roundTrip: [] };
  /** Per lint of the incremental worker: how it linted (`incremental` or `full: <why>`). */
  const paths = new Map();
  for (const name of BASELINES) await baseline(name, typeInto(original, keystrokes++)); // warm-up
  const warmUp = typeInto(original, keystrokes++);
  await request('lint', { filePath, text: warmUp, settings: {} });
  await fullLintWorker.request('lint', { filePath, text: warmUp, settings: {} });
  let findings = 0;
  let resultBytes = 0;
  let lintMs = 0;
  // One monitor per lint (a re-enabled monitor would count the baselines in between as delay).
  const delayMax = [];
  const delayP99 = [];
  for (let i = 0; i < RUNS; i++) {
    const text = typeInto(original, keystrokes++);
    for (const name of BASELINES) times[name].push(await baseline(name, text));
    const full = await fullLintWorker.request('lint', { filePath, text, settings: {} });
    times.fullInWorker.push(full.ms);
    const monitor = monitorEventLoopDelay({ resolution: 2 });
    monitor.enable();
    const t = performance.now();
    const result = await request('lint', { filePath, text, settings: {} });
    if (result.parseError) throw new Error(`the typed text does not parse: ${result.parseError}`);
    const roundTrip = performance.now() - t;
    monitor.disable();
    delayMax.push(monitor.max / 1e6);
    delayP99.push(monitor.percentile(99) / 1e6);
    lintMs += roundTrip;
    times.roundTrip.push(roundTrip);
    times.inWorker.push(result.ms);
    paths.set(result.path, (paths.get(result.path) ?? 0) + 1);
    if (JSON.stringify(result.diagnostics) !== JSON.stringify(full.diagnostics)) throw new Error(`keystroke ${i}: the lint worker's diagnostics differ from the full lint's (${result.path})`);
    findings = result.diagnostics.length;
    resultBytes = JSON.stringify(result).length;
  }
  // Baseline for the delay: as long, with nothing to do (other processes on the machine delay it too).
  const idle = monitorEventLoopDelay({ resolution: 2 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, lintMs));
  idle.disable();
  results.push({ lines, bytes: original.length, findings, resultBytes, paths, delay: { max: Math.max(...delayMax), p99: median(delayP99) }, idle, ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, stats(v)])) });
}

// The worker takes only where extra files go (protocol.ts FixPaths); the timeout, maxMs and runtime
// come from the settings it validates, as in the editor.
const FIX_OPTIONS = { policyModulePath: path.join(REPO, 'src/resilience/policies.ts'), vendorPath: path.join(REPO, 'src/resilience/breakwater-runtime.ts') };

// The editing loop around a quick fix: the editor asks for code actions when the cursor reaches a
// finding (the quick fixes of a large file take seconds: the codemod transforms rewrite it whole),
// and the user types on. The lint for the next keystroke goes to the lint worker; with one worker
// for everything (the extension before the split, measured here as the fix worker answering
// both) it would wait for the quick fixes.
const quickFixRuns = [];
for (const [lines, runs] of [[300, 3], [LINES, QUICK_FIX_RUNS]]) {
  const original = generateServiceFile(lines);
  for (let i = 0; i < runs; i++) {
    for (const layout of i % 2 ? ['one worker', 'two workers'] : ['two workers', 'one worker']) {
      const text = typeInto(original, keystrokes++);
      const { diagnostics } = await fixWorker.request('lint', { filePath, text, settings: {} });
      const finding = diagnostics[Math.floor(diagnostics.length / 2)];
      const target = `${finding.code.value}@${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character}`;
      const started = performance.now();
      const fixes = fixWorker.request('quickFixes', { filePath, text, settings: {}, targets: [target], fixOptions: FIX_OPTIONS, files: {} }).then(() => performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20)); // the user types the next key
      const next = typeInto(original, keystrokes++);
      const lintStarted = performance.now();
      await (layout === 'two workers' ? request : fixWorker.request)('lint', { filePath, text: next, settings: {} });
      const lintMs = performance.now() - lintStarted;
      quickFixRuns.push({ lines, layout, quickFixMs: await fixes, lintMs });
    }
  }
}
await Promise.all([lintWorker.worker.terminate(), fullLintWorker.worker.terminate(), fixWorker.worker.terminate(), baselineThread.terminate()]);

const vsix = path.join(REPO, 'extension', `breakwater-${JSON.parse(fs.readFileSync(path.join(REPO, 'extension/package.json'), 'utf8')).version}.vsix`);
const vsixSize = fs.existsSync(vsix) ? fs.statSync(vsix).size : null;
const routeB = path.join(REPO, '.artifacts/e2e/route-b/results.json');
const host = fs.existsSync(routeB) ? JSON.parse(fs.readFileSync(routeB, 'utf8')).measurements : null;

console.log(`Breakwater extension: diagnostics while typing, ${RUNS} runs per size, each on a new version of the text (${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
console.log(`  worker start: lint worker (ESLint, TypeScript, the plugin) ${workerBootMs.toFixed(0)} ms; fix worker (+ ts-morph, the codemods) ${fixWorkerBootMs.toFixed(0)} ms`);
for (const r of results) {
  const ratio = (s, of = r.inWorker) => `${(of.median / s.median).toFixed(2)}x`;
  const served = r.paths.get('incremental') ?? 0;
  const fallbacks = [...r.paths].filter(([p]) => p !== 'incremental').map(([p, n]) => `${n}× ${p}`).join(', ');
  console.log(`  ${r.lines}-line generated service file (${(r.bytes / 1024).toFixed(0)} KiB, ${r.findings} findings)`);
  console.log(`    baseline  ts.createSourceFile                  ${fmt(r.createSourceFile)}`);
  console.log(`    baseline  typescript-eslint parser (AST+scope) ${fmt(r.parseForESLint)}`);
  console.log(`    baseline  ESLint + that parser, no rules       ${fmt(r.eslintNoRules)}`);
  console.log(`    baseline  ESLint + that parser + the 6 rules   ${fmt(r.eslintWithRules)}   (the extension's lint before its own lint path)`);
  console.log(`    worker    full lint (6 rules) + map            ${fmt(r.fullInWorker)}   = ${ratio(r.eslintWithRules, r.fullInWorker)} ESLint-with-rules, ${ratio(r.eslintNoRules, r.fullInWorker)} ESLint-no-rules, ${ratio(r.parseForESLint, r.fullInWorker)} parser, ${ratio(r.createSourceFile, r.fullInWorker)} TS parse`);
  console.log(`    worker    the extension's lint (incremental)   ${fmt(r.inWorker)}   = ${ratio(r.fullInWorker)} the full lint; ${served} of ${RUNS} keystrokes served incrementally${fallbacks ? ` (full: ${fallbacks})` : ''}`);
  console.log(`    host      request → diagnostics data           ${fmt(r.roundTrip)}   (answer ${(r.resultBytes / 1024).toFixed(0)} KiB)`);
  console.log(`    host      main-thread event-loop delay while linting: max ${r.delay.max.toFixed(1)} ms, p99 ${r.delay.p99.toFixed(1)} ms (idle baseline: max ${(r.idle.max / 1e6).toFixed(1)} ms, p99 ${(r.idle.percentile(99) / 1e6).toFixed(1)} ms)`);
}
const big = results.at(-1);
console.log(`  target    ≤ 30 ms median for ${big.lines} lines: ${big.inWorker.median <= 30 ? 'met' : 'not met'} (${big.inWorker.median.toFixed(0)} ms in the worker, a full lint ${big.fullInWorker.median.toFixed(0)} ms; TypeScript's parse alone ${big.createSourceFile.median.toFixed(0)} ms, typescript-eslint's parser ${big.parseForESLint.median.toFixed(0)} ms)`);
for (const lines of [...new Set(quickFixRuns.map((r) => r.lines))]) {
  const of = (layout) => quickFixRuns.filter((r) => r.lines === lines && r.layout === layout);
  const quick = of('two workers').concat(of('one worker')).map((r) => r.quickFixMs);
  console.log(`  quick fixes of one finding, ${lines} lines: ${fmt(stats(quick))}; a keystroke's lint meanwhile: two workers ${fmt(stats(of('two workers').map((r) => r.lintMs)))}, one worker ${fmt(stats(of('one worker').map((r) => r.lintMs)))}`);
}
console.log(`  .vsix     ${vsixSize === null ? `not built (npm run package -w extension)` : `${(vsixSize / 1024 / 1024).toFixed(2)} MiB (target ≤ 5 MiB)`}`);
if (host) console.log(`  e2e       last route-B run (real extension host): ${JSON.stringify(host)}`);
else console.log('  e2e       no route-B results yet (npm run test:e2e writes .artifacts/e2e/route-b/results.json)');
