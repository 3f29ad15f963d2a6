// A scan worker thread: its own Linter and parser, fed batches of files by the pool in pool.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { LintRunner, type LintSetup } from './lint-runner.js';
import { scanFile } from './scan-file.js';

export interface WorkerSetup extends LintSetup {
  root: string;
}

const setup = workerData as WorkerSetup;
const runner = new LintRunner(setup);

parentPort?.on('message', (batch: { index: number; files: string[] }) => {
  parentPort?.postMessage({ index: batch.index, results: batch.files.map((file) => scanFile(runner, file, setup.root)) });
});
