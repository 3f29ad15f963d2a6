import axios from 'axios';
import pRetry from 'p-retry';

export async function submit(order: { id: string }) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await axios.post('https://orders.example.com/orders', order, { timeout: 5000 });
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  throw new Error('unreachable');
}

export const track = (id: string) =>
  pRetry(() => fetch(`https://orders.example.com/orders/${id}`, { signal: AbortSignal.timeout(2000) }), { retries: 4, randomize: true });

export async function loadAll(ids: string[]) {
  return Promise.all(ids.map((id) => fetch(`https://orders.example.com/items/${id}`, { signal: AbortSignal.timeout(1000) })));
}
