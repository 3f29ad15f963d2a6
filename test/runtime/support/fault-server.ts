/**
 * A fault-injecting HTTP server on 127.0.0.1 for tests of resilience code over real sockets.
 *
 *   const server = await startFaultServer();            // ephemeral port, mode 'ok'
 *   server.setMode({ kind: 'status', status: 503, retryAfter: 1 });
 *   await fetch(server.url + '/pay', { method: 'POST' });
 *   server.count('status');                              // requests answered in that mode
 *   server.requests[0].headers['idempotency-key'];       // what the client sent
 *   await server.requests[0].outcome;                    // 'answered' | 'client-closed' | ...
 *   await server.close();                                // destroys every socket: nothing hangs
 *
 * Modes (switchable at any time; a request takes the mode current when its body has arrived):
 *   ok        200 (or `status`) with `body` (default "ok")
 *   hang      never answers; the request stays open until the client or close() ends it
 *   slow      answers like `ok` after `delayMs`; with `headersFirst`, sends the status and headers at
 *             once and the body after `delayMs` (a response whose body stalls)
 *   status    answers `status` (503, 429, 404, 500...), with `Retry-After` when `retryAfter` is set:
 *             a number is seconds, a Date is sent as an HTTP-date, a string is sent as is
 *   reset     destroys the socket without answering (TCP RST where the platform supports it)
 *   flapping  alternates between `fail` and `succeed` (default ok): either a cyclic schedule
 *             `{ fail: N, succeed: M }` (N failures, then M successes, then again), or
 *             `{ failureRatio, seed }` (each request fails with that probability, reproducibly)
 * Shorthands: setMode('ok' | 'hang' | 'reset').
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EventEmitter, once } from 'node:events';
import { seededRandom } from './seeded-random.js';

export type SimpleMode =
  | { kind: 'ok'; status?: number; body?: string }
  | { kind: 'hang' }
  | { kind: 'slow'; delayMs: number; status?: number; body?: string; headersFirst?: boolean }
  | { kind: 'status'; status: number; retryAfter?: number | Date | string; body?: string }
  | { kind: 'reset' };

export type FlappingSchedule = { fail: number; succeed: number } | { failureRatio: number; seed: number };

export type FaultMode =
  | SimpleMode
  | { kind: 'flapping'; fail: SimpleMode; succeed?: SimpleMode; schedule: FlappingSchedule };

export type ModeKind = SimpleMode['kind'];

/** How a request ended, seen from the server. */
export type RequestOutcome =
  | 'answered' // the full response was written
  | 'client-closed' // the client closed the connection before the response was complete
  | 'reset' // the server reset the socket (mode 'reset')
  | 'server-closed'; // close() ended it

export interface RecordedRequest {
  /** 0-based arrival order. */
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names, as Node parses them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The mode this request was served in (flapping resolved to the mode it picked). */
  readonly mode: ModeKind;
  /** Which connection carried it (1-based, in accept order): tells a reused socket from a new one. */
  readonly connection: number;
  /** performance.now() when the request (with its body) had arrived: for lower bounds on delays. */
  readonly at: number;
  /** Settles once the request is over, whoever ended it. */
  readonly outcome: Promise<RequestOutcome>;
}

export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  setMode(mode: FaultMode | 'ok' | 'hang' | 'reset'): void;
  /** Every request received so far, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests served in `mode` (all requests when omitted). */
  count(mode?: ModeKind): number;
  /** Resolves when at least `n` requests have arrived in total. */
  waitForRequests(n: number): Promise<void>;
  /** Connections accepted so far and connections still open. */
  readonly connections: { readonly opened: number; readonly open: number };
  /** Requests arrived and not yet over, and the most there ever were at once (a bulkhead's proof). */
  readonly inFlight: number;
  readonly peakInFlight: number;
  /** Forgets recorded requests and counts, and restarts the peak (the mode and open connections stay). */
  clearRecords(): void;
  /** Ends every open request and socket, then stops listening. Safe to call twice. */
  close(): Promise<void>;
}

