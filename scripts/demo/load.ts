// An open-loop load generator: each endpoint gets a request on a fixed schedule whether or not the
// earlier ones have answered, so a hung service shows up as latency (and piles up work), exactly
// as a till or a chat user would keep arriving. Every request has a client-side cap; one that
// reaches it is abandoned and recorded as "hung", so the generator itself never waits forever.
import { request } from 'node:http';
import type { ServiceName, Version } from './system.js';

export interface Endpoint {
  /** How the table names it: "chatbot GET /revenue/daily". */
  name: string;
  service: ServiceName;
  method: 'GET' | 'POST';
  /** The path of the n-th request (0-based). */
  path: (n: number) => string;
  body?: (n: number) => unknown;
  /** Requests per second. */
  rps: number;
}

/**
 * ok: a 2xx full answer; degraded / cached: a 2xx answer marked `mode: 'degraded' | 'cached'`;
 * error: a non-2xx answer or a broken connection; hung: no answer within the client cap.
 */
export type Outcome = 'ok' | 'degraded' | 'cached' | 'error' | 'hung';

export interface Sample {
  version: Version;
  endpoint: string;
  /** When it was sent, ms after the load started. */
  sentMs: number;
  /**
   * How late it was sent against its schedule: the load generator's own timer lateness, a measure
   * of how busy the machine is (on an idle machine a few ms).
   */
  lateMs: number;
  latencyMs: number;
  outcome: Outcome;
  status?: number;
  /** For errors: the answer's `error` field or the socket error; for degraded answers, their warning. */
  detail?: string;
}

export interface LoadTarget {
  version: Version;
  urls: Record<ServiceName, string>;
}

function classify(status: number, text: string): { outcome: Outcome; detail?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const fields = (body ?? {}) as { mode?: unknown; error?: unknown; warning?: unknown };
  if (status < 200 || status > 299) return { outcome: 'error', detail: typeof fields.error === 'string' ? fields.error : `HTTP ${status}` };
  const warning = typeof fields.warning === 'string' ? { detail: fields.warning } : {};
  if (fields.mode === 'degraded') return { outcome: 'degraded', ...warning };
  if (fields.mode === 'cached') return { outcome: 'cached', ...warning };
  return { outcome: 'ok' };
}

function send(baseUrl: string, method: string, path: string, body: unknown, capMs: number): Promise<Omit<Sample, 'version' | 'endpoint' | 'sentMs' | 'lateMs'>> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<Sample, 'version' | 'endpoint' | 'sentMs' | 'lateMs' | 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(cap);
      resolve({ latencyMs: elapsed(), ...result });
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(new URL(path, baseUrl), {
      method,
      agent: false,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    const cap = setTimeout(() => {
      finish({ outcome: 'hung', detail: `no answer within ${capMs} ms` });
      req.destroy();
    }, capMs);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => finish({ status: res.statusCode ?? 0, ...classify(res.statusCode ?? 0, text) }));
      res.on('error', (error) => finish({ outcome: 'error', detail: error.message }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ outcome: 'error', detail: error.code ?? error.message }));
    req.end(payload);
  });
}

/**
 * A few unrecorded requests to every endpoint of every target, one endpoint after another, so the
 * measured run does not start with cold processes (module loading, JIT, first connections).
 */
export async function warmUp(targets: readonly LoadTarget[], endpoints: readonly Endpoint[], rounds: number, capMs: number): Promise<void> {
  for (let n = 0; n < rounds; n++) {
    await Promise.all(targets.flatMap((target) => endpoints.map((e) => send(target.urls[e.service], e.method, e.path(n), e.body?.(n), capMs))));
  }
}

/**
 * Sends every endpoint's requests to every target on the same schedule for `durationMs`, then
 * waits for the last ones to answer or reach the cap. `t0` is the `performance.now()` that
 * `sentMs` counts from.
 */
export async function driveLoad(options: {
  targets: readonly LoadTarget[];
  endpoints: readonly Endpoint[];
  durationMs: number;
  capMs: number;
  t0: number;
}): Promise<Sample[]> {
  const { targets, endpoints, durationMs, capMs, t0 } = options;
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];

  const stream = (endpoint: Endpoint) =>
    new Promise<void>((done) => {
      const intervalMs = 1000 / endpoint.rps;
      let n = 0;
      const tick = () => {
        const sentMs = performance.now() - t0;
        const lateMs = Math.max(0, sentMs - n * intervalMs);
        if (sentMs >= durationMs) return done();
        for (const target of targets) {
          const body = endpoint.body?.(n);
          pending.push(
            send(target.urls[endpoint.service], endpoint.method, endpoint.path(n), body, capMs).then((result) => {
              samples.push({ version: target.version, endpoint: endpoint.name, sentMs, lateMs, ...result });
            }),
          );
        }
        n++;
        // Scheduled from t0, not from the previous tick, so the rate does not drift.
        setTimeout(tick, Math.max(0, t0 + n * intervalMs - performance.now()));
      };
      tick();
    });

  await Promise.all(endpoints.map(stream));
  await Promise.all(pending);
  return samples.sort((a, b) => a.sentMs - b.sentMs);
}
