// Spreads a scan over worker threads: parsing and linting are CPU-bound and files are independent,
// so N cores scan about N times as fast. Files go out in small batches to whichever worker is free
// (a few big files cannot leave one worker with all the work); results come back in file order.
// A worker that dies leaves holes (undefined) for the files it held; the caller scans those itself.
import { Worker } from 'node:worker_threads';
import type { WorkerSetup } from './worker.js';
import type { FileScan } from './scan-file.js';

const BATCH = 8;

export async function scanInWorkers(
  files: readonly string[],
  setup: WorkerSetup,
  jobs: number,
  onFileDone: (done: number) => void,
): Promise<Array<FileScan | undefined>> {
  const results = new Array<FileScan | undefined>(files.length);
  const batches: number[] = [];
  for (let start = 0; start < files.length; start += BATCH) batches.push(start);
  let next = 0;
  let done = 0;

  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: setup,
        // A larger young generation: parsing allocates many short-lived nodes, and a bigger
        // nursery means fewer scavenges.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      const send = (): void => {
        const start = batches[next++];
        if (start === undefined) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage({ index: start, files: files.slice(start, start + BATCH) });
      };
      worker.on('message', (message: { index: number; results: FileScan[] }) => {
        message.results.forEach((result, offset) => (results[message.index + offset] = result));
        done += message.results.length;
        onFileDone(done);
        send();
      });
      // The other workers take over the remaining batches; this one's current batch stays a hole.
      worker.on('error', () => resolve());
      worker.on('online', send);
    });

  await Promise.all(Array.from({ length: Math.min(jobs, batches.length) }, runWorker));
  return results;
}
