// POS Core: takes orders. Placing an order looks up its products in Inventory and charges it
// through Payment; the day's orders are read by the restaurant and the chatbot.
import type { Server } from 'node:http';
import axios from 'axios';
import { productsByIds } from '../clients/inventory-client.js';
import { chargeOrder } from '../clients/payment-client.js';
import { describeError } from '../shared/describe-error.js';
import { createJsonService, HttpError } from '../shared/http.js';
import { seedOrders } from '../shared/seed.js';
import { today } from '../shared/today.js';
import type { Order, OrderItem, PaymentMethod } from '../shared/types.js';

function parseDraft(body: unknown): { table: number; items: OrderItem[]; method: PaymentMethod } {
  const draft = (body ?? {}) as Record<string, unknown>;
  if (!Number.isInteger(draft.table) || (draft.table as number) < 1) throw new HttpError(400, 'table must be a positive integer');
  if (draft.method !== 'card' && draft.method !== 'cash') throw new HttpError(400, 'method must be "card" or "cash"');
  if (!Array.isArray(draft.items) || draft.items.length === 0) throw new HttpError(400, 'items must be a non-empty array');
  const items = draft.items.map((raw: unknown, i) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    if (typeof item.product_id !== 'string' || !Number.isInteger(item.qty) || (item.qty as number) < 1) {
      throw new HttpError(400, `items[${i}] must be { product_id: string, qty: positive integer }`);
    }
    return { product_id: item.product_id, qty: item.qty as number };
  });
  return { table: draft.table as number, items, method: draft.method };
}

export function createPosCoreService(): Server {
  const orders: Order[] = seedOrders(today());

  return createJsonService('pos-core', {
    'GET /orders': (req) => {
      const date = req.query.get('date') ?? today();
      return { status: 200, body: orders.filter((o) => o.date === date) };
    },

    'POST /orders': async (req) => {
      const draft = parseDraft(req.body);
      let prices: Map<string, number>;
      try {
        const products = await productsByIds(draft.items.map((item) => item.product_id));
        prices = new Map(products.map((p) => [p.id, p.price_cents]));
      } catch (error) {
        if (axios.isAxiosError(error) && error.response?.status === 404) throw new HttpError(400, 'an item is not on the menu');
        return { status: 503, body: { error: 'Inventory service temporarily unavailable', retry_later: true, reason: describeError(error) } };
      }
      const total = draft.items.reduce((sum, item) => sum + (prices.get(item.product_id) ?? 0) * item.qty, 0);
      const id = `ord-${crypto.randomUUID()}`;
      try {
        const receipt = await chargeOrder(id, total, draft.method);
        const order: Order = { id, date: today(), ...draft, total_cents: total, payment_id: receipt.payment_id };
        orders.push(order);
        return { status: 201, body: order };
      } catch (error) {
        // Answer with a clear error instead of crashing: the till can take the order again later.
        return { status: 503, body: { error: 'Payment service temporarily unavailable', retry_later: true, reason: describeError(error) } };
      }
    },
  });
}
