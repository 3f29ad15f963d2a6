// Runs inside one benchmark child process: times an async operation and counts the heap it
// allocates per call. Needs --expose-gc. Prints nothing; the caller reports the result.
import { GCProfiler, getHeapStatistics } from 'node:v8';

const now = () => process.hrtime.bigint();

async function loop(op, n) {
  for (let i = 0; i < n; i++) await op();
}

/** Picks an iteration count that takes about `targetMs` for this op on this machine. */
async function calibrate(op, targetMs) {
  let n = 1_000;
  for (;;) {
    const start = now();
    await loop(op, n);
    const ms = Number(now() - start) / 1e6;
    if (ms >= targetMs / 4 || n >= 1e8) return Math.max(1_000, Math.round((n * targetMs) / Math.max(ms, 0.001)));
    n *= 4;
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
 * about `sampleMs` each (median kept), then bytes/op over its own run.
 * Returns { ns_per_op, bytes_per_op, iterations }.
 */
export async function measure(op, { warmupMs = 300, sampleMs = 200, samples = 5 } = {}) {
  if (typeof globalThis.gc !== 'function') throw new Error('run the benchmark child with --expose-gc');
  const n = await calibrate(op, sampleMs);
  await loop(op, Math.round((n * warmupMs) / sampleMs));
  const nsPerOp = [];
  for (let s = 0; s < samples; s++) {
    globalThis.gc();
    const start = now();
    await loop(op, n);
    nsPerOp.push(Number(now() - start) / n);
  }
  const bytesPerOp = (await allocatedBytes(op, n)) / n;
  return { ns_per_op: median(nsPerOp), bytes_per_op: bytesPerOp, iterations: n };
}

export { median };
