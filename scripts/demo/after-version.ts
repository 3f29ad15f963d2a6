// Makes the "after" version: a copy of the sample, fixed by the real `breakwater fix --write`.
// The copy lives outside the repository (the CLI, like git, skips gitignored folders such as
// .artifacts/), with a node_modules link to the repository's, as if `npm install` had run there.
// Besides the CLI's own edits, the demo makes exactly these scripted, printed changes:
//  - publishes the runtime's snapshot() on /metrics (src/shared/resilience-metrics.ts), the
//    one line a user adds by hand to see breaker states and fail-fast counts;
//  - tunes the generated policy module (see policy-tuning.ts for what and why).
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { breakwater, type CliRun } from './breakwater-cli.js';
import { REPO_ROOT, SAMPLE_DIR } from './paths.js';
import { diffSummary, type FileChange } from './diff-summary.js';
import { POLICY_MODULE, tunePolicies, type PolicyTuning, type TuningWish } from './policy-tuning.js';

export interface AfterVersion {
  dir: string;
  fix: CliRun;
  /** What the CLI changed in the copy's src/, file by file. */
  changes: FileChange[];
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

/** `outerTimeouts` are multiples of the timeout given to the CLI. */
export async function makeAfterVersion(
  dir: string,
  options: { timeoutMs: number; breakerOpenMs: number; outerTimeoutFactors: Record<string, number> },
): Promise<AfterVersion> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  await cp(SAMPLE_DIR, dir, { recursive: true, filter: (source) => !source.split(path.sep).includes('node_modules') });
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

  // --force: the copy is not a git work tree; the CLI need not check for uncommitted changes.
  const fix = await breakwater(['fix', dir, '--write', '--force', '--timeout-ms', String(options.timeoutMs)]);
  if (fix.code !== 0) {
    throw new Error(`${fix.command} failed (exit ${fix.code}):\n${(fix.stderr || fix.stdout).trim()}`);
  }

  // The summary of what the CLI changed, taken before the demo's own edits below.
  const changes = await diffSummary(path.join(SAMPLE_DIR, 'src'), path.join(dir, 'src'));

  const wish: TuningWish = {
    openMs: options.breakerOpenMs,
    outerTimeouts: Object.fromEntries(Object.entries(options.outerTimeoutFactors).map(([name, factor]) => [name, factor * options.timeoutMs])),
  };
  const tuning = await tunePolicies(dir, wish);
  const metricsFile = path.join(dir, 'src', 'shared', 'resilience-metrics.ts');
  await writeFile(metricsFile, METRICS_OVERLAY);
  const demoEdits = [...tuning.edits.map((edit) => `${POLICY_MODULE}: ${edit}`), `${path.relative(dir, metricsFile)}: publish the runtime's snapshot() on /metrics`];
  return { dir, fix, changes, demoEdits, tuning };
}
