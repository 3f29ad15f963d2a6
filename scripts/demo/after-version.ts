// Makes the "after" version: a copy of the sample, fixed by the real `breakwater fix --write`.
// Besides the CLI's own edits, the demo makes exactly these scripted, printed changes:
//  - publishes the runtime's snapshot() on /metrics (src/shared/resilience-metrics.ts), the
//    one line a user adds by hand to see breaker states and fail-fast counts;
//  - shortens the breakers' open time in the generated policy module (see tunePolicies), so the
//    recovery fits in a two-minute demo.
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { breakwater, type CliRun } from './breakwater-cli.js';
import { fromRoot, REPO_ROOT, SAMPLE_DIR } from './paths.js';
import { runToCompletion } from './processes.js';
import { tunePolicies, type PolicyTuning } from './policy-tuning.js';

export interface AfterVersion {
  dir: string;
  fix: CliRun;
  /** `git diff --stat` between the sample and the fixed copy. */
  diffStat: string;
  /** What the demo changed after the CLI, one line each. */
  demoEdits: string[];
  tuning: PolicyTuning;
}

const METRICS_OVERLAY = `// Published on /metrics: the state and counters of every Breakwater policy in this process.
import { snapshot } from '@breakwater/runtime';

export function resilienceMetrics(): unknown {
  return snapshot();
}
`;

export async function makeAfterVersion(dir: string, options: { timeoutMs: number; breakerOpenMs: number }): Promise<AfterVersion> {
  await rm(dir, { recursive: true, force: true });
  await cp(SAMPLE_DIR, dir, { recursive: true, filter: (source) => !source.split(path.sep).includes('node_modules') });

  // --force: the copy sits in a gitignored folder, which is not a clean git tree of its own.
  const fix = await breakwater(['fix', fromRoot(dir), '--write', '--force', '--timeout-ms', String(options.timeoutMs)]);
  if (fix.code !== 0) {
    throw new Error(`${fix.command} failed (exit ${fix.code}):\n${(fix.stderr || fix.stdout).trim()}`);
  }

  // The summary of what the CLI changed, taken before the demo's own edits below.
  const diff = await runToCompletion('git', ['diff', '--no-index', '--stat=100', '--', fromRoot(path.join(SAMPLE_DIR, 'src')), fromRoot(path.join(dir, 'src'))], {
    cwd: REPO_ROOT,
  });

  const tuning = await tunePolicies(dir, { openMs: options.breakerOpenMs });
  const metricsFile = path.join(dir, 'src', 'shared', 'resilience-metrics.ts');
  await writeFile(metricsFile, METRICS_OVERLAY);
  const demoEdits = [...tuning.edits, `${fromRoot(metricsFile)}: publish the runtime's snapshot() on /metrics`];
  return { dir, fix, diffStat: diff.stdout.trimEnd(), demoEdits, tuning };
}
