import axios from 'axios';

// Two calls to the same service without a timeout or a breaker: "wrap in policy" on the first must
// leave the second alone.
export async function listOrders(customerId: string) {
  const res = await axios.get(`https://orders.internal.example/orders?customer=${customerId}`);
  return res.data;
}

export async function getOrder(id: string) {
  const res = await axios.get(`https://orders.internal.example/orders/${id}`);
  return res.data;
}
