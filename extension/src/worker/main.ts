// Entry of the worker threads (bundled as dist/lint-worker.cjs; workerData.role says which, see
// protocol.ts): answers requests one at a time, in order. A failing request answers with its
// error; the worker keeps serving. Messages that arrive while a request runs are read before the
// next one starts, so a request cancelled meanwhile is skipped (answered with an empty result).
import { parentPort, workerData } from 'node:worker_threads';
import { createLinting } from './lint-core.js';
import { CANCELLED_ANSWERS, type CancelMessage, type RequestKind, type WorkerRequest, type WorkerResponse, type WorkerRole } from './protocol.js';

const port =
  parentPort ??
  (() => {
    throw new Error('lint-worker.cjs runs as a worker thread of the Breakwater extension');
  })();

type Handle = Record<string, (payload: unknown) => unknown>;
const log = (message: string) => port.postMessage({ log: message });
const role = (workerData as { role?: WorkerRole } | undefined)?.role ?? 'fixes';
// `incremental: false` (the benchmark's full-lint baseline) lints every version whole.
const incremental = (workerData as { incremental?: boolean } | undefined)?.incremental !== false;
// The lint worker never loads the codemods and ts-morph: the fix core is imported only here.
const handlers: Promise<Handle> =
  role === 'lint' ? Promise.resolve(createLinting({ suggestions: false }, incremental ? {} : false).handlers as unknown as Handle) : import('./core.js').then((m) => m.createWorkerCore(log) as unknown as Handle);

const queue: WorkerRequest[] = [];
const cancelled = new Set<number>();
let draining = false;

port.on('message', (message: WorkerRequest | CancelMessage) => {
  if ('cancel' in message) cancelled.add(message.cancel);
  else queue.push(message);
  schedule();
});

function schedule(): void {
  if (draining || queue.length === 0) return;
  draining = true;
  // After the messages already delivered (cancellations among them) have been read.
  setImmediate(() => void handlers.then(runNext));
}

function runNext(handle: Handle): void {
  const request = queue.shift()!;
  const skip = cancelled.delete(request.id) ? CANCELLED_ANSWERS[request.kind as RequestKind] : undefined;
  let response: WorkerResponse;
  try {
    response = { id: request.id, ok: true, result: skip ? (skip as (p: unknown) => unknown)(request.payload) : handle[request.kind]!(request.payload) };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(response);
  // Ids only grow: a cancellation of this request or an earlier one can no longer apply.
  for (const id of cancelled) if (id <= request.id) cancelled.delete(id);
  draining = false;
  schedule();
}
