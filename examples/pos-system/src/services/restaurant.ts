// The Restaurant Service: tables check out through POS Core, and the kitchen screen shows the
// latest tickets.
import type { Server } from 'node:http';
import axios from 'axios';
import { ordersOf, placeOrder } from '../clients/pos-core-client.js';
import { describeError } from '../shared/describe-error.js';
import { createJsonService, HttpError } from '../shared/http.js';
import { MENU } from '../shared/seed.js';
import { today } from '../shared/today.js';
import type { OrderItem, PaymentMethod } from '../shared/types.js';

const KITCHEN_TICKETS = 10;

export function createRestaurantService(): Server {
  return createJsonService('restaurant', {
    'POST /tables/:table/checkout': async (req) => {
      const table = Number(req.params.table);
      if (!Number.isInteger(table) || table < 1) throw new HttpError(400, 'table must be a positive integer');
      const { items, method } = (req.body ?? {}) as { items?: OrderItem[]; method?: PaymentMethod };
      try {
        const order = await placeOrder({ table, items: items ?? [], method: method ?? 'card' });
        return { status: 201, body: order };
      } catch (error) {
        // POS Core's own answer (a 400 for a bad order, a 503 when payment is down) is passed on.
        const upstream = axios.isAxiosError(error) ? error.response : undefined;
        if (upstream) return { status: upstream.status, body: upstream.data };
        return { status: 503, body: { error: 'POS Core unavailable', retry_later: true, reason: describeError(error) } };
      }
    },

    'GET /kitchen/queue': async () => {
      const names = new Map(MENU.map((p) => [p.id, p.name]));
      const orders = await ordersOf(today());
      const tickets = orders.slice(-KITCHEN_TICKETS).map((o) => ({
        order_id: o.id,
        table: o.table,
        items: o.items.map((item) => `${item.qty} × ${names.get(item.product_id) ?? item.product_id}`),
      }));
      return { status: 200, body: { tickets } };
    },
  });
}
