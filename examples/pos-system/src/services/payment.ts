// The Payment Service: captures payments for orders and reports the day's takings.
//
// It has the article's bug behind a switch: POST /admin/fault { "hang_ms": 15000 } makes every
// business request hang for that window. A charge that arrives during the window is captured at
// the gateway but its answer never comes back (so a client that retries it without an
// Idempotency-Key charges the customer twice). When the window ends the service "restarts": the
// hung connections are dropped and it answers normally again.
import type { Server, ServerResponse } from 'node:http';
import { createJsonService, HANDLED, HttpError, type Handler, type Request } from '../shared/http.js';
import { seedOrders } from '../shared/seed.js';
import { today } from '../shared/today.js';
import type { PaymentMethod, PaymentReceipt, PaymentSummary } from '../shared/types.js';

const MAX_HANG_MS = 10 * 60_000;

interface StoredPayment extends PaymentReceipt {
  date: string;
}

function parseCharge(body: unknown): { order_id: string; amount_cents: number; method: PaymentMethod } {
  const charge = (body ?? {}) as Record<string, unknown>;
  if (typeof charge.order_id !== 'string' || charge.order_id === '') throw new HttpError(400, 'order_id must be a non-empty string');
  if (!Number.isInteger(charge.amount_cents) || (charge.amount_cents as number) <= 0) {
    throw new HttpError(400, 'amount_cents must be a positive integer');
  }
  if (charge.method !== 'card' && charge.method !== 'cash') throw new HttpError(400, 'method must be "card" or "cash"');
  return { order_id: charge.order_id, amount_cents: charge.amount_cents as number, method: charge.method };
}

export function createPaymentService(): Server {
  const payments: StoredPayment[] = seedOrders(today()).map((order) => ({
    payment_id: order.payment_id,
    order_id: order.id,
    amount_cents: order.total_cents,
    method: order.method,
    status: 'captured',
    date: order.date,
  }));
  const byIdempotencyKey = new Map<string, StoredPayment>();

  const fault = { hangUntil: 0, restartTimer: undefined as NodeJS.Timeout | undefined, hung: new Set<ServerResponse>() };
  const hanging = () => performance.now() < fault.hangUntil;
  const hang = (res: ServerResponse): typeof HANDLED => {
    fault.hung.add(res);
    res.on('close', () => fault.hung.delete(res));
    return HANDLED;
  };
  const restart = () => {
    for (const res of fault.hung) res.destroy();
    fault.hung.clear();
  };

  const summary: Handler = (req: Request) => {
    if (hanging()) return hang(req.res);
    const date = req.query.get('date') ?? today();
    const ofDay = payments.filter((p) => p.date === date);
    const result: PaymentSummary = {
      date,
      count: ofDay.length,
      total_cents: ofDay.reduce((sum, p) => sum + p.amount_cents, 0),
      by_method: {
        card: ofDay.filter((p) => p.method === 'card').reduce((sum, p) => sum + p.amount_cents, 0),
        cash: ofDay.filter((p) => p.method === 'cash').reduce((sum, p) => sum + p.amount_cents, 0),
      },
    };
    return { status: 200, body: result };
  };

  const capture: Handler = (req: Request) => {
    const charge = parseCharge(req.body);
    const key = req.headers['idempotency-key'];
    const replay = typeof key === 'string' ? byIdempotencyKey.get(key) : undefined;
    if (replay) return hanging() ? hang(req.res) : { status: 200, body: replay };

    const payment: StoredPayment = { payment_id: `pay-${crypto.randomUUID()}`, ...charge, status: 'captured', date: today() };
    payments.push(payment);
    if (typeof key === 'string') byIdempotencyKey.set(key, payment);
    // The gateway has taken the money; during the fault its answer is lost.
    if (hanging()) return hang(req.res);
    return { status: 201, body: payment };
  };

  return createJsonService('payment', {
    'GET /payments': summary,
    'POST /payments': capture,
    'POST /admin/fault': (req) => {
      const hangMs = (req.body as { hang_ms?: unknown } | undefined)?.hang_ms;
      if (typeof hangMs !== 'number' || !Number.isInteger(hangMs) || hangMs < 0 || hangMs > MAX_HANG_MS) {
        throw new HttpError(400, `hang_ms must be an integer number of milliseconds between 0 and ${MAX_HANG_MS}`);
      }
      clearTimeout(fault.restartTimer);
      fault.hangUntil = performance.now() + hangMs;
      fault.restartTimer = setTimeout(restart, hangMs);
      return { status: 202, body: { hanging_for_ms: hangMs } };
    },
    'GET /admin/charges': () => {
      const perOrder = new Map<string, number>();
      for (const p of payments) perOrder.set(p.order_id, (perOrder.get(p.order_id) ?? 0) + 1);
      const repeated = [...perOrder.values()].filter((n) => n > 1);
      return {
        status: 200,
        body: {
          payments: payments.length,
          orders_charged_more_than_once: repeated.length,
          duplicate_charges: repeated.reduce((sum, n) => sum + n - 1, 0),
        },
      };
    },
  });
}
