// `scan`: every outbound call in the given paths, its protection, and the plugin's findings.
import fs from 'node:fs';
import path from 'node:path';
import type { BreakwaterSettings } from 'eslint-plugin-breakwater/analysis';
import { collectFiles } from '../files/walk.js';
import { displayPath } from '../files/project.js';
import { UsageError } from '../usage-error.js';
import { TOOL_VERSION } from '../version.js';
import { callRecord, computeTotals, fanOutRecord, groupByService } from './inventory.js';
import { describeRules, LintRunner, type Preset } from './lint-runner.js';
import type { CallRecord, FanOutRecord, FileErrorRecord, FindingRecord, ScanResult } from './types.js';

export interface ScanOptions {
  /** Where relative `paths` start (default: process.cwd()). */
  cwd?: string;
  /** Paths in the result are relative to this folder (default: `cwd`). */
  root?: string;
  /** Which of the plugin's presets decides the findings (default: recommended). */
  preset?: Preset;
  /** `settings.breakwater`: declared clients and wrappers. */
  settings?: BreakwaterSettings;
  /** Called after each file with the number of files done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Scans `paths` (files or folders; default `.`). Throws `UsageError` when a path does not exist;
 * files that cannot be read or parsed are reported in `fileErrors`, the others are still scanned.
 */
export function scan(paths: readonly string[], options: ScanOptions = {}): ScanResult {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const root = path.resolve(cwd, options.root ?? '.');
  const preset = options.preset ?? 'recommended';
  const walked = collectFiles(paths.length > 0 ? paths : ['.'], cwd);
  if (walked.missing.length > 0) throw new UsageError(`no such file or folder: ${walked.missing.join(', ')}`);

  const runner = new LintRunner(preset, options.settings);
  const files: string[] = [];
  const calls: CallRecord[] = [];
  const fanOuts: FanOutRecord[] = [];
  const findings: FindingRecord[] = [];
  const fileErrors: FileErrorRecord[] = [];

  walked.files.forEach((absolute, index) => {
    const file = displayPath(absolute, root);
    files.push(file);
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      fileErrors.push({ file, kind: 'read', message: (error as Error).message, line: 1, column: 1 });
      options.onProgress?.(index + 1, walked.files.length);
      return;
    }
    const outcome = runner.run(text, absolute);
    if (outcome.ok) {
      for (const call of outcome.analysis.calls) calls.push(callRecord(file, call));
      for (const fanOut of outcome.analysis.fanOuts) fanOuts.push(fanOutRecord(file, fanOut));
      for (const f of outcome.findings) findings.push({ file, ...f });
    } else {
      fileErrors.push({ file, kind: outcome.kind, message: outcome.message, line: outcome.line, column: outcome.column });
    }
    options.onProgress?.(index + 1, walked.files.length);
  });

  const services = groupByService(calls);
  return {
    schemaVersion: 1,
    tool: { name: 'breakwater', version: TOOL_VERSION },
    root,
    preset,
    files,
    calls,
    fanOuts,
    findings,
    fileErrors,
    services,
    rules: describeRules(preset),
    totals: computeTotals(files, calls, fanOuts, findings, services, fileErrors.length),
  };
}
