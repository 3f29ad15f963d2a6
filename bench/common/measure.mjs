// Runs inside one benchmark child process: times an async operation and counts the heap it
// allocates per call. Needs --expose-gc. Prints nothing (BENCH_DEBUG=1: each sample on stderr).
import { GCProfiler, getHeapStatistics } from 'node:v8';

const now = () => process.hrtime.bigint();

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Calls `op` n times in sequence, letting the event loop turn every 1,000 calls as it does between
 * requests in a real service: timers fire and finalizers run, so a library that defers cleanup to
 * the event loop is not charged for a backlog no service would have (the turn costs ~1 ns/call).
 */
async function loop(op, n) {
  for (let i = 0; i < n; i++) {
    await op();
    if (i % 1_000 === 999) await turn();
  }
}

/** CPU time (user + system) in ms spent by this process since `from` (a process.cpuUsage()). */
const cpuMs = (from) => {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1e3;
};

/**
 * Runs the op until the JIT has settled: at least `minMs` of CPU time and `minCalls` calls (a
 * policy's fast path needs a few hundred thousand calls to be fully optimised), at most `maxMs`.
 * Returns how many calls fit in one ms of CPU time at the end, when warm.
 */
async function warmUp(op, { minMs, minCalls, maxMs }) {
  const start = process.cpuUsage();
  let calls = 0;
  let chunk = 1_000;
  for (;;) {
    const before = process.cpuUsage();
    await loop(op, chunk);
    calls += chunk;
    const chunkMs = cpuMs(before);
    const total = cpuMs(start);
    if ((total >= minMs && calls >= minCalls) || total >= maxMs) return chunk / Math.max(chunkMs, 0.001);
    if (chunkMs < 50) chunk *= 2;
  }
}

/**
 * Heap bytes allocated during `n` calls: the growth of the used heap plus everything each
 * garbage collection in between freed (v8's GCProfiler reports the heap before and after each).
 */
async function allocatedBytes(op, n) {
  globalThis.gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  await loop(op, n);
  const after = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const { beforeGC, afterGC } of statistics) freed += beforeGC.heapStatistics.usedHeapSize - afterGC.heapStatistics.usedHeapSize;
  return after - before + freed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Measures `op` (an async function with no arguments): warm-up, then `samples` timed runs of
 * about `sampleMs` of CPU time each (median kept), then bytes/op over a run of the same length.
 * ns_per_op is CPU time (user + system, process.cpuUsage) per call: on a machine shared with other
 * work, wall time also counts the time this process waited for a core, which swamps a 100 ns call;
 * wall_ns_per_op is reported next to it.
 * Returns { ns_per_op, wall_ns_per_op, bytes_per_op, iterations }.
 */
export async function measure(op, { warmupMs = 500, warmupCalls = 200_000, maxWarmupMs = 2_000, sampleMs = 100, samples = 5 } = {}) {
  if (typeof globalThis.gc !== 'function') throw new Error('run the benchmark child with --expose-gc');
  const callsPerMs = await warmUp(op, { minMs: warmupMs, minCalls: warmupCalls, maxMs: maxWarmupMs });
  const n = Math.max(100, Math.round(callsPerMs * sampleMs));
  const cpuNs = [];
  const wallNs = [];
  // No gc() between samples: a forced full collection shrinks the young generation to its minimum,
  // and the next sample would pay for extra scavenges a running service (whose young generation
  // has grown to its allocation rate) does not.
  for (let s = 0; s < samples; s++) {
    const cpu = process.cpuUsage();
    const start = now();
    await loop(op, n);
    wallNs.push(Number(now() - start) / n);
    cpuNs.push((cpuMs(cpu) * 1e6) / n);
    if (process.env.BENCH_DEBUG) console.error(`sample ${s}: n=${n} cpu ${cpuNs.at(-1).toFixed(0)} ns/op, wall ${wallNs.at(-1).toFixed(0)} ns/op`);
  }
  const bytesPerOp = (await allocatedBytes(op, n)) / n;
  return { ns_per_op: median(cpuNs), wall_ns_per_op: median(wallNs), bytes_per_op: bytesPerOp, iterations: n };
}

export { median };