function normalise(mode: FaultMode | 'ok' | 'hang' | 'reset'): FaultMode {
  return typeof mode === 'string' ? { kind: mode } : mode;
}

/** Turns a flapping mode into a function that picks the mode for the next request. */
function picker(mode: FaultMode): () => SimpleMode {
  if (mode.kind !== 'flapping') return () => mode;
  const succeed: SimpleMode = mode.succeed ?? { kind: 'ok' };
  const { schedule } = mode;
  if ('failureRatio' in schedule) {
    const random = seededRandom(schedule.seed);
    return () => (random() < schedule.failureRatio ? mode.fail : succeed);
  }
  const period = schedule.fail + schedule.succeed;
  if (period <= 0) throw new Error('flapping schedule needs fail + succeed > 0');
  let n = 0;
  return () => (n++ % period < schedule.fail ? mode.fail : succeed);
}

function retryAfterHeader(value: number | Date | string): string {
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toUTCString();
  return value;
}

export async function startFaultServer(initial: FaultMode | 'ok' | 'hang' | 'reset' = 'ok'): Promise<FaultServer> {
  let pick = picker(normalise(initial));
  let closing = false;
  const requests: RecordedRequest[] = [];
  const counts = new Map<ModeKind, number>();
  const sockets = new Map<Socket, number>();
  const timers = new Set<NodeJS.Timeout>();
  const arrivals = new EventEmitter();
  let opened = 0;
  let inFlight = 0;
  let peakInFlight = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (closing) return;
      const mode = pick();
      let settle!: (outcome: RequestOutcome) => void;
      const outcome = new Promise<RequestOutcome>((resolve) => (settle = resolve));
      let resetting = false;
      let over = false;
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const end = (how: RequestOutcome) => {
        if (!over) inFlight--;
        over = true;
        settle(how);
      };
      res.on('finish', () => end('answered'));
      res.on('close', () => end(resetting ? 'reset' : closing ? 'server-closed' : 'client-closed'));
      const record: RecordedRequest = {
        seq: requests.length,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        mode: mode.kind,
        connection: sockets.get(req.socket) ?? 0,
        at: performance.now(),
        outcome,
      };
      requests.push(record);
      counts.set(mode.kind, (counts.get(mode.kind) ?? 0) + 1);
      arrivals.emit('request');
      serve(mode, res, () => {
        resetting = true;
        const socket = req.socket;
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
      });
    });
  });

  function serve(mode: SimpleMode, res: ServerResponse, reset: () => void): void {
    switch (mode.kind) {
      case 'ok':
        res.writeHead(mode.status ?? 200, { 'content-type': 'text/plain' }).end(mode.body ?? 'ok');
        return;
      case 'hang':
        return;
      case 'slow': {
        if (mode.headersFirst) res.writeHead(mode.status ?? 200, { 'content-type': 'text/plain' }).flushHeaders();
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (res.destroyed) return;
          if (!res.headersSent) res.writeHead(mode.status ?? 200, { 'content-type': 'text/plain' });
          res.end(mode.body ?? 'ok');
        }, mode.delayMs);
        timers.add(timer);
        return;
      }
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (mode.retryAfter !== undefined) headers['retry-after'] = retryAfterHeader(mode.retryAfter);
        res.writeHead(mode.status, headers).end(mode.body ?? `status ${mode.status}`);
        return;
      }
      case 'reset':
        reset();
        return;
    }
  }

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, ++opened);
    socket.on('close', () => sockets.delete(socket));
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setMode(mode) {
      pick = picker(normalise(mode));
    },
    requests,
    count(mode) {
      if (mode === undefined) return requests.length;
      return counts.get(mode) ?? 0;
    },
    async waitForRequests(n) {
      while (requests.length < n) await once(arrivals, 'request');
    },
    get connections() {
      return { opened, open: sockets.size };
    },
    get inFlight() {
      return inFlight;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    clearRecords() {
      requests.length = 0;
      counts.clear();
      peakInFlight = inFlight;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets.keys()) socket.destroy();
        await stopped;
      })();
      return closed;
    },
  };
}
