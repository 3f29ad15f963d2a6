// `npm run demo`: the article's outage, replayed on the sample POS system before and after
// `breakwater fix`. Run with --help for the options.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeAfterVersion, type AfterVersion } from './after-version.js';
import { resilienceSummary } from './breakers.js';
import { breakwater, CliMissingError, type CliRun } from './breakwater-cli.js';
import { timelineSvg } from './chart.js';
import { formatDiffSummary } from './diff-summary.js';
import { loadEndpoints } from './endpoints.js';
import { ARTIFACTS_DIR, fromRoot, REPO_ROOT, SAMPLE_DIR } from './paths.js';
import { stopAll, stopAllOnSignals } from './processes.js';
import { renderTable } from './report.js';
import { replay, startVersion, type ScenarioOptions } from './scenario.js';

const HELP = `npm run demo [-- options]

Replays the article's outage on examples/pos-system: scans it, fixes a copy with
\`breakwater fix --write\`, runs both versions side by side under the same load, makes
payment hang, and prints a before/after table and a chart.

  --json            print the figures as one JSON object on the last line
  --fault-s <n>     how long payment hangs (default 15)
  --help            this text`;

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, 'fault-s': { type: 'string', default: '15' }, help: { type: 'boolean', default: false } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const faultS = Number(values['fault-s']);
if (!Number.isFinite(faultS) || faultS <= 0 || faultS > 60) {
  console.error(`--fault-s must be a number of seconds between 0 and 60, got "${values['fault-s']}"`);
  process.exit(2);
}

const workDir = path.join(ARTIFACTS_DIR, 'demo');
const options: Omit<ScenarioOptions, 'log'> = {
  workDir,
  // Outside the repository, one folder per checkout (two clones can run the demo at once); kept
  // after the run so the fixed code can be read, replaced by the next run.
  afterDir: path.join(os.tmpdir(), `breakwater-demo-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8)}`, 'after'),
  warmupMs: 5_000,
  faultMs: Math.round(faultS * 1000),
  recoveryMs: 10_000,
  capMs: 5_000,
  rateScale: 1,
  timeoutMs: 1_000,
  breakerOpenMs: 5_000,
  outerTimeoutFactors: { 'pos-core': 2 },
};
const started = performance.now();
const log = (line: string) => console.log(`[demo +${((performance.now() - started) / 1000).toFixed(1)}s] ${line}`);
const section = (title: string) => console.log(`\n━━ ${title}\n`);
const indent = (text: string) => text.replace(/^/gm, '  ');

stopAllOnSignals();

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

async function main(): Promise<number> {
  const sample = fromRoot(SAMPLE_DIR);
  // The before version starts, the scan runs and the CLI fixes the copy, all at once; the output
  // below still comes in that order.
  const before = startVersion(options, 'before', SAMPLE_DIR);
  const scanning: Promise<CliRun | Error> = breakwater(['scan', sample]).catch(asError);
  const fixing: Promise<AfterVersion | Error> = makeAfterVersion(options.afterDir, options).catch(asError);

  section(`1. breakwater scan ${sample} — the outbound calls and what protects them`);
  const scan = await scanning;
  if (scan instanceof CliMissingError) console.log(indent(scan.message));
  else if (scan instanceof Error) throw scan;
  else console.log(indent(`$ ${scan.command}\n${(scan.stdout + scan.stderr).trimEnd()}`));

  section(`2. breakwater fix --write on a copy (${options.afterDir})`);
  const made = await fixing;
  const after = made instanceof Error ? undefined : made;
  const afterError = made instanceof Error ? made.message : undefined;
  if (after) {
    console.log(indent(`$ ${after.fix.command}`));
    console.log(indent((after.fix.stdout + after.fix.stderr).trimEnd().split('\n').slice(-25).join('\n')));
    console.log(indent(`\nwhat changed:\n${formatDiffSummary(after.changes, 'src/')}`));
    console.log(indent(`\nthen the demo itself (scripted, nothing else):\n${after.demoEdits.map((e) => `- ${e}`).join('\n')}`));
  } else {
    console.log(indent(`could not make the after version: ${afterError}\nThe demo runs the before version only; nothing is hand-written in its place.`));
  }

  const rps = loadEndpoints(options.rateScale).reduce((sum, e) => sum + e.rps, 0);
  section(
    `3. both versions under load: ${rps} requests/s each (open loop, cap ${options.capMs / 1000} s per request); ` +
      `payment hangs at ${options.warmupMs / 1000} s for ${options.faultMs / 1000} s`,
  );
  const result = await replay({ ...options, log }, { before, ...(after && { after: startVersion(options, 'after', after.dir) }) });

  section('4. before / after');
  const resilience = resilienceSummary(result.readings);
  console.log(renderTable({ ...result, after, afterError }, resilience));
  const chartFile = path.join(workDir, 'timeline.svg');
  await mkdir(workDir, { recursive: true });
  const versions = after ? (['before', 'after'] as const) : (['before'] as const);
  await writeFile(
    chartFile,
    timelineSvg({
      samples: result.samples,
      timeline: result.timeline,
      capMs: options.capMs,
      versions,
      title: `Payment hangs for ${options.faultMs / 1000} s: every request, before and after breakwater fix`,
      note: 'the direct calls to payment hang in both: that is the fault itself',
    }),
  );
  await writeFile(path.join(workDir, 'samples.json'), JSON.stringify({ timeline: result.timeline, samples: result.samples, readings: result.readings }));
  console.log(`\nchart: ${fromRoot(chartFile)}   logs: ${fromRoot(path.join(workDir, 'logs'))}   took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (afterError) console.log(`\nThe after version is missing: ${afterError.split('\n')[0]}`);

  if (values.json) {
    const figures = {
      params: { ...options, workDir: fromRoot(options.workDir) },
      scan: { exit_code: scan instanceof Error ? null : scan.code },
      fix: after ? { exit_code: after.fix.code, demo_edits: after.demoEdits } : { error: afterError },
      before: result.figures.before,
      after: result.figures.after
        ? { ...result.figures.after, failed_fast_by_breaker: resilience?.failedFast ?? null, policy_timeouts: resilience?.timeouts ?? null }
        : null,
      load_generator_late_p99_ms: result.figures.loadGeneratorLateP99Ms,
      chart: fromRoot(chartFile),
    };
    console.log(JSON.stringify(figures));
  }
  return after ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch(async (error: unknown) => {
    console.error(`\ndemo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stopAll();
    process.exitCode = 1;
  });
