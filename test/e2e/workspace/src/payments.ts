import axios from 'axios';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A hand-rolled retry of a POST: every error retried, fixed delay, no Idempotency-Key.
export async function charge(orderId: string, amountCents: number) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await axios.post('https://payments.example.com/charges', { orderId, amountCents }, { timeout: 2000 });
      return res.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500);
    }
  }
}
