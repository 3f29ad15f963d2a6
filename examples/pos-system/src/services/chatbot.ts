// The Chatbot Service answers "what is today's revenue?" by aggregating three services, and
// degrades instead of failing (the article's ResilientChatbot):
//   full     — payments + orders + products
//   degraded — orders only: an estimate, marked with a warning
//   cached   — the last full answer, marked with when it was computed
// The fallbacks only help if a failing dependency *fails*: a call that hangs never reaches them.
import type { Server } from 'node:http';
import { listProducts } from '../clients/inventory-client.js';
import { dailyPayments } from '../clients/payment-client.js';
import { ordersOf } from '../clients/pos-core-client.js';
import { describeError } from '../shared/describe-error.js';
import { createJsonService, HttpError } from '../shared/http.js';
import { today } from '../shared/today.js';
import type { Order, Product, RevenueAnswer } from '../shared/types.js';

const TOP_PRODUCTS = 3;

function topProducts(orders: readonly Order[], products: readonly Product[]): string[] {
  const sold = new Map<string, number>();
  for (const order of orders) {
    for (const item of order.items) sold.set(item.product_id, (sold.get(item.product_id) ?? 0) + item.qty);
  }
  const names = new Map(products.map((p) => [p.id, p.name]));
  return [...sold.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_PRODUCTS)
    .map(([id]) => names.get(id) ?? id);
}

function unavailable(what: string, result: PromiseSettledResult<unknown>): string {
  return result.status === 'rejected' ? `${what} data unavailable: ${describeError(result.reason)}` : '';
}

export function createChatbotService(): Server {
  const lastFull = new Map<string, { answer: RevenueAnswer; at: Date }>();

  async function dailyRevenue(date: string): Promise<RevenueAnswer> {
    // The three services are asked at the same time; the answer is as complete as what came back.
    const [orders, payments, products] = await Promise.allSettled([ordersOf(date), dailyPayments(date), listProducts()]);

    if (orders.status === 'rejected') {
      const cached = lastFull.get(date);
      if (!cached) throw new HttpError(503, `No data available (${describeError(orders.reason)})`);
      return { ...cached.answer, mode: 'cached', warning: 'Using cached data (services unavailable)', cached_at: cached.at.toISOString() };
    }

    if (payments.status === 'rejected' || products.status === 'rejected') {
      const missing = [unavailable('payment', payments), unavailable('product', products)].filter(Boolean).join('; ');
      return {
        date,
        mode: 'degraded',
        total_revenue_cents: orders.value.reduce((sum, o) => sum + o.total_cents, 0),
        order_count: orders.value.length,
        warning: `Estimated revenue from orders only (${missing})`,
      };
    }

    const answer: RevenueAnswer = {
      date,
      mode: 'full',
      total_revenue_cents: payments.value.total_cents,
      order_count: orders.value.length,
      payment_methods: payments.value.by_method,
      top_products: topProducts(orders.value, products.value),
    };
    lastFull.set(date, { answer, at: new Date() });
    return answer;
  }

  return createJsonService('chatbot', {
    'GET /revenue/daily': async (req) => ({ status: 200, body: await dailyRevenue(req.query.get('date') ?? today()) }),
  });
}
