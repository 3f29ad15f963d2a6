// One file's share of a scan: read, lint (which also yields the analysis), turn into records.
// Runs in the main thread or in a scan worker; the result is plain data either way.
import fs from 'node:fs';
import { displayPath } from '../files/project.js';
import { callRecord, fanOutRecord } from './inventory.js';
import type { LintRunner } from './lint-runner.js';
import type { CallRecord, FanOutRecord, FileErrorRecord, FindingRecord } from './types.js';

export interface FileScan {
  /** Relative to the scan root. */
  file: string;
  calls: CallRecord[];
  fanOuts: FanOutRecord[];
  findings: FindingRecord[];
  error?: FileErrorRecord;
}

export function scanFile(runner: LintRunner, absolute: string, root: string): FileScan {
  const file = displayPath(absolute, root);
  const scanned: FileScan = { file, calls: [], fanOuts: [], findings: [] };
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    scanned.error = { file, kind: 'read', message: (error as Error).message, line: 1, column: 1 };
    return scanned;
  }
  const outcome = runner.run(text, absolute);
  if (!outcome.ok) {
    scanned.error = { file, kind: outcome.kind, message: outcome.message, line: outcome.line, column: outcome.column };
    return scanned;
  }
  scanned.calls = outcome.analysis.calls.map((call) => callRecord(file, call));
  scanned.fanOuts = outcome.analysis.fanOuts.map((fanOut) => fanOutRecord(file, fanOut));
  scanned.findings = outcome.findings.map((finding) => ({ file, ...finding }));
  return scanned;
}
