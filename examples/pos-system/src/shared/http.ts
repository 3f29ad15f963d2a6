// A very small JSON-over-HTTP server, so each service file only holds its routes.
// Every service also answers GET /health and GET /metrics: how many of its own requests are in
// flight (the article's "200+ pending requests"), the most seen at once, and whatever resilience
// metrics the process publishes. /health and /metrics themselves are not counted.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { resilienceMetrics } from './resilience-metrics.js';

export interface Request {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The raw response, for handlers that answer on their own terms (they return HANDLED). */
  res: ServerResponse;
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Returned by a handler that has taken the response over (or deliberately never answers). */
export const HANDLED = Symbol('handled');

export type Handler = (req: Request) => Reply | typeof HANDLED | Promise<Reply | typeof HANDLED>;

/** Throw from a handler to answer with this status and `{ error: message }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 1 << 20;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

function compile(routes: Record<string, Handler>): Route[] {
  return Object.entries(routes).map(([key, handler]) => {
    const [method = '', pattern = ''] = key.split(' ');
    return { method, segments: pattern.split('/').filter(Boolean), handler };
  });
}

function match(route: Route, method: string, segments: string[]): Record<string, string> | undefined {
  if (route.method !== method || route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, expected] of route.segments.entries()) {
    const actual = segments[i] ?? '';
    if (expected.startsWith(':')) params[expected.slice(1)] = decodeURIComponent(actual);
    else if (expected !== actual) return undefined;
  }
  return params;
}

async function readJson(stream: NodeJS.ReadableStream): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}

export function createJsonService(service: string, routes: Record<string, Handler>): Server {
  const counters = { inflight: 0, maxInflight: 0, requests: 0 };
  const table = compile({
    'GET /health': () => ({ status: 200, body: { service, status: 'ok' } }),
    'GET /metrics': () => ({
      status: 200,
      body: {
        service,
        requests: counters.requests,
        inflight: counters.inflight,
        max_inflight: counters.maxInflight,
        resilience: resilienceMetrics(),
      },
    }),
    ...routes,
  });

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/health' && url.pathname !== '/metrics') {
      counters.requests++;
      counters.inflight++;
      counters.maxInflight = Math.max(counters.maxInflight, counters.inflight);
      res.on('close', () => counters.inflight--);
    }

    const method = req.method ?? 'GET';
    const segments = url.pathname.split('/').filter(Boolean);
    const handle = async (): Promise<void> => {
      for (const route of table) {
        const params = match(route, method, segments);
        if (!params) continue;
        const body = await readJson(req);
        const reply = await route.handler({ method, path: url.pathname, params, query: url.searchParams, headers: req.headers, body, res });
        if (reply !== HANDLED) send(res, reply);
        return;
      }
      send(res, { status: 404, body: { error: `${service} has no route ${method} ${url.pathname}` } });
    };
    handle().catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, { status: error.status, body: { error: error.message } });
      console.error(`[${service}] ${method} ${url.pathname} failed:`, error);
      send(res, { status: 500, body: { error: error instanceof Error ? error.message : String(error) } });
    });
  });
}
