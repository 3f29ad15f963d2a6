// The extension's numbers (printed, never asserted): how long diagnostics of a 3,000-line file take
// on the lint path the extension really uses (the bundled worker, extension/dist/lint-worker.cjs),
// against a parse-only baseline measured in the same run; how long the extension host's main
// thread is held meanwhile; the .vsix size; and activation / in-host times from the last route-B
// e2e run when there is one.
//
//   npm run bench:extension            (builds first)
//   node bench/extension/run.mjs [--lines 3000] [--runs 15]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import ts from 'typescript';
import { generateServiceFile } from './generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const LINES = arg('lines', 3000);
const RUNS = arg('runs', 15);
const WORKER = path.join(REPO, 'extension/dist/lint-worker.cjs');
if (!fs.existsSync(WORKER)) {
  console.error(`${WORKER} is missing: npm run build`);
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const fmt = (s) => `median ${s.median.toFixed(1).padStart(6)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
const filePath = path.join(REPO, 'bench-generated.ts'); // never written: only names the file for the parser

// The extension's path: the worker lints and maps to diagnostic data; the main thread posts the
// text and receives the result. Its event-loop delay meanwhile is what typing would feel.
const worker = new Worker(WORKER);
let nextId = 1;
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
const bootStarted = performance.now();
await request('init', {});
const workerBootMs = performance.now() - bootStarted;

// Baselines, in this thread: the TypeScript parser alone, and ESLint with the same parser and no rules.
const timeSync = (fn) => {
  fn(); // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return stats(times);
};
const linter = new Linter({ cwd: path.parse(filePath).root });
const parseOnlyConfig = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }];

const results = [];
for (const lines of [...new Set([300, LINES])]) {
  const text = generateServiceFile(lines);
  const createSourceFile = timeSync(() => ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true));
  const parseOnly = timeSync(() => linter.verify(text, parseOnlyConfig, { filename: filePath }));
  await request('lint', { filePath, text, settings: {} }); // warm-up
  const roundTrips = [];
  const inWorker = [];
  let findings = 0;
  let resultBytes = 0;
  const delay = monitorEventLoopDelay({ resolution: 2 });
  delay.enable();
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const result = await request('lint', { filePath, text, settings: {} });
    roundTrips.push(performance.now() - t);
    inWorker.push(result.ms);
    findings = result.diagnostics.length;
    resultBytes = JSON.stringify(result).length;
  }
  delay.disable();
  // Baseline for the delay: the same loop, as long, with nothing to do (other processes on the machine delay it too).
  const idle = monitorEventLoopDelay({ resolution: 2 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, performance.now() - started));
  idle.disable();
  results.push({ lines, bytes: text.length, findings, createSourceFile, parseOnly, inWorker: stats(inWorker), roundTrip: stats(roundTrips), resultBytes, delay, idle });
}
await worker.terminate();

const vsix = path.join(REPO, 'extension', `breakwater-${JSON.parse(fs.readFileSync(path.join(REPO, 'extension/package.json'), 'utf8')).version}.vsix`);
const vsixSize = fs.existsSync(vsix) ? fs.statSync(vsix).size : null;
const routeB = path.join(REPO, '.artifacts/e2e/route-b/results.json');
const host = fs.existsSync(routeB) ? JSON.parse(fs.readFileSync(routeB, 'utf8')).measurements : null;

console.log(`Breakwater extension: lint timings, ${RUNS} runs after a warm-up, one process (${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)})`);
console.log(`  worker start (loads ESLint, TypeScript, ts-morph): ${workerBootMs.toFixed(0)} ms`);
for (const r of results) {
  console.log(`  ${r.lines}-line generated service file (${(r.bytes / 1024).toFixed(0)} KiB, ${r.findings} findings)`);
  console.log(`    baseline  ts.createSourceFile                  ${fmt(r.createSourceFile)}`);
  console.log(`    baseline  ESLint + TS parser, no rules         ${fmt(r.parseOnly)}`);
  console.log(`    worker    lint (6 rules) + map to diagnostics  ${fmt(r.inWorker)}   = ${(r.inWorker.median / r.parseOnly.median).toFixed(2)}x parse-only`);
  console.log(`    host      request → diagnostics data           ${fmt(r.roundTrip)}   (answer ${(r.resultBytes / 1024).toFixed(0)} KiB)`);
  console.log(`    host      main-thread event-loop delay: max ${(r.delay.max / 1e6).toFixed(1)} ms, p99 ${(r.delay.percentile(99) / 1e6).toFixed(1)} ms (idle baseline: max ${(r.idle.max / 1e6).toFixed(1)} ms, p99 ${(r.idle.percentile(99) / 1e6).toFixed(1)} ms)`);
}
const big = results.at(-1);
console.log(`  target    ≤ 30 ms median for ${big.lines} lines: ${big.inWorker.median <= 30 ? 'met' : 'not met'} (${big.inWorker.median.toFixed(0)} ms, in the worker; the main thread only routes)`);
console.log(`  .vsix     ${vsixSize === null ? `not built (npm run package -w extension)` : `${(vsixSize / 1024 / 1024).toFixed(2)} MiB (target ≤ 5 MiB)`}`);
if (host) console.log(`  e2e       last route-B run (real extension host): ${JSON.stringify(host)}`);
else console.log('  e2e       no route-B results yet (npm run test:e2e writes .artifacts/e2e/route-b/results.json)');
