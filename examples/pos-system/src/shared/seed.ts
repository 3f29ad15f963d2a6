// The day's data every copy of the system starts with: a small menu, and the orders (and their
// payments) already taken today. Deterministic, so two copies answer the same.
import type { Order, PaymentMethod, Product } from './types.js';

export const MENU: readonly Product[] = [
  { id: 'p-espresso', name: 'Espresso', price_cents: 250, stock: 500 },
  { id: 'p-flat-white', name: 'Flat white', price_cents: 380, stock: 500 },
  { id: 'p-croissant', name: 'Croissant', price_cents: 290, stock: 120 },
  { id: 'p-bagel', name: 'Bagel', price_cents: 420, stock: 80 },
  { id: 'p-avocado-toast', name: 'Avocado toast', price_cents: 950, stock: 60 },
  { id: 'p-orange-juice', name: 'Orange juice', price_cents: 450, stock: 90 },
  { id: 'p-muffin', name: 'Blueberry muffin', price_cents: 320, stock: 70 },
  { id: 'p-salad', name: 'Garden salad', price_cents: 1100, stock: 40 },
];

const SEEDED_ORDERS = 24;

/** A small deterministic generator, so the seed is the same in every process. */
function* pseudoRandom(seed: number): Generator<number, never> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2147483648;
    yield state / 2147483648;
  }
}

export function priceOf(productId: string): number {
  const product = MENU.find((p) => p.id === productId);
  if (!product) throw new Error(`unknown product ${productId}`);
  return product.price_cents;
}

export function seedOrders(date: string): Order[] {
  const random = pseudoRandom(42);
  const next = () => random.next().value;
  const orders: Order[] = [];
  for (let n = 1; n <= SEEDED_ORDERS; n++) {
    const lines = 1 + Math.floor(next() * 3);
    const items = Array.from({ length: lines }, () => ({
      product_id: MENU[Math.floor(next() * MENU.length)]!.id,
      qty: 1 + Math.floor(next() * 2),
    }));
    const method: PaymentMethod = next() < 0.7 ? 'card' : 'cash';
    const id = `ord-${date}-${String(n).padStart(3, '0')}`;
    orders.push({
      id,
      date,
      table: 1 + Math.floor(next() * 12),
      items,
      total_cents: items.reduce((sum, item) => sum + priceOf(item.product_id) * item.qty, 0),
      method,
      payment_id: `pay-${id}`,
    });
  }
  return orders;
}
