// How the other services call the Payment Service — as the article's system did before the
// outage: no timeout, and a charge retried three times a second apart, with no Idempotency-Key.
import { setTimeout as sleep } from 'node:timers/promises';
import { urlOf } from '../shared/config.js';
import type { PaymentMethod, PaymentReceipt, PaymentSummary } from '../shared/types.js';

const paymentUrl = urlOf('payment');

/** Charges an order. The gateway is flaky, so it tries three times, a second apart. */
export async function chargeOrder(orderId: string, amountCents: number, method: PaymentMethod): Promise<PaymentReceipt> {
  for (let i = 0; i < 3; i++) {
    try {
      const res = await fetch(`${paymentUrl}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ order_id: orderId, amount_cents: amountCents, method }),
      });
      if (!res.ok) throw new Error(`payment service answered HTTP ${res.status}`);
      return (await res.json()) as PaymentReceipt;
    } catch {
      await sleep(1000); // always wait 1 second
    }
  }
  throw new Error(`could not charge order ${orderId}: payment failed after 3 attempts`);
}

/** The day's captured payments: total and split by method. */
export async function dailyPayments(date: string): Promise<PaymentSummary> {
  const res = await fetch(`${paymentUrl}/payments?date=${encodeURIComponent(date)}`);
  if (!res.ok) throw new Error(`payment service answered HTTP ${res.status}`);
  return (await res.json()) as PaymentSummary;
}
