// The extension host's side of the lint worker: typed requests, answers matched by id, and a fresh
// worker when one dies (a crash loses the requests in flight, which fail with the reason; the
// next request starts a new worker). No vscode import, so it is tested in plain Node.
import { Worker } from 'node:worker_threads';
import type { RequestKind, Requests, WorkerRequest, WorkerResponse } from './worker/protocol.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class LintWorkerClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  /** How many workers were started (1 unless one died). */
  starts = 0;

  constructor(
    private readonly workerFile: string,
    private readonly log: (message: string) => void,
  ) {}

  request<K extends RequestKind>(kind: K, payload: Requests[K]['request']): Promise<Requests[K]['response']> {
    if (this.disposed) return Promise.reject(new Error('the Breakwater lint worker was stopped'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, kind, payload } as WorkerRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.starts++;
    const worker = new Worker(this.workerFile, { name: 'breakwater-lint' });
    // The worker must not keep a closing extension host (or a test run) alive.
    worker.unref();
    worker.on('message', (message: WorkerResponse | { log: string }) => {
      if ('log' in message) return this.log(message.log);
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    });
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`[worker] ${reason}${this.disposed ? '' : '; a new worker starts with the next request'}`);
      for (const { reject } of this.pending.values()) reject(new Error(`the Breakwater lint worker stopped: ${reason}`));
      this.pending.clear();
    };
    worker.on('error', (error) => fail(`crashed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const { reject } of this.pending.values()) reject(new Error('the Breakwater lint worker was stopped'));
    this.pending.clear();
    await worker?.terminate();
  }
}
