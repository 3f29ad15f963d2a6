// The demo's scenario, shared by `npm run demo` and test/demo: make the after version with the
// real CLI, start both versions side by side, drive the same open-loop load at both, make both
// payment services hang for the same window, let them recover, and compute the figures.
import path from 'node:path';
import { makeAfterVersion, type AfterVersion } from './after-version.js';
import { loadEndpoints } from './endpoints.js';
import { schedulerLateness, versionFigures, type Timeline, type VersionFigures } from './figures.js';
import { requestJson } from './http-json.js';
import { driveLoad, warmUp, type Sample } from './load.js';
import { SAMPLE_DIR } from './paths.js';
import { sampleMetrics, type MetricsReading } from './sampler.js';
import { startSystem, type RunningSystem } from './system.js';

/** Unrecorded requests per endpoint before the measured run. */
const WARM_UP_ROUNDS = 5;

export interface ScenarioOptions {
  /** Where the services' logs go (absolute). */
  workDir: string;
  /** Where the fixed copy of the sample is made: outside the repository (absolute). */
  afterDir: string;
  /** Steady load before the fault, the fault window, and the load after payment recovers. */
  warmupMs: number;
  faultMs: number;
  recoveryMs: number;
  /** The load generator's per-request cap (the user's patience). */
  capMs: number;
  /** Multiplies every endpoint's requests per second. */
  rateScale: number;
  /** Only these endpoints (by name) get load; default: all of them. */
  only?: readonly string[];
  /** Read every service's /metrics twice a second (default true; the test does without, to load the machine less). */
  sampleMetrics?: boolean;
  /** `breakwater fix --timeout-ms`. */
  timeoutMs: number;
  /** The breakers' open time written into the generated policy module. */
  breakerOpenMs: number;
  /** Policies whose service waits on others get this multiple of `timeoutMs` (see policy-tuning.ts). */
  outerTimeoutFactors: Record<string, number>;
  log: (line: string) => void;
}

export interface ScenarioResult {
  options: Omit<ScenarioOptions, 'log'>;
  /** Undefined when the fix could not be made; `afterError` says why. */
  after?: AfterVersion;
  afterError?: string;
  timeline: Timeline;
  samples: Sample[];
  readings: MetricsReading[];
  figures: { before: VersionFigures; after?: VersionFigures; loadGeneratorLateP99Ms: number | null };
}

async function duplicateCharges(system: RunningSystem): Promise<number | null> {
  try {
    const body = (await requestJson(`${system.urls.payment}/admin/charges`)) as { duplicate_charges?: number };
    return body.duplicate_charges ?? null;
  } catch {
    return null;
  }
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const before = startVersion(options, 'before', SAMPLE_DIR); // meanwhile, the CLI makes the after version
  let after: AfterVersion | undefined;
  let afterError: string | undefined;
  try {
    after = await makeAfterVersion(options.afterDir, options);
  } catch (error) {
    afterError = error instanceof Error ? error.message : String(error);
  }
  const versions = { before, ...(after && { after: startVersion(options, 'after', after.dir) }) };
  return { ...(await replay(options, versions)), after, afterError };
}

/**
 * Starts one version in the background. The promise is awaited later by replay(); it is marked
 * handled now so a failure while other steps run is reported there, not as an unhandled rejection.
 */
export function startVersion(options: Pick<ScenarioOptions, 'workDir'>, version: 'before' | 'after', dir: string): Promise<RunningSystem> {
  const starting = startSystem(version, dir, path.join(options.workDir, 'logs'));
  starting.catch(() => undefined);
  return starting;
}

/** Waits for the versions, drives the load through the fault, and stops everything it started. */
export async function replay(options: ScenarioOptions, versions: { before: Promise<RunningSystem>; after?: Promise<RunningSystem> }) {
  const { log } = options;
  const systems: RunningSystem[] = [];
  let sampler: ReturnType<typeof sampleMetrics> | undefined;
  try {
    const started = await Promise.allSettled([versions.before, ...(versions.after ? [versions.after] : [])]);
    for (const result of started) if (result.status === 'fulfilled') systems.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    for (const system of systems) log(`${system.version}: ${Object.entries(system.urls).map(([name, url]) => `${name} ${url}`).join(', ')}`);

    const endpoints = loadEndpoints(options.rateScale).filter((e) => !options.only || options.only.includes(e.name));
    await warmUp(systems, endpoints, WARM_UP_ROUNDS, options.capMs);

    const timeline: Timeline = {
      faultStartMs: options.warmupMs,
      faultEndMs: options.warmupMs + options.faultMs,
      endMs: options.warmupMs + options.faultMs + options.recoveryMs,
    };
    const t0 = performance.now();
    if (options.sampleMetrics ?? true) sampler = sampleMetrics(systems, t0);
    // Settles with the error instead of rejecting, so a failure while the load runs is not lost.
    const fault = new Promise<unknown>((settle) => {
      setTimeout(() => {
        // Each payment service starts hanging when it handles the request, somewhere between its
        // sending and its answer; the timeline keeps the part that is surely inside the fault.
        const sentMs = performance.now() - t0;
        timeline.faultEndMs = sentMs + options.faultMs;
        log(`payment hangs for ${options.faultMs / 1000} s (both versions)`);
        Promise.all(systems.map((s) => requestJson(`${s.urls.payment}/admin/fault`, { method: 'POST', body: { hang_ms: options.faultMs } })))
          .then(() => {
            timeline.faultStartMs = performance.now() - t0;
            setTimeout(() => log('payment is back (restarted: its hung connections dropped)'), timeline.faultEndMs + t0 - performance.now());
          })
          .then(() => settle(undefined), settle);
      }, options.warmupMs);
    });
    const samples = await driveLoad({
      targets: systems,
      endpoints,
      durationMs: timeline.endMs,
      capMs: options.capMs,
      t0,
    });
    const faultError = await fault;
    if (faultError) throw faultError;
    const readings = (await sampler?.stop()) ?? [];
    const charges = await Promise.all(systems.map(duplicateCharges));

    const before = versionFigures('before', samples, readings, timeline, charges[0] ?? null);
    const afterFigures = versions.after ? versionFigures('after', samples, readings, timeline, charges[1] ?? null) : undefined;
    const { log: _log, ...recorded } = options;
    return { options: recorded, timeline, samples, readings, figures: { before, after: afterFigures, loadGeneratorLateP99Ms: schedulerLateness(samples) } };
  } finally {
    await sampler?.stop();
    await Promise.all(systems.map((s) => s.stop()));
  }
}
