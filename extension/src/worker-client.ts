// The extension host's side of the worker threads: typed requests, answers matched by id, and a
// fresh worker when one dies (a crash loses the requests in flight, which fail with the reason;
// the next request starts a new worker). Two workers run the same bundle (protocol.ts, ROLE_OF):
// one answers diagnostics, the other quick fixes, fix-all and the inventory scan, so typing in a
// large file never waits behind a quick fix. No vscode import, so it is tested in plain Node.
import { Worker } from 'node:worker_threads';
import { ROLE_OF, type RequestKind, type Requests, type WorkerRequest, type WorkerResponse, type WorkerRole } from './worker/protocol.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** VS Code's CancellationToken, structurally (this file does not import vscode). */
export interface Cancellation {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

class Lane {
  worker: Worker | undefined;
  readonly pending = new Map<number, Pending>();
  constructor(readonly role: WorkerRole) {}
}

export class LintWorkerClient {
  private readonly lanes: Record<WorkerRole, Lane> = { lint: new Lane('lint'), fixes: new Lane('fixes') };
  private nextId = 1;
  private disposed = false;
  /** How many workers were started (one per role unless one died). */
  starts = 0;

  constructor(
    private readonly workerFile: string,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Sends a request to the worker of its kind. A cancelled request that has not started yet is
   * skipped by the worker, which answers it at once with an empty result (no quick fixes, no
   * fix-all edit); one already running runs to its end.
   */
  request<K extends RequestKind>(kind: K, payload: Requests[K]['request'], cancellation?: Cancellation): Promise<Requests[K]['response']> {
    if (this.disposed) return Promise.reject(new Error('the Breakwater lint worker was stopped'));
    const lane = this.lanes[ROLE_OF[kind]];
    const worker = this.ensureWorker(lane);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const subscription = cancellation?.onCancellationRequested(() => worker.postMessage({ cancel: id }));
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          subscription?.dispose();
          fn(value);
        };
      lane.pending.set(id, { resolve: settle(resolve as (value: unknown) => void), reject: settle(reject) });
      worker.postMessage({ id, kind, payload } as WorkerRequest);
      if (cancellation?.isCancellationRequested) worker.postMessage({ cancel: id });
    });
  }

  /** Starts the worker of these requests ahead of the first one (it takes a second to load). */
  prestart(kind: RequestKind): void {
    if (!this.disposed) this.ensureWorker(this.lanes[ROLE_OF[kind]]);
  }

  private ensureWorker(lane: Lane): Worker {
    if (lane.worker) return lane.worker;
    this.starts++;
    const worker = new Worker(this.workerFile, { name: `breakwater-${lane.role}`, workerData: { role: lane.role } });
    // The worker must not keep a closing extension host (or a test run) alive.
    worker.unref();
    worker.on('message', (message: WorkerResponse | { log: string }) => {
      if ('log' in message) return this.log(message.log);
      const pending = lane.pending.get(message.id);
      if (!pending) return;
      lane.pending.delete(message.id);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    });
    const fail = (reason: string) => {
      if (lane.worker !== worker) return;
      lane.worker = undefined;
      this.log(`[${lane.role} worker] ${reason}${this.disposed ? '' : '; a new worker starts with the next request'}`);
      for (const { reject } of lane.pending.values()) reject(new Error(`the Breakwater lint worker stopped: ${reason}`));
      lane.pending.clear();
    };
    worker.on('error', (error) => fail(`crashed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    lane.worker = worker;
    return worker;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(
      Object.values(this.lanes).map(async (lane) => {
        const worker = lane.worker;
        lane.worker = undefined;
        for (const { reject } of lane.pending.values()) reject(new Error('the Breakwater lint worker was stopped'));
        lane.pending.clear();
        await worker?.terminate();
      }),
    );
  }
}
