// `scan`: every outbound call in the given paths, its protection, and the plugin's findings.
import os from 'node:os';
import path from 'node:path';
import type { BreakwaterSettings } from 'eslint-plugin-breakwater/analysis';
import { collectFiles } from '../files/walk.js';
import { UsageError } from '../usage-error.js';
import { TOOL_VERSION } from '../version.js';
import { computeTotals, groupByService } from './inventory.js';
import { describeRules, LintRunner, PRESETS, type Preset } from './lint-runner.js';
import { scanInWorkers } from './pool.js';
import { scanFile, type FileScan } from './scan-file.js';
import type { ScanResult } from './types.js';

export interface ScanOptions {
  /** Where relative `paths` start (default: process.cwd()). */
  cwd?: string;
  /** Paths in the result are relative to this folder (default: `cwd`). */
  root?: string;
  /** Which of the plugin's presets decides the findings (default: recommended). */
  preset?: Preset;
  /** `settings.breakwater`: declared clients and wrappers. */
  settings?: BreakwaterSettings;
  /** require-timeout's `maxMs`: a timeout longer than this is a finding (default: the rule's, 30000). */
  maxMs?: number;
  /**
   * Worker threads to scan with. Default: one per idle core (at most 4) when there are at least
   * `PARALLEL_THRESHOLD` files, else 1 (in this thread: a worker's start-up is not worth it).
   */
  jobs?: number;
  /** Called as files are done with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Below this many files a scan stays in one thread. */
export const PARALLEL_THRESHOLD = 200;

/**
 * One worker per core that other work leaves idle (the 1-minute load average, as `make -l` does),
 * at most 4. Each worker loads its own parser and ESLint (about a second of CPU), which only pays
 * off when the workers really run side by side: on a busy machine one thread finishes first.
 */
function defaultJobs(): number {
  const cores = os.availableParallelism();
  const idle = Math.round(cores - (os.loadavg()[0] ?? 0)); // loadavg is [0, 0, 0] where unknown (Windows)
  return Math.max(1, Math.min(idle, cores, 4));
}

/**
 * Scans `paths` (files or folders; default `.`). Rejects with `UsageError` when a path does not
 * exist; files that cannot be read or parsed are reported in `fileErrors`, the others are still scanned.
 */
export async function scan(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const root = path.resolve(cwd, options.root ?? '.');
  const preset = options.preset ?? 'recommended';
  if (!PRESETS.includes(preset)) throw new UsageError(`unknown preset "${String(preset)}" (choose from ${PRESETS.join(', ')})`);
  const maxMs = options.maxMs;
  if (maxMs !== undefined && (!Number.isSafeInteger(maxMs) || maxMs <= 0)) throw new UsageError(`--max-ms must be a positive whole number of milliseconds, not ${maxMs}`);
  const setup = { preset, settings: options.settings, maxMs };
  const walked = collectFiles(paths.length > 0 ? paths : ['.'], cwd);
  if (walked.missing.length > 0) throw new UsageError(`no such file or folder: ${walked.missing.join(', ')}`);
  const total = walked.files.length;
  const jobs = Math.max(1, Math.floor(options.jobs ?? (total >= PARALLEL_THRESHOLD ? defaultJobs() : 1)));

  let scanned: Array<FileScan | undefined> = [];
  if (jobs > 1) {
    scanned = await scanInWorkers(walked.files, { ...setup, root }, jobs, (done) => options.onProgress?.(done, total));
  }
  // Single-threaded scans, and any file a worker could not finish.
  let runner: LintRunner | undefined;
  let done = scanned.filter(Boolean).length;
  const files = walked.files.map((absolute, index) => {
    const existing = scanned[index];
    if (existing) return existing;
    runner ??= new LintRunner(setup);
    const result = scanFile(runner, absolute, root);
    options.onProgress?.(++done, total);
    return result;
  });

  const calls = files.flatMap((f) => f.calls);
  const fanOuts = files.flatMap((f) => f.fanOuts);
  const findings = files.flatMap((f) => f.findings);
  const fileErrors = files.flatMap((f) => (f.error ? [f.error] : []));
  const services = groupByService(calls);
  const fileNames = files.map((f) => f.file);
  return {
    schemaVersion: 1,
    tool: { name: 'breakwater', version: TOOL_VERSION },
    root,
    preset,
    files: fileNames,
    calls,
    fanOuts,
    findings,
    fileErrors,
    services,
    rules: describeRules(preset),
    totals: computeTotals(fileNames, calls, fanOuts, findings, services, fileErrors.length),
  };
}
