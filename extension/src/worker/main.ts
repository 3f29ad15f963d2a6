// Entry of the lint worker thread (bundled as dist/lint-worker.cjs): answers requests one at a
// time, in order. A failing request answers with its error; the worker keeps serving.
import { parentPort } from 'node:worker_threads';
import { createWorkerCore } from './core.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('lint-worker.cjs runs as a worker thread of the Breakwater extension');

const core = createWorkerCore((message) => port.postMessage({ log: message }));
const handle = core as unknown as Record<string, (payload: unknown) => unknown>;

port.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { id: request.id, ok: true, result: handle[request.kind]!(request.payload) };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(response);
});
